"""Uploads: refused with a clear message and nothing written, or validated and stored."""

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from core import access
from core.auth import User
from core.intake import schema, uploads
from core.intake.uploads import UploadRefused, read_upload, store_upload, validate_upload
from etl.publish import store_and_build

ADMIN = User(mode="signed_in", role="admin", email="boss@bca.gov.vn")
EDITOR_40 = User(mode="signed_in", role="editor", email="na@ca.gov.vn", province="40")

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
    assert df.loc[1, "unit_code"] == "40" and float(df.loc[1, "value"]) == 1250 and df.index.name == "row"
    assert validate_upload("nghe_an_2024.xlsx", df) == []
    path = store_upload("nghe_an_2024.xlsx", df, EDITOR_40, dest=tmp_path / "uploads", history=tmp_path / "h")
    assert path.name == "nghe_an_2024.parquet" and pd.read_parquet(path).loc[0, "unit_code"] == "40"
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir() if not p.name.startswith(".")) == [
        "nghe_an_2024.parquet", "nghe_an_2024.sources.yaml"]


def test_dates_are_stored_as_dates_unless_one_is_not_a_date(tmp_path):
    import pyarrow.parquet as pq

    from core.intake.store import write_parquet

    rows = pd.DataFrame({"period_start": ["2024-01-01", None], "period_end": ["2024-12-31", "2024-06-30"],
                         "value": [1.0, 2.0]})
    write_parquet(rows, tmp_path / "good.parquet")
    typed = pq.read_table(tmp_path / "good.parquet")
    assert str(typed.schema.field("period_end").type) == "date32[day]"
    assert typed.column("period_start").to_pylist()[1] is None
    bad = rows.assign(period_end=["2024-12-31", "31/12/2024"])  # the build's rules name this cell
    write_parquet(bad, tmp_path / "bad.parquet")
    kept = pq.read_table(tmp_path / "bad.parquet")
    assert str(kept.schema.field("period_end").type) == "string"
    assert kept.column("period_end").to_pylist() == ["2024-12-31", "31/12/2024"]
    assert str(kept.schema.field("period_start").type) == "date32[day]"


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"])
def test_formula_cells_are_refused(cell):
    row = list(GOOD)
    row[7] = cell
    with pytest.raises(UploadRefused) as info:
        read_upload("x.xlsx", xlsx([row]))
    assert "x.xlsx, row 1, column 'source_id': cell H2 " in str(info.value)
    assert "formulas are refused" in str(info.value)


def test_formula_cells_are_refused_naming_the_cell_not_read_as_empty():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(HEADER + ["evidence"])
    wb.active.append([*GOOD[:5], "=1+1", *GOOD[6:], '=HYPERLINK("http://x","1.250 vụ")'])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UploadRefused) as info:
        read_upload("f.xlsx", buf.getvalue())
    text = str(info.value)
    assert "f.xlsx, row 1, column 'value': cell F2 holds a formula (=1+1)" in text
    assert "column 'evidence': cell I2 holds a formula (=HYPERLINK" in text and "empty" not in text


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
    monkeypatch.setattr(uploads, "MAX_BYTES", 1000)
    with pytest.raises(UploadRefused, match="limit"):
        read_upload("big.xlsx", xlsx([GOOD] * 50))


def test_too_many_rows_are_refused(monkeypatch):
    from tests.hostile import xlsx_declared_dimension

    monkeypatch.setattr(uploads, "MAX_ROWS", 3)
    with pytest.raises(UploadRefused, match=r"declares A1:H6 \(6 rows × 8 columns; limit 3 data rows"):
        read_upload("rows.xlsx", xlsx([GOOD] * 5))
    # a sheet declaring less than it holds is streamed, and reading stops at the limit
    with pytest.raises(UploadRefused, match="more than 3 rows"):
        read_upload("rows.xlsx", xlsx_declared_dimension("A1:H2", far="A9"))


def test_a_sheet_declaring_a_huge_dimension_is_refused_before_reading():
    from tests.hostile import xlsx_declared_dimension

    with pytest.raises(UploadRefused) as info:
        read_upload("big.xlsx", xlsx_declared_dimension())
    assert str(info.value) == ("big.xlsx: the sheet declares A1:XFD1048576 (1,048,576 rows × 16,384 columns; "
                               "limit 100,000 data rows × 64 columns)")
    # the same far cell without the declared dimension: refused at its row, not padded
    with pytest.raises(UploadRefused, match="row 98999: a cell in column 16,384"):
        read_upload("far.xlsx", xlsx_declared_dimension("A1:H2"))


def test_rule_violations_come_from_the_etl_with_the_uploaded_name():
    row = list(GOOD)
    row[5] = -7
    df = read_upload("bad.xlsx", xlsx([row]))
    problems = validate_upload("bad.xlsx", df)
    assert any(p.startswith("bad.xlsx, row 1, column 'value': negative count") for p in problems), problems


def test_template_round_trips_through_validation():
    data = uploads.make_template_xlsx()
    df = read_upload("template.xlsx", data)
    assert list(df.columns) == list(schema.SCHEMA.template)
    df.loc[1, "source_id"] = "rep002_nghean"
    assert validate_upload("template.xlsx", df) == []


def test_province_editor_cannot_import_other_provinces(tmp_path):
    commune_of_40 = next(c for c, p in access._unit_maps()[1].items() if p == "40")
    df = read_upload("mix.xlsx", xlsx([GOOD, ["62", *GOOD[1:]], ["428", *GOOD[1:]], [commune_of_40, *GOOD[1:]]]))
    assert access.rows_outside_scope(EDITOR_40, df) == [2]       # the province, its district and commune pass
    assert access.rows_outside_scope(ADMIN, df) == []
    problems = uploads.check_upload("mix.xlsx", df, {"source_id": "upload_mix", "title": "x"}, EDITOR_40,
                                    dest=tmp_path / "up")
    assert problems == ["mix.xlsx, row 2, column 'unit_code': unit '62' is outside your scope (province 40: the "
                        "province, its districts and communes)"]
    with pytest.raises(access.AccessDenied):
        store_upload("mix.xlsx", df, EDITOR_40, dest=tmp_path / "up")
    assert not (tmp_path / "up").exists() or not list((tmp_path / "up").glob("*.parquet"))


@pytest.mark.parametrize("user", [User(mode="local"), User(mode="signed_out"),
                                  User(mode="signed_in", role="viewer", email="v@x.vn")])
def test_only_editors_and_admins_store_uploads(tmp_path, user):
    df = read_upload("na.xlsx", xlsx([GOOD]))
    with pytest.raises(access.AccessDenied):
        store_upload("na.xlsx", df, user, dest=tmp_path / "up")
    assert not list(tmp_path.rglob("*.parquet"))


def test_store_and_build_writes_upload_and_source_then_rebuilds(tmp_path):
    df = read_upload("na.xlsx", xlsx([GOOD]))
    df["source_id"] = "upload_na"
    source = {"source_id": "upload_na", "title": "Báo cáo thử", "kind": "report"}
    assert validate_upload("na.xlsx", df, extra_sources=[source], dest=tmp_path / "uploads") == []
    out = tmp_path / "w.duckdb"
    path, report = store_and_build("na.xlsx", df, source, EDITOR_40, dest=tmp_path / "uploads", out=out,
                                   history=tmp_path / "h")
    assert path.is_file() and (tmp_path / "uploads" / "na.sources.yaml").is_file()
    import duckdb

    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM observations WHERE source_id = 'upload_na'").fetchone()[0] == 1
    con.close()
    assert report.observations >= 1


def test_failed_build_takes_the_upload_back(tmp_path, monkeypatch):
    from etl import build
    from etl.errors import BuildFailed, InputError

    df = read_upload("na.xlsx", xlsx([GOOD]))
    def refusing_run(**kwargs):  # validation (the check build) passes, the rebuild afterwards does not
        raise BuildFailed([InputError("x.parquet", 1, "value", "refused")])

    monkeypatch.setattr(build, "run", refusing_run)
    with pytest.raises(BuildFailed):
        store_and_build("na.xlsx", df, {"source_id": "upload_na", "title": "x"}, EDITOR_40,
                        dest=tmp_path / "up", out=tmp_path / "w.duckdb", history=tmp_path / "h")
    assert not (tmp_path / "up" / "na.parquet").exists() and not (tmp_path / "up" / "na.sources.yaml").exists()
    assert not (tmp_path / "w.duckdb").exists()


def test_an_editor_replaces_an_earlier_upload_of_the_same_file_keeping_history(tmp_path):
    up, history = tmp_path / "data" / "input" / "uploads", tmp_path / "history"
    source = {"source_id": "upload_na", "title": "Báo cáo Nghệ An", "kind": "report"}
    first = read_upload("na.xlsx", xlsx([GOOD]))
    store_upload("na.xlsx", first, EDITOR_40, source, dest=up, history=history)
    corrected = list(GOOD)
    corrected[5] = 1300
    second = read_upload("na.xlsx", xlsx([corrected, ["428", *GOOD[1:]]]))
    assert uploads.check_upload("na.xlsx", second, source, EDITOR_40, dest=up) == []  # not "already declared"
    store_upload("na.xlsx", second, EDITOR_40, source, dest=up, history=history)
    stored = pd.read_parquet(up / "na.parquet")
    assert list(stored.value) == ["1300", "1250"] and list(stored.unit_code) == ["40", "428"]
    kept = sorted(history.iterdir())
    assert [p.name.split(".", 2)[-1] for p in kept] == ["parquet", "sources.yaml"]
    assert kept[0].name.startswith("na.")
    assert list(pd.read_parquet(kept[0]).value) == ["1250"]
    import yaml

    entries = yaml.safe_load((up / "na.sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert [e["source_id"] for e in entries] == ["upload_na"] and entries[0]["stored_by"] == "na@ca.gov.vn"
    # another province's editor may not replace it
    other = User(mode="signed_in", role="editor", email="kt@ca.gov.vn", province="62")
    problems = uploads.check_upload("na.xlsx", read_upload("na.xlsx", xlsx([["62", *GOOD[1:]]])), source, other,
                                    dest=up)
    assert problems and "replaces na.parquet" in problems[0]


def test_messages_name_the_uploaded_file_never_a_server_path(tmp_path):
    row = list(GOOD)
    row[6] = "roughly"
    df = read_upload("na.xlsx", xlsx([row]))
    problems = uploads.check_upload("na.xlsx", df, {"source_id": "upload_na", "title": "x"}, EDITOR_40,
                                    dest=tmp_path / "up")
    assert problems == ["na.xlsx, row 1, column 'qualifier': unknown qualifier 'roughly' (exact, at_least or about)"]
    bad_source = {"source_id": "upload_na", "title": "x", "published": "hôm qua"}
    problems = uploads.check_upload("na.xlsx", read_upload("na.xlsx", xlsx([GOOD])), bad_source, EDITOR_40,
                                    dest=tmp_path / "up")
    assert problems and all("/tmp" not in p and "antq-" not in p for p in problems), problems
    assert problems[0].startswith("na.sources.yaml (na.xlsx), row 1, column 'published'")
