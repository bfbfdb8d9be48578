"""Map values: the boundary layer of a level and year, one figure per area for a year (indicator
figures, sums of children by core.semantics.aggregation, coverage measures and their change), and
the years a map can show."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from core import access, geo, warehouse
from core.catalogue import load_catalogue
from core.i18n import t
from core.semantics import aggregation, qualifiers, reform

LEVELS = ("provinces", "districts", "province_districts", "provinces34")


COVERAGE_MEASURES = {  # measure → (kind, unit string key or None for percent)
    "coverage_pct": ("percent", None),
    "models_per_10k": ("ratio", "map_unit_models_per_10k"),
    "households_in_groups_pct": ("percent", None),
    "model_types": ("count", "map_unit_types"),
    "active_models": ("count", "map_unit_models"),
}


class MapUnavailable(ValueError):
    """The requested map cannot be drawn (e.g. districts after the reform); ``key`` is an i18n key."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, **self.values)


def layer_for(level: str, year: int, province: str | None = None) -> tuple[str, str]:
    """(vintage, scope) of the boundary layer for a level and a year."""
    if level not in LEVELS:
        raise ValueError(f"unknown map level {level!r}")
    after_reform = geo.vintage_for_year(year) == "34"
    if level in ("districts", "province_districts") and after_reform:
        raise MapUnavailable("map_no_districts_after_reform", year=year)
    if level == "provinces":
        return ("34" if after_reform else "63"), "country"
    if level == "provinces34":
        return "34", "country"
    if level == "districts":
        return "2024", "country"
    if not province:
        raise ValueError("level province_districts needs a province code")
    return "2024", province


VALUE_COLUMNS = ["code", "value", "qualifier", "period_start", "period_end", "period_kind", "period_years",
                 "source", "is_sample", "note", "conflict"]


def _db_level(vintage: str) -> str:
    return "district" if vintage == "2024" else "province"


def _indicator_rows(code: str, year: int, vintage: str, additive: bool, path: Path | None, lang: str,
                    sample: bool) -> pd.DataFrame:
    from core import views

    df = warehouse.query("map/indicator_year", {"indicator": code, "level": _db_level(vintage), "vintage": vintage,
                                                "year": int(year), "additive": bool(additive),
                                                "sample": bool(sample)}, path)
    titles = views.load_source_titles(lang, path) if len(df) else {}
    df["source"] = ["; ".join(short_text(titles.get(s, s)) for s in views.source_list(ids, first))
                    for ids, first in zip(df["sources"], df["source_id"], strict=True)]
    df["conflict"] = df["agreement"].eq("conflict")
    df["note"] = ""
    if df["conflict"].any():  # every source's value in the hover
        ind = load_catalogue()[code]
        found = df.assign(unit_code=df["code"], indicator_code=code, breakdown="")
        found = views.attach_alternatives(found, sample, path)
        df["note"] = ["⚠ " + views.conflict_text(a, ind, lang, titles) if a else "" for a in found["alternatives"]]
    sums = df["is_sum"].fillna(False).astype(bool) if "is_sum" in df else pd.Series(False, index=df.index)
    df.loc[sums, "note"] = [t("map_sum_of_districts", lang, n=int(n), total=int(e)) for n, e in
                            zip(df.loc[sums, "districts_summed"], df.loc[sums, "districts_expected"], strict=True)]
    return df[VALUE_COLUMNS].assign(is_sum=sums.to_numpy())


def _sum_children(children: pd.DataFrame, mapping: dict[str, list[str]], note_key: str, lang: str) -> pd.DataFrame:
    """Sum children into parents by core.semantics.aggregation: the children that reported the
    period most of them reported (then the latest), a lower bound when some are missing."""
    rows = []
    if children.empty:
        return pd.DataFrame(rows, columns=VALUE_COLUMNS)
    period = [(str(k), str(s), pd.Timestamp(e)) for k, s, e in
              zip(children["period_kind"], children["period_start"], children["period_end"], strict=True)]
    children = children.assign(_period=period)
    for parent, kids in mapping.items():
        part = children[children["code"].isin(kids)]
        if part.empty:
            continue
        reported = part.groupby("_period", sort=False)["code"].nunique()
        best = max(reported.index, key=lambda p: (reported[p], p[2]))  # most children, then the latest
        part = part[[p == best for p in part["_period"]]]
        total = aggregation.sum_children(part["value"], part["qualifier"], len(kids))
        first = part.iloc[0]
        rows.append({"code": parent, "value": total.value, "qualifier": total.qualifier,
                     "period_start": first.period_start, "period_end": first.period_end,
                     "period_kind": first.period_kind, "period_years": first.period_years,
                     "source": "; ".join(dict.fromkeys(part["source"])), "is_sample": bool(part["is_sample"].any()),
                     "note": t(note_key, lang, n=total.reported, total=total.expected),
                     "conflict": bool(part["conflict"].any())})
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


@lru_cache(maxsize=64)
def children_of(year: int, vintage: str) -> dict[str, list[str]]:
    """Children of each parent unit valid at the end of ``year``: districts of old provinces
    (vintage '63'), old provinces of new ones ('34')."""
    from core.units import load_register, valid_on

    reg = load_register()
    if vintage == "63":
        day = aggregation.children_day(date(year, 12, 31))
        d = reg[(reg.level == "district")]
        d = d[valid_on(d, day)]
        return {p: sorted(g["code"]) for p, g in d.groupby("parent_code")}
    old = reg[(reg.level == "province") & (reg.vintage == "63")]
    return {p: sorted(g["code"]) for p, g in old.groupby("successor_code")}


def load_indicator_values(code: str, year: int, vintage: str, lang: str = "vi",
                          path: Path | None = None, *, sample: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """Figures of an indicator on a layer for a year in one mode (see the module docstring for the
    rule), plus notes for the map footer. Columns: code, value, qualifier, period_start, period_end,
    period_kind, period_years, source, is_sample, note, conflict."""
    ind = load_catalogue()[code]
    notes: list[str] = []
    if vintage == "34" and year <= reform.REFORM_YEAR:
        # a new province in a year its former provinces reported (up to the reform, whose year holds
        # both): their figures, summed (additive only; otherwise only where it is one former province),
        # where the new province has no figure of its own
        mapping = children_of(year, "34")
        if not ind.additive:
            mapping = {p: kids for p, kids in mapping.items() if len(kids) == 1}
            notes.append(t("map_not_additive_34", lang))
        old, _ = load_indicator_values(code, year, "63", lang, path, sample=sample)
        own = _indicator_rows(code, year, "34", ind.additive, path, lang, sample).drop(columns="is_sum")
        summed = _sum_children(old, mapping, "map_sum_of_provinces", lang)
        summed = summed[~summed["code"].isin(own["code"])]
        if ind.additive and len(summed):
            notes.append(t("map_sum_rule_34", lang))
        return pd.concat([own, summed], ignore_index=True) if len(summed) else own, notes
    own = _indicator_rows(code, year, vintage, ind.additive, path, lang, sample)
    if own["is_sum"].any():  # provinces without their own figure: the sum of their districts
        notes.append(t("map_sum_rule", lang))
    return own.drop(columns="is_sum"), notes


def indicator_year_counts(code: str, vintage: str, path: Path | None = None, *, sample: bool = False) -> pd.Series:
    """Units with a figure of an indicator per year on a layer in one mode (for '63' also the years
    with district figures, for '34' those of the old provinces and districts), indexed by year."""
    vintages = [vintage] + (["2024"] if vintage == "63" else []) + (["63", "2024"] if vintage == "34" else [])
    counts: dict[int, int] = {}
    for v in vintages:
        df = warehouse.query("map/indicator_years", {"indicator": code, "level": _db_level(v), "vintage": v,
                                                     "sample": bool(sample)}, path)
        for y, n in zip(df["year"], df["units"], strict=True):
            counts[int(y)] = max(counts.get(int(y), 0), int(n))
    return pd.Series(counts, dtype=int).sort_index()


def indicator_years(code: str, vintage: str, path: Path | None = None, *, sample: bool = False) -> list[int]:
    """Years with figures of an indicator on a layer in one mode."""
    return [int(y) for y in indicator_year_counts(code, vintage, path, sample=sample).index]


def has_coverage(path: Path | None = None) -> bool:
    try:
        return bool(warehouse.query("map/has_table", {"name": "coverage"}, path)["n"].iloc[0])
    except warehouse.WarehouseMissing:
        return False


def coverage_years(vintage: str, path: Path | None = None, measure: str = "coverage_pct", *,
                   sample: bool = False) -> list[int]:
    """Years with figures of a coverage measure on a layer in one mode."""
    df = warehouse.query("map/coverage_years", {"level": _db_level(vintage), "vintage": vintage, "measure": measure,
                                                "sample": bool(sample)}, path)
    return [int(y) for y in df["year"]]


def load_coverage_values(measure: str, year: int, vintage: str, lang: str = "vi",
                         path: Path | None = None, *, sample: bool = False) -> pd.DataFrame:
    """Coverage figures (table ``coverage`` built by the ETL) of a layer for a year in one mode."""
    if measure not in COVERAGE_MEASURES:
        raise ValueError(f"unknown coverage measure {measure!r}")
    df = warehouse.query("map/coverage_year", {"measure": measure, "level": _db_level(vintage),
                                               "vintage": vintage, "year": int(year), "sample": bool(sample)}, path)
    df = df[df["value"].notna()]
    out = pd.DataFrame({"code": df["code"].astype(str), "value": df["value"].astype(float), "qualifier": "exact",
                        "period_start": pd.Timestamp(year, 1, 1), "period_end": pd.Timestamp(year, 12, 31),
                        "period_kind": "stock", "period_years": 1.0, "source": t("map_coverage_source", lang),
                        "is_sample": df["is_sample"].astype(bool), "note": "", "conflict": False})
    return out.reset_index(drop=True)


def change_values(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Value of ``b`` minus ``a`` per unit present in both (qualifiers: exact only if both are)."""
    m = a.merge(b, on="code", suffixes=("_a", "_b"))
    out = pd.DataFrame({
        "code": m["code"], "value": m["value_b"] - m["value_a"],
        "qualifier": [qualifiers.of_difference(a, b) for a, b in zip(m["qualifier_a"], m["qualifier_b"], strict=True)],
        "period_start": m["period_start_a"], "period_end": m["period_end_b"], "period_kind": "change",
        "period_years": np.nan, "source": m["source_b"], "is_sample": m["is_sample_a"] | m["is_sample_b"],
        "note": "", "conflict": m["conflict_a"].astype(bool) | m["conflict_b"].astype(bool),
    })
    return out.reset_index(drop=True)


def short_text(text: str, n: int = 70) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def load_values(source: str, code: str, year: int, vintage: str, lang: str = "vi",
                path: Path | None = None, *, sample: bool = False, user) -> tuple[pd.DataFrame, list[str]]:
    """Values of an indicator (``source='indicator'``) or a coverage measure ('coverage') in one mode,
    as ``user`` (core.auth.User) may see them (core.access): a district layer only within the user's
    scope, a sensitive indicator only for users who see it."""
    if source == "coverage":
        values, notes = load_coverage_values(code, year, vintage, lang, path, sample=sample), []
    elif not access.visible_codes(user, [code]):
        return pd.DataFrame(columns=VALUE_COLUMNS), []
    else:
        values, notes = load_indicator_values(code, year, vintage, lang, path, sample=sample)
    if vintage == "2024":
        values = access.keep_detail(user, values, "code").reset_index(drop=True)
    return values, notes


def available_years(source: str, code: str, level: str, path: Path | None = None, *,
                    sample: bool = False) -> list[int]:
    """Years a map can show for a level in one mode (districts only before the reform)."""
    if source == "coverage":
        if level == "provinces":
            years = set(coverage_years("63", path, code, sample=sample)) | {
                y for y in coverage_years("34", path, code, sample=sample) if y >= 2025}
        else:
            years = set(coverage_years({"provinces34": "34"}.get(level, "2024"), path, code, sample=sample))
    else:
        years = set(indicator_years(code, "2024" if level in ("districts", "province_districts") else "34", path,
                                    sample=sample))
    if level in ("districts", "province_districts"):
        years = {y for y in years if geo.vintage_for_year(y) != "34"}
    return sorted(years)


def default_year(source: str, code: str, level: str, years: list[int], path: Path | None = None, *,
                 sample: bool = False) -> int:
    """The year a map opens on: of ``years``, the one with figures for the most areas, then the latest."""
    if source == "coverage" or not years:
        return years[-1]
    vintage = "2024" if level in ("districts", "province_districts") else ("34" if level == "provinces34" else "63")
    counts = indicator_year_counts(code, vintage, path, sample=sample).reindex(years).fillna(0)
    return int(max(years, key=lambda y: (counts[y], y)))
