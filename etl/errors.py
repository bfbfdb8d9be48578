"""Input problems reported to the person loading data: file, row, column and reason."""

from __future__ import annotations

from core.intake.bounds import Problem
from core.intake.check import BuildFailed

#: One problem of an input (file, row, column, reason): the same record as the intake's refusals.
InputError = Problem

__all__ = ["BuildFailed", "InputError", "OutRefused"]


class OutRefused(ValueError):
    """The warehouse cannot go where --out says (checked before any work); one line saying why."""
