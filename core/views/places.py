"""Provinces and districts of a view (63 as reported, 34 after the reform), their names, regions,
peers and search, from the unit register."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from functools import lru_cache

import pandas as pd

from core import config
from core.catalogue import Catalogue, load_catalogue
from core.semantics import aggregation
from core.units import load_register
from core.urlstate import Allowed

REGIONS_PATH = config.DATA_DIR / "regions.yaml"


def provinces(vintage: str) -> pd.DataFrame:
    """Provinces of one vintage ('63' or '34') from the register, indexed by code (a copy: callers may
    change it)."""
    return _provinces(vintage).copy()


@lru_cache(maxsize=4)
def _provinces(vintage: str) -> pd.DataFrame:
    reg = load_register()
    df = reg[(reg.level == "province") & (reg.vintage == vintage)]
    return df.set_index("code")[["name_vi", "name_en", "name_ascii", "full_name_vi", "lat", "lon",
                                 "successor_code", "alt_names"]]


def districts(province_code: str) -> pd.DataFrame:
    """District-level units of an old province (2024 list plus the few merged earlier)."""
    reg = load_register()
    df = reg[(reg.level == "district") & (reg.parent_code == province_code)]
    return df.set_index("code")[["name_vi", "name_en", "full_name_vi", "valid_from", "valid_to", "successor_code"]]


def unit_name(code: str, vintage: str, lang: str = "vi") -> str:
    return _unit_names(vintage, lang).get(code, code)


@lru_cache(maxsize=16)
def _unit_names(vintage: str, lang: str) -> dict[str, str]:
    """Code -> name of the provinces of a vintage ('63', '34'; else of every unit, first row per code)."""
    table = (_provinces(vintage) if vintage in ("63", "34")
             else load_register().drop_duplicates("code").set_index("code"))
    return {code: str(name) for code, name in zip(table.index, table["name_vi" if lang == "vi" else "name_en"],
                                                  strict=True)}


def members_of(new_code: str) -> list[str]:
    """Old provinces merged into a new (34) province, by register successor_code."""
    old = provinces("63")
    return sorted(old.index[old.successor_code == new_code])


@lru_cache(maxsize=1)
def load_regions() -> dict[str, dict]:
    """data/regions.yaml: region key -> {name_vi, name_en, provinces}."""
    with open(REGIONS_PATH, encoding="utf-8") as fh:
        return config.parse_yaml(fh)["regions"]


def region_of(code: str) -> str | None:
    return next((k for k, r in load_regions().items() if code in r["provinces"]), None)


def allowed(catalogue: Catalogue | None = None, source_ids: frozenset[str] = frozenset(),
            has_real: bool = True) -> Allowed:
    """What URL parameters may name (for core.urlstate.parse_state), and whether the warehouse holds
    real figures (core.mode.has_real: then a link without ``sample`` opens in real mode)."""
    cat = catalogue or load_catalogue()
    old = provinces("63")
    return Allowed(
        provinces={"63": frozenset(old.index), "34": frozenset(provinces("34").index)},
        successors=dict(zip(old.index, old.successor_code, strict=True)),
        indicators=frozenset(cat.codes), groups=frozenset(cat.groups), sources=source_ids,
        has_real=has_real,
    )


def search_provinces(text: str, vintage: str, lang: str = "vi") -> list[str]:
    """Province codes whose name contains ``text``, ignoring diacritics and case
    ("dien bien" finds Điện Biên)."""
    from core.text import fold

    needle = fold(text)
    if not needle:
        return []
    table = provinces(vintage)
    hits = []
    for code, row in table.iterrows():
        names = [row.name_vi, row.name_en, row.full_name_vi, *str(row.alt_names or "").split("|")]
        if any(needle in fold(n) for n in names if n):
            hits.append(code)
    return hits


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def suggest_peers(code: str, vintage: str, exclude: list[str] | tuple[str, ...] = (), n_near: int = 3
                  ) -> dict[str, list[str]]:
    """Peers of a province: the nearest by centroid distance (register lat/lon), the same
    socio-economic region (63 only) and the old provinces sharing its post-2025 province."""
    table = provinces(vintage)
    if code not in table.index:
        return {"near": [], "region": [], "successor": []}
    skip = {code, *exclude}
    me = table.loc[code]
    dist = sorted((_distance_km(me.lat, me.lon, r.lat, r.lon), c) for c, r in table.iterrows()
                  if c not in skip and pd.notna(r.lat))
    out = {"near": [c for _, c in dist[:n_near]], "region": [], "successor": []}
    if vintage == "63":
        region = region_of(code)
        if region:
            out["region"] = [c for c in load_regions()[region]["provinces"] if c not in skip]
        out["successor"] = [c for c in table.index[table.successor_code == me.successor_code] if c not in skip]
    return out


def districts_expected(province_code: str) -> Callable[[date], int]:
    """How many districts a sum of ``province_code``'s districts expects for a period ending on a
    day (core.semantics.aggregation: those valid on the period's last day)."""
    d = districts(province_code)
    spans = list(zip(d.valid_from, d.valid_to, strict=True))

    return lambda day: aggregation.children_expected(spans, day)
