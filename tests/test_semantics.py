"""The semantic rules agree in Python and in SQL: the DuckDB macros (core.semantics.macros) are
generated from the Python definitions, and generated cases give the same answers both ways."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.semantics import aggregation, macros, periods, qualifiers, reform

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
QUALS = st.sampled_from(qualifiers.QUALIFIERS)
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))
OPTIONAL_DAYS = st.none() | DAYS


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    macros.install(c, temp=True)
    yield c
    c.close()


def one(con, sql: str, *params):
    return con.execute(sql, list(params)).fetchone()[0]


@SETTINGS
@given(st.lists(QUALS, min_size=1, max_size=6))
def test_combining_qualifiers(con, quals):
    sql = "SELECT qualifier_combine(q) FROM unnest(?::VARCHAR[]) AS t(q)"
    assert one(con, sql, quals) == qualifiers.combine(quals)
    assert [one(con, "SELECT qualifier_rank(?)", q) for q in quals] == [qualifiers.rank(q) for q in quals]


@SETTINGS
@given(st.lists(QUALS, min_size=1, max_size=6), st.integers(0, 8))
def test_sum_of_children(con, quals, missing):
    expected = len(quals) + missing
    summed = aggregation.sum_children(range(len(quals)), quals, expected)
    sql = "SELECT qualifier_of_sum(qualifier_combine(q), count(*), ?) FROM unnest(?::VARCHAR[]) AS t(q)"
    assert one(con, sql, expected, quals) == summed.qualifier
    assert summed.partial == (missing > 0) and summed.value == sum(range(len(quals)))
    if missing and qualifiers.combine(quals) == "exact":
        assert summed.qualifier == "at_least"  # a sum missing children is a lower bound


@SETTINGS
@given(QUALS, QUALS)
def test_difference(con, a, b):
    assert one(con, "SELECT qualifier_of_difference(?, ?)", a, b) == qualifiers.of_difference(a, b)


@SETTINGS
@given(OPTIONAL_DAYS, st.integers(0, 12 * 366))
def test_period_length_and_one_year(con, start, days):
    end = (start or date(2000, 1, 1)) + timedelta(days=days)
    years = periods.period_years(start, end)
    assert one(con, "SELECT period_years(?::DATE, ?::DATE)", start, end) == years
    assert one(con, "SELECT in_one_calendar_year(?::DATE, ?::DATE)", start, end) \
        == periods.in_one_calendar_year(start, end)
    assert one(con, "SELECT whole_calendar_years(?::DATE, ?::DATE)", start, end) \
        == periods.whole_calendar_years(start, end)
    for kind in ("stock", "total", "per_year", None):
        assert one(con, "SELECT in_year_groups(?, ?::DATE, ?::DATE)", kind, start, end) \
            == periods.in_year_groups(kind, start, end)
    assert one(con, "SELECT within_one_year(?::DOUBLE)", years) == periods.within_one_year(years)
    if years is not None:
        assert one(con, "SELECT period_length(?::DOUBLE)", years) == pytest.approx(periods.length(years))


@SETTINGS
@given(st.floats(0.001, 40, allow_nan=False).map(lambda x: round(x, 3)))
def test_length_of_any_period(con, years):
    assert one(con, "SELECT period_length(?::DOUBLE)", years) == pytest.approx(periods.length(years))
    assert one(con, "SELECT within_one_year(?::DOUBLE)", years) == periods.within_one_year(years)


@SETTINGS
@given(DAYS, OPTIONAL_DAYS, OPTIONAL_DAYS)
def test_reform_and_validity(con, day, valid_from, valid_to):
    assert one(con, "SELECT after_reform(?::DATE)", day) == reform.after_reform(day)
    assert one(con, "SELECT valid_on(?::DATE, ?::DATE, ?::DATE)", valid_from, valid_to, day) \
        == reform.valid_on(valid_from, valid_to, day)
    assert one(con, "SELECT children_day(?::DATE)", day) == aggregation.children_day(day)


@SETTINGS
@given(st.lists(st.tuples(OPTIONAL_DAYS, OPTIONAL_DAYS), max_size=6), DAYS,
       st.lists(QUALS, min_size=1, max_size=6))
def test_children_expected_and_the_sum_of_those_reported(con, spans, period_end, quals):
    """The mart's macros over a group of children of one parent follow sum_children."""
    expected = aggregation.children_expected(spans, period_end)
    structs = [{"valid_from": a, "valid_to": b} for a, b in spans]
    assert one(con, "SELECT children_expected(?::STRUCT(valid_from DATE, valid_to DATE)[], ?::DATE)",
               structs, period_end) == expected
    summed = aggregation.sum_children([1.0] * len(quals), quals, expected)
    sql = ("SELECT child_sum_qualifier(qualifier_combine(q), count(*), any_value(s), max(d)), "
           "child_sum_expected(count(*), any_value(s), max(d)) FROM unnest(?::VARCHAR[]) AS t(q), "
           "(SELECT ?::STRUCT(valid_from DATE, valid_to DATE)[] AS s, ?::DATE AS d)")
    assert con.execute(sql, [quals, structs, period_end]).fetchone() == (summed.qualifier, summed.expected)


def test_known_cases():
    """Fixed points of the rules, as the product prints them."""
    assert periods.period_years(date(2023, 1, 1), date(2023, 12, 31)) == 0.999
    assert periods.length(0.999) == 1 and periods.length(9.796) == pytest.approx(9.796)
    assert periods.within_one_year(1.002) and not periods.within_one_year(1.5)
    assert qualifiers.combine(["exact", "about", "at_least"]) == "about"
    assert not reform.after_reform(reform.LAST_DAY_BEFORE) and reform.after_reform(reform.REFORM)


def test_warehouse_carries_the_macros(tmp_path):
    """The build keeps the macros in the warehouse: a plain read-only connection can use them."""
    from etl import build

    out = tmp_path / "w.duckdb"
    build.run(inputs=[], out=out, with_sample=False, include_default_inputs=False)
    with duckdb.connect(str(out), read_only=True) as c:
        assert c.execute("SELECT qualifier_of_sum('exact', 2, 3), reform_date()").fetchone() \
            == ("at_least", reform.REFORM)
