"""The build: warehouse tables, names resolved to codes, CSV converted, atomic replacement."""

import os
import threading
import time
from datetime import date

import pyarrow as pa
import pytest

from core import warehouse
from etl import build
from tests.conftest import GOOD_ROW, db_rows, digest, needs_reference, write_input


def test_real_figures_land_with_codes_periods_and_provenance(real_warehouse):
    rows = db_rows(real_warehouse, """
        SELECT unit_code, unit_level, province_code, province_2025_code, value, qualifier, period_kind,
               evidence, locator, s.file
        FROM observations JOIN sources s USING (source_id)
        WHERE indicator_code = 'campaign_launches' ORDER BY unit_code""")
    kontum = next(r for r in rows if r[0] == "62" and r[6] == "per_year")  # the report's yearly figure
    assert kontum[1:7] == ("province", "62", "51", 2053.0, "at_least", "per_year")
    assert kontum[7].startswith("hơn 2.053") and kontum[8] == "p7" and kontum[9].startswith("000_")
    assert db_rows(real_warehouse, "SELECT count(*) FROM observations WHERE is_sample")[0][0] == 0
    assert db_rows(real_warehouse, "SELECT count(*) FROM observations")[0][0] >= 45


def test_tables_of_the_warehouse(real_warehouse):
    tables = {r[0] for r in db_rows(real_warehouse, "SHOW TABLES")}
    assert {"units", "indicators", "observations", "sources", "population", "build_info"} <= tables
    assert db_rows(real_warehouse, "SELECT count(*) FROM units WHERE level = 'province'")[0][0] == 97


@needs_reference
def test_population_is_loaded_when_reference_data_is_present(real_warehouse):
    rows = dict(db_rows(real_warehouse, "SELECT vintage, sum(population) FROM population GROUP BY vintage"))
    assert rows["63"] == rows["34"] == rows["2024"] == 96208984  # census 2019 total, all three levels


def test_without_reference_data_the_build_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_REFDATA_DIR", str(tmp_path / "nothing"))
    out = tmp_path / "w.duckdb"
    report = build.run(out=out, with_sample=False)
    assert report.reference == {"geo": False, "reference": False}
    assert db_rows(out, "SELECT count(*) FROM population")[0][0] == 0
    assert db_rows(out, "SELECT value FROM build_info WHERE key = 'reference_population'")[0][0] == "false"


@pytest.mark.parametrize("name, code", [
    ("Dien Bien", "11"), ("tỉnh Điện Biên", "11"), ("TP. Hồ Chí Minh", "79"), ("Thừa Thiên - Huế", "46"),
])
def test_unit_names_resolve_to_codes(tmp_path, name, code):
    r = dict(GOOD_ROW, unit_code=None, unit_name=name, source_id="rep001_dienbien_dongthap")
    write_input(tmp_path / "in", [r])
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out, with_sample=False, include_default_inputs=False)
    assert db_rows(out, "SELECT unit_code FROM observations")[0][0] == code


def test_code_wins_over_name(tmp_path):
    write_input(tmp_path / "in", [dict(GOOD_ROW, unit_code="40", unit_name="Kon Tum")])
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out, with_sample=False, include_default_inputs=False)
    assert db_rows(out, "SELECT unit_code FROM observations")[0][0] == "40"


def test_csv_is_converted_and_read_recursively(tmp_path):
    sub = tmp_path / "in" / "nghe_an" / "2020"
    sub.mkdir(parents=True)
    (sub / "figures.csv").write_text(
        "unit_name,indicator_code,period_start,period_end,period_kind,value,qualifier,source_id\n"
        "Nghệ An,mediations,2020-01-01,2020-12-31,total,321,exact,rep002_nghean\n", encoding="utf-8")
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out, with_sample=False, include_default_inputs=False)
    assert db_rows(out, "SELECT unit_code, value FROM observations") == [("40", 321.0)]


def test_csv_cells_are_trimmed_parquet_text_is_not(tmp_path):
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "spaced.csv").write_text(
        "unit_code,indicator_code,period_end,period_kind,value,qualifier,source_id\n"
        " 40 , mediations ,2020-12-31, total ,7, exact , rep002_nghean\n", encoding="utf-8")
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "csv"], out=out, with_sample=False, include_default_inputs=False)
    assert db_rows(out, "SELECT unit_code, indicator_code, period_kind, qualifier, value FROM observations") == [
        ("40", "mediations", "total", "exact", 7.0)]
    write_input(tmp_path / "pq", [dict(GOOD_ROW, unit_code=" 40")], name="spaced.parquet")
    with pytest.raises(build.BuildFailed, match=r"spaced\.parquet, row 1, column 'unit_code': no unit has code ' 40'"):
        build.run(inputs=[tmp_path / "pq"], out=out, with_sample=False, include_default_inputs=False)


def test_typed_parquet_columns_load_as_they_are(tmp_path):
    """Dates, numbers and flags already typed in Parquet (as `etl synth` writes them) are read without
    casts; a column left out (evidence here) reads as NULL; no row numbers are kept when all is well."""
    rows = [dict(GOOD_ROW, evidence=..., locator=..., period_start=date(2020, m, 1),
                 period_end=date(2020, m, 28), is_sample=True) for m in (1, 2)]
    write_input(tmp_path / "in", [{k: v for k, v in r.items() if v is not ...} for r in rows],
                period_start=pa.date32(), period_end=pa.date32(), is_sample=pa.bool_())
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out, with_sample=False, include_default_inputs=False)
    assert db_rows(out, """SELECT period_end, is_sample, evidence, locator, input_row, unit_level, province_code
                           FROM observations ORDER BY period_end""") == [
        (date(2020, 1, 28), True, None, None, None, "province", "11"),
        (date(2020, 2, 28), True, None, None, None, "province", "11")]


def test_csv_errors_name_the_csv_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.csv").write_text(
        "unit_code,indicator_code,period_end,period_kind,value,qualifier,source_id\n"
        "40,mediations,2020-12-31,total,-3,exact,rep002_nghean\n", encoding="utf-8")
    with pytest.raises(build.BuildFailed, match=r"bad\.csv, row 1, column 'value': negative count"):
        build.run(inputs=[tmp_path / "in"], out=tmp_path / "w.duckdb", with_sample=False)
    assert not (tmp_path / "w.duckdb").exists()


def test_extra_sources_can_be_declared_beside_the_inputs(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "sources.yaml").write_text(
        "sources:\n  - {source_id: na_2020, title: 'Báo cáo năm 2020', kind: report}\n", encoding="utf-8")
    write_input(tmp_path / "in", [dict(GOOD_ROW, unit_code="40", source_id="na_2020")])
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out, with_sample=False)
    assert db_rows(out, "SELECT count(*) FROM observations WHERE source_id = 'na_2020'")[0][0] == 1


def test_replacement_is_atomic_for_readers(tmp_path):
    """Readers polling while builds replace the file never see an error or a partial warehouse."""
    out = tmp_path / "w.duckdb"
    build.run(out=out, with_sample=False)
    expected = db_rows(out, "SELECT count(*) FROM observations")[0][0]
    failures: list[BaseException] = []
    seen: list[int] = []
    stop = threading.Event()

    def read_loop():
        while not stop.is_set():
            try:
                con = warehouse.connect(out)
                try:
                    seen.append(con.execute("SELECT count(*) FROM observations").fetchone()[0])
                finally:
                    con.close()
            except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
                failures.append(exc)

    reader = threading.Thread(target=read_loop)
    reader.start()
    try:
        for _ in range(3):
            build.run(out=out, with_sample=False)
            time.sleep(0.05)
    finally:
        stop.set()
        reader.join()
    assert not failures, failures[:3]
    assert seen and set(seen) == {expected}


def test_failed_build_leaves_no_file_when_none_existed(tmp_path):
    write_input(tmp_path / "in", [dict(GOOD_ROW, value=-1.0)])
    out = tmp_path / "new.duckdb"
    with pytest.raises(build.BuildFailed):
        build.run(inputs=[tmp_path / "in"], out=out, with_sample=False)
    assert os.listdir(tmp_path) == ["in"]


def test_successful_build_replaces_the_file(tmp_path):
    out = tmp_path / "w.duckdb"
    build.run(out=out, with_sample=False)
    before = digest(out)
    write_input(tmp_path / "in", [dict(GOOD_ROW, unit_code="40")])
    build.run(inputs=[tmp_path / "in"], out=out, with_sample=False)
    assert digest(out) != before
    assert db_rows(out, "SELECT count(*) FROM observations WHERE unit_code = '40' AND value = 12")[0][0] == 1


def test_the_view_has_one_row_per_stored_row_and_every_text_of_evidence(warehouse):
    """observations joins the texts of the evidence (kept apart, observation_notes) back to their
    figures: no figure is repeated, and every text reaches one figure."""
    (viewed, stored, noted, notes), = db_rows(warehouse, """SELECT
        (SELECT count(*) FROM observations), (SELECT count(*) FROM observation_rows),
        (SELECT count(*) FROM observations WHERE evidence IS NOT NULL OR locator IS NOT NULL),
        (SELECT count(*) FROM observation_notes)""")
    assert viewed == stored and notes > 0 and noted == notes
