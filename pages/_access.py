"""Streamlit side of access control: the current user and the notice of the mode."""

from __future__ import annotations

import streamlit as st

from core.auth import AccessConfigError, User, resolve_user
from core.i18n import t


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return {}
    except Exception:  # a malformed secrets.toml: run read-only rather than expose anything
        return {}


def current_user() -> User:
    """The signed-in user (or local read-only mode when sign-in is not configured)."""
    try:
        return resolve_user(_secrets(), st.user.to_dict())
    except AccessConfigError as exc:
        st.error(str(exc))
        return User(mode="signed_out")


def session_user() -> User:
    """The user resolved by this run's page set-up (pages/_ui.setup), else resolved now."""
    return st.session_state.get("_user") or current_user()


def render_access(user: User, lang: str) -> None:
    """Sidebar: the mode (read-only / signed out / who is signed in) and sign-in/out buttons."""
    with st.sidebar:
        if user.mode == "local":
            st.caption(t("mode_local", lang))
        elif user.mode == "signed_out":
            st.caption(t("mode_signed_out", lang))
            if st.button(t("sign_in", lang), key="sign_in"):
                st.login()
        else:
            scope = t("scope_province", lang, province=user.province) if user.province else ""
            st.caption(t("signed_in_as", lang, name=user.name, role=user.role, scope=scope))
            if st.button(t("sign_out", lang), key="sign_out"):
                st.logout()
