"""The overview as data: headline metrics for the whole country or one province (core.national
decides each figure), the chart of how many provinces have figures of each indicator, and how fresh
the warehouse is. Nothing here imports streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core import fmt, national, views
from core.auth import User, visible_catalogue
from core.catalogue import Catalogue, load_catalogue
from core.charts import ChartSpec
from core.i18n import t

COLUMNS = 4  # metrics per row


@dataclass
class Metric:
    """One headline as drawn: label (indicator, unit, sample mark), value as printed, and the caption
    saying period, how it was made and its sources ('' when there is no figure)."""

    label: str
    value: str
    caption: str = ""


def unit_name(code: str, names: pd.DataFrame, lang: str) -> str:
    """'Cả nước' for the whole country ('all'), else the province's name."""
    return t("whole_country", lang) if code == "all" else names.at[code, "name_vi" if lang == "vi" else "name_en"]


def make_metrics(figures: pd.DataFrame, country: pd.DataFrame, shown: tuple[str, ...], cat: Catalogue, lang: str,
                 units: str, whole: bool, sample: bool, titles: dict[str, str]) -> list[Metric]:
    """A metric per indicator shown: the country's figure (national source, sum of the provinces
    that reported, or the spread) or the province's latest."""
    mark = f" · {t('sample_mark', lang)}" if sample else ""
    metrics = []
    for code in shown:
        ind = cat[code]
        rows = figures[figures.indicator_code == code]
        head = (national.national_headline(rows, country[country.indicator_code == code], ind, lang, units)
                if whole else national.province_headline(rows, ind, lang))
        caption = ""
        if head.basis != "none":
            src = ", ".join(titles.get(s, s)[:60] for s in head.sources)
            caption = t("metric_caption", lang, period=head.period, note=head.note, sources=src)
        metrics.append(Metric(f"{ind.name(lang)} ({ind.unit(lang)}){mark}", head.value, caption))
    return metrics


def make_coverage_spec(figures: pd.DataFrame, shown: tuple[str, ...], cat: Catalogue, total: int, lang: str,
                       sample: bool, link: str = "") -> ChartSpec:
    """Bars: how many of the ``total`` provinces have figures of each indicator shown."""
    cover = figures[figures.value.notna()].groupby("indicator_code").unit_code.nunique().reindex(shown).dropna()
    data = pd.DataFrame({
        "category": [cat[c].name(lang) for c in cover.index],
        "series": t("sample_mark" if sample else "reported_series", lang),
        "value": cover.astype(float).to_numpy(),
        "label": [f"{fmt.number(v, lang)}/{total}" for v in cover],
        "is_sample": sample,
    })
    return ChartSpec(kind="bar", title=t("coverage_title", lang), unit=t("coverage_unit", lang),
                     period=views.period_text(figures, lang) if len(figures) else "", lang=lang,
                     source=t("coverage_source", lang), data=data, is_sample=sample, link=link)


@dataclass
class OverviewView:
    """What the overview shows for a scope: whether it has no figure, the metrics and the coverage chart."""

    empty: bool
    metrics: list[Metric]
    spec: ChartSpec


def load_view(scope: str, shown: tuple[str, ...], units: str, years: tuple[int, int], lang: str, link: str = "",
              path: Path | None = None, *, sample: bool = False, user: User) -> OverviewView:
    """The overview of ``scope`` ('all' or a province code of ``units``) on the indicators ``shown``,
    in one mode, as ``user`` may see it, in one call the pages cache."""
    names = views.provinces(units)
    whole = scope == "all"
    codes = tuple(names.index) if whole else (scope,)
    cat = visible_catalogue(load_catalogue(), user)
    figures = views.load_province_figures(codes, shown, units, years, path, sample=sample, user=user)
    country = (national.load_country_figures(shown, years, path, sample=sample, user=user) if whole
               else figures.head(0))
    metrics = make_metrics(figures, country, shown, cat, lang, units, whole, sample,
                           views.load_source_titles(lang, path))
    return OverviewView(bool(figures.value.isna().all() and country.empty), metrics,
                        make_coverage_spec(figures, shown, cat, len(names), lang, sample, link))


def built_text(built_at: str) -> str:
    """When a build was made, 'dd/mm/yyyy hh:mm' from its ISO time ('—' when unknown)."""
    return f"{fmt.day(built_at[:10])} {built_at[11:16]}" if built_at else "—"


def freshness_lines(build_info: dict[str, str], fresh, lang: str, sample: bool) -> list[str]:
    """When the warehouse was built, the latest period and how many figures, provinces, districts
    and sources it holds (in the view's mode)."""
    lines = [t("built_at", lang, when=built_text(build_info.get("built_at", "")))]
    if fresh.figures:
        lines.append(t("latest_sample" if sample else "latest_reported", lang, day=fmt.day(fresh.latest_period_end)))
    lines.append(t("figures_sample" if sample else "figures_real", lang, n=fmt.number(fresh.figures, lang),
                   prov=int(fresh.provinces), dist=int(fresh.districts), src=int(fresh.sources)))
    return lines
