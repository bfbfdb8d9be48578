"""The page "Nhập từ báo cáo" (AppTest): paste a report, see the figures highlighted and in the
editor, store the accepted rows as a reviewed Parquet the next build reads; refusals write nothing."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from core import config
from etl import build
from tests.test_reader import DISTRICT_REPORT


@pytest.fixture
def page(tmp_path, warehouse, monkeypatch):
    inputs = tmp_path / "input"
    shutil.copytree(config.INPUT_DIR, inputs, ignore=shutil.ignore_patterns("reviewed"))
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("ANTQ_INPUT_DIR", str(inputs))
    at = AppTest.from_file("../pages/review.py", default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, inputs


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
    lead = len(pd.read_parquet(config.INPUT_DIR / "reports_2018_2024.parquet"))
    assert report.observations == lead + 8


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
