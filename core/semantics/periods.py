"""Period length and "one year".

* ``period_years``: a period's length in years, (days + 1) / 365.25 rounded to 3 decimals (a
  calendar year counts 0,999 years); unknown without a start.
* ``length``: within 1% of a whole number of years a length is that number (0,999 → 1).
* ``within_one_year``: a period no longer than one year by ``length`` (the figures a map may
  show for a year before multi-year totals; a total per year needs no conversion).
* ``in_one_calendar_year``: start and end in the same calendar year (rows summed into a year).
* ``in_year_groups``: a row grouped into its calendar year (year_groups): a level ('stock'), or a flow
  ('total') in one calendar year; the others (yearly rates, flows spanning years) stay apart.
* ``whole_calendar_years``: from 1 January to 31 December (printed '2024' or '2019–2024').
"""

from __future__ import annotations

import math
from datetime import date

DAYS_PER_YEAR = 365.25
DECIMALS = 3
TOLERANCE = 0.01  # of a whole number of years


def missing(x: object) -> bool:
    """None, NaN, NaT or pandas' NA."""
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) in ("NaT", "nan", "<NA>")


def period_years(start: date | None, end: date) -> float | None:
    """Length in years of the period from ``start`` to ``end`` (both days counted)."""
    if missing(start):
        return None
    return round(((end - start).days + 1) / DAYS_PER_YEAR, DECIMALS)


def length(years: float) -> float:
    """A period's length in years; within 1% of a whole number of years it is that number."""
    years = float(years)
    whole = round(years)
    return float(whole) if whole and abs(years - whole) <= TOLERANCE * whole else years


def within_one_year(years: float | None) -> bool:
    """A period of at most one year (by ``length``); unknown lengths are not."""
    return not missing(years) and length(float(years)) <= 1  # type: ignore[arg-type]


def in_one_calendar_year(start: date | None, end: date) -> bool:
    """Start and end fall in the same calendar year (no start: no)."""
    return not missing(start) and start.year == end.year  # type: ignore[union-attr]


def in_year_groups(kind: str | None, start: date | None, end: date) -> bool:
    """A level, or a flow within one calendar year: a row the build groups into its year."""
    return kind == "stock" or (kind == "total" and in_one_calendar_year(start, end))


def whole_calendar_years(start: date | None, end: date) -> bool:
    """The period runs from a 1 January to a 31 December."""
    return not missing(start) and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)  # type: ignore
