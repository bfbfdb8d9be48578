"""Huyện / Districts of one province: sortable table and chart of an indicator; the province's
own figure beside the sum of its districts (same indicator and period), with the gap flagged.
Province and indicator not named by the link are chosen from what the warehouse holds in the
view's mode (core.defaults.district_view). Logic in core.districts. The chart is sent before the
controls and the sidebar switches (drawn into a container above it): a new visitor's browser
fetches its code first."""

import streamlit as st

from core import districts, views
from core.i18n import t
from core.plots import make_bars
from core.urlstate import NORMS
from pages import _load as load
from pages import _ui as ui

PARAMS = ("province", "indicators", "period", "norm")
state, lang = ui.setup("districts", PARAMS, sidebar_last=True)
cat = ui.catalogue()
old = views.provinces("63")
col = "name_vi" if lang == "vi" else "name_en"

state.province = ui.seeded("province", state.province or load.district_view("")[0])
first = next((c for c in state.indicators if c in cat.codes), None) or load.district_view(state.province)[1]
chosen = ui.seeded("dindicator", first)
if chosen not in cat.codes:
    chosen = st.session_state[ui.key("w_dindicator")] = first
state.indicators = [chosen, *[c for c in state.indicators if c != chosen]]
name = old.at[state.province, col]
st.title(t("districts_title", lang, name=name))
controls = st.container()
asked = state.period
state.period = ui.period_value(state)
state.norm = ui.seeded("norm", state.norm if state.norm in NORMS else NORMS[0])
sort = st.session_state.setdefault(ui.key("w_sort"), districts.SORTS[0])


def draw_controls() -> None:
    a, b = st.columns(2)
    a.selectbox(t("w_province", lang), list(old.index), key=ui.key("w_province"), format_func=lambda c: old.at[c, col])
    b.selectbox(t("w_indicator", lang), cat.codes, key=ui.key("w_dindicator"), format_func=lambda c: cat[c].name(lang))
    if state.units == "34":
        new = old.at[state.province, "successor_code"]
        st.info(t("districts_after_reform", lang, name=views.unit_name(new, "34", lang),
                  members=", ".join(old.at[c, col] for c in views.members_of(new))))
    ui.period_slider(t("w_period", lang), state)
    c, d = st.columns([3, 1])
    c.radio(t("w_norm", lang), NORMS, key=ui.key("w_norm"), horizontal=True, format_func=lambda n: t(f"norm_{n}", lang))
    d.selectbox(t("w_sort", lang), districts.SORTS, key=ui.key("w_sort"), format_func=lambda s: t(f"sort_{s}", lang))


def draw_districts() -> None:
    if not ui.sees_district_detail(state.province, lang):
        return
    if districts.after_districts(asked):
        st.info(t("districts_period_after", lang))
        return
    view = load.load_districts(state.province, chosen, views.years(state), state.norm, sort, lang,
                               ui.link(state, PARAMS), user=ui.user())
    if view.empty:  # nothing in this mode: say so (and offer the sample mode) instead of filling in
        ui.render_no_data(t("what_districts", lang, indicator=cat[chosen].name(lang), province=name))
    if view.norm != state.norm:  # no census: say so, show figures as reported
        st.warning(t("norm_needs_reference", lang))
    ui.render_chart(view.spec, make_bars(view.spec), key="districts_chart")
    ui.render_table_on_demand(view.table, "table_box", key="districts_table")
    st.subheader(t("gap_title", lang))
    if view.gaps.empty:
        st.caption(t("gap_none", lang))
    else:
        ui.render_table_on_demand(view.gaps, "gap_box", key="gap_table")

draw_districts()
with controls:
    draw_controls()
ui.save(state, PARAMS)
