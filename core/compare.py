"""Province comparison as data: chart specs and the comparison table, honest by construction.

Per indicator, only figures of one group (same period kind; totals of the same length, or all
converted to per-year) share an axis; the rest are listed in the chart's notes and stay in the
table with the reason. Missing provinces read "chưa có số liệu", never zero."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core import fmt, views
from core.auth import User, visible_catalogue
from core.catalogue import Catalogue, load_catalogue
from core.charts import ChartSpec
from core.i18n import t
from core.semantics import labels

CHART_KIND = {"bars": "column", "lines": "line", "multiples": "small_multiples"}


def usable_norm(norm: str, population: pd.DataFrame) -> str:
    """The normalisation a view can apply: one per inhabitant or household needs the census
    (``population``); without it the figures are shown as reported."""
    return "reported" if norm in views.NORM_DENOMINATOR and population.empty else norm


def _names(codes: list[str], vintage: str, lang: str) -> dict[str, str]:
    return {c: views.unit_name(c, vintage, lang) for c in codes}


def conflict_notes(rows: pd.DataFrame, names: dict[str, str], cat: Catalogue, lang: str,
                   sources: dict[str, str]) -> list[str]:
    """A note per figure that sources give differently: both values with their sources."""
    notes = []
    for r in rows[rows.agreement == "conflict"].itertuples():
        unit = names.get(r.unit_code, r.unit_code)
        period = fmt.period(r.period_start if pd.notna(r.period_start) else None, r.period_end, lang)
        if r.alternatives:
            values = views.conflict_text(r.alternatives, cat[r.indicator_code], lang, sources)
            notes.append(t("conflict_note", lang, unit=unit, period=period, values=values))
        else:
            notes.append(t("conflict_in_sum", lang, unit=unit, period=period))
    return list(dict.fromkeys(notes))


def hover_text(r, ind, lang: str, sources: dict[str, str]) -> str:
    """What hovering over a figure says about its sources: every source's value when they differ,
    else the sources that give it."""
    if r.agreement == "conflict" and len(r.alternatives):
        return "⚠ " + views.conflict_text(r.alternatives, ind, lang, sources)
    ids = list(r.sources) if isinstance(r.sources, list) else views.source_list(r.source_id)
    text = f"{t('hover_sources', lang)}: " + "; ".join(sources.get(s, s)[:70] for s in ids)
    return text + (f" ({views.agreement_text(r.agreement, len(ids), lang)})" if r.agreement else "")


def _notes(rows: pd.DataFrame, group, codes: list[str], names: dict[str, str], lang: str) -> list[str]:
    notes = []
    conversions = sorted({c for c in rows.conversion if c})
    notes += [t(c, lang) for c in conversions]
    apart = rows[(rows.group.map(lambda g: g.key) != (group.key if group else None)) | (rows.separate_reason != "")]
    for r in apart.drop_duplicates(["unit_code", "period_start", "period_end", "period_kind"]).itertuples():
        why = t(r.separate_reason, lang) if r.separate_reason else views.group_label(r.group, lang)
        notes.append(t("shown_apart", lang, unit=names.get(r.unit_code, r.unit_code), why=why,
                       period=fmt.period(r.period_start if pd.notna(r.period_start) else None, r.period_end, lang)))
    missing = [names[c] for c in codes if c not in set(rows.unit_code)]
    if missing:
        notes.append(t("missing_units", lang, units=", ".join(missing)))
    partial = rows[rows.note.isin(["reform_partial", "districts_partial"])]
    for r in partial.drop_duplicates(["unit_code", "note"]).itertuples():
        notes.append(t(r.note, lang, unit=names.get(r.unit_code, r.unit_code), n=r.members, total=r.members_total))
    if rows.note.eq("reform_not_additive").any():
        notes.append(t("reform_not_additive", lang))
    return notes


def _labels(rows: pd.DataFrame, ind, norm: str, lang: str) -> list[str]:
    """Bar labels as printed (⚠ where sources differ); with the period added when the bars' periods differ."""
    texts = [views.label(v, q, ind, lang, normalised=norm != "reported") + (" ⚠" if a == "conflict" else "")
             for v, q, a in zip(rows.shown, rows.qualifier, rows.agreement, strict=True)]
    periods = [views.short_period(s, e, lang) for s, e in zip(rows.period_start, rows.period_end, strict=True)]
    if len(set(periods)) > 1:
        return [f"{x} ({p})" for x, p in zip(texts, periods, strict=True)]
    return texts


def make_specs(df: pd.DataFrame, codes: list[str], indicators: list[str], chart: str, norm: str, vintage: str,
               cat: Catalogue, lang: str, sources: dict[str, str], link: str = "") -> list[ChartSpec]:
    """Chart specs for the normalised figures ``df`` (views.normalise) of the chosen units."""
    names = _names(codes, vintage, lang)
    kind = CHART_KIND.get(chart, "column")
    specs, panels = [], []
    sample = bool(df.is_sample.any())  # the view's mode (its figures are all sample or all real): every chart marked
    for code in indicators:
        ind = cat[code]
        rows = df[df.indicator_code == code]
        group = views.primary_group(rows)
        on_axis = rows[(rows.separate_reason == "") & (rows.group.map(lambda g: g.key) == (group.key if group else ""))]
        if kind != "line":
            on_axis = views.latest_per_unit(on_axis)
        on_axis = on_axis.sort_values("unit_code", key=lambda s: s.map(lambda c: (codes + [c]).index(c)), kind="stable")
        unit = views.unit_label(ind, norm, lang)
        data = pd.DataFrame({
            "category": [names.get(c, c) for c in on_axis.unit_code],
            "series": [ind.name(lang) + (f" · {b}" if b else "") for b in on_axis.breakdown],
            "value": on_axis.shown.astype(float),
            "label": _labels(on_axis, ind, norm, lang),
            "is_sample": on_axis.is_sample.astype(bool),
            "code": list(on_axis.unit_code),
            "hover": [hover_text(r, ind, lang, sources) for r in on_axis.itertuples()],
            "x": pd.to_datetime(on_axis.period_end),
            "panel": f"{ind.name(lang)} ({unit}{', ' + views.group_label(group, lang) if group else ''})",
        })
        source_ids = sorted({s for ids in on_axis.sources for s in ids})
        spec = ChartSpec(
            kind=kind if kind != "small_multiples" else "column", title=ind.name(lang), unit=unit,
            period=views.period_text(on_axis, lang) if len(on_axis) else "", lang=lang, link=link,
            source="; ".join(sources.get(s, s) for s in source_ids), data=data,
            subtitle=views.group_label(group, lang) if group else "",
            is_sample=sample,
            notes=conflict_notes(on_axis, names, cat, lang, sources) + _notes(rows, group, codes, names, lang),
        )
        specs.append(spec)
        panels.append(spec)
    if kind == "small_multiples" and specs:
        data = pd.concat([s.data for s in specs], ignore_index=True)
        notes = [f"{s.title}: {n}" for s in specs for n in s.notes]
        periods = sorted({s.period for s in specs if s.period})
        srcs = sorted({p for s in specs for p in s.source.split("; ") if p})
        return [ChartSpec(kind="small_multiples", title=t("multiples_title", lang, n=len(specs)),
                          unit=t("unit_per_panel", lang), period=" · ".join(periods), source="; ".join(srcs),
                          data=data, is_sample=sample, notes=notes, lang=lang, link=link)]
    return specs


def make_table(df: pd.DataFrame, codes: list[str], indicators: list[str], norm: str, vintage: str,
               cat: Catalogue, lang: str, sources: dict[str, str]) -> pd.DataFrame:
    """Every figure of the chosen units and indicators, as printed; a unit without a figure
    gets one row reading 'chưa có số liệu'."""
    names = _names(codes, vintage, lang)
    cols = {k: t(f"col_{k}", lang) for k in ("indicator", "unit_name", "value", "unit", "period", "kind", "note",
                                               "agreement", "source")}
    out, flags = [], []
    for code in indicators:
        ind = cat[code]
        rows = df[df.indicator_code == code]
        for unit_code in codes:
            mine = rows[rows.unit_code == unit_code]
            if mine.empty:
                out.append({cols["indicator"]: ind.name(lang), cols["unit_name"]: names[unit_code],
                            cols["value"]: fmt.NO_DATA[lang], cols["unit"]: views.unit_label(ind, norm, lang),
                            cols["period"]: "", cols["kind"]: "", cols["note"]: "", cols["source"]: "",
                            cols["agreement"]: ""})
                flags.append(False)
                continue
            for r in mine.sort_values("period_end").itertuples():
                note = [t(x, lang) for x in (r.conversion, r.separate_reason) if x]
                if r.basis == "sum_of_districts":
                    note.append(t("basis_districts", lang))
                if r.note in ("reform_partial", "districts_partial"):
                    note.append(t(r.note, lang, unit=names[unit_code], n=r.members, total=r.members_total))
                out.append({
                    cols["indicator"]: ind.name(lang) + (f" · {r.breakdown}" if r.breakdown else ""),
                    cols["unit_name"]: names[unit_code],
                    cols["value"]: views.label(r.shown, r.qualifier, ind, lang, normalised=norm != "reported")
                    + (" ⚠" if r.agreement == "conflict" else ""),
                    cols["unit"]: views.unit_label(ind, norm, lang),
                    cols["period"]: fmt.period(r.period_start if pd.notna(r.period_start) else None, r.period_end,
                                               lang),
                    cols["kind"]: views.group_label(r.group, lang),
                    cols["note"]: "; ".join(note),
                    cols["source"]: "; ".join(sources.get(s, s) for s in r.sources),
                    cols["agreement"]: ("⚠ " + views.conflict_text(r.alternatives, ind, lang, sources))
                    if r.agreement == "conflict" and r.alternatives
                    else views.agreement_text(r.agreement, len(r.sources), lang),
                })
                flags.append(bool(r.is_sample))
    table = pd.DataFrame(out, columns=list(cols.values()))
    return table.assign(**labels.sample_column(flags, lang, bool(df.is_sample.any())))


@dataclass
class CompareView:
    """What the comparison page shows for one view: the normalisation applied (one per inhabitant
    falls back to as reported without the census), whether the view has no figure, its charts and table."""

    norm: str
    empty: bool
    specs: list[ChartSpec]
    table: pd.DataFrame


def load_shown(provinces: tuple[str, ...] | list[str], indicators: tuple[str, ...] | list[str], vintage: str,
               years: tuple[int, int], norm: str, cat: Catalogue, path: Path | None = None, *, sample: bool = False,
               user: User) -> tuple[str, pd.DataFrame]:
    """The provinces' figures in one mode as ``user`` may see them, normalised (views.normalise): the
    normalisation applied (usable_norm) and the frame. What the comparison page and its slides show."""
    population = views.load_population(vintage, path=path)
    applied = usable_norm(norm, population)
    figures = views.load_province_figures(provinces, indicators, vintage, years, path, sample=sample, user=user)
    return applied, views.normalise(figures, applied, population, cat)


def load_view(provinces: tuple[str, ...], indicators: tuple[str, ...], vintage: str, years: tuple[int, int],
              norm: str, chart: str, lang: str, link: str = "", path: Path | None = None, *, sample: bool = False,
              user: User) -> CompareView:
    """The comparison of ``provinces`` on ``indicators`` in one mode, as ``user`` may see it: figures,
    normalisation, chart specs (none for the table view) and the table, in one call the pages cache."""
    cat = visible_catalogue(load_catalogue(), user)
    applied, shown = load_shown(provinces, indicators, vintage, years, norm, cat, path, sample=sample, user=user)
    titles = views.load_source_titles(lang, path)
    codes, chosen = list(provinces), list(indicators)
    specs = (make_specs(shown, codes, chosen, chart, applied, vintage, cat, lang, titles, link=link)
             if chart != "table" else [])
    return CompareView(applied, bool(shown.value.isna().all()), specs,
                       make_table(shown, codes, chosen, applied, vintage, cat, lang, titles))
