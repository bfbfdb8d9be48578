"""The one module a page imports for its frame: view state in the URL (refused values become
notices), the sidebar (pages/_sidebar: language, 63/34 and sample-data switches), the current user
and catalogue; with the widget seeding of pages/_widgets and the drawing of pages/_draw
(``render_chart(spec, fig)``: every chart; ``render_table(df)``: every table) under the same name.
Loading: pages/_load.

A page does::

    state, lang = ui.setup("compare", PARAMS)     # sidebar switches, URL → state, notices
    ... widgets: st.multiselect(..., key=ui.seed("provinces", state.provinces)) ...
    ui.render_chart(spec, fig)
    ui.save(state, PARAMS)                        # state → URL (a copied link reopens the view)

The mode (real figures or sample data, core.mode) is decided here once per run, from the link or
the sidebar switch; the cached loaders of pages/_load pass it to every loader and SQL file that
takes it (``sample`` / ``$sample``), so a page cannot mix the two.
"""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from core import warehouse
from core.auth import User, visible_catalogue
from core.catalogue import load_catalogue
from core.i18n import t
from core.urlstate import ViewState, convert_provinces, parse_state, to_params
from pages import _load as load
from pages._access import current_user, session_user
from pages._draw import (  # noqa: F401
    open_districts,
    opened_box,
    render_chart,
    render_no_data,
    render_table,
    render_table_on_demand,
)
from pages._load import query
from pages._sidebar import render_sidebar
from pages._widgets import (  # noqa: F401  (pages use them as ui.<name>)
    COMMON,
    add_choice,
    carry_widgets,
    key,
    period_slider,
    period_value,
    seed,
    seed_auto,
    seeded,
    url_params,
)


def sources(lang: str) -> dict[str, str]:
    """Source titles by id in the language (cached per warehouse build)."""
    return load.load_source_titles(lang)


# --- view state ------------------------------------------------------------------------------------

def _leave_pages_directory_mode() -> None:
    """Streamlit picks its old 'pages/ directory' mode for a server's first request when a
    pages/ folder sits beside the main script, and then never runs dashboard.py's st.navigation.
    Leave that mode once (one extra rerun per server process) so every page is routed by
    dashboard.py with its titles, icons and URL paths."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup(page: str, params: tuple[str, ...], sidebar_last: bool = False, figures: bool = True
          ) -> tuple[ViewState, str]:
    """Read the URL into the view state (refused values → default + notice), draw the sidebar
    switches (language, 63/34, sample data), and stop with a message when there is no warehouse.
    With sidebar_last the switches are drawn by save() instead, after the page's charts: a new
    visitor's browser then fetches the chart code first (the page must reach save()). A page
    showing the warehouse's ``figures`` says so in sample mode (a banner); pages of the person's own
    input (review, import) pass figures=False."""
    _leave_pages_directory_mode()
    raw = url_params()
    base = st.session_state.get("view") or ViewState()
    st.session_state["_user"] = current_user()
    try:
        has_real = bool(query("pages/has_real").has_real.iloc[0])  # the default mode (core.mode)
        allowed = load.allowed(None, frozenset(sources("vi")), has_real)
        allowed = replace(allowed, indicators=allowed.indicators & frozenset(catalogue().codes))
    except warehouse.WarehouseMissing as exc:  # absent, or built by other code
        outdated = isinstance(exc, warehouse.WarehouseOutdated)
        st.error(t("warehouse_outdated" if outdated else "warehouse_missing", base.lang))
        st.stop()
    # from outside (a link, a page switch): neither the URL a run of this session took in nor the one it
    # wrote. A rerun that overtakes save() or its URL update (a quick first click) is not from outside.
    external = bool(raw) and raw not in (st.session_state.get("_taken"), st.session_state.get("_written"))
    notices = []
    if external or "view" not in st.session_state:
        state, notices = parse_state(raw, allowed, base=base)
    else:
        state = base.copy()
    state.indicators = [c for c in state.indicators if c in allowed.indicators]  # [] = chosen from the data
    st.session_state["_reseed"] = external or "view" not in st.session_state
    st.session_state["_taken"] = raw
    st.session_state["view"] = state
    st.session_state["_allowed"] = allowed

    sample = seeded("sample", state.sample)
    if sample != state.sample:  # the sidebar switch changed the mode: choose the view's defaults anew
        state.sample = sample
        state.indicators, state.norm, state.province = [], "", ""
        st.session_state["_reseed"] = True
    state.lang, units = seeded("lang", state.lang), seeded("units", state.units)
    drawn = st.session_state.get("_lang_drawn")
    if drawn and drawn != state.lang:
        carry_widgets(drawn, state.lang)
    st.session_state["_lang_drawn"] = state.lang
    if units != state.units:
        state.units = units
        state.provinces = convert_provinces(state.provinces, units, allowed)
        st.session_state[key("w_provinces")] = state.provinces
        state.scope = "all"
        st.session_state[key("w_scope")] = "all"
    st.session_state["_sidebar_pending"] = sidebar_last  # drawn by save(), after the page's charts
    if not sidebar_last:
        render_sidebar(state)
    for n in notices:
        st.warning(t("url_notice", state.lang, param=n.param, value=n.value, reason=t(n.reason, state.lang)))
    if state.sample and figures:
        st.warning(t("mode_sample_banner", state.lang), icon=":material/science:")
    st.session_state["_page"] = page
    return state, state.lang


def save(state: ViewState, params: tuple[str, ...]) -> None:
    """Write the view state into the URL (only this page's parameters plus lang and units)."""
    if st.session_state.pop("_sidebar_pending", False):
        render_sidebar(state)
    st.session_state["view"] = state
    wanted = to_params(state, tuple(dict.fromkeys((*COMMON, *params))))
    if url_params() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state["_written"] = wanted
    st.session_state["_reseed"] = False


def link(state: ViewState, params: tuple[str, ...]) -> str:
    """The address that reopens this view."""
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(to_params(state, tuple(dict.fromkeys((*COMMON, *params)))))}"


def allowed():
    """What URL values may name (core.urlstate.Allowed), loaded by setup()."""
    return st.session_state["_allowed"]


def user() -> User:
    """The current user (core.auth.User), resolved by setup()."""
    return session_user()


def catalogue():
    """The indicator catalogue as the current user may browse it."""
    return visible_catalogue(load_catalogue(), user())


def sees_district_detail(province_code: str | None, lang: str) -> bool:
    """Whether the user's scope includes this province's districts (None: every province's); when not,
    say so (the page draws its controls still)."""
    if user().sees_district_detail(province_code):
        return True
    st.info(t("access_district_denied", lang))
    return False
