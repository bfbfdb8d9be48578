"""Bản đồ / Map: choropleth of an indicator or of model coverage by province or district, on the
boundaries valid for the year; click a province to see its districts. Without an indicator in the
link, the one with figures for the most provinces in the view's mode, on its busiest year."""

from functools import partial

import streamlit as st

from core import map_recipe, maps, views
from core.i18n import t
from core.map_recipe import MapRecipe
from pages import _load as load
from pages import _map_ui as mu
from pages import _ui as ui

PARAMS = ("indicators", "province")
state, lang = ui.setup("map", PARAMS)
st.title(t("page_map", lang))
if mu.missing_geo(lang):
    st.stop()
cat = ui.catalogue()
ss = st.session_state

c1, c2 = st.columns([1, 2])
source = c1.radio(t("map_source_kind", lang), map_recipe.SOURCES, key=ui.key("map_source"), horizontal=True,
                  format_func=lambda s: t(f"map_kind_{s}", lang))
if source == "coverage" and not load.has_coverage():
    st.info(t("map_coverage_missing", lang))
    source = "indicator"
if source == "indicator":
    first = state.indicators[0] if state.indicators else load.map_view()
    code = c2.selectbox(t("map_indicator", lang), cat.codes, key=ui.seed("map_indicator", first),
                        format_func=lambda c: f"{cat[c].name(lang)} ({cat[c].unit(lang)})")
    state.indicators = [code, *[c for c in state.indicators if c != code]][:12]
else:
    code = c2.selectbox(t("map_measure", lang), list(maps.COVERAGE_MEASURES), key=ui.key("map_measure"),
                        format_func=lambda m: t(f"map_measure_{m}", lang))

c1, c2 = st.columns([1, 2])
if ui.key("map_level") not in ss:
    ss[ui.key("map_level")] = "provinces34" if state.units == "34" else "provinces"
ss.update(ss.pop("map_pending", {}))  # a click on the map (previous run) drills into a province
level = c1.selectbox(t("map_level", lang), maps.LEVELS, key=ui.key("map_level"),
                     format_func=lambda lv: t(f"map_level_{lv}", lang))
province = None
if level == "province_districts":
    state.province = state.province or load.district_view("")[0]
    province = state.province = c2.selectbox(t("map_province", lang), list(views.provinces("63").index),
                                             key=ui.seed("map_province", state.province),
                                             format_func=partial(views.unit_name, vintage="63", lang=lang))
    c2.button(t("map_back", lang), on_click=lambda: ss.update({ui.key("map_level"): "provinces"}))
if level in ("districts", "province_districts"):
    ui.stop_unless_district_detail(province, lang)  # None: every province's districts

years = load.map_years(source, code, level)
if not years:  # nothing in this mode: say so (and offer the sample mode) instead of filling in
    ui.render_no_data(t("what_map", lang, indicator=cat[code].name(lang) if source == "indicator"
                        else t(f"map_measure_{code}", lang)))
    ui.save(state, PARAMS)
    st.stop()
if ss.get("map_year") not in years:
    ss["map_year"] = load.map_default_year(source, code, level, years)
year = c2.select_slider(t("map_year", lang), years, key="map_year") if len(years) > 1 else years[0]

c1, c2, c3, c4 = st.columns([2, 2, 1, 2])
mode = c1.radio(t("map_mode", lang), map_recipe.modes_for(source), key=ui.key("map_mode"),
                format_func=lambda m: t(f"map_mode_{m}", lang))
year_b = None
if mode in ("pair", "change"):
    others = [y for y in years if y != year] or years
    year_b = c1.selectbox(t("map_year_b", lang), others, index=0, key="map_year_b")
method = c2.selectbox(t("map_method", lang), maps.METHODS, key=ui.key("map_method"),
                      format_func=lambda m: t(f"map_method_{m}", lang))
k = c3.slider(t("map_classes", lang), 3, 7, 5, key="map_k")
breaks = None
if method == "manual":
    text = c2.text_input(t("map_breaks", lang), key="map_breaks_text")
    try:
        breaks = maps.parse_breaks(text)
    except ValueError:
        st.warning(t("map_breaks_bad", lang, text=text))
        method = "quantiles"
labels = c4.checkbox(t("map_labels", lang), value=True, key="map_labels_on")

recipe = MapRecipe(source, code, level, int(year), province, mode, year_b, method, k,
                   tuple(breaks) if breaks is not None else None, labels, lang, ui.link(state, PARAMS), state.sample)
try:
    fig, spec = mu.build(recipe)
except maps.MapUnavailable as exc:
    st.info(exc.message(lang))
    ui.save(state, PARAMS)
    st.stop()

if recipe.opens_districts and mode == "single":
    st.caption(t("map_click_hint", lang))
event = mu.render_map(fig, key=f"map_{level}_{mode}")
picked = mu.clicked_code(event)
if picked and recipe.opens_districts:
    ss["map_pending"] = {ui.key("map_level"): "province_districts", ui.key("w_map_province"): picked}
    state.province = picked
    ui.save(state, PARAMS)
    st.rerun()
ui.save(state, PARAMS)
