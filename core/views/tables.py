"""Tables of the indicators & sources page: the catalogue with figure counts, every figure with its
source, and the figures that sources give differently."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core import access, fmt, warehouse
from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t
from core.semantics import labels
from core.views.labels import agreement_text, breakdown_names
from core.views.loading import FIGURE_LIMIT, load_conflicts, source_list


def load_catalogue_table(codes: tuple[str, ...], lang: str, path: Path | None = None, *,
                         sample: bool = False, user: User) -> pd.DataFrame:
    """Each indicator the user may see: definition, unit, kind and aggregation, with its number of
    figures in the mode."""
    cat = load_catalogue()
    counts = warehouse.query("pages/indicator_counts", {"sample": bool(sample)}, path=path).set_index("indicator_code")
    rows = []
    for code in access.visible_codes(user, codes):
        ind = cat[code]
        n = int(counts.at[code, "figures"]) if code in counts.index else 0
        rows.append({
            t("col_code", lang): code, t("col_indicator", lang): ind.name(lang),
            t("col_group", lang): cat.groups[ind.group].name(lang), t("col_unit", lang): ind.unit(lang),
            t("col_kind_ind", lang): ind.kind, t("col_aggregation", lang): t(f"agg_{ind.aggregation}", lang),
            t("col_definition", lang): ind.description(lang),
            t("col_figures_sample" if sample else "col_figures", lang): fmt.number(n, lang),
        })
    return pd.DataFrame(rows)


def _figure_columns(df: pd.DataFrame, cat, lang: str) -> dict[str, object]:
    """Indicator, unit (name and code), breakdown and period of each figure, as printed."""
    name = df.unit_name_vi if lang == "vi" else df.unit_name_en
    return {t("col_indicator", lang): [cat[c].name(lang) for c in df.indicator_code],
            t("col_unit_name", lang): name.fillna(df.unit_code) + " (" + df.unit_code + ")",
            t("col_breakdown", lang): breakdown_names(df.indicator_code, df.breakdown, cat, lang),
            t("col_period", lang): labels.period_column(df.period_start, df.period_end, lang)}


def _values(df: pd.DataFrame, cat, lang: str) -> list[str]:
    return [fmt.value(v, cat[c].kind, q, lang) for v, c, q in zip(df.value, df.indicator_code, df.qualifier,
                                                                   strict=True)]


def _source_columns(df: pd.DataFrame, lang: str) -> dict[str, object]:
    """Each figure's source: title in the language, publisher, date of publication."""
    return {t("col_source", lang): labels.source_title_column(df, lang),
            t("col_publisher", lang): df.publisher.fillna(""),
            t("col_published", lang): [fmt.day(d) if pd.notna(d) else "" for d in df.published]}


def load_figures_sources(codes: tuple[str, ...], province: str, province_2025: str, source: str, lang: str,
                         path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Every figure of one mode (real, or sample) that the user may see (as reported, at its own
    unit level: districts and sensitive indicators within the user's scope, core.access), one row per
    source, with its source title, publisher, date, file, the number phrase as printed, its
    locator, and whether other sources confirm it or give it differently; values as printed."""
    cat = load_catalogue()
    df = warehouse.query("pages/figures_sources", {
        "indicators": cat.checked(access.visible_codes(user, codes)), "province": province,
        "province_2025": province_2025, "source": source, "sample": bool(sample), "limit": FIGURE_LIMIT,
        **access.detail_params(user)}, path=path)
    return pd.DataFrame({
        **_figure_columns(df, cat, lang),
        t("col_kind", lang): [t(f"kind_{k}", lang) for k in df.period_kind],
        t("col_value", lang): _values(df, cat, lang),
        t("col_evidence", lang): df.evidence.fillna(""),
        t("col_locator", lang): df.locator.fillna(""),
        **_source_columns(df, lang),
        t("col_file", lang): df.source_file.fillna(""),
        t("col_agreement", lang): [agreement_text(a, len(source_list(s)), lang) for a, s in
                                   zip(df.agreement.fillna(""), df.sources, strict=True)],
        **labels.sample_column([sample] * len(df), lang, sample),
    })


def conflicts_table(codes: tuple[str, ...], lang: str, path: Path | None = None, *, sample: bool = False,
                    user: User) -> pd.DataFrame:
    """The figures of ``codes`` that sources give differently and ``user`` may see (core.access), one
    row per source (the one used by charts and sums first), with the source's title, publisher and date."""
    cat = load_catalogue()
    df = load_conflicts((), cat.checked(access.visible_codes(user, codes)), path, sample=sample)
    df = access.keep_detail(user, df, "unit_code").reset_index(drop=True)
    return pd.DataFrame({
        **_figure_columns(df, cat, lang),
        t("col_value", lang): _values(df, cat, lang),
        t("col_counted", lang): [t("counted_yes", lang) if c else "" for c in df.counted],
        **_source_columns(df, lang),
        t("col_url", lang): df.url.fillna(""),
    })
