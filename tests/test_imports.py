"""Uploads: refused with a clear message and nothing written, or validated and stored."""

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from core import imports
from core.imports import UploadRefused, read_upload, store_upload, validate_upload

HEADER = ["unit_code", "indicator_code", "period_start", "period_end", "period_kind", "value", "qualifier",
          "source_id"]
GOOD = ["40", "mediations", "2024-01-01", "2024-12-31", "total", 1250, "exact", "rep002_nghean"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_good_workbook_is_read_validated_and_stored(tmp_path):
    df = read_upload("nghe_an_2024.xlsx", xlsx([GOOD]))
    assert df.loc[0, "unit_code"] == "40" and float(df.loc[0, "value"]) == 1250
    assert validate_upload("nghe_an_2024.xlsx", df) == []
    path = store_upload("nghe_an_2024.xlsx", df, dest=tmp_path)
    assert path.name == "nghe_an_2024.parquet" and pd.read_parquet(path).loc[0, "unit_code"] == "40"
    assert [p.name for p in tmp_path.iterdir()] == ["nghe_an_2024.parquet"]


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"])
def test_formula_cells_are_refused(cell):
    row = list(GOOD)
    row[7] = cell
    with pytest.raises(UploadRefused) as info:
        read_upload("x.xlsx", xlsx([row]))
    assert "x.xlsx, row 1, column 'source_id': cell H2 starts with" in str(info.value)


@pytest.mark.parametrize("name", ["../../x.xlsx", "/etc/passwd.xlsx", "a/b.parquet", "..\\x.xlsx", ".hidden.xlsx"])
def test_path_like_names_are_refused(name):
    with pytest.raises(UploadRefused, match="path-like"):
        read_upload(name, xlsx([GOOD]))


def test_file_that_is_not_what_it_claims():
    with pytest.raises(UploadRefused, match="not what its name claims"):
        read_upload("data.xlsx", b"PAR1" + b"\0" * 20 + b"PAR1")
    with pytest.raises(UploadRefused, match="not what its name claims"):
        read_upload("data.parquet", xlsx([GOOD]))
    with pytest.raises(UploadRefused, match="not what its name claims"):
        read_upload("data.xlsx", b"<html>hello</html>")


def test_zip_bomb_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    with pytest.raises(UploadRefused, match="zip bomb"):
        read_upload("bomb.xlsx", buf.getvalue())


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 1000)
    with pytest.raises(UploadRefused, match="limit"):
        read_upload("big.xlsx", xlsx([GOOD] * 50))


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    with pytest.raises(UploadRefused, match="more than 3 rows"):
        read_upload("rows.xlsx", xlsx([GOOD] * 5))


def test_rule_violations_come_from_the_etl_with_the_uploaded_name():
    row = list(GOOD)
    row[5] = -7
    df = read_upload("bad.xlsx", xlsx([row]))
    problems = validate_upload("bad.xlsx", df)
    assert any(p.startswith("bad.xlsx, row 1, column 'value': negative count") for p in problems), problems


def test_template_round_trips_through_validation():
    data = imports.make_template_xlsx()
    df = read_upload("template.xlsx", data)
    assert list(df.columns) == list(imports.TEMPLATE_COLUMNS)
    df.loc[0, "source_id"] = "rep002_nghean"
    assert validate_upload("template.xlsx", df) == []


def test_province_editor_cannot_import_other_provinces():
    from core.auth import User

    df = read_upload("mix.xlsx", xlsx([GOOD, ["62", *GOOD[1:]], ["428", *GOOD[1:]]]))
    editor = User(mode="signed_in", role="editor", province="40")
    assert imports.rows_outside_scope(df, editor) == [2]
    assert imports.rows_outside_scope(df, User(mode="signed_in", role="admin")) == []


def test_store_and_build_writes_upload_and_source_then_rebuilds(tmp_path):
    df = read_upload("na.xlsx", xlsx([GOOD]))
    df["source_id"] = "upload_na"
    source = {"source_id": "upload_na", "title": "Báo cáo thử", "kind": "report"}
    assert validate_upload("na.xlsx", df, extra_sources=[source]) == []
    out = tmp_path / "w.duckdb"
    path, summary = imports.store_and_build("na.xlsx", df, source, dest=tmp_path / "uploads", out=out)
    assert path.is_file() and (tmp_path / "uploads" / "sources.yaml").is_file()
    import duckdb

    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM observations WHERE source_id = 'upload_na'").fetchone()[0] == 1
    con.close()


def test_failed_build_takes_the_upload_back(tmp_path):
    df = read_upload("na.xlsx", xlsx([GOOD]))
    df["source_id"] = "not_declared"
    with pytest.raises(Exception, match="unknown source"):
        imports.store_and_build("na.xlsx", df, {"source_id": "other", "title": "x"}, dest=tmp_path / "up",
                                out=tmp_path / "w.duckdb")
    assert not (tmp_path / "up" / "na.parquet").exists() and not (tmp_path / "up" / "sources.yaml").exists()
    assert not (tmp_path / "w.duckdb").exists()
