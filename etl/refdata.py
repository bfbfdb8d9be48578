"""Reference data kept outside the repo: boundaries (geo/) and 2019 census figures (reference/).

`python -m etl setup` fills the git-ignored folder ``core.config.refdata_dir()``: from the
shared folder when present (development, CI), else from a mirror named by ``ANTQ_REFDATA_URL``.
Without either, everything runs and the views that need the files say so.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
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

#: What needs which files, for the messages shown when they are missing.
NEEDED_BY = {
    "geo": "maps (Bản đồ) and the map images of slides",
    "reference": "per-inhabitant / per-household / per-commune normalisation and model coverage",
}

PUBLIC_SOURCES = {
    "geo": "Open Development Mekong / geoBoundaries gbOpen VNM ADM1 (provinces), gis.chinhphu.vn via "
           "daohoangson/dvhcvn (districts), Who's On First (Quảng Ninh); see SOURCES.md in the shared geo folder",
    "reference": "GSO census data warehouse exports (hgscarlette/vn-demographic) and the published Biểu 1 "
                 "(duynguyen158/vietnam-population-district); see the shared reference README",
}


def missing(kind: str, base: Path | None = None) -> list[str]:
    base = base or config.refdata_dir()
    return [f for f in LAYOUT[kind] if not (base / kind / f).is_file()]


def available(kind: str, base: Path | None = None) -> bool:
    return not missing(kind, base)


def status(base: Path | None = None) -> dict[str, bool]:
    return {kind: available(kind, base) for kind in LAYOUT}


def _download(url: str, dest: Path) -> None:
    tmp = dest.with_suffix(dest.suffix + ".part")
    with urllib.request.urlopen(url, timeout=60) as resp, open(tmp, "wb") as fh:  # noqa: S310 (configured URL)
        shutil.copyfileobj(resp, fh)
    os.replace(tmp, dest)


def setup(shared: Path | None = None, dest: Path | None = None, mirror: str | None = None) -> list[str]:
    """Fill the reference folder; returns human-readable lines on what was done or is missing."""
    shared = shared or config.shared_dir()
    dest = dest or config.refdata_dir()
    mirror = mirror if mirror is not None else os.environ.get("ANTQ_REFDATA_URL", "")
    lines: list[str] = []
    for kind, files in LAYOUT.items():
        (dest / kind).mkdir(parents=True, exist_ok=True)
        for name in files:
            target = dest / kind / name
            src = shared / kind / name
            if src.is_file():
                if not target.is_file() or target.stat().st_mtime < src.stat().st_mtime \
                        or target.stat().st_size != src.stat().st_size:
                    tmp = target.with_suffix(target.suffix + ".part")
                    shutil.copyfile(src, tmp)
                    os.replace(tmp, target)
            elif not target.is_file() and mirror:
                try:
                    _download(f"{mirror.rstrip('/')}/{kind}/{name}", target)
                except OSError as exc:
                    lines.append(f"{kind}/{name}: download from {mirror} failed ({exc})")
        gone = missing(kind, dest)
        if gone:
            lines.append(f"{kind}: missing {', '.join(gone)} — needed by {NEEDED_BY[kind]}. "
                         f"Public sources: {PUBLIC_SOURCES[kind]}. Put the files in {dest / kind} "
                         "or set ANTQ_REFDATA_URL to a mirror.")
        else:
            lines.append(f"{kind}: ready in {dest / kind}")
    return lines


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
