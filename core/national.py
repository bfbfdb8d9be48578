"""Headline figures of the overview, honest about what they are.

For the whole country a figure is shown only where one exists for the country:

1. a national source's figure (unit '00', level 'country'), the latest;
2. else, for an additive indicator, the sum over the provinces that reported the same indicator
   for the same period (the period reported by the most provinces, then the latest), labelled
   "tổng của 23/63 tỉnh có số liệu": a lower bound ("> …") unless every province reported;
3. a rate, a percentage or a count of types is never summed and never shown as the country's
   from one province: with two or more provinces the spread (lowest – highest, with the median and
   the provinces named); with one, "chưa có số cả nước" and whose figure it is.

For one province: its latest figure. Nothing here imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import access, fmt, views, warehouse
from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t
from core.semantics import qualifiers


@dataclass
class Headline:
    """One headline: the value as shown and how it was made (``basis``: national, sum, one, spread,
    single_rate, province or none)."""

    value: str
    basis: str
    note: str = ""
    period: str = ""
    sources: list[str] = field(default_factory=list)
    provinces: int = 0  # provinces whose figures it is made of
    total: int = 0  # provinces of the view (63 or 34)
    is_sample: bool = False
    conflict: bool = False


def load_country_figures(indicators: list[str] | tuple[str, ...], year_range: tuple[int, int] = views.ALL_YEARS,
                         path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Figures of a national source (unit '00') in one mode, of the indicators ``user`` may see."""
    cat = load_catalogue()
    df = warehouse.query("pages/country_figures", {
        "indicators": cat.checked(access.visible_codes(user, indicators)), "year_from": int(year_range[0]),
        "year_to": int(year_range[1]), "sample": bool(sample)}, path=path)
    df["sources"] = [views.source_list(s, p) for s, p in zip(df.sources, df.source_id, strict=True)]
    return df


def _sources(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(s for ids in rows.sources for s in ids))


def _finish(rows: pd.DataFrame, value: str, basis: str, note: str, lang: str, total: int) -> Headline:
    conflict = bool(rows.agreement.eq("conflict").any()) if "agreement" in rows else False
    if conflict:
        note = f"{note} · {t('headline_conflict', lang)}"
    return Headline(value=value, basis=basis, note=note, period=views.period_text(rows, lang),
                    sources=_sources(rows), provinces=rows.unit_code.nunique(), total=total,
                    is_sample=bool(rows.is_sample.any()), conflict=conflict)


def _kind(rows: pd.DataFrame, lang: str) -> str:
    return t(f"kind_{rows.period_kind.iloc[0]}", lang)


def latest_group(rows: pd.DataFrame, most_units: bool = True) -> pd.DataFrame:
    """The figures of one period (kind, start, end): the period reported by the most units, then the
    latest (or, with ``most_units`` false, the latest period)."""
    key = [f"{k}|{s}|{e}" for k, s, e in zip(rows.period_kind, rows.period_start, rows.period_end, strict=True)]
    rows = rows.assign(_key=key)
    stats = rows.groupby("_key").agg(end=("period_end", "max"), units=("unit_code", "nunique"))
    order = ["units", "end"] if most_units else ["end", "units"]
    best = stats.sort_values(order, ascending=False).index[0]
    return rows[rows._key == best].drop(columns="_key")


def province_headline(rows: pd.DataFrame, ind, lang: str) -> Headline:
    """One province's latest figure of an indicator."""
    rows = rows[rows.value.notna()]
    if rows.empty:
        return Headline(value=fmt.NO_DATA[lang], basis="none")
    grp = latest_group(rows, most_units=False)
    r = grp.iloc[0]
    return _finish(grp.head(1), views.label(r.value, r.qualifier, ind, lang), "province", _kind(grp, lang), lang, 1)


def national_headline(rows: pd.DataFrame, country: pd.DataFrame, ind, lang: str, units: str = "63") -> Headline:
    """The whole country's headline of an indicator from a national source's figures (``country``)
    or the provinces' figures (``rows``: one mode, the view's provinces), by the rules above."""
    total = len(views.provinces(units))
    country = country[country.value.notna()] if len(country) else country
    if len(country):
        grp = latest_group(country, most_units=False)
        r = grp.iloc[0]
        return _finish(grp.head(1), views.label(r.value, r.qualifier, ind, lang), "national",
                       t("headline_national", lang) + " · " + _kind(grp, lang), lang, total)
    rows = rows[rows.value.notna()]
    if rows.empty:
        return Headline(value=t("no_national", lang), basis="none", total=total)
    names = {c: views.unit_name(c, units, lang) for c in rows.unit_code.unique()}
    if ind.additive:
        grp = latest_group(rows)
        n = grp.unit_code.nunique()
        qual = qualifiers.of_sum(grp.qualifier, n, total)  # provinces without a figure: a lower bound
        if n == 1:
            note = t("headline_one", lang, name=names[grp.unit_code.iloc[0]], total=total)
        else:
            note = t("headline_sum_n", lang, n=n, total=total) + ("" if n == total else
                                                                   " · " + t("headline_lower_bound", lang))
        return _finish(grp, views.label(grp.value.sum(), qual, ind, lang), "sum" if n > 1 else "one",
                       note + " · " + _kind(grp, lang), lang, total)
    latest = rows.sort_values("period_end").groupby("unit_code").tail(1)
    if latest.unit_code.nunique() == 1:
        r = latest.iloc[0]
        return _finish(latest, t("no_national", lang), "single_rate",
                       t("headline_single_rate", lang, name=names[r.unit_code],
                         value=views.label(r.value, r.qualifier, ind, lang),
                         period=views.short_period(r.period_start, r.period_end, lang)), lang, total)
    ordered = latest.sort_values("value", kind="stable")
    low, high = ordered.iloc[0], ordered.iloc[-1]
    median = views.label(float(ordered.value.median()), "exact", ind, lang)
    note = t("headline_spread", lang, n=latest.unit_code.nunique(), total=total, median=median,
             low=f"{names[low.unit_code]} {views.label(low.value, low.qualifier, ind, lang)}",
             high=f"{names[high.unit_code]} {views.label(high.value, high.qualifier, ind, lang)}")
    value = (f"{views.label(low.value, low.qualifier, ind, lang)} – {median} – "
             f"{views.label(high.value, high.qualifier, ind, lang)}")
    return _finish(latest, value, "spread", note, lang, total)
