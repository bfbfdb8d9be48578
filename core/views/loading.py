"""Figures of chosen provinces or of one province's districts, read from the warehouse in one mode
(real or sample), one figure per source, with every source's value where sources differ."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core import access, warehouse
from core.auth import User
from core.catalogue import Catalogue, load_catalogue
from core.semantics import labels
from core.urlstate import ViewState
from core.views.aggregation import aggregate_to_34, mark_partial_district_sums
from core.views.places import members_of

ALL_YEARS = (1900, 2100)


def years(state: ViewState) -> tuple[int, int]:
    return state.period or ALL_YEARS


def load_province_figures(codes: list[str] | tuple[str, ...], indicators: list[str] | tuple[str, ...],
                          vintage: str, year_range: tuple[int, int] = ALL_YEARS,
                          path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Province figures of the chosen provinces in one mode (real figures, or with ``sample`` the
    sample data: never both), of the indicators the user may see (core.access). For '63' as reported;
    for '34' figures of the old provinces summed into the new ones where that is allowed (see
    aggregate_to_34).
    Columns: unit_code, indicator_code, breakdown, period_start, period_end, period_kind,
    period_years, value, qualifier, is_sample, source_id, sources, agreement, members,
    members_total, note."""
    cat = load_catalogue()
    indicators = cat.checked(access.visible_codes(user, indicators))
    if vintage == "34":
        old_codes = [c for code in codes for c in members_of(code)]
        new_codes = list(codes)
    else:
        old_codes, new_codes = list(codes), []
    raw = warehouse.query("pages/province_figures", {
        "old_codes": old_codes, "new_codes": new_codes, "indicators": indicators,
        "year_from": int(year_range[0]), "year_to": int(year_range[1]), "sample": bool(sample)}, path=path)
    raw["breakdown"] = raw["breakdown"].fillna("")
    raw = mark_partial_district_sums(attach_alternatives(dedupe_sources(raw), sample, path))
    if vintage == "34":
        return aggregate_to_34(raw, cat)
    return raw.drop(columns=["unit_vintage", "province_2025_code", "parts", "evidence", "locator"])


FIGURE_KEY = ["unit_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind"]


def dedupe_sources(df: pd.DataFrame) -> pd.DataFrame:
    """One figure per unit, indicator, breakdown and period. The warehouse reads a figure given by
    several sources once already (figure_sources: its counted row, the others listed in
    ``sources``); rows that still share a key (several rows of one figure) become one, the first
    source's, listing every source. ``sources`` becomes a list of source ids, preferred first."""
    if df.empty:
        return df.assign(sources=pd.Series(dtype=object))
    key = [*FIGURE_KEY[:1], "unit_vintage", *FIGURE_KEY[1:]] if "unit_vintage" in df else FIGURE_KEY
    df = df.assign(sources=[source_list(s, p) for s, p in zip(df.get("sources", df.source_id), df.source_id,
                                                              strict=True)])
    ordered = df.sort_values(["source_id"], kind="stable")
    out = ordered.drop_duplicates(key, keep="first")
    if len(out) < len(df):  # merge the source lists of the rows that were dropped
        text = pd.Series(["|".join(map(str, r)) for r in ordered[key].itertuples(index=False)], index=ordered.index)
        joined: dict[str, list[str]] = {}
        for k, ids in zip(text, ordered.sources, strict=True):
            joined[k] = list(dict.fromkeys([*joined.get(k, []), *ids]))
        out = out.assign(sources=[joined[k] for k in text[out.index]])
    return out.sort_index().reset_index(drop=True)


def load_conflicts(units: list[str] | tuple[str, ...] = (), indicators: list[str] | tuple[str, ...] = (),
                   path: Path | None = None, *, sample: bool = False) -> pd.DataFrame:
    """Figures that sources give differently, one row per source (the counted one first), in one
    mode; all of them, or those of ``units`` and ``indicators``."""
    return warehouse.query("pages/conflicts", {"unit_codes": list(units), "indicators": list(indicators),
                                               "sample": bool(sample)}, path=path)


def attach_alternatives(df: pd.DataFrame, sample: bool, path: Path | None = None) -> pd.DataFrame:
    """Add ``alternatives``: for a figure that sources give differently, every source's
    (value, qualifier, source_id), the counted one first; [] otherwise."""
    df = df.assign(alternatives=[[] for _ in range(len(df))])
    if df.empty or "agreement" not in df or not df.agreement.eq("conflict").any():
        return df
    found = load_conflicts(tuple(df.unit_code.unique()), tuple(df.indicator_code.unique()), path, sample=sample)
    if found.empty:
        return df
    found["breakdown"] = found["breakdown"].fillna("")
    by_key = {k: list(zip(g.value, g.qualifier, g.source_id, strict=True))
              for k, g in found.groupby(["unit_code", "indicator_code", "breakdown", "period_end", "period_kind"],
                                        sort=False)}
    for i, r in enumerate(df.itertuples()):
        if r.agreement == "conflict":
            key = (r.unit_code, r.indicator_code, r.breakdown, pd.Timestamp(r.period_end), r.period_kind)
            df.at[df.index[i], "alternatives"] = by_key.get(key, [])
    return df


def load_source_titles(lang: str, path: Path | None = None) -> dict[str, str]:
    """Every source's title by id in the language (core.semantics.labels.source_title)."""
    return labels.source_titles(warehouse.query("pages/sources", path=path), lang)


def source_list(sources: object, first: object = "") -> list[str]:
    """Source ids from a comma-separated text (several rows' lists joined), the counted source first."""
    ids = [s for s in str(sources or "").split(",") if s]
    lead = [s for s in str(first or "").split(",") if s]
    return list(dict.fromkeys([*lead, *ids]))


def load_population(vintage: str, level: str = "province", path: Path | None = None) -> pd.DataFrame:
    """2019 census figures (population, households, communes) by unit code; empty when the
    reference data was not set up before the build."""
    return warehouse.query("pages/population", {"level": level, "vintage": vintage}, path=path
                           ).set_index("unit_code")


def load_district_figures(province_code: str, indicators: list[str], year_range: tuple[int, int] = ALL_YEARS,
                          path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Figures of the districts of one old province in one mode (real, or sample); AccessDenied
    outside the user's scope (core.access)."""
    access.check_detail(user, province_code)
    cat = load_catalogue()
    df = warehouse.query("pages/district_figures", {
        "province": province_code, "indicators": cat.checked(access.visible_codes(user, indicators)),
        "year_from": int(year_range[0]), "year_to": int(year_range[1]), "sample": bool(sample)}, path=path)
    df["breakdown"] = df["breakdown"].fillna("")
    return attach_alternatives(dedupe_sources(df), sample, path)


FIGURE_LIMIT = 10_000  # rows a page reads at once (filters narrow it; see bench/RESULTS.md)


def filter_indicators(cat: Catalogue, group: str, text: str) -> list[str]:
    """Codes of the indicators in ``group`` ('' = all) whose code, names, units or definitions
    contain ``text``, ignoring diacritics and case."""
    from core.text import fold

    needle = fold(text)
    out = []
    for ind in cat:
        if group and ind.group != group:
            continue
        hay = " ".join([ind.code, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en, ind.description_vi,
                        ind.description_en])
        if needle in fold(hay):
            out.append(ind.code)
    return out
