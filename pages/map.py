"""Bản đồ / Map: choropleth of an indicator or of model coverage by province or district, on the
boundaries valid for the year; click a province to see its districts. Without an indicator in the
link, the one with figures for the most provinces in the view's mode, on its busiest year.

The map is drawn before its controls (into a container above it) and the sidebar switches, from the
controls' session values (pages/_map_ui.read_choices): a new visitor's browser fetches the map's
code first."""

import streamlit as st

from core import maps
from core.i18n import t
from core.map_recipe import MapRecipe
from pages import _map_ui as mu
from pages import _ui as ui

PARAMS = ("indicators", "province")
state, lang = ui.setup("map", PARAMS, sidebar_last=True)
st.title(t("page_map", lang))
if mu.missing_geo(lang):
    ui.save(state, PARAMS)
    st.stop()
cat = ui.catalogue()
controls = st.container()
choices = mu.read_choices(state, cat.codes)


def draw_map() -> None:
    c = choices
    if c.level in ("districts", "province_districts") and not ui.sees_district_detail(c.province, lang):
        return
    if not c.years:  # nothing in this mode: say so (and offer the sample mode) instead of filling in
        ui.render_no_data(t("what_map", lang, indicator=cat[c.code].name(lang) if c.source == "indicator"
                            else t(f"map_measure_{c.code}", lang)))
        return
    recipe = MapRecipe(c.source, c.code, c.level, c.year, c.province, c.mode, c.year_b, c.method, c.k, c.breaks,
                       c.labels, lang, ui.link(state, PARAMS), state.sample)
    try:
        fig, _ = mu.build(recipe)
    except maps.MapUnavailable as exc:
        st.info(exc.message(lang))
        return
    if recipe.opens_districts and c.mode == "single":
        st.caption(t("map_click_hint", lang))
    picked = mu.clicked_code(mu.render_map(fig, key=f"map_{c.level}_{c.mode}"))
    if picked and recipe.opens_districts:
        st.session_state["map_pending"] = {ui.key("map_level"): "province_districts",
                                           ui.key("w_map_province"): picked}
        state.province = picked
        ui.save(state, PARAMS)
        st.rerun()


draw_map()
with controls:
    mu.render_controls(choices, cat, lang)
ui.save(state, PARAMS)
