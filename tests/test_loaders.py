"""The pages' cached loaders (pages/_load): each keeps the signature of the core function it wraps
(so ruff, type checkers and IDEs check the pages' calls), takes the view's mode, and caches per
mode and per user: a cached listing of one mode or one user is never served to another."""

from __future__ import annotations

import inspect

from streamlit.testing.v1 import AppTest

from core.catalogue import load_catalogue
from pages import _load as load
from tests.conftest import db_rows


def test_every_loader_keeps_the_signature_of_what_it_wraps():
    wrapped = {name: f for name, f in vars(load).items() if callable(f) and hasattr(f, "__wrapped__")}
    assert {"load_province_figures", "load_figures_sources", "load_completeness", "compare_view",
            "load_map_values"} <= set(wrapped)
    for name, f in wrapped.items():
        assert inspect.signature(f) == inspect.signature(f.__wrapped__), name
        assert f.__doc__ == f.__wrapped__.__doc__, name


def _listing_per_mode_and_user():  # AppTest script: one listing in both modes and for two users
    import streamlit as st

    from core.auth import User
    from core.catalogue import load_catalogue
    from core.urlstate import ViewState
    from pages import _load as load

    admin, signed_out = User.command_line(), User(mode="signed_out")
    out = {}
    for sample in (False, True):
        st.session_state["view"] = ViewState(sample=sample)
        rows = load.load_province_figures(("62", "11", "40"), ("campaign_launches",), "63", user=admin)
        out[f"sample_{sample}"] = sorted(set(rows.is_sample[rows.value.notna()]))
    st.session_state["view"] = ViewState(sample=False)
    for name, user in (("admin", admin), ("signed_out", signed_out), ("admin_again", admin)):
        rows = load.load_figures_sources(tuple(load_catalogue().codes), "", "", "", "vi", user=user)
        out[name] = len(rows)
    st.session_state["out"] = out


def test_a_cached_listing_follows_the_mode_and_the_user(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_function(_listing_per_mode_and_user, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    out = at.session_state["out"]
    assert out["sample_False"] == [False] and out["sample_True"] == [True]  # each mode its own rows
    sensitive = [i.code for i in load_catalogue() if i.sensitive]
    hidden = db_rows(warehouse, "SELECT count(*) FROM observations WHERE NOT is_sample AND (length(unit_code) > 2 "
                                "OR list_contains($codes, indicator_code))", {"codes": sensitive})[0][0]
    assert hidden > 0  # the real figures hold rows a signed-out visitor may not list
    assert out["signed_out"] < out["admin"] == out["admin_again"]  # signed out: no sensitive, no district rows
