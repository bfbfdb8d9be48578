"""Input problems reported to the person loading data: file, row, column and reason."""

from __future__ import annotations

from core.intake import Problem

#: One problem of an input (file, row, column, reason): the same record as the intake's refusals.
InputError = Problem


class BuildFailed(Exception):
    """Raised when inputs are refused; carries every problem found (nothing was written)."""

    def __init__(self, errors: list[InputError], truncated: int = 0):
        self.errors = errors
        self.truncated = truncated
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"Build refused: {len(self.errors) + self.truncated} problem(s) in the inputs; "
                 "nothing was written, the previous warehouse is unchanged."]
        lines += [f"  - {e}" for e in self.errors]
        if self.truncated:
            lines.append(f"  ... and {self.truncated} more of the same kinds")
        return "\n".join(lines)


class OutRefused(ValueError):
    """The warehouse cannot go where --out says (checked before any work); one line saying why."""
