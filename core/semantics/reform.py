"""The 2025 reform: from ``REFORM`` (core.config.REFORM_DATE) Vietnam has 34 provinces and no
districts; every unit is valid from ``valid_from`` to ``valid_to`` (both days included, None open)."""

from __future__ import annotations

from datetime import date, timedelta

from core import config
from core.semantics.periods import missing

REFORM = date.fromisoformat(config.REFORM_DATE)
#: The last day of the 63 provinces and their districts.
LAST_DAY_BEFORE = REFORM - timedelta(days=1)
REFORM_YEAR = REFORM.year


def after_reform(day: date | None) -> bool:
    """A day on or after the reform (the 34 provinces; no districts)."""
    return day is not None and day >= REFORM


def valid_on(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """A unit valid from ``valid_from`` to ``valid_to`` (None: open) exists on ``day``."""
    return (missing(valid_from) or valid_from <= day) and (missing(valid_to) or day <= valid_to)  # type: ignore
