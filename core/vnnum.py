"""Numbers written the Vietnamese way: '2.053', '96,5', '3 triệu', '741 nghìn', '03'."""

from __future__ import annotations

import re

from core.text import fold

MULTIPLIERS = {
    "nghin": 1e3, "ngan": 1e3, "ngàn": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9,
}
NUMBER_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
MULTIPLIER_RE = re.compile(r"^\s*(nghin|ngan|trieu|ty|ti)\b")


def parse_number(text: str) -> float:
    """'2.053' → 2053; '96,5' → 96.5; '2.500.000' → 2500000; '03' → 3. Raises ValueError."""
    s = text.strip()
    if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", s):
        raise ValueError(f"not a Vietnamese number: {text!r}")
    return float(s.replace(".", "").replace(",", "."))


def parse_amount(text: str) -> float:
    """A number with an optional word multiplier after it: '3 triệu' → 3000000."""
    m = NUMBER_RE.search(text)
    if not m:
        raise ValueError(f"no number in {text!r}")
    value = parse_number(m.group(0))
    mult = MULTIPLIER_RE.match(fold(text[m.end():]))
    return value * MULTIPLIERS[mult.group(1)] if mult else value


def numbers_in(text: str) -> list[tuple[float, int, int]]:
    """Every number with its multiplier in ``text``: (value, start, end)."""
    out = []
    for m in NUMBER_RE.finditer(text):
        rest = fold(text[m.end():m.end() + 8])
        mult = MULTIPLIER_RE.match(rest)
        value = parse_number(m.group(0)) * (MULTIPLIERS[mult.group(1)] if mult else 1)
        out.append((value, m.start(), m.end()))
    return out
