"""Widgets of the view state: each state field's widget gets a session key seeded from the view
(``seed``: when the URL changed from outside or the widget is new), one key per language for widgets
whose labels depend on it (``key``), the period slider within the warehouse's years, and the URL's
parameters. Pages reach these through pages/_ui."""

from __future__ import annotations

import streamlit as st

from core.urlstate import ViewState
from pages._load import year_range

COMMON = ("lang", "units", "sample")  # URL parameters of every page


def url_params() -> dict[str, str]:
    """The page's URL parameters, a value list joined by commas."""
    return {k: ",".join(st.query_params.get_all(k)) for k in st.query_params}


LANG_FREE = ("lang",)  # the language switch: its label and options read the same in both languages


def view_lang() -> str:
    """The language of this session's view ("vi" before setup() has made one)."""
    return st.session_state["view"].lang if "view" in st.session_state else "vi"


def key(name: str) -> str:
    """Session key of a widget whose labels depend on the language: one key per language, since
    Streamlit's frontend keeps a keyed widget's old labels when only the labels change (a select
    box would still read "Cả nước" in English). setup() carries values across a switch."""
    return f"{name}__{view_lang()}"


def carry_widgets(old: str, new: str) -> None:
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
    first, last = year_range()
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


