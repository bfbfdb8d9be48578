"""Huyện / Districts of one province: sortable table and chart of an indicator; the province's
own figure beside the sum of its districts (same indicator and period), with the gap flagged.
Province and indicator not named by the link are chosen from what the warehouse holds in the
view's mode (core.defaults.district_view). Logic in core.districts."""

import streamlit as st

from core import compare, districts, views
from core.i18n import t
from core.plots import make_bars
from core.urlstate import NORMS
from pages import _load as load
from pages import _ui as ui

PARAMS = ("province", "indicators", "period", "norm")
state, lang = ui.setup("districts", PARAMS)
cat = ui.catalogue()
old = views.provinces("63")
col = "name_vi" if lang == "vi" else "name_en"

a, b = st.columns(2)
state.province = state.province or load.district_view("")[0]
state.province = a.selectbox(t("w_province", lang), list(old.index), key=ui.seed("province", state.province),
                             format_func=lambda c: old.at[c, col])
first = next((c for c in state.indicators if c in cat.codes), None) or load.district_view(state.province)[1]
chosen = b.selectbox(t("w_indicator", lang), cat.codes, key=ui.seed("dindicator", first),
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
sort = d.selectbox(t("w_sort", lang), districts.SORTS, key=ui.key("w_sort"),
                   format_func=lambda s: t(f"sort_{s}", lang))

if districts.after_districts(asked):
    st.info(t("districts_period_after", lang))
    ui.save(state, PARAMS)
    st.stop()
units = views.districts(state.province)
figures = load.load_district_figures(state.province, [chosen], views.years(state), user=ui.user())
if figures.empty:  # nothing in this mode: say so (and offer the sample mode) instead of filling in
    ui.render_no_data(t("what_districts", lang, indicator=cat[chosen].name(lang), province=name))
population = load.load_population(districts.VINTAGE, "district")
norm = compare.usable_norm(state.norm, population)
if norm != state.norm:  # no census: say so, show figures as reported
    st.warning(t("norm_needs_reference", lang))
ind = cat[chosen]
spec, table = districts.make_district_view(views.normalise(figures, norm, population, cat), units, ind, norm, sort,
                                           f"{ind.name(lang)} — {name}", lang, ui.sources(lang), cat,
                                           ui.link(state, PARAMS), state.sample)
ui.render_chart(spec, make_bars(spec), key="districts_chart")
ui.render_table(table, key="districts_table")

st.subheader(t("gap_title", lang))
province_rows = load.load_province_figures((state.province,), (chosen,), "63", views.years(state), user=ui.user())
gaps = views.district_gaps(province_rows[province_rows.basis == "reported"], figures,
                          views.districts_expected(state.province), cat)
if gaps.empty:
    st.caption(t("gap_none", lang))
else:
    ui.render_table(districts.make_gap_table(gaps, ind, lang), key="gap_table")
ui.save(state, PARAMS)
