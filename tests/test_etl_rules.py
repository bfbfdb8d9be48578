"""One test per bad-input rule: a clear message naming file, row, column and reason, a
refused build, and the previous warehouse left byte-for-byte intact."""

import contextlib
from pathlib import Path

import pyarrow as pa
import pytest

from core.intake import check
from etl import build
from etl.__main__ import main
from etl.errors import BuildFailed
from tests.conftest import GOOD_ROW, digest, write_input


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prev") / "warehouse.duckdb"
    build.run(out=out, with_sample=False)
    return out


def refused(previous: Path, folder: Path) -> str:
    before = digest(previous)
    with pytest.raises(BuildFailed) as info:
        build.run(inputs=[folder], out=previous, with_sample=False)
    assert digest(previous) == before, "the previous warehouse must stay byte-for-byte intact"
    assert not list(previous.parent.glob(".*.tmp")), "no half-written file may stay behind"
    return info.value.message()


def row(**changes) -> dict:
    r = dict(GOOD_ROW)
    r.update(changes)
    return {k: v for k, v in r.items() if v is not ...}


RULES = [
    ("unknown_unit_code", [row(unit_code="999")], "row 1, column 'unit_code': no unit has code '999'"),
    ("unknown_unit_name", [row(unit_code=None, unit_name="Dien Bienn")],
     "row 1, column 'unit_name': no unit named 'Dien Bienn'; did you mean Tỉnh Điện Biên (11)"),
    ("unknown_indicator", [row(indicator_code="campaign_lunches")],
     "row 1, column 'indicator_code': unknown indicator 'campaign_lunches'"),
    ("district_after_reform", [row(unit_code="428", period_start="2025-07-01", period_end="2025-12-31")],
     "row 1, column 'unit_code': district Huyện Thanh Chương (428) dated 31/12/2025: districts were abolished"),
    ("outside_validity", [row(unit_code="62", period_start="2025-07-01", period_end="2025-12-31")],
     "row 1, column 'unit_code': Tỉnh Kon Tum (62) is valid 01/01/2004 – 30/06/2025"),
    ("negative_count", [row(value=-5.0)], "row 1, column 'value': negative count (-5.0) for campaign_launches"),
    ("percent_over_100", [row(indicator_code="households_in_groups_pct", value=120.0)],
     "row 1, column 'value': percent outside 0-100 (120.0)"),
    ("end_before_start", [row(period_start="2021-01-01", period_end="2020-01-01")],
     "row 1, column 'period_end': period ends (01/01/2020) before it starts (01/01/2021)"),
    ("duplicate_key", [row(), row(value=13.0)], "row 2, column 'unit_code': duplicate of"),
    ("unknown_source", [row(source_id="nowhere")], "row 1, column 'source_id': unknown source 'nowhere'"),
    ("unknown_qualifier", [row(qualifier="roughly")], "row 1, column 'qualifier': unknown qualifier 'roughly'"),
    ("undeclared_breakdown", [row(indicator_code="awards_collective", breakdown="someone")],
     "row 1, column 'breakdown': breakdown 'someone' is not declared for indicator awards_collective"),
]


@pytest.mark.parametrize("name, rows, expected", RULES, ids=[r[0] for r in RULES])
def test_rule(previous, tmp_path, name, rows, expected):
    write_input(tmp_path / "in", rows, name=f"{name}.parquet")
    message = refused(previous, tmp_path / "in")
    assert f"{name}.parquet, {expected}" in message, message


CASES = [(name, rows) for name, rows, _ in RULES] + [
    ("good", [row()]), ("text_value", [row(value="nhiều")]), ("bad_date", [row(period_end="31/12/2020")]),
    ("empty_value", [row(value=None)]), ("no_source", [row(source_id="")]),
]


def test_one_pass_names_the_rules_that_report(tmp_path, monkeypatch):
    """The one pass over every row (screen_rules.sql) names exactly the rules whose own query
    reports a row (only they run); for duplicates, wherever that rule's query reports one."""
    seen: list[tuple[str, set[str], set[str]]] = []
    screen = check._screen_rules

    def both(con, files=None):
        failing = screen(con, files)
        reporting = {r for r in check.RULES if con.execute(check.sql(f"rules/{r}"), check._rule_params(r)).fetchall()}
        seen.append((case, set(failing), reporting))
        return failing

    monkeypatch.setattr(check, "_screen_rules", both)
    for case, rows in CASES:
        types = {"value": pa.string()} if case == "text_value" else {}
        write_input(tmp_path / case, rows, name=f"{case}.parquet", **types)
        with contextlib.suppress(BuildFailed):
            check.check_build([tmp_path / case], include_default_inputs=False)
    assert {case for case, _, _ in seen} == {case for case, _ in CASES}
    for case, failing, reporting in seen:
        assert failing - {"duplicates"} == reporting - {"duplicates"}, case
        assert reporting <= failing, case
    assert any(reporting - {"duplicates"} for _, _, reporting in seen)


def monthly(month: int, **changes) -> dict:
    return row(period_start=f"2020-{month:02d}-01", period_end=f"2020-{month:02d}-28", **changes)


DUPLICATES = [  # rows; the duplicate's row and its first occurrence, or None when there is none
    ("among_monthly_rows", [monthly(1), monthly(2), monthly(3), monthly(2, value=5.0)], (4, 2)),
    ("level_in_a_later_file_month", [monthly(1, period_kind="stock"), monthly(5, period_kind="stock"),
                                     monthly(5, period_kind="stock", value=1.0)], (3, 2)),
    ("multi_year_total", [row(period_start="2013-08-01", period_end="2023-05-19"), monthly(4),
                          row(period_start="2013-08-01", period_end="2023-05-19", value=99.0)], (3, 1)),
    ("same_month_other_source", [monthly(3), monthly(3, source_id="rep002_nghean")], None),
    ("same_end_other_start", [monthly(3), row(period_start="2020-03-15", period_end="2020-03-28")], None),
]


@pytest.mark.parametrize("name, rows, expected", DUPLICATES, ids=[d[0] for d in DUPLICATES])
def test_duplicates_are_found_wherever_they_hide(previous, tmp_path, name, rows, expected):
    """The rule compares rows only in groups with more rows than months (etl/sql/year_groups.sql):
    each way a duplicate can sit is found, and rows that only look alike are not refused."""
    write_input(tmp_path / "in", rows, name=f"{name}.parquet")
    if expected is None:
        build.run(inputs=[tmp_path / "in"], out=tmp_path / "ok.duckdb", with_sample=False)
        return
    message = refused(previous, tmp_path / "in")
    dup, first = expected
    assert f"{name}.parquet, row {dup}, column 'unit_code': duplicate of " in message, message
    assert f"{name}.parquet:{first} (same unit 11, indicator campaign_launches," in message, message
    assert message.count("duplicate of") == 1, message


def test_non_numeric_value(previous, tmp_path):
    write_input(tmp_path / "in", [row(value="nhiều")], name="text_value.parquet", value=pa.string())
    message = refused(previous, tmp_path / "in")
    assert "text_value.parquet, row 1, column 'value': not a number: 'nhiều'" in message


def test_bad_date(previous, tmp_path):
    write_input(tmp_path / "in", [row(period_end="31/12/2020")], name="bad_date.parquet")
    message = refused(previous, tmp_path / "in")
    assert "bad_date.parquet, row 1, column 'period_end': not a date (YYYY-MM-DD): '31/12/2020'" in message


def test_missing_column(previous, tmp_path):
    write_input(tmp_path / "in", [row(qualifier=...)], name="no_qualifier.parquet")
    message = refused(previous, tmp_path / "in")
    assert "no_qualifier.parquet, column 'qualifier': required column is missing" in message


def test_codes_typed_as_numbers_are_refused(previous, tmp_path):
    write_input(tmp_path / "in", [row(unit_code=11)], name="int_codes.parquet", unit_code=pa.int64())
    message = refused(previous, tmp_path / "in")
    assert "int_codes.parquet, column 'unit_code': must be text" in message


def test_not_parquet(previous, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fake.parquet").write_text("unit_code,value\n11,3\n")
    message = refused(previous, tmp_path / "in")
    assert "fake.parquet: not a readable Parquet file" in message


def test_truncated_parquet(previous, tmp_path):
    path = write_input(tmp_path / "in", [row(value=float(i), period_end=f"20{10 + i}-12-31") for i in range(5)],
                       name="cut.parquet")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = refused(previous, tmp_path / "in")
    assert "cut.parquet: not a readable Parquet file" in message


def test_every_problem_is_listed_once_with_its_row(previous, tmp_path):
    write_input(tmp_path / "in", [row(), row(unit_code="999", period_end="2021-12-31"),
                                  row(value=-1.0, period_end="2022-12-31")], name="mixed.parquet")
    message = refused(previous, tmp_path / "in")
    assert "mixed.parquet, row 2, column 'unit_code'" in message
    assert "mixed.parquet, row 3, column 'value'" in message
    assert "mixed.parquet, row 1" not in message


def test_cli_refuses_corrupt_input_and_leaves_out_untouched(previous, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.parquet").write_bytes(b"PAR1\x00\x01garbage")
    before = digest(previous)
    code = main(["build", "--input", str(tmp_path / "in"), "--out", str(previous), "--without-sample"])
    err = capsys.readouterr().err
    assert code == 2
    assert "broken.parquet: not a readable Parquet file" in err and "Traceback" not in err
    assert digest(previous) == before


def _sql_read(monkeypatch) -> list[str]:
    """The names of the intake SQL files read from now on."""
    names: list[str] = []
    original = check.sql
    monkeypatch.setattr(check, "sql", lambda name: names.append(name) or original(name))
    return names


def test_rows_that_passed_are_not_screened_again(tmp_path, monkeypatch):
    """A file whose rows passed the row rules is not screened by them again while its bytes, the
    reference tables and the code hold; a new file beside it is, and the duplicates still look at all."""
    monkeypatch.setenv("ANTQ_BUILD_CACHE_DIR", str(tmp_path / "cache"))
    write_input(tmp_path / "in", [row()], name="first.parquet")
    names = _sql_read(monkeypatch)
    check.check_build([tmp_path / "in"], include_default_inputs=False)
    assert "screen_rules" in names
    names.clear()
    check.check_build([tmp_path / "in"], include_default_inputs=False)
    assert "screen_rules" not in names and "screen_duplicates" in names
    write_input(tmp_path / "in", [row(value=13.0)], name="second.parquet")  # repeats the first file's row
    with pytest.raises(BuildFailed, match="second.parquet, row 1, column 'unit_code': duplicate of"):
        check.check_build([tmp_path / "in"], include_default_inputs=False)
    (tmp_path / "in" / "second.parquet").unlink()
    write_input(tmp_path / "in", [row(value=-1.0)], name="third.parquet")
    with pytest.raises(BuildFailed, match="third.parquet, row 1, column 'value': negative count"):
        check.check_build([tmp_path / "in"], include_default_inputs=False)


def test_a_changed_source_or_catalogue_screens_remembered_rows_again(tmp_path, monkeypatch):
    """The same file is judged again when what the rules read beside it changes: its source no longer
    declared, or its indicator's bounds narrowed."""
    monkeypatch.setenv("ANTQ_BUILD_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "in"
    write_input(folder, [row(source_id="own_src")])
    declared = "sources:\n  - source_id: {id}\n    title: A test source\n    kind: report\n"
    (folder / "sources.yaml").write_text(declared.format(id="own_src"), encoding="utf-8")
    check.check_build([folder], include_default_inputs=False)
    (folder / "sources.yaml").write_text(declared.format(id="other_src"), encoding="utf-8")
    with pytest.raises(BuildFailed, match="unknown source 'own_src'"):
        check.check_build([folder], include_default_inputs=False)

    (folder / "sources.yaml").write_text(declared.format(id="own_src"), encoding="utf-8")
    check.check_build([folder], include_default_inputs=False)
    from core import config

    catalogue = tmp_path / "indicators.yaml"
    text = config.CATALOGUE_PATH.read_text(encoding="utf-8")
    start = text.index("- code: campaign_launches")
    catalogue.write_text(text[:start] + text[start:].replace("max: 10000000", "max: 10", 1), encoding="utf-8")
    monkeypatch.setattr(config, "CATALOGUE_PATH", catalogue)
    with pytest.raises(BuildFailed, match="campaign_launches"):
        check.check_build([folder], include_default_inputs=False)
