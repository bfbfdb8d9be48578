"""Period honesty and normalisation: which figures may share an axis (Group), values per year, per
1.000 inhabitants or households or per commune, and the figures a chart draws."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core import fmt
from core.catalogue import Catalogue
from core.i18n import t
from core.semantics import periods

NORM_DENOMINATOR = {"per_1000_pop": ("population", 1000.0), "per_1000_hh": ("households", 1000.0),
                    "per_commune": ("communes", 1.0)}


@dataclass(frozen=True)
class Group:
    """Figures that may share an axis: same period kind and (for totals) the same length."""

    key: str
    label_key: str
    years: int | None = None
    end: object = None


def group_of(kind: str, period_years: float | None, unit_code: str, period_end: object, converted: bool) -> Group:
    if kind == "per_year" or converted:
        return Group("per_year", "group_per_year")
    if kind == "stock":
        return Group("stock", "group_stock")
    if period_years is None or pd.isna(period_years):
        # a total whose start is unknown has no length: it never shares an axis
        return Group(f"open:{unit_code}:{period_end}", "group_open", end=period_end)
    n = max(1, round(float(period_years)))
    return Group(f"total:{n}", "group_total", years=n)


def group_label(group: Group, lang: str) -> str:
    return t(group.label_key, lang, years=group.years or "", end=fmt.day(group.end, lang))


def normalise(df: pd.DataFrame, norm: str, population: pd.DataFrame | None, cat: Catalogue) -> pd.DataFrame:
    """Add ``shown`` (the value after normalisation; NaN when it cannot be computed),
    ``group`` (a Group: what may share an axis), ``separate_reason`` (i18n key, '' when fine)
    and ``conversion`` (i18n key of what was done, '' for none)."""
    out = df.copy()
    shown, groups, reasons, conversions = [], [], [], []
    for r in out.itertuples(index=False):
        ind = cat[r.indicator_code]
        value, reason, conversion, converted = r.value, "", "", False
        if pd.isna(value):
            reason = r.note or "no_value"
        elif getattr(r, "note", "") in ("reform_partial", "districts_partial"):
            reason = "sep_partial"  # a lower bound: listed, never drawn beside complete figures
        elif norm == "per_year" and not ind.is_percent and ind.kind != "ratio":
            if r.period_kind == "total":
                if pd.isna(r.period_years) or not r.period_years:
                    value, reason = float("nan"), "sep_open_total"
                else:
                    n = periods.length(r.period_years)
                    value, conversion, converted = value / n, ("conv_per_year" if n != 1 else ""), True
            elif r.period_kind == "stock":
                reason = "sep_stock"
        elif norm in NORM_DENOMINATOR:
            column, scale = NORM_DENOMINATOR[norm]
            if ind.is_percent or ind.kind == "ratio":
                conversion = "conv_not_for_percent"
            elif population is None or population.empty or r.unit_code not in population.index \
                    or not population.at[r.unit_code, column]:
                value, reason = float("nan"), "sep_no_reference"
            else:
                value, conversion = value / float(population.at[r.unit_code, column]) * scale, f"conv_{norm}"
        shown.append(value)
        groups.append(group_of(r.period_kind, r.period_years, r.unit_code, r.period_end, converted))
        reasons.append(reason)
        conversions.append(conversion)
    out["shown"], out["group"], out["separate_reason"], out["conversion"] = shown, groups, reasons, conversions
    return out


def unit_label(ind, norm: str, lang: str) -> str:
    """Unit after normalisation: 'đợt', 'đợt/năm', 'đợt / 1.000 dân', …"""
    base = ind.unit(lang)
    if ind.is_percent or ind.kind == "ratio" or norm == "reported":
        return base
    return t(f"unit_{norm}", lang, unit=base)


def primary_group(rows: pd.DataFrame) -> Group | None:
    """The group of an indicator's figures drawn on the main axis: the one covering the most
    units, then the latest period."""
    usable = rows[rows.separate_reason == ""]
    if usable.empty:
        return None
    stats = usable.groupby(usable.group.map(lambda g: g.key)).agg(
        units=("unit_code", "nunique"), end=("period_end", "max"))
    best = stats.sort_values(["units", "end"], ascending=False).index[0]
    return next(g for g in usable.group if g.key == best)


def latest_per_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """Within one group, each unit's latest figure (period_end, then the longest period); a
    reported figure before any sample figure."""
    ordered = rows.sort_values(["is_sample", "period_end", "period_years"], ascending=[False, True, True],
                               na_position="first")
    return ordered.groupby(["unit_code", "breakdown"], sort=False).tail(1)
