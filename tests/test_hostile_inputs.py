"""Hostile and careless inputs to the ETL, each reproducing a probe: bounded before work (one line
naming the bound), every value read or refused, empty and hidden inputs named, the command line's
--out checked before building, the default inputs read once, leftovers of killed builds cleaned.
The previous warehouse stays byte-for-byte intact whenever a build is refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core import config, intake
from etl import build
from etl.__main__ import main, run
from etl.errors import BuildFailed
from tests import hostile
from tests.conftest import GOOD_ROW, digest, write_input

HEADER = ",".join(GOOD_ROW)
LINE = ",".join(str(v) for v in GOOD_ROW.values())


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prev") / "warehouse.duckdb"
    build.run(out=out, with_sample=False)
    return out


def refused(previous: Path, folder: Path, seconds: float = 60) -> list[str]:
    """The build's problems (as lines) for ``folder``; the previous warehouse untouched."""
    before = digest(previous)
    started = time.perf_counter()
    with pytest.raises(BuildFailed) as info:
        build.run(inputs=[folder], out=previous, with_sample=False, include_default_inputs=False)
    assert time.perf_counter() - started < seconds
    assert digest(previous) == before
    return [str(e) for e in info.value.errors]


def built(folder: Path, tmp_path: Path) -> build.BuildReport:
    return build.run(inputs=[folder], out=tmp_path / "w.duckdb", with_sample=False, include_default_inputs=False)


# --- bounds ------------------------------------------------------------------------------------------

def test_billion_laughs_sources_yaml_is_refused_naming_the_bound(previous, tmp_path):
    write_input(tmp_path / "in", [GOOD_ROW])
    (tmp_path / "in" / "sources.yaml").write_text(hostile.billion_laughs_yaml(), encoding="utf-8")
    assert refused(previous, tmp_path / "in", seconds=30) == [
        f"{tmp_path / 'in' / 'sources.yaml'}: YAML expands to more than 200,000 nodes through its aliases "
        "(&anchor / *alias; limit 200,000)"]


@pytest.mark.parametrize("text, bound", [
    ("[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),        # crashes libyaml's composer
    ("a: &a x\n" + "".join(f"k{i}: *a\n" for i in range(101)), "more than 100 YAML aliases"),
    ("x: " + "y" * (3 * 2**20), "of YAML (limit 2 MB)"),
])
def test_yaml_bounds(text, bound):
    with pytest.raises(intake.FileRefused, match=bound.replace("(", r"\(").replace(")", r"\)")):
        intake.parse_yaml(text, "sources.yaml")


def test_the_catalogue_anchors_still_load():
    assert intake.parse_yaml((config.DATA_DIR / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]


def test_xlsx_declaring_a_huge_dimension_is_refused_before_reading(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "declared.xlsx").write_bytes(hostile.xlsx_declared_dimension())
    problems = refused(previous, tmp_path / "in", seconds=30)
    assert len(problems) == 1 and "declares A1:XFD1048576 (1,048,576 rows × 16,384 columns; limit 200,000" \
        in problems[0]


def test_xlsx_with_a_far_cell_and_an_honest_small_dimension_stops_at_that_row(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "far.xlsx").write_bytes(hostile.xlsx_declared_dimension("A1:H2"))
    assert refused(previous, tmp_path / "in", seconds=30) == [
        f"{tmp_path / 'in' / 'far.xlsx'}, row 98999: a cell in column 16,384 (limit 64 columns)"]


def test_xlsx_whose_shared_string_fills_every_cell_is_refused_at_the_text_limit(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "shared.xlsx").write_bytes(hostile.xlsx_shared_string())  # 20 GB of text once read
    assert refused(previous, tmp_path / "in", seconds=60) == [
        f"{tmp_path / 'in' / 'shared.xlsx'}, row 263: its cells hold more than 268,435,456 characters of text (limit)"]


def test_parquet_of_one_huge_string_repeated_is_refused_on_its_dictionary(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "repeated.parquet").write_bytes(hostile.parquet_repeated_string())
    assert refused(previous, tmp_path / "in", seconds=30) == [
        f"{tmp_path / 'in' / 'repeated.parquet'}, column 'evidence': holds a text of 100,000 bytes (limit 16,384 "
        "per cell)"]


def test_parquet_whose_texts_expand_beyond_the_memory_bound_is_refused(previous, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_DUCKDB_MEMORY", "64MB")  # bound: half of it, 32 MB of text per file
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "many.parquet").write_bytes(hostile.parquet_repeated_string(rows=5_000, length=16_000))
    assert refused(previous, tmp_path / "in") == [
        f"{tmp_path / 'in' / 'many.parquet'}, column 'evidence': its texts expand to more than 32 MB (limit per "
        "file, half the build's memory limit ANTQ_DUCKDB_MEMORY; split it)"]


# --- every value read or refused ----------------------------------------------------------------------

def test_formulas_in_excel_inputs_are_refused_naming_the_cell(previous, tmp_path):
    (tmp_path / "in").mkdir()
    header = [*hostile.HEADER, "evidence"]
    row = [*hostile.GOOD[:5], "=1+1", *hostile.GOOD[6:], '=HYPERLINK("http://x","1.250 vụ")']
    (tmp_path / "in" / "f.xlsx").write_bytes(hostile.xlsx([row], header))
    problems = refused(previous, tmp_path / "in")
    shown = tmp_path / "in" / "f.xlsx"
    assert problems == [
        f"{shown}, row 1, column 'value': cell F2 holds a formula (=1+1): formulas are refused; type the value itself",
        f"{shown}, row 1, column 'evidence': cell I2 holds a formula (=HYPERLINK(\"http://x\",\"1.250 vụ\")): "
        "formulas are refused; type the value itself"]


def test_csv_with_a_bom_and_semicolons_is_read_and_named(tmp_path):
    (tmp_path / "in").mkdir()
    text = HEADER.replace(",", ";") + "\n" + LINE.replace(",", ";") + "\n"
    (tmp_path / "in" / "semi.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = built(tmp_path / "in", tmp_path)
    assert report.observations == 1
    assert report.notices == [f"{tmp_path / 'in' / 'semi.csv'}: read as UTF-8 with BOM text with the delimiter ';'"]


def test_excels_unicode_text_export_utf16_with_tabs_is_read(tmp_path):
    (tmp_path / "in").mkdir()
    text = HEADER.replace(",", "\t") + "\r\n" + LINE.replace(",", "\t") + "\r\n"
    (tmp_path / "in" / "unicode.csv").write_bytes(text.encode("utf-16"))
    report = built(tmp_path / "in", tmp_path)
    assert report.observations == 1
    assert report.notices == [f"{tmp_path / 'in' / 'unicode.csv'}: read as UTF-16 text with the delimiter tab"]


def test_a_csv_whose_columns_are_not_found_says_how_it_was_read(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "odd.csv").write_text("a:b:c\n1:2:3\n", encoding="utf-8")
    problems = refused(previous, tmp_path / "in")
    assert f"{tmp_path / 'in' / 'odd.csv'}, column 'indicator_code': required column is missing (read as UTF-8 " \
           "text with the delimiter ','; columns found: a:b:c)" in problems


def test_trailing_separators_do_not_shift_columns(tmp_path):
    (tmp_path / "in").mkdir()
    rows = [dict(GOOD_ROW, period_end=f"20{10 + i}-12-31", period_start=f"20{10 + i}-01-01") for i in range(3)]
    body = "\n".join(",".join(str(v) for v in r.values()) + "," for r in rows)
    (tmp_path / "in" / "trailing.csv").write_text(HEADER + ",\n" + body + "\n", encoding="utf-8")
    (tmp_path / "in" / "rows_only.csv").write_text(
        HEADER + "\n" + ",".join(str(v) for v in dict(GOOD_ROW, unit_code="40").values()) + ",,\n",
        encoding="utf-8")
    assert built(tmp_path / "in", tmp_path).observations == 4


def test_a_value_beyond_the_header_is_refused_naming_its_row(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "extra.csv").write_text(f"{HEADER}\n{LINE}\n{LINE},surplus\n", encoding="utf-8")
    assert refused(previous, tmp_path / "in") == [
        f"{tmp_path / 'in' / 'extra.csv'}, row 2: 11 values for 10 columns (delimiter ','): a value without a column"]


def test_a_csv_that_is_not_utf8_is_refused_naming_the_encoding(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "latin.csv").write_bytes(f"{HEADER}\n{LINE}\n".encode() + "Hà Nam\n".encode("cp1258"))
    assert refused(previous, tmp_path / "in") == [
        f"{tmp_path / 'in' / 'latin.csv'}: line 3: not UTF-8 text (byte 0xe0); save it as 'CSV UTF-8'"]


def test_rows_keep_their_numbers_in_the_file_when_empty_rows_are_skipped(previous, tmp_path):
    (tmp_path / "in").mkdir()
    bad = LINE.replace("12.0", "-3").replace("2020-", "2021-")
    (tmp_path / "in" / "gaps.csv").write_text(f"{HEADER}\n{LINE}\n\n,,,\n{bad}\n", encoding="utf-8")
    problems = refused(previous, tmp_path / "in")
    assert problems == [f"{tmp_path / 'in' / 'gaps.csv'}, row 4, column 'value': negative count (-3.0) for "
                        "campaign_launches"]


def test_empty_inputs_are_skipped_with_a_notice(tmp_path):
    folder = tmp_path / "in"
    write_input(folder, [GOOD_ROW])
    (folder / "header_only.csv").write_text(HEADER + "\n", encoding="utf-8")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "empty.xlsx").write_bytes(hostile.xlsx([]))
    schema = pa.schema([(c, pa.float64() if c == "value" else pa.string()) for c in GOOD_ROW])
    pq.write_table(schema.empty_table(), folder / "zero.parquet")
    report = built(folder, tmp_path)
    assert report.observations == 1 and report.files == [str(folder / "input.parquet")]
    assert sorted(report.notices) == sorted([
        f"{folder / 'empty.csv'}: no rows (empty, or a header only): skipped",
        f"{folder / 'empty.xlsx'}: no rows (empty, or a header only): skipped",
        f"{folder / 'header_only.csv'}: no rows (empty, or a header only): skipped",
        f"{folder / 'zero.parquet'}: no rows: skipped"])


def test_a_folder_of_empty_inputs_builds_an_empty_warehouse(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "header_only.csv").write_text(HEADER + "\n", encoding="utf-8")
    report = built(tmp_path / "in", tmp_path)
    assert report.observations == 0 and report.files == [] and len(report.notices) == 1


def test_hidden_files_are_skipped_with_a_notice(tmp_path):
    folder = tmp_path / "in"
    write_input(folder, [GOOD_ROW])
    (folder / ".x.csv").write_text(HEADER + "\n" + LINE.replace("11", "999") + "\n", encoding="utf-8")
    (folder / ".cache").mkdir()
    write_input(folder / ".cache", [dict(GOOD_ROW, unit_code="999")], name="old.parquet")
    report = built(folder, tmp_path)
    assert report.observations == 1
    assert report.notices == [
        f"{folder / '.cache' / 'old.parquet'}: skipped (hidden: names starting with '.' or '~$' are never read)",
        f"{folder / '.x.csv'}: skipped (hidden: names starting with '.' or '~$' are never read)"]
    assert "note: " in report.summary() and ".x.csv" in report.summary()


@pytest.mark.parametrize("end, column, day", [("9999-12-31", "period_end", "31/12/9999"),
                                               ("1999-12-31", "period_end", "31/12/1999")])
def test_dates_outside_the_plausible_range_are_refused(previous, tmp_path, end, column, day):
    write_input(tmp_path / "in", [dict(GOOD_ROW, period_start=None, period_end=end)])
    problems = refused(previous, tmp_path / "in")
    assert any(f"row 1, column '{column}': date {day} outside the plausible range 01/01/2000 – 31/12/" in p
               for p in problems), problems


# --- the command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("out, reason", [
    ("{tmp}", "is a folder"),
    ("/proc/antq/w.duckdb", "cannot be written"),
    ("{tmp}/README.md/w.duckdb", "is a file, not a folder"),
    ("{tmp}/notes.txt", "exists and is not a DuckDB warehouse"),
    (str(config.INPUT_DIR / "x.parquet"), "inside the input folder"),
])
def test_cli_refuses_a_bad_out_before_building(tmp_path, capsys, monkeypatch, out, reason):
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "notes.txt").write_text("keep me")
    monkeypatch.setattr("core.intake.check.read_inputs",
                        lambda *a: pytest.fail("the inputs were read before --out was checked"))
    code = main(["build", "--out", out.format(tmp=tmp_path), "--without-sample"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("error: --out ") and reason in err and len(err.splitlines()) == 1
    assert (tmp_path / "notes.txt").read_text() == "keep me" and not (config.INPUT_DIR / "x.parquet").exists()


def test_the_default_inputs_are_read_once_even_when_given_again(tmp_path):
    report = build.run(inputs=[config.INPUT_DIR, config.INPUT_DIR / "."], out=tmp_path / "w.duckdb",
                       with_sample=False)
    assert len(report.files) == len(list(config.INPUT_DIR.rglob("*.parquet")))


def test_cli_unexpected_failure_is_one_line_without_traceback(capsys, monkeypatch):
    def boom(**kwargs):
        raise MemoryError("DuckDB ran out of memory\nwith details")

    monkeypatch.setattr(build, "run", boom)
    assert run(["build", "--without-sample"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: MemoryError: DuckDB ran out of memory (nothing was written")
    assert "Traceback" not in err


# --- leftovers of a killed build --------------------------------------------------------------------

def test_leftovers_of_a_killed_build_are_cleaned_at_the_next_start(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "w.duckdb"
        stale = [tmp_path / f".w.duckdb.{dead.pid}.tmp", tmp_path / f".w.duckdb.{dead.pid}.tmp.wal"]
        kept = tmp_path / f".w.duckdb.{alive.pid}.tmp"
        for p in [*stale, kept]:
            p.write_bytes(b"x")
        work = Path(os.environ.get("TMPDIR", "/tmp")) / f"antq-etl-{dead.pid}-leftover"
        work.mkdir(exist_ok=True)
        (work / "converted.parquet").write_bytes(b"x")
        write_input(tmp_path / "in", [GOOD_ROW])
        build.run(inputs=[tmp_path / "in"], out=out, with_sample=False, include_default_inputs=False)
        assert not any(p.exists() for p in stale) and not work.exists()
        assert kept.exists()  # its process still runs
        assert out.exists()
    finally:
        alive.kill()
        alive.wait()


def test_a_killed_build_leaves_the_warehouse_intact_and_the_next_build_cleans_up(tmp_path):
    out = tmp_path / "w.duckdb"
    build.run(out=out, with_sample=False)
    before = digest(out)
    env = {**os.environ, "PYTHONPATH": str(config.ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "etl", "build", "--out", str(out)], cwd=config.ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp = out.with_name(f".w.duckdb.{proc.pid}.tmp")
    deadline = time.monotonic() + 120
    while not tmp.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert digest(out) == before
    build.run(out=out, with_sample=False)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".w.duckdb.")]
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob(f"antq-etl-{proc.pid}-*"))


# --- review texts ------------------------------------------------------------------------------------

def test_a_docx_of_a_million_paragraphs_is_refused_before_python_docx_reads_it(tmp_path):
    from core.reader import ReadError, read_document

    path = tmp_path / "million.docx"
    path.write_bytes(hostile.docx_paragraphs())
    started = time.perf_counter()
    with pytest.raises(ReadError, match="refused as a possible zip bomb"):
        read_document(path, name="million.docx")
    assert time.perf_counter() - started < 10
    # distinct paragraphs (an ordinary compression ratio): counted while streaming, stopped at the limit
    path.write_bytes(hostile.docx([f"Đoạn {i}: xã {i % 997} có {i} mô hình tự quản." for i in range(25_000)]))
    with pytest.raises(ReadError, match=r"^many.docx: more than 5,000 paragraphs \(limit\)$"):
        read_document(path, name="many.docx")


@pytest.mark.parametrize("text, bound", [("Có 5 mô hình.\n" * 5_001, "more than 5,000 paragraphs"),
                                         ("x" * 1_000_001, "1,000,001 characters (limit 1,000,000)")])
def test_pasted_texts_are_bounded(text, bound):
    from core.reader import ReadError, read_text

    with pytest.raises(ReadError, match=re.escape(bound)):
        read_text(text)


def test_a_cell_with_line_breaks_is_named_on_one_line(tmp_path):
    """A value holding line breaks cannot split a problem into lines that look like other problems."""
    write_input(tmp_path / "in", [dict(GOOD_ROW, indicator_code="a\nb\r\nc")])
    with pytest.raises(BuildFailed) as refused:
        build.run(inputs=[tmp_path / "in"], out=tmp_path / "w.duckdb", with_sample=False,
                  include_default_inputs=False)
    (problem,) = [str(e) for e in refused.value.errors if "unknown indicator" in str(e)]
    assert "\n" not in problem and "\r" not in problem
    assert problem.endswith("unknown indicator 'a\\nb\\r\\nc' (not in data/indicators.yaml)")
