"""The page "Nhập từ báo cáo" (AppTest): paste a report, see the figures highlighted and in the
editor, store the accepted rows as a reviewed Parquet the next build reads; refusals write nothing."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from core import config
from core.access import AccessDenied
from etl import build
from tests.test_reader import DISTRICT_REPORT

AUTH = {"client_id": "antq", "client_secret": "s", "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "c", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
ACCESS = {"default_role": "viewer", "users": {"ht@ca.gov.vn": {"role": "editor", "province": "42"},
                                              "na@ca.gov.vn": {"role": "editor", "province": "40"},
                                              "boss@bca.gov.vn": {"role": "admin"}}}
HA_TINH_EDITOR = {"is_logged_in": True, "email": "ht@ca.gov.vn", "name": "Cán bộ Hà Tĩnh"}


def open_page(tmp_path, warehouse, monkeypatch, user: dict | None = HA_TINH_EDITOR):
    """The page on a copy of data/input; ``user`` signed in through configured sign-in (None: local
    mode, sign-in not configured)."""
    inputs = tmp_path / "input"
    if not inputs.exists():
        shutil.copytree(config.INPUT_DIR, inputs, ignore=shutil.ignore_patterns("reviewed"))
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("ANTQ_INPUT_DIR", str(inputs))
    monkeypatch.setenv("ANTQ_HISTORY_DIR", str(tmp_path / "history"))
    at = AppTest.from_file("../pages/review.py", default_timeout=90)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.secrets["access"] = ACCESS
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, inputs


@pytest.fixture
def page(tmp_path, warehouse, monkeypatch):
    return open_page(tmp_path, warehouse, monkeypatch)


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def test_paste_review_and_store(page, tmp_path):
    at, inputs = page
    at.text_area(key="review_text").input(DISTRICT_REPORT)
    _button(at, "review_read").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(m.value for m in at.markdown)
    assert "background[**126 buổi tuyên truyền" in shown and "`1`]" in shown      # highlighted with its row
    assert any("8 số liệu" in i.value for i in at.info)
    at.text_input(key="review_source_id").input("review_huong_khe_2023")
    _button(at, "review_save").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    stored = pd.read_parquet(inputs / "reviewed" / "review_huong_khe_2023.parquet")
    assert set(stored.unit_code) == {"444"} and len(stored) == 8
    assert {"campaign_launches", "households_in_groups_pct"} <= set(stored.indicator_code)
    src = yaml.safe_load(next((inputs / "reviewed").glob("*.sources.yaml")).read_text(encoding="utf-8"))["sources"]
    assert [(s["source_id"], s["kind"]) for s in src] == [("review_huong_khe_2023", "review")]
    # the next build reads them
    report = build.run(inputs=[inputs], include_default_inputs=False, out=tmp_path / "w.duckdb", with_sample=False)
    reported = len(pd.read_parquet(config.INPUT_DIR / "reports_2018_2024.parquet"))
    assert report.observations == reported + 8


@pytest.mark.parametrize("user, stored", [
    (None, False),                                                        # local mode: read-only
    ({"is_logged_in": False}, False),                                     # signed out
    ({"is_logged_in": True, "email": "someone@x.vn"}, False),             # viewer (the default role)
    ({"is_logged_in": True, "email": "na@ca.gov.vn"}, False),             # editor of another province
    (HA_TINH_EDITOR, True),                                               # editor of the district's province
    ({"is_logged_in": True, "email": "boss@bca.gov.vn"}, True),           # admin
], ids=["local", "signed_out", "viewer", "editor_40", "editor_42", "admin"])
def test_who_may_store_reviewed_rows(tmp_path, warehouse, monkeypatch, user, stored):
    at, inputs = open_page(tmp_path, warehouse, monkeypatch, user)
    at.text_area(key="review_text").input(DISTRICT_REPORT)
    _button(at, "review_read").click().run()
    at.text_input(key="review_source_id").input("review_huong_khe_2023")
    writer = user is not None and user.get("email") in ("ht@ca.gov.vn", "na@ca.gov.vn", "boss@bca.gov.vn")
    assert _button(at, "review_save").disabled != writer
    target = inputs / "reviewed" / "review_huong_khe_2023.parquet"
    if writer:
        _button(at, "review_save").click().run()
        assert not at.exception, [e.value for e in at.exception]
    else:  # the page offers no save; the shared code refuses it all the same
        assert any("chỉ cán bộ biên tập" in i.value for i in at.info)
        from core.auth import resolve_user
        from core.intake.reviewed import source_entry, store
        from pages._review_ui import candidates_table

        who = resolve_user({"auth": AUTH, "access": ACCESS} if user else {}, user or {})
        rows = candidates_table(at.session_state["review_reading"], "review_huong_khe_2023")
        with pytest.raises(AccessDenied) as denied:
            store(rows[rows.accept], source_entry("review_huong_khe_2023", "x"), who, input_dir=inputs)
        assert ("read-only" if user is None else "may not write" if user.get("is_logged_in") else "sign in") \
            in str(denied.value)
    assert target.exists() == stored
    if writer and not stored:
        text = " ".join(e.value for e in at.error)
        assert "không có gì được ghi" in text and "unit '444' is outside your scope (province 40" in text


def test_a_second_save_replaces_the_first_keeping_history(page, tmp_path):
    at, inputs = page
    at.text_area(key="review_text").input(DISTRICT_REPORT)
    _button(at, "review_read").click().run()
    at.text_input(key="review_source_id").input("review_huong_khe_2023")
    _button(at, "review_save").click().run()
    _button(at, "review_save").click().run()
    assert not at.exception and len(at.success) == 1, [e.value for e in at.error]
    assert "reviewed/review_huong_khe_2023.parquet" in at.success[0].value and str(tmp_path) not in at.success[0].value
    assert len(pd.read_parquet(inputs / "reviewed" / "review_huong_khe_2023.parquet")) == 8
    kept = sorted(p.suffix for p in (tmp_path / "history" / "reviewed").iterdir())
    assert kept == [".parquet", ".yaml"]


def test_refused_rows_write_nothing(page):
    at, inputs = page
    at.text_area(key="review_text").input("Tại hội nghị, 2 đơn vị ký kết; có 7 đại biểu tham dự.")
    _button(at, "review_read").click().run()
    _button(at, "review_save").click().run()
    assert not at.exception
    assert at.error and "accept at least one" in at.error[0].value
    assert not (inputs / "reviewed").exists()


def test_invalid_source_id_is_refused(page):
    at, inputs = page
    at.text_area(key="review_text").input(DISTRICT_REPORT)
    _button(at, "review_read").click().run()
    at.text_input(key="review_source_id").input("../../etc")
    _button(at, "review_save").click().run()
    assert at.error and "source_id" in at.error[0].value
    assert not (inputs / "reviewed").exists()


def test_empty_text_says_so(page):
    at, _ = page
    _button(at, "review_read").click().run()
    assert not at.exception and at.warning and "review_reading" not in at.session_state


def test_english(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/review.py", default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception and at.title[0].value == "Import figures from a report"
