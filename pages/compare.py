"""So sánh tỉnh / Compare provinces: 2–8 provinces, one or several indicators, bars, lines over
time, small multiples and a table; normalisation; peers; a click on a bar opens its districts.
Indicators and normalisation not named by the link are chosen from what the warehouse holds in the
view's mode (core.defaults.compare_view)."""

from functools import partial

import streamlit as st

from core import views
from core.i18n import t
from core.plots import make_figure
from core.urlstate import CHARTS, MAX_PROVINCES, MIN_PROVINCES, NORMS, default_provinces
from pages import _load as load
from pages import _ui as ui

PARAMS = ("provinces", "indicators", "period", "norm", "chart")
state, lang = ui.setup("compare", PARAMS, sidebar_last=True)
cat = ui.catalogue()
names = views.provinces(state.units)
st.title(t("page_compare", lang))
name = partial(views.unit_name, vintage=state.units, lang=lang)


# The charts are drawn before the controls (into a container above them) and the sidebar switches: a new
# visitor's browser then fetches the chart code first. The controls' values are their seeded states.
controls = st.container()
chosen = ui.seeded("provinces", state.provinces)
state.provinces = chosen if len(chosen) >= MIN_PROVINCES else default_provinces(state.units, ui.allowed())


# indicators and normalisation under which these provinces' figures show (core.defaults.compare_view)
auto = load.compare_view(tuple(state.provinces), state.units, user=ui.user())
state.indicators = ui.seeded("indicators", state.indicators or auto[0]) or auto[0]
state.period = ui.period_value(state)
state.norm = ui.seeded("norm", state.norm or auto[1])
state.chart = ui.seeded("chart", state.chart)


def draw_controls() -> None:
    left, right = st.columns([3, 2])
    with left:
        st.multiselect(t("w_provinces", lang), list(names.index), key=ui.seed("provinces", chosen),
                       format_func=name, max_selections=MAX_PROVINCES)
        st.multiselect(t("w_indicators", lang), cat.codes, key=ui.seed("indicators", state.indicators),
                       format_func=lambda c: cat[c].name(lang))
    with right:
        found = views.search_provinces(st.text_input(t("w_search", lang), key="w_search", max_chars=60), state.units)
        for code in [c for c in found if c not in chosen][:6]:
            st.button(t("add_unit", lang, name=name(code)), key=f"add_{code}", on_click=ui.add_choice,
                      args=("provinces", code, MAX_PROVINCES))
        if st.session_state.get("w_search") and not found:
            st.caption(t("search_none", lang))
    if len(chosen) < MIN_PROVINCES:
        st.info(t("too_few", lang))
    first = state.provinces[0]
    box = ui.opened_box(t("peers", lang, name=name(first)), key="w_peers_open")
    if box:  # its buttons only once opened
        peers = views.suggest_peers(first, state.units, exclude=state.provinces)
        with box:
            for kind in ("near", "region", "successor"):
                if peers[kind]:
                    st.caption(t(f"peers_{kind}", lang))
                    cols = st.columns(min(6, len(peers[kind])))
                    for n, code in enumerate(peers[kind][:6]):
                        cols[n].button(name(code), key=f"peer_{kind}_{code}", on_click=ui.add_choice,
                                       args=("provinces", code, MAX_PROVINCES))
    ui.period_slider(t("w_period", lang), state)
    a, b = st.columns(2)
    a.radio(t("w_norm", lang), NORMS, key=ui.seed("norm", state.norm), horizontal=True,
            format_func=lambda n: t(f"norm_{n}", lang))
    b.radio(t("w_chart", lang), CHARTS, key=ui.seed("chart", state.chart), horizontal=True,
            format_func=lambda c: t(f"chart_{c}", lang))
    if state.units == "34":
        st.info(t("reform_info_34", lang))


view = load.load_compare(tuple(state.provinces), tuple(state.indicators), state.units, views.years(state),
                         state.norm, state.chart, lang, ui.link(state, PARAMS), user=ui.user())
if view.norm != state.norm:  # no census: say so, show figures as reported
    st.warning(t("norm_needs_reference", lang))
if view.empty:  # nothing in this mode: say so (and offer the sample mode) instead of filling in
    ui.render_no_data(t("what_compare", lang, indicators=", ".join(cat[c].name(lang) for c in state.indicators),
                        provinces=", ".join(name(c) for c in state.provinces)))
if view.specs:
    st.caption(t("click_hint", lang))
for n, spec in enumerate(view.specs):
    event = ui.render_chart(spec, make_figure(spec), key=f"chart_{n}", selectable=True)
    ui.open_districts(event, state)
ui.render_table_on_demand(view.table, "table_box", key="compare_table")
if view.norm in views.NORM_DENOMINATOR:
    st.caption(t("census_note", lang))
with controls:
    draw_controls()
ui.save(state, PARAMS)
