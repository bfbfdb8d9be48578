"""Streamlit helpers of the map page: cached boundary shapes, building the view from its recipe
(core.map_recipe, with the cached loaders of pages/_load), drawing it, reading a click."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from core import geo, map_recipe, maps, serving, views
from core.charts import ChartSpec
from core.i18n import t
from core.map_recipe import MapRecipe
from core.urlstate import ViewState
from pages import _deck_ui as deck_ui
from pages import _load as load
from pages import _widgets as widgets
from pages._access import session_user
from pages._draw import opened_box


def _geo_key(vintage: str) -> tuple:
    path = geo.layer_path(vintage)
    return (str(path), path.stat().st_mtime_ns) if path else ("", 0)


@st.cache_resource(show_spinner=False, max_entries=96)
def _shapes(vintage: str, scope: str, key: tuple) -> geo.Shapes:
    return geo.load_shapes(vintage, scope)


def shapes(vintage: str, scope: str) -> geo.Shapes:
    """Simplified shapes, prepared once per boundary file version (not per rerun)."""
    return _shapes(vintage, scope, _geo_key(vintage))


def missing_geo(lang: str) -> bool:
    """Say how to get the boundary files when they are absent; True when they are."""
    gone = [geo.LAYERS[v].stem for v, ok in geo.available().items() if not ok]
    if gone:
        st.info(t("map_geo_missing", lang, files=", ".join(gone)))
    return bool(gone)


@dataclass
class Choices:
    """The map page's controls as this run reads them, before they are drawn (the map is drawn first)."""

    source: str
    code: str
    level: str
    province: str | None
    years: list[int]
    year: int | None
    mode: str
    year_b: int | None
    method: str
    k: int
    breaks: tuple[float, ...] | None
    labels: bool
    coverage_missing: bool = False  # coverage asked for, but the warehouse has none: the indicator map
    bad_breaks: str | None = None  # manual breaks that do not parse (quantiles used)


def _valid(name: str, options: list, default):
    """The session value of widget ``name`` if it is one of ``options``, else ``default`` (stored)."""
    ss = st.session_state
    if ss.get(name) not in options:
        ss[name] = default if default in options else options[0]
    return ss[name]


def read_choices(state: ViewState, codes: list[str]) -> Choices:
    """The controls' values from the session (seeded from the link, defaults from the data), checked
    against their options, so the map can be drawn before the controls (render_controls)."""
    ss = st.session_state
    key = widgets.key
    keep_display_choices()
    source = _valid(key("map_source"), list(map_recipe.SOURCES), "indicator")
    missing = source == "coverage" and not load.has_coverage()
    if missing:
        source = "indicator"
    if source == "indicator":
        first = state.indicators[0] if state.indicators else load.map_view()
        code = widgets.seeded("map_indicator", first)
        if code not in codes:
            code = ss[key("w_map_indicator")] = first if first in codes else codes[0]
        state.indicators = [code, *[c for c in state.indicators if c != code]][:12]
    else:
        code = _valid(key("map_measure"), list(maps.COVERAGE_MEASURES), next(iter(maps.COVERAGE_MEASURES)))
    ss.update(ss.pop("map_pending", {}))  # a click on the map (previous run) drills into a province
    level = _valid(key("map_level"), list(maps.LEVELS), "provinces34" if state.units == "34" else "provinces")
    province = None
    if level == "province_districts":
        state.province = state.province or load.district_view("")[0]
        province = state.province = widgets.seeded("map_province", state.province)
    years = load.map_years(source, code, level)
    year = None
    if years:
        if ss.get("map_year") not in years:
            ss["map_year"] = load.map_default_year(source, code, level, years)
        year = int(ss["map_year"])
    mode = _valid(key("map_mode"), map_recipe.modes_for(source), "single")
    year_b = None
    if mode in ("pair", "change") and years:
        others = [y for y in years if y != year] or years
        year_b = int(_valid("map_year_b", others, others[0]))
    method = _valid(key("map_method"), list(maps.METHODS), maps.METHODS[0])
    k = int(_valid("map_k", list(range(3, 8)), 5))
    labels = bool(ss.setdefault("map_labels_on", True))
    breaks, bad = None, None
    if method == "manual":
        text = ss.setdefault("map_breaks_text", "")
        try:
            breaks = tuple(maps.parse_breaks(text))
        except ValueError:
            bad, method = text, "quantiles"
    return Choices(source, code, level, province, years, year, mode, year_b, method, k, breaks, labels, missing, bad)


DISPLAY_OPEN = "map_display_open"  # session key of the closed box of display options


def _display_keys() -> tuple[str, ...]:
    """Session keys of the widgets in the box of display options (per language where labelled so)."""
    key = widgets.key
    return (key("map_mode"), "map_year_b", key("map_method"), "map_k", "map_breaks_text", "map_labels_on")


def keep_display_choices() -> None:
    """Keep the box's values while it is closed: Streamlit forgets a widget's value in a run that does
    not draw it, so each is set again as a session value before the box may be drawn."""
    ss = st.session_state
    for name in _display_keys():
        if name in ss:
            ss[name] = ss[name]


def render_controls(c: Choices, cat, lang: str) -> None:
    """The map's controls, with the values read_choices() took (each widget's session key holds it): what
    to map, at which level and year in the open; how to draw it (mode, classes, labels) in a closed box
    (its widgets cost a new visitor's browser nothing until opened; the map's title and legend say what is
    in force). The box's label stays the same whatever is chosen in it: a new label would close it."""
    ss = st.session_state
    key = widgets.key
    c1, c2 = st.columns([1, 2])
    c1.radio(t("map_source_kind", lang), map_recipe.SOURCES, key=key("map_source"), horizontal=True,
             format_func=lambda s: t(f"map_kind_{s}", lang))
    if c.coverage_missing:
        st.info(t("map_coverage_missing", lang))
    if c.source == "indicator":
        c2.selectbox(t("map_indicator", lang), cat.codes, key=key("w_map_indicator"),
                     format_func=lambda code: f"{cat[code].name(lang)} ({cat[code].unit(lang)})")
    else:
        c2.selectbox(t("map_measure", lang), list(maps.COVERAGE_MEASURES), key=key("map_measure"),
                     format_func=lambda m: t(f"map_measure_{m}", lang))
    c1, c2 = st.columns([1, 2])
    c1.selectbox(t("map_level", lang), maps.LEVELS, key=key("map_level"),
                 format_func=lambda lv: t(f"map_level_{lv}", lang))
    if c.level == "province_districts":
        c2.selectbox(t("map_province", lang), list(views.provinces("63").index), key=key("w_map_province"),
                     format_func=partial(views.unit_name, vintage="63", lang=lang))
        c2.button(t("map_back", lang), on_click=lambda: ss.update({key("map_level"): "provinces"}))
    if len(c.years) > 1:
        c2.select_slider(t("map_year", lang), c.years, key="map_year")
    if c.bad_breaks is not None:
        st.warning(t("map_breaks_bad", lang, text=c.bad_breaks))
    box = opened_box(t("map_display_box", lang), key=DISPLAY_OPEN, icon=":material/tune:")
    if box is not None:
        with box:
            _render_display(c, lang)


def _render_display(c: Choices, lang: str) -> None:
    """The box of display options: mode (one year, play, two years, change), the second year, the
    classification, its classes or manual breaks, and the labels."""
    key = widgets.key
    c1, c2, c3, c4 = st.columns([2, 2, 1, 2])
    c1.radio(t("map_mode", lang), map_recipe.modes_for(c.source), key=key("map_mode"),
             format_func=lambda m: t(f"map_mode_{m}", lang))
    if c.year_b is not None:
        c1.selectbox(t("map_year_b", lang), [y for y in c.years if y != c.year] or c.years, key="map_year_b")
    c2.selectbox(t("map_method", lang), maps.METHODS, key=key("map_method"),
                 format_func=lambda m: t(f"map_method_{m}", lang))
    c3.slider(t("map_classes", lang), 3, 7, key="map_k")
    if st.session_state.get(key("map_method")) == "manual":
        c2.text_input(t("map_breaks", lang), key="map_breaks_text")
    c4.checkbox(t("map_labels", lang), key="map_labels_on")


@st.cache_resource(show_spinner=False, max_entries=24)
def _figure(recipe: MapRecipe, user, key: tuple) -> tuple[go.Figure, ChartSpec, dict[str, bytes]]:
    fig, spec = map_recipe.make_map(recipe, user=user, shapes=shapes, values=load.load_map_values,
                                    years=load.map_years)
    return fig, spec, shapes_by_url(fig)


def shapes_by_url(fig: go.Figure) -> dict[str, bytes]:
    """Replace each area trace's GeoJSON by the URL core.serving answers it at; returns {URL: body} to
    keep in the store (the figure drawn in the browser then names its shapes instead of carrying them)."""
    bodies: dict[str, bytes] = {}
    for trace in fig.data:
        if trace.type == "choropleth" and isinstance(trace.geojson, dict):
            url, body = serving.GeoJsonStore.encode(trace.geojson)
            bodies[url] = body
            trace.geojson = url
    return bodies


def _serve_shapes(bodies: dict[str, bytes]) -> None:
    for url, body in bodies.items():
        serving.GEOJSON.keep(url, body)


def name_shapes(fig: go.Figure) -> go.Figure:
    """A freshly built figure that will be drawn on a page: its shapes named by URL and kept to be served."""
    _serve_shapes(shapes_by_url(fig))
    return fig


def build(recipe: MapRecipe) -> tuple[go.Figure, ChartSpec]:
    """The figure and spec of the current view (single year, play over years, pair, change), from the
    cached shapes and values; the recipe is kept so the deck and image buttons redraw this view at 16:9
    (with the shapes inline: the figure drawn here names its shapes by URL, core.serving.GeoJsonStore).
    Built once per view, user, warehouse build and boundary files and shared by every session (the
    default map of a build is built for its first visitor only, a control switched back costs no
    rebuild); callers must not change the figure."""
    st.session_state[deck_ui.MAP_RECIPE] = recipe.to_dict()
    key = (load.warehouse_key(), *(_geo_key(v) for v in geo.LAYERS))
    fig, spec, bodies = _figure(recipe, session_user(), key)
    _serve_shapes(bodies)  # again at each draw: the store may have let them go
    return fig, spec


def render_map(fig, key: str):
    """Draw a map at its own size (labels are placed for it) with click selection."""
    event = st.plotly_chart(fig, key=key, width="content", on_select="rerun", selection_mode="points",
                            config=maps.PLOT_CONFIG)
    deck_ui.render_map_actions(key)  # "Thêm vào bộ slide" + PNG/SVG downloads (pages/_deck_ui)
    return event


def clicked_code(event) -> str | None:
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list) and len(data) >= 6:
            return str(data[5])
        if p.get("location"):
            return str(p["location"])
    return None
