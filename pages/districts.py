"""Huyện / Districts of one province: sortable table and chart of an indicator; the province's
own figure beside the sum of its districts (same indicator and period), with the gap flagged."""

import pandas as pd
import streamlit as st

from core import compare, fmt, views
from core.figures import make_bars
from core.i18n import t
from core.text import fold
from core.urlstate import NORMS
from pages import _ui as ui

PARAMS = ("province", "indicators", "period", "norm")
SORTS = ("name", "desc", "asc")
state, lang = ui.setup("districts", PARAMS)
cat = ui.catalogue()
old = views.provinces("63")
col = "name_vi" if lang == "vi" else "name_en"

a, b = st.columns(2)
state.province = a.selectbox(t("w_province", lang), list(old.index), key=ui.seed("province", state.province),
                             format_func=lambda c: old.at[c, col])
chosen = b.selectbox(t("w_indicator", lang), cat.codes, key=ui.seed("dindicator", state.indicators[0]),
                     format_func=lambda c: cat[c].name(lang))
state.indicators = [chosen, *[c for c in state.indicators if c != chosen]]
name = old.at[state.province, col]
st.title(t("districts_title", lang, name=name))
ui.stop_unless_district_detail(state.province, lang)
if state.units == "34":
    new = old.at[state.province, "successor_code"]
    st.info(t("districts_after_reform", lang, name=views.unit_name(new, "34", lang),
              members=", ".join(old.at[c, col] for c in views.members_of(new))))
asked = state.period
state.period = ui.period_slider(t("w_period", lang), state)
c, d = st.columns([3, 1])
state.norm = c.radio(t("w_norm", lang), NORMS, key=ui.seed("norm", state.norm), horizontal=True,
                     format_func=lambda n: t(f"norm_{n}", lang))
sort = d.selectbox(t("w_sort", lang), SORTS, key=ui.key("w_sort"), format_func=lambda s: t(f"sort_{s}", lang))

if asked and asked[0] > 2025:  # districts ended on 30/06/2025
    st.info(t("districts_period_after", lang))
    ui.save(state, PARAMS)
    st.stop()
units = views.districts(state.province)
figures = ui.load("load_district_figures", state.province, (chosen,), views.years(state), user=ui.user())
population = ui.load("load_population", "2024", "district")
norm = state.norm if not (state.norm in views.NORM_DENOMINATOR and population.empty) else "reported"
shown = views.normalise(figures, norm, population, cat)
group = views.primary_group(shown)
on_axis = (shown.separate_reason == "") & (shown.group.map(lambda g: g.key) == (group.key if group else ""))
latest = views.latest_per_unit(shown[on_axis])
ind = cat[chosen]
rows = pd.DataFrame({"code": units.index, "name": units[col].values}).merge(
    latest, left_on="code", right_on="unit_code", how="left")
rows = rows.assign(key=rows.name.map(fold)).sort_values("key" if sort == "name" else "shown",
                                                        ascending=sort != "desc", na_position="last")

titles = ui.sources(lang)
data = pd.DataFrame({"category": rows.name, "series": ind.name(lang), "value": rows.shown.astype(float),
                     "label": [views.label(v, q, ind, lang, norm != "reported") for v, q in zip(rows.shown,
                               rows.qualifier.fillna("exact"), strict=True)],
                     "is_sample": rows.is_sample.fillna(False).astype(bool), "code": rows.code})
src = sorted({s for ids in latest.source_id for s in str(ids).split(",") if s})
spec = compare.ChartSpec(kind="bar", title=f"{ind.name(lang)} — {name}", unit=views.unit_label(ind, norm, lang),
                         period=views.period_text(latest, lang) if len(latest) else "", lang=lang,
                         source="; ".join(titles.get(s, s) for s in src), data=data.dropna(subset=["value"]),
                         subtitle=views.group_label(group, lang) if group else "", link=ui.link(state, PARAMS),
                         is_sample=bool(data.is_sample.any()),
                         notes=[t("missing_units", lang, units=", ".join(rows.name[rows.shown.isna()]))]
                         if rows.shown.isna().any() else [])
ui.render_chart(spec, make_bars(spec), key="districts_chart")
ui.render_table(pd.DataFrame({
    t("col_district", lang): rows.name, t("col_value", lang): data.label.values,
    t("col_unit", lang): spec.unit,
    t("col_period", lang): [fmt.period(s if pd.notna(s) else None, e, lang) if pd.notna(e) else ""
                            for s, e in zip(rows.period_start, rows.period_end, strict=True)],
    t("col_sample", lang): [t("sample_short", lang) if s else "" for s in data.is_sample]}), key="districts_table")

st.subheader(t("gap_title", lang))
province_rows = ui.load("load_province_figures", (state.province,), (chosen,), "63", views.years(state),
                        user=ui.user())
gaps = views.district_gaps(province_rows[province_rows.basis == "reported"], figures, len(units), cat)
if gaps.empty:
    st.caption(t("gap_none", lang))
else:
    ui.render_table(pd.DataFrame({
        t("col_period", lang): [fmt.period(s if pd.notna(s) else None, e, lang)
                                for s, e in zip(gaps.period_start, gaps.period_end, strict=True)],
        t("col_province_value", lang): [views.label(v, q, ind, lang) for v, q in zip(gaps.province_value,
                                                                                    gaps.province_qualifier,
                                                                                    strict=True)],
        t("col_districts_value", lang): [views.label(v, "exact", ind, lang) for v in gaps.districts_value],
        t("col_districts_reported", lang): [f"{r}/{n}" for r, n in zip(gaps.districts_reported, gaps.districts_total,
                                                                       strict=True)],
        t("col_gap", lang): [fmt.number(g, lang) for g in gaps.gap],
        t("col_check", lang): [t("gap_flag" if f else "gap_ok", lang) for f in gaps.flag]}), key="gap_table")
ui.save(state, PARAMS)
