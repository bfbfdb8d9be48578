"""The semantic rules as DuckDB macros, generated from the Python definitions
(core.semantics.qualifiers, periods, reform), so SQL and Python cannot drift apart.

The build creates them in the warehouse (``install(con)``): read-only connections to it use them.
A connection that needs them without the warehouse creates them as TEMP macros
(``install(con, temp=True)``).
"""

from __future__ import annotations

from core.semantics import periods, qualifiers, reform


def definitions() -> dict[str, tuple[str, str]]:
    """Macro name -> (parameters, body), in an order where each uses only earlier ones."""
    ranks = qualifiers.RANK.items()
    exact, at_least, about = qualifiers.EXACT, qualifiers.AT_LEAST, qualifiers.ABOUT
    tol = periods.TOLERANCE
    return {
        # qualifier algebra
        # as CASE expressions (cheaper per row than a list lookup): unknown or missing ranks as exact
        "qualifier_rank": ("q", "CASE q " + " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in ranks)
                           + f" ELSE {qualifiers.rank(None)} END"),
        "qualifier_of_rank": ("r", "CASE r " + " ".join(f"WHEN {rank} THEN '{name}'" for name, rank in ranks) + " END"),
        # an aggregate: the weakest qualifier of a group's rows (use it in a GROUP BY)
        "qualifier_combine": ("q", "qualifier_of_rank(max(qualifier_rank(q)))"),
        "qualifier_of_sum": ("q, reported, expected",
                             f"CASE WHEN reported < expected AND q = '{exact}' THEN '{at_least}' ELSE q END"),
        "qualifier_of_difference": ("a, b", f"CASE WHEN a = '{exact}' AND b = '{exact}' THEN '{exact}' "
                                            f"ELSE '{about}' END"),
        # period length and one year
        "period_years": ("period_start, period_end",
                         f"round((date_diff('day', period_start, period_end) + 1) / {periods.DAYS_PER_YEAR}, "
                         f"{periods.DECIMALS})"),
        "whole_years": ("y", "round(y::DOUBLE)"),
        "period_length": ("y", f"CASE WHEN whole_years(y) <> 0 AND abs(y - whole_years(y)) <= {tol} * whole_years(y) "
                               "THEN whole_years(y) ELSE y::DOUBLE END"),
        "within_one_year": ("y", "coalesce(period_length(y) <= 1, false)"),
        "in_one_calendar_year": ("period_start, period_end",
                                 "coalesce(year(period_start) = year(period_end), false)"),
        "in_year_groups": ("period_kind, period_start, period_end",
                           "coalesce(period_kind = 'stock' OR (period_kind = 'total' "
                           "AND in_one_calendar_year(period_start, period_end)), false)"),
        "whole_calendar_years": ("period_start, period_end",
                                 "coalesce(month(period_start) = 1 AND day(period_start) = 1 "
                                 "AND month(period_end) = 12 AND day(period_end) = 31, false)"),
        # the reform and unit validity
        "reform_date": ("", f"DATE '{reform.REFORM.isoformat()}'"),
        "after_reform": ("d", "d >= reform_date()"),
        "valid_on": ("valid_from, valid_to, d",
                     "(valid_from IS NULL OR valid_from <= d) AND (valid_to IS NULL OR d <= valid_to)"),
        # child -> parent sums: the children expected are those valid on this day
        "children_day": ("period_end", "least(period_end, (reform_date() - INTERVAL 1 DAY)::DATE)"),
        # spans: a parent's children as a list of {valid_from, valid_to}
        "children_expected": ("spans, period_end",
                              "coalesce(len(list_filter(spans, lambda s: "
                              "valid_on(s.valid_from, s.valid_to, children_day(period_end)))), 0)"),
        # a parent's sum, from its group of children (one row each, summed first): the children that
        # reported, their combined qualifier (qualifier_combine) and the parent's spans: aggregation.sum_children
        "child_sum_expected": ("reported, spans, period_end",
                               "greatest(reported, children_expected(spans, period_end))"),
        "child_sum_qualifier": ("q, reported, spans, period_end",
                                "qualifier_of_sum(q, reported, child_sum_expected(reported, spans, period_end))"),
    }


def statements(temp: bool = False) -> list[str]:
    """CREATE MACRO statements for every rule."""
    kind = "TEMP MACRO" if temp else "MACRO"
    return [f"CREATE OR REPLACE {kind} {name}({params}) AS {body}"
            for name, (params, body) in definitions().items()]


def install(con, temp: bool = False) -> None:
    """Create the macros on a connection (in its database, or TEMP ones for this connection only)."""
    for sql in statements(temp):
        con.execute(sql)
