"""Districts of one province as data: the districts page's chart spec and table (each district's
latest figure on one axis, 'chưa có số liệu' where it has none), and the province's own figure
beside the sum of its districts. Districts ended with the 2025 reform (core.config.REFORM_DATE)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core import fmt, views
from core.auth import User, visible_catalogue
from core.catalogue import Catalogue, load_catalogue
from core.charts import ChartSpec
from core.compare import conflict_notes, hover_text, usable_norm
from core.i18n import t
from core.semantics import labels, reform
from core.text import fold

SORTS = ("name", "desc", "asc")
VINTAGE = "2024"  # the districts' register and boundaries: the last before the reform
LAST_YEAR = reform.REFORM_YEAR  # the last year with districts


def after_districts(period: tuple[int, int] | None) -> bool:
    """True when a chosen period starts after the districts ended (nothing to show)."""
    return bool(period) and period[0] > LAST_YEAR


@dataclass
class DistrictView:
    """What the districts page shows for one province and indicator: the normalisation applied (one
    per inhabitant falls back to as reported without the census), whether no district has a figure,
    the chart spec and table, and the province's figure beside its districts' sum (empty: no gap to show)."""

    norm: str
    empty: bool
    spec: ChartSpec
    table: pd.DataFrame
    gaps: pd.DataFrame


def load_view(province: str, indicator: str, years: tuple[int, int], norm: str, sort: str, lang: str,
              link: str = "", path: Path | None = None, *, sample: bool = False, user: User) -> DistrictView:
    """The districts of ``province`` on ``indicator`` in one mode, as ``user`` may see them (AccessDenied
    outside the user's scope), in one call the pages cache."""
    cat = visible_catalogue(load_catalogue(), user)
    ind = cat[indicator]
    figures = views.load_district_figures(province, [indicator], years, path, sample=sample, user=user)
    population = views.load_population(VINTAGE, "district", path)
    applied = usable_norm(norm, population)
    name = views.unit_name(province, "63", lang)
    spec, table = make_district_view(views.normalise(figures, applied, population, cat), views.districts(province),
                                     ind, applied, sort, f"{ind.name(lang)} — {name}", lang,
                                     views.load_source_titles(lang, path), cat, link, sample)
    rows = views.load_province_figures((province,), (indicator,), "63", years, path, sample=sample, user=user)
    gaps = views.district_gaps(rows[rows.basis == "reported"], figures, views.districts_expected(province), cat)
    return DistrictView(applied, figures.empty, spec, table,
                        make_gap_table(gaps, ind, lang) if not gaps.empty else pd.DataFrame())


def make_district_view(shown: pd.DataFrame, units: pd.DataFrame, ind, norm: str, sort: str, title: str, lang: str,
                       sources: dict[str, str], cat: Catalogue, link: str = "", sample: bool = False
                       ) -> tuple[ChartSpec, pd.DataFrame]:
    """The districts page's chart spec and table: every district of ``units`` (register rows) with
    its latest figure on the common axis of the normalised figures ``shown``, 'chưa có số liệu'
    where it has none; sorted by name ('name') or value ('desc', 'asc'); ⚠ and both values where
    sources differ; the sample column in sample mode."""
    col = "name_vi" if lang == "vi" else "name_en"
    group = views.primary_group(shown)
    on_axis = (shown.separate_reason == "") & (shown.group.map(lambda g: g.key) == (group.key if group else ""))
    latest = views.latest_per_unit(shown[on_axis])
    rows = pd.DataFrame({"code": units.index, "name": units[col].values}).merge(
        latest, left_on="code", right_on="unit_code", how="left")
    rows = rows.assign(key=rows.name.map(fold)).sort_values("key" if sort == "name" else "shown",
                                                            ascending=sort != "desc", na_position="last")
    data = pd.DataFrame({"category": rows.name, "series": ind.name(lang), "value": rows.shown.astype(float),
                         "label": [views.label(v, q, ind, lang, norm != "reported") + (" ⚠" if a == "conflict" else "")
                                   for v, q, a in zip(rows.shown, rows.qualifier.fillna("exact"),
                                                      rows.agreement.fillna(""), strict=True)],
                         "is_sample": rows.is_sample.fillna(False).astype(bool), "code": rows.code,
                         "hover": [hover_text(r, ind, lang, sources) if isinstance(r.sources, list) else ""
                                   for r in rows.itertuples()]})
    names = dict(zip(rows.code, rows.name, strict=True))
    src = sorted({s for ids in latest.sources for s in ids})
    missing = [t("missing_units", lang, units=", ".join(rows.name[rows.shown.isna()]))] if rows.shown.isna().any() \
        else []
    spec = ChartSpec(kind="bar", title=title, unit=views.unit_label(ind, norm, lang),
                     period=views.period_text(latest, lang) if len(latest) else "", lang=lang,
                     source="; ".join(sources.get(s, s) for s in src), data=data.dropna(subset=["value"]),
                     subtitle=views.group_label(group, lang) if group else "", link=link, is_sample=sample,
                     notes=conflict_notes(latest, names, cat, lang, sources) + missing)
    table = pd.DataFrame({
        t("col_district", lang): rows.name, t("col_value", lang): data.label.values,
        t("col_unit", lang): spec.unit,
        t("col_period", lang): [fmt.period(s if pd.notna(s) else None, e, lang) if pd.notna(e) else ""
                                for s, e in zip(rows.period_start, rows.period_end, strict=True)],
        t("col_agreement", lang): data.hover.where(rows.agreement.fillna("").ne("").to_numpy(), "").to_numpy(),
        **labels.sample_column(data.is_sample, lang, sample)})
    return spec, table


def make_gap_table(gaps: pd.DataFrame, ind, lang: str) -> pd.DataFrame:
    """The province's figure beside the sum of its districts (views.district_gaps), as printed."""
    return pd.DataFrame({
        t("col_period", lang): [fmt.period(s if pd.notna(s) else None, e, lang)
                                for s, e in zip(gaps.period_start, gaps.period_end, strict=True)],
        t("col_province_value", lang): [views.label(v, q, ind, lang) for v, q in zip(gaps.province_value,
                                                                                    gaps.province_qualifier,
                                                                                    strict=True)],
        t("col_districts_value", lang): [views.label(v, q, ind, lang) for v, q in zip(gaps.districts_value,
                                                                                     gaps.districts_qualifier,
                                                                                     strict=True)],
        t("col_districts_reported", lang): [f"{r}/{n}" for r, n in zip(gaps.districts_reported, gaps.districts_total,
                                                                       strict=True)],
        t("col_gap", lang): [fmt.number(g, lang) for g in gaps.gap],
        t("col_check", lang): [t("gap_flag" if f else "gap_ok", lang) for f in gaps.flag]})
