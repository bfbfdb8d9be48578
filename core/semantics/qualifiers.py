"""Qualifier algebra: what a figure's qualifier ('exact', 'at_least' (hơn, trên), 'about' (gần,
khoảng)) becomes when figures are summed or compared.

* A sum or a choice among figures takes the weakest of its parts' qualifiers, in the order
  exact < at_least < about (one "about" part makes the sum "about").
* A sum that misses some of its parts (fewer children reported than expected) is a lower bound:
  an exact sum becomes "at_least" (an "about" sum stays "about").
* A difference of two figures is exact only when both are; otherwise it is "about" (the
  difference of two lower bounds is no bound at all).
"""

from __future__ import annotations

from collections.abc import Iterable

#: The qualifiers from the strongest to the weakest claim; a qualifier's rank is its position.
QUALIFIERS = ("exact", "at_least", "about")
RANK = {q: i for i, q in enumerate(QUALIFIERS)}
EXACT, AT_LEAST, ABOUT = QUALIFIERS


def rank(qualifier: object) -> int:
    """The rank of a qualifier (unknown or missing: exact's)."""
    return RANK.get(qualifier, 0)  # type: ignore[arg-type]


def combine(qualifiers: Iterable[object]) -> str:
    """The qualifier of a figure made of several: the weakest of theirs ('exact' for none)."""
    return QUALIFIERS[max((rank(q) for q in qualifiers), default=0)]


def of_sum(qualifiers: Iterable[object], reported: int | None = None, expected: int | None = None) -> str:
    """The qualifier of a sum of parts: the weakest part's, and a lower bound ('at_least' for an
    exact sum) when fewer parts ``reported`` than were ``expected``."""
    qual = combine(qualifiers)
    if reported is not None and expected is not None and reported < expected and qual == EXACT:
        return AT_LEAST
    return qual


def of_difference(a: object, b: object) -> str:
    """The qualifier of ``b - a``: exact only when both are, else about."""
    return EXACT if a == EXACT and b == EXACT else ABOUT
