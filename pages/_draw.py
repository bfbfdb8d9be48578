"""Drawing for every page: ``render_chart(spec, fig)`` (every chart: title, unit, period, source
footnote and sample mark from the spec, then the deck and image actions under it), ``render_table``
(every table; the sample column in sample mode) and ``render_table_on_demand`` (a chart page's table, drawn
once its box is opened), the notice of a view without figures in the mode,
and a click on a province opening its districts."""

from __future__ import annotations

from urllib.parse import urlencode

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from core import fmt, views
from core.charts import ChartSpec, decorate, wrap_footer
from core.i18n import t
from core.plots import axis_number
from core.urlstate import ViewState, to_params
from pages import _widgets as widgets
from pages._deck_ui import render_chart_actions
from pages._load import mode
from pages._widgets import COMMON, url_params, view_lang

FOOTER_CHARS = 150  # characters per line of a chart's footnote in the browser
# st.plotly_chart serialises every figure with plotly's default JSON engine, which is orjson whenever that
# happens to be installed: there its pass over the figure in Python makes a map's 280 kB 3-4× slower to
# serialise (≈ 80 against 22 ms) on every rerun. The standard library's engine, whatever is installed.
pio.json.config.default_engine = "json"


def _open_sample() -> None:
    st.session_state[widgets.key("w_sample")] = True


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
    link = f"{(st.context.url or '').split('?')[0]}?{urlencode({**url_params(), 'sample': '1'})}"
    right.caption(t("sample_link", lang, link=link))  # the same view in sample mode, to share


def render_chart(spec: ChartSpec, fig: go.Figure, *, key: str | None = None, selectable: bool = False):
    """Draw one chart: the figure gets the spec's title, unit, period, source footnote and sample
    mark (core.charts.decorate). Returns the selection event when ``selectable``."""
    decorate(fig, spec)
    fig.update_layout(margin={"b": 70 + 15 * wrap_footer(fig, spec.footer, FOOTER_CHARS)})
    fig.update_layout(**axis_number(spec.lang))
    event = st.plotly_chart(fig, key=key, on_select="rerun" if selectable else "ignore",
                            selection_mode="points", config={"displaylogo": False})
    render_chart_actions(spec, key=key)  # "Thêm vào bộ slide" + PNG/SVG downloads (pages/_deck_ui)
    return event if selectable else None


def render_table(df, *, key: str | None = None, column_config: dict | None = None, height: int | str = "auto",
                 figures: bool = True):
    """Draw a table (values already formatted as printed: '> 2.053', 'chưa có số liệu'). In sample mode
    a table of the warehouse's ``figures`` without its own sample column gets one, every row marked."""
    lang = view_lang()
    if figures and mode() and len(df) and t("col_sample", lang) not in df.columns:
        df = df.assign(**{t("col_sample", lang): t("sample_short", lang)})
    st.dataframe(df, hide_index=True, key=key, column_config=column_config, height=height)


def render_table_on_demand(df, label_key: str, *, key: str, **kwargs) -> None:
    """A table in a closed box that draws it only once opened (its key: ``<key>_open``): on a chart page
    the data grid's code costs a new visitor's browser more than the rest of the page, and the chart is
    what the visitor came for. The label (string ``label_key``) says what the box holds and how many rows."""
    lang = view_lang()
    box = opened_box(t(label_key, lang, n=fmt.number(len(df), lang)), key=f"{key}_open", icon=":material/table_chart:")
    if box:
        with box:
            render_table(df, key=key, **kwargs)


def opened_box(label: str, *, key: str, icon: str | None = None):
    """A closed box (expander) that reruns the page when opened; returns it to draw into once it is
    open, else None: what a closed box holds costs the visitor's browser nothing."""
    box = st.expander(label, key=key, on_change="rerun", icon=icon)
    return box if box.open else None


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
