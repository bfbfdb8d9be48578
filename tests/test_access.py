"""The one access rule (core.access) on every listing, per role: the indicators & sources page, its
CSV and Excel downloads, the districts page, the map's district layers and the province figures
show district (and commune) figures only within the user's scope and sensitive indicators only
to users who see them. Writes are covered by tests/test_review_page.py and tests/test_imports.py."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import access, maps, views
from core.auth import User, resolve_user
from core.catalogue import load_catalogue
from core.excel import to_csv_bytes, to_excel_bytes
from tests.conftest import open_tables

AUTH = {"client_id": "antq", "client_secret": "s", "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "c", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
ACCESS = {"default_role": "viewer", "users": {"na@ca.gov.vn": {"role": "editor", "province": "40"},
                                              "boss@bca.gov.vn": {"role": "admin"},
                                              "kt@ca.gov.vn": {"role": "viewer", "province": "62"}}}
ROLES = {  # st.user as the tests give it; None = sign-in not configured (local mode)
    "local": None,
    "signed_out": {"is_logged_in": False},
    "viewer": {"is_logged_in": True, "email": "someone@x.vn"},
    "viewer_62": {"is_logged_in": True, "email": "kt@ca.gov.vn"},
    "editor_40": {"is_logged_in": True, "email": "na@ca.gov.vn"},
    "admin": {"is_logged_in": True, "email": "boss@bca.gov.vn"},
}
# which provinces' district rows each role may list (None = every province), and sensitive indicators
DETAIL = {"local": None, "signed_out": set(), "viewer": None, "viewer_62": {"62"}, "editor_40": {"40"}, "admin": None}
SENSITIVE = {"local": True, "signed_out": False, "viewer": True, "viewer_62": True, "editor_40": True, "admin": True}
SENSITIVE_NAMES = {i.name_vi for i in load_catalogue() if i.sensitive}


def user_of(role: str) -> User:
    info = ROLES[role]
    return resolve_user({"auth": AUTH, "access": ACCESS} if info is not None else {}, info or {})


def run_page(page: str, role: str, warehouse, monkeypatch, params: dict | None = None) -> AppTest:
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=90)
    open_tables(at)
    if ROLES[role] is not None:
        at.secrets["auth"] = AUTH
        at.secrets["access"] = ACCESS
        at.user = ROLES[role]
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def district_provinces(codes) -> set[str]:
    """Old provinces of the district and commune codes among ``codes``."""
    return {p for c in codes if len(str(c)) > 2 for p in access.unit_provinces(str(c))}


def allowed(role: str, provinces: set[str]) -> bool:
    return provinces <= DETAIL[role] if DETAIL[role] is not None else True


@pytest.mark.parametrize("role", list(ROLES))
def test_indicators_page_lists_district_and_sensitive_figures_within_the_scope(warehouse, monkeypatch, role):
    shown = {}
    for scope in ("62", "40"):
        at = run_page("indicators", role, warehouse, monkeypatch, {"scope": scope, "sample": "1"})
        # the sample mode: sample rows hold districts of every province
        assert not at.exception
        table = next(d.value for d in at.dataframe if "Đơn vị hành chính" in d.value.columns)
        codes = table["Đơn vị hành chính"].str.extract(r"\((\d+)\)$")[0]
        shown[scope] = (district_provinces(codes), set(table["Chỉ tiêu"]))
    for scope, (provinces, _) in shown.items():
        expected = DETAIL[role] is None or scope in DETAIL[role]
        assert (provinces == {scope}) == expected, (scope, provinces)
        assert provinces <= {scope}
    names = shown["62"][1] | shown["40"][1]  # sensitive figures of the sample are district figures
    assert bool(names & SENSITIVE_NAMES) == SENSITIVE[role] and SENSITIVE[role] == (DETAIL[role] != set())


@pytest.mark.parametrize("role", list(ROLES))
def test_figures_downloads_follow_the_scope(warehouse, role):
    """The CSV and Excel files of the indicators page are made from the listing the page shows
    (views.load_figures_sources with the user): the same scope, cell by cell."""
    user = user_of(role)
    codes = ("citizen_tips", "mediations")  # sorted first: sensitive figures, then a plain indicator
    levels = {}
    for sample in (False, True):  # real figures (provinces' own), sample data (districts of every province)
        figures = views.load_figures_sources(codes, "", "", "", "vi", sample=sample, user=user, path=warehouse)
        csv = pd.read_csv(io.BytesIO(to_csv_bytes(figures)), dtype=str)
        xlsx = pd.read_excel(io.BytesIO(to_excel_bytes({"f": figures})), dtype=str, engine="openpyxl")
        for frame in (csv, xlsx):
            codes_in = frame["Đơn vị hành chính"].str.extract(r"\((\d+)\)$")[0]
            assert allowed(role, district_provinces(codes_in))
            assert bool(set(frame["Chỉ tiêu"]) & SENSITIVE_NAMES) == SENSITIVE[role]
        levels[sample] = figures["Đơn vị hành chính"].str.extract(r"\((\d+)\)$")[0].str.len()
    # province figures are listed for everyone, district ones for those who see them
    assert (levels[False] == 2).any()
    assert (levels[True] > 2).any() == (DETAIL[role] != set())


def test_editor_of_40_no_longer_sees_a_district_of_62s_citizen_tips(warehouse):
    editor, national = user_of("editor_40"), user_of("viewer")
    rows = {}
    for who in (editor, national):
        df = views.load_figures_sources(("citizen_tips",), "62", "", "", "vi", sample=True, user=who, path=warehouse)
        rows[who.email] = df["Đơn vị hành chính"].str.extract(r"\((\d+)\)$")[0]
    assert (rows["someone@x.vn"].str.len() == 3).any()          # the sample has district tips of Kon Tum
    assert not (rows["na@ca.gov.vn"].str.len() > 2).any()
    own = views.load_figures_sources(("citizen_tips",), "40", "", "", "vi", sample=True, user=editor, path=warehouse)
    assert (own["Đơn vị hành chính"].str.extract(r"\((\d+)\)$")[0].str.len() == 3).any()  # its own districts stay


@pytest.mark.parametrize("role", list(ROLES))
def test_districts_page_and_its_view(warehouse, monkeypatch, role):
    for province in ("62", "40"):
        at = run_page("districts", role, warehouse, monkeypatch, {"province": province})
        denied = any("chỉ dành cho" in i.value for i in at.info)
        assert denied == (not allowed(role, {province})), (role, province)
        assert bool(len(at.dataframe)) != denied
        if denied:  # the shared view refuses too, whatever a page does
            with pytest.raises(access.AccessDenied):
                views.load_district_figures(province, ["campaign_launches"], user=user_of(role), path=warehouse)


@pytest.mark.parametrize("role", list(ROLES))
def test_map_district_layer_and_sensitive_maps(warehouse, role):
    """In the sample mode, which has district figures of every province."""
    user = user_of(role)
    values, _ = maps.load_values("indicator", "mediations", 2020, "2024", path=warehouse, sample=True,
                                user=user)
    assert allowed(role, district_provinces(values["code"]))
    assert values.empty == (DETAIL[role] == set())
    tips, _ = maps.load_values("indicator", "citizen_tips", 2020, "63", path=warehouse, sample=True,
                                user=user)
    assert tips.empty != SENSITIVE[role]
    coverage, _ = maps.load_values("coverage", "coverage_pct", 2020, "2024", path=warehouse, sample=True,
                                user=user)
    assert allowed(role, district_provinces(coverage["code"]))


@pytest.mark.parametrize("role", ["signed_out", "editor_40"])
def test_province_figures_hide_sensitive_indicators_from_signed_out_visitors(warehouse, role):
    df = views.load_province_figures(("62", "40"), ("citizen_tips", "campaign_launches"), "63", sample=True,
                                     user=user_of(role), path=warehouse)
    assert ("citizen_tips" in set(df.indicator_code)) == SENSITIVE[role]
    assert "campaign_launches" in set(df.indicator_code)


def test_listings_cannot_be_called_without_a_user(warehouse):
    with pytest.raises(TypeError):
        views.load_figures_sources(("campaign_launches",), "", "", "", "vi", path=warehouse)
    with pytest.raises(TypeError):
        maps.load_values("indicator", "campaign_launches", 2020, "2024", path=warehouse)


def test_the_rule_per_role():
    """The rule itself: who writes (and where), who sees district detail and sensitive figures."""
    table = {role: (u.can_write, u.write_provinces, u.detail_provinces, u.sees_sensitive)
             for role, u in ((r, user_of(r)) for r in ROLES)}
    assert table == {
        "local": (False, frozenset(), None, True),
        "signed_out": (False, frozenset(), frozenset(), False),
        "viewer": (False, frozenset(), None, True),
        "viewer_62": (False, frozenset(), frozenset({"62"}), True),
        "editor_40": (True, frozenset({"40"}), frozenset({"40"}), True),
        "admin": (True, None, None, True),
    }
    assert User.command_line().can_write and User.command_line().write_provinces is None


def test_write_scope_is_checked_on_the_rows_units():
    editor = user_of("editor_40")
    commune = next(c for c in ("16663", "16666") if access.unit_provinces(c) == {"40"})
    rows = pd.DataFrame({"unit_code": ["40", "428", commune, "62", "42", "444", None, "40"],
                         "unit_name": [None, None, None, None, None, None, "huyện Thanh Chương, Nghệ An", None],
                         "period_end": ["2024-12-31"] * 7 + ["2025-12-31"]})
    assert access.rows_outside_scope(editor, rows) == [4, 5, 6]
    # new (2025) Nghệ An is old Nghệ An alone: in scope after the reform; new Quảng Ngãi merges 51 and 62
    assert access.unit_provinces("40", pd.Timestamp("2025-12-31").date()) == {"40"}
    assert access.unit_provinces("51", pd.Timestamp("2025-12-31").date()) == {"51", "62"}
    with pytest.raises(access.AccessDenied, match=re.escape("row 4, column 'unit_code': unit '62' is outside")):
        access.check_write(editor, rows)
