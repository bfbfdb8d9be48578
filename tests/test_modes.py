"""The two modes, never mixed (core.mode): every page in the default mode shows real figures only
(no sample row, no sample mark in any chart, table or metric), and with sample=1 sample data only
(every chart, table and metric marked, no real row); downloads, slides and workbooks follow the
mode of their view; the default comparison link opens on real figures (checked with plain SQL)."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import fmt, slides, views
from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t
from core.semantics import periods
from tests.conftest import db_frame, open_tables

ADMIN = User.command_line()  # sees every figure (core.access)

PAGES = ("overview", "compare", "districts", "map", "completeness", "indicators", "export", "review", "import_data")
FIGURE_PAGES = PAGES[:6]
TRIO = ("62", "11", "40")
CAT = load_catalogue()
MARK = t("sample_mark", "vi")


def plotly_array(values) -> list:
    """A plotly JSON array, decoded when plotly wrote it as typed binary ({'dtype', 'bdata'})."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def open_page(path, monkeypatch, page: str, **params) -> AppTest:
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(path))
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=120)
    open_tables(at)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at: AppTest) -> tuple[list[pd.DataFrame], list[str], list[str]]:
    """What a page shows of the warehouse: its tables, its charts (plotly JSON) and its metrics."""
    tables = [d.value for d in at.dataframe]
    charts = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")]
    metrics = [f"{m.label} | {m.value}" for m in at.metric]
    return tables, charts, metrics


def cells(table: pd.DataFrame) -> list[str]:
    return [str(v) for v in table.astype(str).to_numpy().ravel()]


def source_titles(path, sample: bool) -> set[str]:
    df = db_frame(path, "SELECT title, title_en FROM sources WHERE (kind = 'sample') = ?", [sample])
    return {x for x in [*df.title, *df.title_en] if isinstance(x, str) and len(x) > 12}


@pytest.mark.parametrize("page", PAGES)
def test_default_mode_shows_no_sample_value_anywhere(page, warehouse, monkeypatch):
    at = open_page(warehouse, monkeypatch, page)
    assert "sample" not in at.query_params
    tables, charts, metrics = shown(at)
    sample_titles = source_titles(warehouse, True)
    for table in tables:
        assert t("col_sample", "vi") not in table.columns
        for cell in cells(table):
            assert MARK not in cell and cell != t("sample_short", "vi")
            assert not any(title in cell for title in sample_titles), cell
    for text in charts + metrics:
        assert MARK not in text and not any(title in text for title in sample_titles)
    assert not any(t("mode_sample_banner", "vi") in w.value for w in at.warning)
    if page in FIGURE_PAGES:
        assert tables or charts or metrics or at.info  # the page shows something real, or says what it lacks


@pytest.mark.parametrize("page", PAGES)
def test_sample_mode_marks_every_figure_and_shows_no_real_row(page, warehouse, monkeypatch):
    at = open_page(warehouse, monkeypatch, page, sample="1")
    assert at.query_params["sample"] in ("1", ["1"])  # the mode stays in the link
    tables, charts, metrics = shown(at)
    real_titles = source_titles(warehouse, False)
    for table in tables:
        assert t("col_sample", "vi") in table.columns, list(table.columns)
        marks = table[t("col_sample", "vi")]
        unmarked = table[marks != t("sample_short", "vi")]
        assert all(fmt.NO_DATA["vi"] in cells(row.to_frame().T) for _, row in unmarked.iterrows())
        for cell in cells(table):
            assert not any(title in cell for title in real_titles), cell
    for text in charts:
        assert MARK in text and not any(title in text for title in real_titles)
    for text in metrics:
        assert MARK in text
    if page in FIGURE_PAGES:
        assert any(t("mode_sample_banner", "vi") in w.value for w in at.warning)
        assert tables or charts or metrics


@pytest.mark.parametrize("params", [{}, {"provinces": "62,11,40"}])
def test_the_default_comparison_link_shows_real_figures(params, warehouse, monkeypatch):
    """Kon Tum, Điện Biên and Nghệ An: the link opens on indicators and a normalisation under which at
    least two of them show a real figure on the chart, the same as the warehouse's (plain SQL)."""
    at = open_page(warehouse, monkeypatch, "compare", **params)
    indicators = str(at.query_params["indicators"]).strip("[]'").split(",")
    norm = str(at.query_params["norm"]).strip("[]'")
    real = db_frame(warehouse, """SELECT unit_code, indicator_code, period_start, period_end, period_kind,
        period_years, value, qualifier FROM observations WHERE NOT is_sample AND counted AND unit_level = 'province'
        AND unit_vintage = '63' AND list_contains(?, unit_code) AND list_contains(?, indicator_code)
        AND breakdown = ''""", [list(TRIO), indicators])
    names = {c: views.unit_name(c, "63") for c in TRIO}
    on_chart: set[str] = set()
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec["layout"]["title"]["text"]
        code = next(c for c in indicators if f"<b>{CAT[c].name('vi')}</b>" in title)
        for bar in spec["data"]:
            for unit, value in zip(plotly_array(bar["x"]), plotly_array(bar["y"]), strict=True):
                code_of = next(c for c, n in names.items() if n == unit)
                mine = real[(real.unit_code == code_of) & (real.indicator_code == code)]
                if norm == "per_year":
                    expected = [v / periods.length(y) if k == "total" else v
                                for v, y, k in zip(mine.value, mine.period_years, mine.period_kind, strict=True)]
                else:
                    expected = list(mine.value)
                assert any(abs(value - e) < 1e-6 for e in expected), (unit, code, value, expected)
                on_chart.add(code_of)
    assert len(on_chart) >= 2, on_chart
    table = at.dataframe[0].value  # and the table prints them as the warehouse holds them
    printed = set(zip(table.iloc[:, 1], table.iloc[:, 2], strict=True))
    for r in real[real.unit_code.isin(on_chart)].itertuples():
        value = views.label(r.value, r.qualifier, CAT[r.indicator_code], "vi")
        assert (names[r.unit_code], value) in printed or norm != "reported"


def test_no_real_figures_says_so_and_offers_the_sample_mode(warehouse, monkeypatch):
    at = open_page(warehouse, monkeypatch, "compare", provinces="62,11", indicators="mediations_successful")
    has = db_frame(warehouse, """SELECT count(*) AS n FROM observations WHERE NOT is_sample AND
        indicator_code = 'mediations_successful' AND (list_contains(['62', '11'], unit_code)
        OR list_contains(['62', '11'], province_code))""").n[0]
    if has:
        pytest.skip("real figures of this indicator exist for Kon Tum or Điện Biên now")
    assert any("Chưa có số liệu thật cho" in i.value for i in at.info)
    assert not any(MARK in c for c in shown(at)[1])  # nothing filled in from the sample
    at.button(key="open_sample").click().run()
    assert not at.exception and at.query_params["sample"] in ("1", ["1"])
    assert all(MARK in c for c in shown(at)[1]) and shown(at)[1]


def test_the_sidebar_switch_changes_the_mode_and_its_defaults(warehouse, monkeypatch):
    at = open_page(warehouse, monkeypatch, "compare")
    real_indicators = at.query_params["indicators"]
    at.toggle(key="w_sample__vi").set_value(True).run()
    assert not at.exception and at.query_params["sample"] in ("1", ["1"])
    tables, charts, _ = shown(at)
    assert charts and all(MARK in c for c in charts)
    assert (tables[0][t("col_sample", "vi")] == t("sample_short", "vi")).any()
    at.toggle(key="w_sample__vi").set_value(False).run()
    assert "sample" not in at.query_params and at.query_params["indicators"] == real_indicators
    assert not any(MARK in c for c in shown(at)[1])


def test_downloads_follow_the_mode(warehouse):
    codes = tuple(CAT.codes)
    real = views.load_figures_sources(codes, "", "", "", "vi", warehouse, user=ADMIN)
    n_real = db_frame(warehouse, "SELECT count(*) AS n FROM observations WHERE NOT is_sample").n[0]
    assert len(real) == n_real and t("col_sample", "vi") not in real.columns
    sample = views.load_figures_sources(codes, "", "", "", "vi", warehouse, sample=True, user=ADMIN)
    assert len(sample) and (sample[t("col_sample", "vi")] == t("sample_short", "vi")).all()
    assert not set(sample[t("col_source", "vi")]) & set(real[t("col_source", "vi")])


@pytest.mark.parametrize("sample", [False, True])
def test_slides_and_workbook_follow_the_mode_of_their_view(warehouse, sample):
    items = slides.compare_items(list(TRIO), ["campaign_launches", "models_new"], path=warehouse,
                                 sample=sample, user=ADMIN)
    assert all(i.sample == sample and i.spec.is_sample == sample for i in items)
    assert all(("sample=1" in i.spec.link) == sample for i in items)
    assert all(bool(i.spec.data.is_sample.all()) == sample for i in items if len(i.spec.data))
    book = openpyxl.load_workbook(io.BytesIO(slides.build_workbook(items, "vi")))
    rows = list(book[t("sheet_data", "vi")].values)
    column = rows[0].index(t("xl_sample", "vi"))
    assert {r[column] or "" for r in rows[1:]} == ({t("xl_yes", "vi")} if sample else {""})
    deck = slides.build_deck(items, "x", user=ADMIN)
    from pptx import Presentation

    first = "\n".join(s.text_frame.text for s in Presentation(io.BytesIO(deck)).slides[0].shapes if s.has_text_frame)
    assert (t("deck_has_sample", "vi") in first) == sample
