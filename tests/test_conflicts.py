"""Figures given by several sources (tests/conftest.py CONFLICT_ROWS: a press article A and an
official report B on 2022): the same figure from two sources is kept once with both sources listed
(corroborated); two sources that disagree are both kept, flagged and reported by the build (not
refused); sums never count a figure twice; pages, maps, slides and the workbook show both values
with their sources."""

from __future__ import annotations

import io
import json

import duckdb
import openpyxl
import pyarrow as pa
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from core import slides, views
from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t
from tests.conftest import db_frame, db_rows, open_tables

ADMIN = User.command_line()  # sees every figure (core.access)

TRIO = ["62", "11", "40"]
A, B = "Báo A: phong trào năm 2022", "Báo cáo B: tổng kết năm 2022"
CAT = load_catalogue()


def test_the_build_reports_conflicts_and_corroborations_without_refusing(conflict_build):
    out, report = conflict_build
    assert out.is_file() and report.corroborated >= 1
    line = next(c for c in report.conflicts if c.startswith("62 campaign_launches 2022-01-01..2022-12-31"))
    assert "2100 (test_report_b) ≠ 2000 (test_press_a)" in line  # the preferred source (a report) first
    summary = report.summary()
    assert "conflict: 62 campaign_launches" in summary and "corroborated by two or more sources" in summary


def test_both_figures_are_kept_and_exactly_one_is_counted(conflict_warehouse):
    rows = db_frame(conflict_warehouse, """SELECT unit_code, source_id, value, counted, agreement, sources
        FROM observations WHERE NOT is_sample AND indicator_code = 'campaign_launches' AND year(period_end) = 2022
        AND period_kind = 'total' AND list_contains(['62', '11', '40'], unit_code) ORDER BY unit_code, source_id""")
    kontum = rows[rows.unit_code == "62"]
    assert len(kontum) == 2 and set(kontum.agreement) == {"conflict"}
    assert kontum[kontum.counted].value.tolist() == [2100.0]  # the official report is preferred over the press
    dien_bien = rows[rows.unit_code == "11"]
    assert len(dien_bien) == 2 and set(dien_bien.agreement) == {"corroborated"} and dien_bien.counted.sum() == 1
    assert set(dien_bien.sources) == {"test_report_b,test_press_a"}
    nghe_an = rows[rows.unit_code == "40"]
    assert nghe_an.agreement.tolist() == [""] and nghe_an.counted.tolist() == [True]


def test_sums_never_count_a_corroborated_figure_twice(conflict_warehouse):
    own = db_rows(conflict_warehouse, """SELECT unit_code, value, conflict FROM facts_yearly WHERE basis = 'reported'
        AND NOT is_sample AND indicator_code = 'campaign_launches' AND year = 2022 AND unit_level = 'province'
        AND unit_vintage = '63' AND list_contains(['62', '11', '40'], unit_code) ORDER BY 1""")
    assert own == [("11", 500.0, False), ("40", 1000.0, False), ("62", 2100.0, True)]
    # the 34 provinces: Điện Biên stayed alone (500, not 1.000); Kon Tum went into Quảng Ngãi (51)
    new = dict(db_rows(conflict_warehouse, """SELECT unit_code, value FROM facts_yearly WHERE basis = 'sum_of_provinces'
        AND NOT is_sample AND indicator_code = 'campaign_launches' AND year = 2022"""))
    old_51 = db_rows(conflict_warehouse, """SELECT coalesce(sum(value), 0) FROM observations WHERE NOT is_sample
        AND counted AND unit_code = '51' AND unit_level = 'province' AND indicator_code = 'campaign_launches'
        AND year(period_end) = 2022 AND period_kind = 'total'""")[0][0]
    assert new["11"] == 500.0 and new["51"] == 2100.0 + old_51
    # the overview's national sum, the province figures of 2022 each once
    figures = views.load_province_figures(tuple(views.provinces("63").index), ("campaign_launches",), "63",
                                          (2022, 2022), conflict_warehouse, user=ADMIN)
    assert figures[figures.unit_code.isin(TRIO)].set_index("unit_code").value.to_dict() == {
        "62": 2100.0, "11": 500.0, "40": 1000.0}
    # completeness: Điện Biên's 2022 figure counts once, under two sources
    row = db_rows(conflict_warehouse, """SELECT sum(figures), count(DISTINCT source_id) FROM completeness
        WHERE NOT is_sample AND province_code = '11' AND indicator_code = 'campaign_launches' AND year = 2022""")
    assert row == [(1, 2)]


def compare_page(path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(path))
    at = AppTest.from_file("../pages/compare.py", default_timeout=90)
    open_tables(at)
    at.query_params.update({"provinces": "62,11,40", "indicators": "campaign_launches", "period": "2022-2022",
                            "norm": "reported", **params})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_comparison_shows_both_values_with_their_sources(conflict_warehouse, monkeypatch):
    at = compare_page(conflict_warehouse, monkeypatch)
    table = at.dataframe[0].value.set_index(t("col_unit_name", "vi"))
    assert table.at["Kon Tum", t("col_value", "vi")] == "2.100 ⚠"
    check = table.at["Kon Tum", t("col_agreement", "vi")]
    assert f"2.100 ({B})" in check and f"2.000 ({A})" in check
    assert table.at["Điện Biên", t("col_agreement", "vi")] == t("agreement_corroborated", "vi", n=2)
    assert A in table.at["Điện Biên", t("col_source", "vi")] and B in table.at["Điện Biên", t("col_source", "vi")]
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    bar = chart["data"][0]
    hover = dict(zip(bar["x"], bar["hovertext"], strict=True))
    assert f"2.100 ({B})" in hover["Kon Tum"] and f"2.000 ({A})" in hover["Kon Tum"]  # both values on hover
    assert "2.100 ⚠" in bar["text"]
    footer = " ".join(a["text"] for a in chart["layout"]["annotations"])
    assert "2.000" in footer and "⚠" in footer


def test_the_indicators_page_lists_the_conflict(conflict_warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(conflict_warehouse))
    at = AppTest.from_file("../pages/indicators.py", default_timeout=90)
    at.run()
    assert not at.exception
    listed = next(d.value for d in at.dataframe if t("col_counted", "vi") in d.value.columns)
    kontum = listed[listed[t("col_unit_name", "vi")] == "Kon Tum (62)"]
    assert set(kontum[t("col_value", "vi")]) == {"2.100", "2.000"}
    used = kontum[kontum[t("col_counted", "vi")] != ""]
    assert used[t("col_source", "vi")].tolist() == [B]
    figures = at.dataframe[1].value
    assert (figures[t("col_agreement", "vi")] == t("agreement_conflict", "vi", n=2)).sum() == 2


def test_the_map_hover_names_both_values(conflict_warehouse):
    from core import maps

    vals, _ = maps.load_indicator_values("campaign_launches", 2022, "63", "vi", conflict_warehouse)
    kontum = vals.set_index("code").loc["62"]
    assert kontum.value == 2100 and kontum.conflict
    assert "2.100 (" in kontum.note and "2.000 (" in kontum.note
    assert B[:20] in kontum.source or "test_report_b" in kontum.source


def test_slides_and_workbook_show_the_conflict(conflict_warehouse):
    items = slides.compare_items(TRIO, ["campaign_launches"], norm="reported", path=conflict_warehouse,
                                 period=(2022, 2022), user=ADMIN)
    prs = Presentation(io.BytesIO(slides.build_deck(items, "Sơ kết 2022", user=ADMIN)))
    slide = prs.slides[1]
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    points = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points]
    labels = dict(zip(chart.plots[0].categories, points, strict=True))
    assert labels["Kon Tum"] == "2.100 ⚠"
    body = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "2.100 (" in body and "2.000 (" in body and A in body and B in body  # both values and sources
    book = openpyxl.load_workbook(io.BytesIO(slides.build_workbook(items, "vi")))
    rows = list(book[t("sheet_data", "vi")].values)
    head = rows[0]
    kontum = next(r for r in rows[1:] if r[head.index(t("xl_category", "vi"))] == "Kon Tum")
    check = kontum[head.index(t("xl_sources_check", "vi"))]
    assert f"2.100 ({B})" in check and f"2.000 ({A})" in check


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_conflict_text_formats_each_value_with_its_source(lang):
    text = views.conflict_text([(2100.0, "exact", "b"), (2000.0, "at_least", "a")], CAT["campaign_launches"], lang,
                               {"a": "A", "b": "B"})
    assert text == ("2.100 (B) ≠ > 2.000 (A)" if lang == "vi" else "2,100 (B) ≠ > 2,000 (A)")


def test_an_input_sample_figure_beside_the_generated_one_is_kept_once(tmp_path):
    """A sample figure given by an input file for a district, indicator and year the build's own
    sample also covers: two sources of one figure (the only year groups that can repeat a key), so it
    is recorded as such and counted once."""
    from etl import build, sample
    from tests.conftest import GOOD_ROW, write_input

    write_input(tmp_path / "in", [{**GOOD_ROW, "unit_code": "428", "is_sample": True}], is_sample=pa.bool_())
    out = tmp_path / "warehouse.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out, include_default_inputs=False)
    con = duckdb.connect(str(out), read_only=True)
    try:
        rows = con.execute("SELECT f.source_id, f.counted, f.n_sources FROM figure_sources AS f "
                           "JOIN unit_context AS u ON u.unit_key = f.unit_key "
                           "WHERE u.code = '428' AND f.indicator_code = 'campaign_launches' "
                           "AND year(f.period_end) = 2020 ORDER BY f.source_id").fetchall()
    finally:
        con.close()
    assert sorted(r[0] for r in rows) == sorted([GOOD_ROW["source_id"], sample.SOURCE_ID]), rows
    assert sum(r[1] for r in rows) == 1 and {r[2] for r in rows} == {2}
