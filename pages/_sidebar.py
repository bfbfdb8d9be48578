"""The sidebar of every page: the language, 63/34 and sample-data switches (their values are read
by pages/_ui.setup), the access mode, and which build of the warehouse the page was read from."""

from __future__ import annotations

import streamlit as st

from core import overview
from core.i18n import LANGS, t
from core.urlstate import UNIT_VIEWS, ViewState
from pages._access import render_access, session_user
from pages._load import query
from pages._widgets import seed


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
    render_access(session_user(), state.lang)
    render_build(state.lang)


def render_build(lang: str) -> None:
    """Sidebar: which build of the warehouse this page was read from (replicas pick up a newly
    published build at their next query; the id tells builds apart)."""
    info = dict(query("pages/build_info").values.tolist())
    st.sidebar.caption(t("build_caption", lang, build=info.get("build_id", "—"),
                         when=overview.built_text(info.get("built_at", ""))))
