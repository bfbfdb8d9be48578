"""Streamlit helpers of the map page: cached shapes and values, building and drawing maps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import geo, maps
from core.i18n import t
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


def values(source: str, code: str, year: int, vintage: str, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """Values of the view's mode (real figures or sample data) as the current user may see them
    (core.access, through maps.load_values)."""
    return load.load_map_values(source, code, int(year), vintage, lang, user=session_user())


def missing_geo(lang: str) -> bool:
    """Say how to get the boundary files when they are absent; True when they are."""
    gone = [geo.LAYERS[v].stem for v, ok in geo.available().items() if not ok]
    if gone:
        st.info(t("map_geo_missing", lang, files=", ".join(gone)))
    return bool(gone)


def build(source: str, code: str, level: str, province: str | None, year: int, mode: str, year_b: int | None,
          method: str, k: int, breaks: list[float] | None, labels: bool, lang: str, link: str):
    """The figure and spec of the current view (single year, play over years, pair, change)."""
    st.session_state[deck_ui.MAP_RECIPE] = {  # lets the slide helper redraw this view at 16:9, in its mode
        "source": source, "code": code, "level": level, "province": province, "year": int(year), "mode": mode,
        "year_b": year_b, "method": method, "k": k, "breaks": breaks, "labels": labels, "lang": lang, "link": link,
        "sample": load.mode()}
    vintage, scope = maps.layer_for(level, year, province)
    sh = shapes(vintage, scope)
    vals, notes = values(source, code, year, vintage, lang)
    text = maps.map_text(source, code, year, level, vintage, province, lang, vals, link)
    if mode == "play":
        all_years = [y for y in load.map_years(source, code, level) if maps.layer_for(level, y, province)[0] == vintage]
        by_year = {y: values(source, code, y, vintage, lang)[0] for y in all_years}
        text.period = t("map_years_range", lang, a=all_years[0], b=all_years[-1])
        return maps.make_map_animation(sh, by_year, text, lang, method, k, breaks, labels, notes=notes)
    if mode in ("pair", "change") and year_b is not None:
        vintage_b, scope_b = maps.layer_for(level, year_b, province)
        vals_b, notes_b = values(source, code, year_b, vintage_b, lang)
        if mode == "change" and vintage_b == vintage:
            change = maps.change_values(vals_b, vals) if year_b < year else maps.change_values(vals, vals_b)
            a, b = sorted((year, year_b))
            text = maps.map_text(source, code, f"{a} → {b}", level, vintage, province, lang, vals, link, change=True)
            text.title = t("map_title_change", lang, name=text.title, a=a, b=b)
            return maps.make_map_figure(sh, change, text, lang, method, k, breaks, labels=labels, diverging=True)
        (ya, sa, va), (yb, sb, vb) = sorted([(year, sh, vals), (year_b, shapes(vintage_b, scope_b), vals_b)],
                                            key=lambda x: x[0])
        text.period = f"{ya}, {yb}"
        return maps.make_map_pair(sa, va, sb, vb, (t("map_year_caption", lang, year=ya),
                                                   t("map_year_caption", lang, year=yb)),
                                  text, lang, method, k, breaks, notes=list(dict.fromkeys(notes + notes_b)))
    return maps.make_map_figure(sh, vals, text, lang, method, k, breaks, labels=labels, notes=notes)


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
