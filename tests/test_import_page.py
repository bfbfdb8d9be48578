"""Import page under injected users (AppTest): only editors get the uploader; without sign-in
configured the app is read-only and says so."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_tables

AUTH = {"client_id": "antq", "client_secret": "s", "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "c", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
ACCESS = {"default_role": "viewer", "users": {"na@ca.gov.vn": {"role": "editor", "province": "40"}}}


def run(warehouse, monkeypatch, user=None, secrets=None) -> AppTest:
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/import_data.py", default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_without_sign_in_the_page_is_read_only(warehouse, monkeypatch):
    at = run(warehouse, monkeypatch)
    assert "Chế độ chỉ đọc" in captions(at)
    assert any("editor" in i.value for i in at.info)
    assert len(at.get("file_uploader")) == 0


@pytest.mark.parametrize("user, uploader", [
    ({"is_logged_in": True, "email": "na@ca.gov.vn", "name": "Cán bộ Nghệ An"}, 1),
    ({"is_logged_in": True, "email": "someone@x.vn"}, 0),
    ({"is_logged_in": False}, 0),
])
def test_only_editors_get_the_uploader(warehouse, monkeypatch, user, uploader):
    at = run(warehouse, monkeypatch, user=user, secrets={"auth": AUTH, "access": ACCESS})
    assert len(at.get("file_uploader")) == uploader
    if user.get("email") == "na@ca.gov.vn":
        assert "phạm vi 40" in captions(at) and "editor" in captions(at)
    if not user.get("is_logged_in"):
        assert "chưa đăng nhập" in captions(at)


@pytest.mark.parametrize("user, shown", [
    ({"is_logged_in": True, "email": "na@ca.gov.vn"}, {"40": True, "62": False}),
    ({"is_logged_in": False}, {"40": False}),
    ({"is_logged_in": True, "email": "someone@x.vn"}, {"62": True}),
])
def test_district_detail_follows_the_province_scope(warehouse, monkeypatch, user, shown):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    for province, visible in shown.items():
        at = AppTest.from_file("../pages/districts.py", default_timeout=60)
        open_tables(at)
        at.secrets["auth"] = AUTH
        at.secrets["access"] = ACCESS
        at.user = user
        at.query_params["province"] = province
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        denied = any("chỉ dành cho" in i.value for i in at.info)
        assert denied != visible
        assert bool(len(at.dataframe)) == visible


def test_signed_out_visitors_do_not_see_sensitive_indicators(warehouse, monkeypatch):
    from core.catalogue import load_catalogue

    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    sensitive = [i.name_vi for i in load_catalogue() if i.sensitive and i.main]
    assert sensitive
    at = AppTest.from_file("../pages/overview.py", default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = ACCESS
    at.user = {"is_logged_in": False}
    at.query_params["indicators"] = "citizen_tips"
    at.run()
    assert not at.exception
    labels = " ".join(m.label for m in at.metric)
    assert labels and not any(name in labels for name in sensitive)
    at.user = {"is_logged_in": True, "email": "someone@x.vn"}
    at.run()
    assert any(name in " ".join(m.label for m in at.metric) for name in sensitive)
