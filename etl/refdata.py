"""Reference data kept outside the repo: boundaries (geo/) and 2019 census figures (reference/).

`python -m etl setup` fills the git-ignored folder ``core.config.refdata_dir()``:

1. nothing to do when both kinds are complete (``--force`` rebuilds);
2. else a copy of the shared folder (``ANTQ_SHARED_DIR``, default ../shared) when it has them
   (development, CI);
3. else the public upstream files of ``etl/reference/upstream.yaml`` are downloaded (origin
   https://raw.githubusercontent.com, replaced by ``ANTQ_UPSTREAM_URL``), verified against their
   SHA-256 into ``<refdata>/upstream/`` and processed by the steps of ``etl.reference``.

Either way the files are assembled in a temporary folder inside the reference folder and moved
into place one kind at a time, so a folder that looks complete is complete; leftovers of a killed
run are removed by the next one. Without network or copy the command fails listing the files,
their URLs and where to put them; the dashboard still runs and says which views need them.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import config

GEO_FILES = (
    "provinces_2008_2025.geojson", "provinces_2025.geojson", "districts_2024.geojson",
    "province_crosswalk_2025.csv", "district_crosswalk_2024_2025.csv", "SOURCES.md",
)
REFERENCE_FILES = (
    "population_2019_province.csv", "population_2019_district.csv", "population_2019_commune.csv",
    "README.md",
)
LAYOUT = {"geo": GEO_FILES, "reference": REFERENCE_FILES}

UPSTREAM_DIR = "upstream"  # raw files, laid out like the raw-file host
_TEMP_PREFIXES = (".build-", ".old-")


def missing(kind: str, base: Path | None = None) -> list[str]:
    base = base or config.refdata_dir()
    return [f for f in LAYOUT[kind] if not (base / kind / f).is_file()]


def available(kind: str, base: Path | None = None) -> bool:
    return not missing(kind, base)


def status(base: Path | None = None) -> dict[str, bool]:
    return {kind: available(kind, base) for kind in LAYOUT}


@dataclass
class SetupResult:
    ok: bool
    how: str  # 'ready' | 'copied' | 'built' | 'failed'
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    bytes_downloaded: int = 0


def upstream_origin() -> str | None:
    """``ANTQ_UPSTREAM_URL`` (e.g. http://127.0.0.1:8000 serving a mirror), else the raw-file host."""
    return os.environ.get("ANTQ_UPSTREAM_URL") or None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(dest: Path) -> list[str]:
    """Remove the temporary folders of earlier runs that did not finish (their process is gone)."""
    removed = []
    if not dest.is_dir():
        return removed
    for path in dest.iterdir():
        prefix = next((p for p in _TEMP_PREFIXES if path.name.startswith(p)), None)
        if prefix is None or not path.is_dir():
            continue
        pid = path.name[len(prefix):].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid)):
            continue  # another setup is running now
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def _install(build: Path, dest: Path) -> None:
    """Move each complete kind of ``build`` into ``dest`` (one rename per kind)."""
    for kind in LAYOUT:
        if missing(kind, build):
            raise RuntimeError(f"internal: {build / kind} is incomplete: {', '.join(missing(kind, build))}")
    for kind in LAYOUT:
        target = dest / kind
        if target.exists():
            old = dest / f".old-{os.getpid()}-{kind}"
            os.replace(target, old)
            os.replace(build / kind, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(build / kind, target)


def _copy_shared(shared: Path, build: Path) -> None:
    for kind, files in LAYOUT.items():
        (build / kind).mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(shared / kind / name, build / kind / name)


def offline_help(dest: Path, failed: dict[str, str], origin: str | None) -> list[str]:
    """What to do without network: every missing file, its URL and where to put it."""
    from etl.reference.manifest import load_manifest

    manifest = load_manifest()
    gone = [f for f in manifest.files if f.mirror_path in failed]
    size = sum(f.bytes for f in gone)
    lines = [
        f"Reference data not set up: {len(gone)} of {len(manifest.files)} upstream files could not be "
        f"downloaded ({size / 1e6:.1f} MB).",
        "Without them the dashboard still runs; maps need geo/, per-inhabitant, per-household and coverage "
        "views need reference/.",
        "To set up without network, put each file below at the path shown (or serve a copy of the tree "
        "and set ANTQ_UPSTREAM_URL to its address), then run `python -m etl setup` again:",
    ]
    for f in gone:
        lines.append(f"  {f.url(origin)}")
        lines.append(f"    → {dest / UPSTREAM_DIR / f.mirror_path}")
    return lines


def setup(shared: Path | None = None, dest: Path | None = None, origin: str | None = None, *,
          force: bool = False, use_shared: bool = True, log: Callable[[str], None] = print) -> SetupResult:
    """Fill the reference folder (see the module docstring); logs progress, returns the outcome."""
    start = time.perf_counter()
    shared = shared or config.shared_dir()
    dest = dest or config.refdata_dir()
    origin = origin if origin is not None else upstream_origin()
    dest.mkdir(parents=True, exist_ok=True)
    for name in clean_leftovers(dest):
        log(f"removed {name}, left by an earlier setup that did not finish")
    if not force and all(status(dest).values()):
        return SetupResult(True, "ready", [f"{kind}: ready in {dest / kind}" for kind in LAYOUT])
    build = dest / f".build-{os.getpid()}-{int(time.time())}"
    try:
        if use_shared and all(status(shared).values()):
            log(f"copying the reference data from {shared}")
            _copy_shared(shared, build)
            result = SetupResult(True, "copied")
        else:
            result = _build_from_upstream(dest, build, origin, log)
        if result.ok:
            _install(build, dest)
            result.lines = [f"{kind}: ready in {dest / kind}" for kind in LAYOUT]
    finally:
        shutil.rmtree(build, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result


def _build_from_upstream(dest: Path, build: Path, origin: str | None, log) -> SetupResult:
    from etl.reference import Context, run_steps, snapshot
    from etl.reference.manifest import load_manifest

    manifest = load_manifest()
    raw = dest / UPSTREAM_DIR
    host = origin or "https://raw.githubusercontent.com"
    log(f"downloading {len(manifest.files)} upstream files ({manifest.total_bytes / 1e6:.1f} MB) from {host} "
        f"into {raw} (files already there and verified are kept)")
    report = snapshot.fetch(manifest, raw, origin, log)
    if not report.ok:
        tried = [reason for reason in report.failed.values() if reason != snapshot.NOT_TRIED]
        if report.offline:
            lines = [f"The download host could not be reached: {tried[-1]}", *offline_help(dest, report.failed, origin)]
        else:
            lines = [*tried, "Nothing was built; run `python -m etl setup` again to retry (verified files are kept)."]
        return SetupResult(False, "failed", lines, bytes_downloaded=report.bytes_downloaded)
    log(f"building the reference data from {raw}")
    try:
        run_steps(Context(raw, build, manifest, log))
    except (ValueError, KeyError, OSError) as exc:
        return SetupResult(False, "failed", [f"building the reference data failed: {exc}", "Nothing was installed."],
                           bytes_downloaded=report.bytes_downloaded)
    return SetupResult(True, "built", bytes_downloaded=report.bytes_downloaded)


def load_population(register: pd.DataFrame, base: Path | None = None) -> pd.DataFrame | None:
    """2019 census population, households and commune counts per unit (63 and 34 provinces,
    705 districts; the 34 are sums of whole old provinces through the register); None when the
    reference files are absent."""
    base = (base or config.refdata_dir()) / "reference"
    if not available("reference", base.parent):
        return None
    text = {"province_code": str, "district_code": str, "district_code_2024": str}
    prov = pd.read_csv(base / "population_2019_province.csv", dtype=text)
    dist = pd.read_csv(base / "population_2019_district.csv", dtype=text)
    comm = pd.read_csv(base / "population_2019_commune.csv", dtype=text)
    old = register[(register.level == "province") & (register.vintage == "63")]
    cross = old.rename(columns={"code": "old_province_code", "successor_code": "new_province_code"})
    communes_d = comm.groupby("district_code_2024").size().rename("communes")
    communes_p = comm.groupby("province_code").size().rename("communes")
    p63 = prov.set_index("province_code")[["population", "households"]].join(communes_p)
    p63 = p63.reset_index().rename(columns={"province_code": "unit_code"}).assign(level="province", vintage="63")
    d = dist.set_index("district_code")[["population", "households"]].join(communes_d).reset_index()
    d = d.rename(columns={"district_code": "unit_code"}).assign(level="district", vintage="2024")
    p34 = p63.merge(cross[["old_province_code", "new_province_code"]], left_on="unit_code",
                    right_on="old_province_code").groupby("new_province_code")[
        ["population", "households", "communes"]].sum().reset_index()
    p34 = p34.rename(columns={"new_province_code": "unit_code"}).assign(level="province", vintage="34")
    out = pd.concat([p63, d, p34], ignore_index=True)
    out["census_date"] = pd.Timestamp("2019-04-01").date()
    return out[["unit_code", "level", "vintage", "population", "households", "communes", "census_date"]]
