"""Hostile strings typed into the pages' text widgets (AppTest): no exception, no script or SQL
reaching anything, a sensible view, and an unchanged warehouse."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import digest, open_tables

HOSTILE = [
    "'; DROP TABLE observations;--",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "x" * 60,
    "\x00\x07\u202e",
    "Điện Biên' OR '1'='1",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("page, key", [("compare", "w_search"), ("indicators", "w_q__vi")])
def test_hostile_text_in_search_boxes(warehouse, monkeypatch, page, key, text):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    before = digest(warehouse)
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    open_tables(at)
    at.run()
    at.text_input(key=key).input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    rendered = " ".join(str(m.value) for m in (*at.markdown, *at.caption, *at.warning, *at.info))
    assert "<script>" not in rendered
    if page == "indicators":  # the search narrows the list; nothing matches a hostile string
        assert len(at.dataframe) >= 1
    else:
        assert len(at.get("plotly_chart")) >= 1  # the comparison still draws its chart
    assert digest(warehouse) == before


def test_review_page_takes_hostile_text_without_harm(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    before = digest(warehouse)
    at = AppTest.from_file("../pages/review.py", default_timeout=60)
    at.run()
    area = at.text_area[0]
    area.input(" ".join(HOSTILE) + " hòa giải 12 vụ").run()
    assert not at.exception, [e.value for e in at.exception]
    assert digest(warehouse) == before
