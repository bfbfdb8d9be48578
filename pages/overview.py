"""Tổng quan / Overview: headline figures for the whole country or one province, each with period,
how it was made and its sources; the indicators shown are those reported by the most provinces in
the view's mode. The whole country's figure is a national source's, or the sum of the provinces
that reported (labelled n/63, a lower bound), or for rates the spread, never one province's
(core.national). Logic in core.overview. The chart is sent before the metrics, the controls and the
sidebar switches (drawn into containers above it): a new visitor's browser fetches its code first."""

import streamlit as st

from core import overview, views
from core.i18n import t
from core.plots import make_bars
from pages import _load as load
from pages import _ui as ui

PARAMS = ("scope", "period")
state, lang = ui.setup("overview", PARAMS, sidebar_last=True)
cat = ui.catalogue()
st.title(t("overview_title", lang))
controls, metrics = st.container(), st.container()

names = views.provinces(state.units)
state.scope = ui.seeded("scope", state.scope)
if state.scope != "all" and state.scope not in names.index:
    state.scope = st.session_state[ui.key("w_scope")] = "all"
auto = [c for c in load.overview_indicators(state.units) if c in cat.codes]
picked = [c for c in st.session_state[ui.seed_auto("oindicators", auto)] if c in cat.codes]
st.session_state[ui.key("w_oindicators")] = picked
view = load.load_overview(state.scope, tuple(picked or auto), state.units, views.years(state), lang,
                          ui.link(state, PARAMS), user=ui.user())
ui.render_chart(view.spec, make_bars(view.spec), key="overview_coverage")
st.caption(t("completeness_link", lang))

with metrics:
    if view.empty:
        ui.render_no_data(t("what_overview", lang, scope=overview.unit_name(state.scope, names, lang)))
    cols = st.columns(overview.COLUMNS)
    for n, metric in enumerate(view.metrics):
        with cols[n % overview.COLUMNS]:
            st.metric(metric.label, metric.value)
            if metric.caption:
                st.caption(metric.caption)
with controls:
    st.selectbox(t("w_scope", lang), ["all", *names.index], key=ui.key("w_scope"),
                 format_func=lambda c: overview.unit_name(c, names, lang))
    if state.units == "34":
        st.info(t("reform_info_34", lang))
    st.multiselect(t("w_indicators", lang), cat.codes, key=ui.key("w_oindicators"),
                   format_func=lambda c: cat[c].name(lang), max_selections=12)

st.subheader(t("freshness", lang))
info = dict(load.query("pages/build_info").values.tolist())
for line in overview.freshness_lines(info, load.query("pages/freshness").iloc[0], lang, state.sample):
    st.write(line)
ui.save(state, PARAMS)
