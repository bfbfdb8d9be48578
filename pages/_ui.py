"""Streamlit helpers shared by every page: view state in the URL, language and 63/34 switches,
notices, cached loading, and the two functions through which everything is drawn:
``render_chart(spec, fig)`` (every chart) and ``render_table(df)`` (every table).

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

import plotly.graph_objects as go
import streamlit as st

from core import fmt, views, warehouse
from core.auth import User, visible_catalogue
from core.catalogue import load_catalogue
from core.charts import ChartSpec, decorate
from core.i18n import LANGS, t
from core.plots import axis_number
from core.urlstate import UNIT_VIEWS, ViewState, convert_provinces, parse_state, to_params
from pages import _load as load
from pages._access import current_user, render_access, session_user
from pages._deck_ui import render_chart_actions
from pages._load import mode, query

COMMON = ("lang", "units", "sample")


def sources(lang: str) -> dict[str, str]:
    """Source titles by id in the language (cached per warehouse build)."""
    return load.load_source_titles(lang)


# --- view state ------------------------------------------------------------------------------------

def _raw_params() -> dict[str, str]:
    return {k: ",".join(st.query_params.get_all(k)) for k in st.query_params}


LANG_FREE = ("lang",)  # the language switch: its label and options read the same in both languages


def key(name: str) -> str:
    """Session key of a widget whose labels depend on the language: one key per language, since
    Streamlit's frontend keeps a keyed widget's old labels when only the labels change (a select
    box would still read "Cả nước" in English). setup() carries values across a switch."""
    lang = st.session_state["view"].lang if "view" in st.session_state else "vi"
    return f"{name}__{lang}"


def _carry_widgets(old: str, new: str) -> None:
    """On a language switch, move every per-language widget value to the new language's key."""
    for name in [k for k in st.session_state if isinstance(k, str) and k.endswith(f"__{old}")]:
        target = name[: -len(old)] + new
        if target not in st.session_state:
            st.session_state[target] = st.session_state[name]
        del st.session_state[name]


def seed(field: str, value) -> str:
    """Widget key for a state field, set from the view when the URL changed from outside (a
    link, a page switch) or the widget is new. Pass no default to the widget."""
    name = f"w_{field}" if field in LANG_FREE else key(f"w_{field}")
    if st.session_state.get("_reseed") or name not in st.session_state:
        st.session_state[name] = value
    return name


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
    raw = _raw_params()
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
        _carry_widgets(drawn, state.lang)
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


def render_sidebar(state: ViewState) -> None:
    """The sidebar switches (language, 63/34; their values were read by setup()) and the access mode."""
    with st.sidebar:
        st.radio(t("language", state.lang), LANGS, key=seed("lang", state.lang), horizontal=True,
                 format_func=lambda code: t(f"lang_{code}", code))
        st.radio(t("units_switch", state.lang), UNIT_VIEWS, key=seed("units", state.units),
                 format_func=lambda u: t(f"reform_{u}", state.lang))
        st.toggle(t("sample_switch", state.lang), key=seed("sample", state.sample),
                  help=t("sample_switch_help", state.lang))
        st.caption(t("mode_sample_caption" if state.sample else "mode_real_caption", state.lang))
    render_access(user(), state.lang)
    render_build(state.lang)


def render_build(lang: str) -> None:
    """Sidebar: which build of the warehouse this page was read from (replicas pick up a newly
    published build at their next query; the id tells builds apart)."""
    info = dict(query("pages/build_info").values.tolist())
    when = info.get("built_at", "")
    st.sidebar.caption(t("build_caption", lang, build=info.get("build_id", "—"),
                         when=f"{fmt.day(when[:10])} {when[11:16]}" if when else "—"))


def save(state: ViewState, params: tuple[str, ...]) -> None:
    """Write the view state into the URL (only this page's parameters plus lang and units)."""
    if st.session_state.pop("_sidebar_pending", False):
        render_sidebar(state)
    st.session_state["view"] = state
    wanted = to_params(state, tuple(dict.fromkeys((*COMMON, *params))))
    if _raw_params() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state["_written"] = wanted
    st.session_state["_reseed"] = False


def link(state: ViewState, params: tuple[str, ...]) -> str:
    """The address that reopens this view."""
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{urlencode(to_params(state, tuple(dict.fromkeys((*COMMON, *params)))))}"


def _open_sample() -> None:
    st.session_state[key("w_sample")] = True


def render_no_data(what: str, *, key_suffix: str = "") -> None:
    """Say that the mode has nothing for this view ("chưa có số liệu thật cho …") instead of filling
    in; in real mode offer the sample mode."""
    lang = st.session_state["view"].lang
    if mode():
        st.info(t("no_sample_data", lang, what=what))
        return
    st.info(t("no_real_data", lang, what=what), icon=":material/info:")
    left, right = st.columns([1, 3], vertical_alignment="center")
    left.button(t("open_sample", lang), key=f"open_sample{key_suffix}", icon=":material/science:",
                on_click=_open_sample)
    link = f"{(st.context.url or '').split('?')[0]}?{urlencode({**_raw_params(), 'sample': '1'})}"
    right.caption(t("sample_link", lang, link=link))  # the same view in sample mode, to share


def allowed():
    """What URL values may name (core.urlstate.Allowed), loaded by setup()."""
    return st.session_state["_allowed"]


def seed_auto(field: str, auto) -> str:
    """Widget key for a choice made from the data (core.defaults): seeded like seed(), and following
    the automatic choice when it changes (another mode, another user's scope) for as long as the
    person has not changed the widget."""
    name = seed(field, auto)
    last = st.session_state.get(f"_auto_{name}")
    if last is not None and last != auto and st.session_state.get(name) == last:
        st.session_state[name] = auto
    st.session_state[f"_auto_{name}"] = auto
    return name


def add_choice(field: str, value, limit: int) -> None:
    """A button's callback: add ``value`` to the choices of the multiselect of state field ``field``
    (seeded by seed()), up to ``limit`` choices."""
    chosen = st.session_state.get(key(f"w_{field}"), [])
    if value not in chosen and len(chosen) < limit:
        st.session_state[key(f"w_{field}")] = [*chosen, value]


def seeded(field: str, value):
    """The value of a state field's widget before the widget is drawn (seeded as seed() does)."""
    return st.session_state[seed(field, value)]


def _period(state: ViewState, label: str | None) -> tuple[int, int] | None:
    first, last = (int(v) for v in query("pages/year_range").iloc[0].fillna(2024))
    lo, hi = state.period or (first, last)
    lo, hi = min(max(lo, first), last), max(min(hi, last), first)
    name = seed("period", (lo, min(max(lo, hi), last)))
    chosen = tuple(st.slider(label, first, last, key=name) if label else st.session_state[name])
    return None if chosen == (first, last) else chosen


def period_value(state: ViewState) -> tuple[int, int] | None:
    """The period slider's value before the slider is drawn; None when all years are chosen."""
    return _period(state, None)


def period_slider(label: str, state: ViewState) -> tuple[int, int] | None:
    """Year range of period_end within the warehouse's years; None when all years are chosen."""
    return _period(state, label)


def user() -> User:
    """The current user (core.auth.User), resolved by setup()."""
    return session_user()


def catalogue():
    """The indicator catalogue as the current user may browse it."""
    return visible_catalogue(load_catalogue(), user())


def stop_unless_district_detail(province_code: str, lang: str) -> None:
    """Stop the page with an explanation when the user's scope excludes this province's districts."""
    if not user().sees_district_detail(province_code):
        st.info(t("access_district_denied", lang))
        st.stop()


# --- drawing ----------------------------------------------------------------------------------------

def render_chart(spec: ChartSpec, fig: go.Figure, *, key: str | None = None, selectable: bool = False):
    """Draw one chart: the figure gets the spec's title, unit, period, source footnote and sample
    mark (core.charts.decorate). Returns the selection event when ``selectable``."""
    decorate(fig, spec)
    _wrap_footer(fig, spec)
    fig.update_layout(**axis_number(spec.lang))
    event = st.plotly_chart(fig, key=key, on_select="rerun" if selectable else "ignore",
                            selection_mode="points", config={"displaylogo": False})
    render_chart_actions(spec, key=key)  # "Thêm vào bộ slide" + PNG/SVG downloads (pages/_deck_ui)
    return event if selectable else None


def _wrap_footer(fig: go.Figure, spec: ChartSpec, width: int = 150) -> None:
    """Break the source/notes footnote into lines (plotly does not wrap) and make room for it."""
    lines, line = [], ""
    for part in spec.footer.split(" · "):
        for word in part.split(" "):
            if line and len(line) + len(word) + 1 > width:
                lines.append(line)
                line = ""
            line = f"{line} {word}" if line else word
        lines.append(line)
        line = ""
    for ann in fig.layout.annotations:
        if ann.text == spec.footer:
            ann.text = "<br>".join(lines)
    fig.update_layout(margin={"b": 70 + 15 * len(lines)})


def render_table(df, *, key: str | None = None, column_config: dict | None = None, height: int | str = "auto",
                 figures: bool = True):
    """Draw a table (values already formatted as printed: '> 2.053', 'chưa có số liệu'). In sample mode
    a table of the warehouse's ``figures`` without its own sample column gets one, every row marked."""
    lang = st.session_state["view"].lang if "view" in st.session_state else "vi"
    if figures and mode() and len(df) and t("col_sample", lang) not in df.columns:
        df = df.assign(**{t("col_sample", lang): t("sample_short", lang)})
    st.dataframe(df, hide_index=True, key=key, column_config=column_config, height=height)


def open_districts(event, state: ViewState) -> None:
    """A click on a province in a chart opens its district view."""
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    codes = [p.get("customdata") for p in points if p.get("customdata")]
    if not codes:
        return
    code = codes[0][0] if isinstance(codes[0], list) else codes[0]
    province = code if state.units == "63" else (views.members_of(code) or [state.province])[0]
    state.province = province
    st.session_state["view"] = state
    st.switch_page("pages/districts.py", query_params=to_params(state, (*COMMON, "province")))
