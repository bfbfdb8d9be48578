"""`python -m etl setup` on a clone without ../shared, downloading the upstream files from a local
copy of the raw-file host (../shared/upstream/mirror served by http.server), builds the same
reference data as ../shared: same units and codes, areas within 2 %, representative points inside
the same unit, census tables equal cell for cell. A corrupted upstream file stops it with a
checksum message and leaves nothing half-built."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from core import config
from etl import refdata
from etl.reference.geometry import EQUAL_AREA
from tests.conftest import SHARED, skip_reason

MIRROR = SHARED / "upstream" / "mirror"
LAYERS = {"provinces_2008_2025": 63, "provinces_2025": 34, "districts_2024": 705}
CENSUS = ("population_2019_province.csv", "population_2019_district.csv", "population_2019_commune.csv",
          "population_2019_district_census_units.csv")


@pytest.fixture(scope="module")
def mirror() -> Path:
    if not MIRROR.is_dir():
        pytest.skip(skip_reason("../shared/upstream/mirror (the raw upstream files; present in development and CI)"))
    return MIRROR


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A copy of the project's tracked files in a folder with no ../shared beside it."""
    root = tmp_path_factory.mktemp("clone") / "antq"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=config.ROOT, capture_output=True, text=True)
    names = [n for n in listed.stdout.split("\0") if n] if listed.returncode == 0 else []
    if not names:  # not a git checkout: everything but local state
        shutil.copytree(config.ROOT, root, ignore=shutil.ignore_patterns(".refdata", ".venv", ".git", "*.duckdb"))
        return root
    for name in names:
        if (config.ROOT / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(config.ROOT / name, root / name)
    assert not (root.parent / "shared").exists()
    return root


def _setup(clone: Path, refdata_dir: Path, origin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANTQ_SHARED_DIR": str(clone.parent / "no-shared"), "ANTQ_REFDATA_DIR": str(refdata_dir),
           "ANTQ_UPSTREAM_URL": origin, "PYTHONPATH": str(clone)}
    return subprocess.run([sys.executable, "-m", "etl", "setup"], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=900)


@pytest.fixture(scope="module")
def built(mirror, clone, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    server = _serve(mirror)
    try:
        out = tmp_path_factory.mktemp("refdata")
        run = _setup(clone, out, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert run.returncode == 0, run.stderr[-3000:]
    return out, run


def test_setup_downloads_with_progress_and_fills_the_folder(built):
    out, run = built
    assert refdata.status(out) == {"geo": True, "reference": True}
    assert "[85/85]  83.4/83.4 MB" in run.stdout and "reference data built in" in run.stdout
    assert sorted(p.name for p in out.iterdir()) == ["geo", "reference", "upstream"]  # no temporary folder left
    again = refdata.setup(shared=out / "none", dest=out, origin="http://127.0.0.1:9", log=lambda m: None)
    assert again.ok and again.how == "ready"  # complete: nothing is downloaded or rebuilt


@pytest.mark.parametrize(("stem", "count"), LAYERS.items())
def test_boundaries_match_the_shared_ones(built, stem, count):
    out, _ = built
    mine = gpd.read_file(out / "geo" / f"{stem}.geojson").set_index("code")
    theirs = gpd.read_file(SHARED / "geo" / f"{stem}.geojson").set_index("code")
    assert len(mine) == count and mine.index.is_unique and set(mine.index) == set(theirs.index)
    mine = mine.loc[theirs.index]
    attrs = [c for c in theirs.columns if c != "geometry"]
    assert list(mine.columns) == list(theirs.columns)
    pd.testing.assert_frame_equal(pd.DataFrame(mine[attrs]), pd.DataFrame(theirs[attrs]))
    assert shapely.is_valid(mine.geometry.values).all()
    assert set(mine.geom_type) <= {"Polygon", "MultiPolygon"}
    ratio = mine.to_crs(EQUAL_AREA).area / theirs.to_crs(EQUAL_AREA).area
    assert ratio.between(0.98, 1.02).all(), ratio[~ratio.between(0.98, 1.02)].round(3).to_dict()
    inside = shapely.contains(theirs.geometry.values, shapely.point_on_surface(mine.geometry.values))
    assert inside.all(), list(theirs.index[~inside])


@pytest.mark.parametrize("name", ["province_crosswalk_2025.csv", "district_crosswalk_2024_2025.csv"])
def test_crosswalks_equal_the_shared_ones(built, name):
    out, _ = built
    pd.testing.assert_frame_equal(pd.read_csv(out / "geo" / name, dtype=str, keep_default_na=False),
                                  pd.read_csv(SHARED / "geo" / name, dtype=str, keep_default_na=False))


@pytest.mark.parametrize("name", CENSUS)
def test_census_tables_equal_the_shared_ones_cell_for_cell(built, name):
    out, _ = built
    mine = pd.read_csv(out / "reference" / name, dtype=str, keep_default_na=False)
    theirs = pd.read_csv(SHARED / "reference" / name, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(mine, theirs)
    counts = mine.population.replace("", "0").astype(int).sum(), mine.households.replace("", "0").astype(int).sum()
    assert counts == (96_208_984, 26_870_079)


def test_built_folder_credits_its_sources(built):
    out, _ = built
    sources = (out / "geo" / "SOURCES.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in sources and "Data from Who's On First" in sources and "gis.chinhphu.vn" in sources
    assert "00e556d412beae40e607a7c82aacaa4fc9056cc9bab0a633e5a68c509640a872" in sources  # the KML's SHA-256
    readme = (out / "reference" / "README.md").read_text(encoding="utf-8")
    assert "Tổng cục Thống kê, Tổng điều tra dân số và nhà ở 2019" in readme


def test_a_corrupted_upstream_file_stops_setup_and_leaves_nothing_half_built(mirror, clone, tmp_path):
    host = tmp_path / "host"
    for path in mirror.rglob("*"):
        if path.is_file():
            (host / path.relative_to(mirror)).parent.mkdir(parents=True, exist_ok=True)
            (host / path.relative_to(mirror)).symlink_to(path)
    bad = next(host.rglob("vn_pop_dist.csv"))
    data = bytearray(bad.read_bytes())
    data[100] ^= 0x01  # one bit flipped
    bad.unlink()
    bad.write_bytes(bytes(data))
    server = _serve(host)
    try:
        out = tmp_path / "refdata"
        run = _setup(clone, out, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert run.returncode == 1
    assert "vn_pop_dist.csv: SHA-256" in run.stderr and "does not match" in run.stderr
    assert refdata.status(out) == {"geo": False, "reference": False}
    assert sorted(p.name for p in out.iterdir()) == ["upstream"]  # no geo/, reference/ or build folder
    assert not list((out / "upstream").rglob("vn_pop_dist.csv*"))  # the bad download was not kept
