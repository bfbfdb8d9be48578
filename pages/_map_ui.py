"""Streamlit helpers of the map page: cached boundary shapes, building the view from its recipe
(core.map_recipe, with the cached loaders of pages/_load), drawing it, reading a click."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core import geo, map_recipe
from core.charts import ChartSpec
from core.i18n import t
from core.map_recipe import MapRecipe
from pages import _deck_ui as deck_ui
from pages import _load as load
from pages._access import session_user


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


def build(recipe: MapRecipe) -> tuple[go.Figure, ChartSpec]:
    """The figure and spec of the current view (single year, play over years, pair, change), from the
    cached shapes and values; the recipe is kept so the deck and image buttons redraw this view at 16:9."""
    st.session_state[deck_ui.MAP_RECIPE] = recipe.to_dict()
    return map_recipe.make_map(recipe, user=session_user(), shapes=shapes, values=load.load_map_values,
                               years=load.map_years)


def render_map(fig, key: str):
    """Draw a map at its own size (labels are placed for it) with click selection."""
    event = st.plotly_chart(fig, key=key, width="content", on_select="rerun", selection_mode="points",
                            config={"displaylogo": False, "scrollZoom": False,
                                    "modeBarButtonsToRemove": ["zoomInMap", "zoomOutMap", "resetViewMap", "pan2d"]})
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
