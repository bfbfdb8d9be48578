"""Child -> parent aggregation: one rule for the marts, the comparison and district pages, the maps,
the overview, the slides and the exports.

A parent unit (an old province of its districts, a new province of its old provinces, a district of
its communes) without a figure of its own takes the sum of the figures its children reported for the
same indicator, breakdown and period, for additive indicators only (aggregation 'sum'). The sum
covers the children that reported; its qualifier is the weakest of theirs, and when fewer children
reported than the parent had on the period's last day it is a lower bound ("at_least", printed
"> …"). Every sum keeps how many children it covers and how many were expected ("12/15 districts"),
so a partial sum is never mistaken for a complete one. A parent's own figure always comes before the
sum of its children. Non-additive figures (rates, percentages, counts of types) are never summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from core.semantics import qualifiers, reform

#: notes of a sum: every child reported / some children missing
NOTE_COMPLETE, NOTE_PARTIAL = "sum_complete", "sum_partial"


def children_day(period_end: date) -> date:
    """The day whose children a sum expects: the period's last day, at the latest the reform's eve
    (the children of a new province are the old provinces merged into it)."""
    return min(period_end, reform.LAST_DAY_BEFORE)


def children_expected(spans: Iterable[tuple[date | None, date | None]], period_end: date) -> int:
    """How many children a sum expects for a period ending on ``period_end``: of the children's
    validity spans (valid_from, valid_to), those valid on ``children_day(period_end)``."""
    day = children_day(period_end)
    return sum(1 for a, b in spans if reform.valid_on(a, b, day))


@dataclass(frozen=True)
class ChildSum:
    """The sum of the children that reported, with its qualifier and coverage."""

    value: float
    qualifier: str
    reported: int
    expected: int

    @property
    def partial(self) -> bool:
        return self.reported < self.expected


def sum_children(values: Iterable[float], quals: Iterable[str], expected: int | None = None) -> ChildSum:
    """Sum the children's figures (one per child that reported); ``expected``: children the parent
    had on the period's last day (default: those that reported)."""
    values, quals = list(values), list(quals)
    reported = len(values)
    expected = max(reported, expected if expected is not None else reported)
    return ChildSum(float(sum(values)), qualifiers.of_sum(quals, reported, expected), reported, expected)
