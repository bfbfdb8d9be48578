"""Number, percent and date formats: Vietnamese (2.053; 96,5%; 19/05/2023) or English."""

from __future__ import annotations

import math
from datetime import date, datetime

QUALIFIER_SIGNS = {"exact": "", "at_least": "> ", "about": "≈ "}
QUALIFIER_WORDS = {
    "vi": {"exact": "", "at_least": "hơn ", "about": "khoảng "},
    "en": {"exact": "", "at_least": "more than ", "about": "about "},
}
NO_DATA = {"vi": "chưa có số liệu", "en": "no data"}


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is _NA()


def _NA():  # noqa: N802 - pandas' NA without importing pandas at module import
    try:
        import pandas as pd

        return pd.NA
    except ImportError:  # pragma: no cover
        return None


def number(value: object, lang: str = "vi", decimals: int | None = None) -> str:
    """2053 → '2.053' (vi) / '2,053' (en); 96.5 → '96,5' / '96.5'; missing → 'chưa có số liệu'."""
    if is_missing(value):
        return NO_DATA.get(lang, NO_DATA["vi"])
    v = float(value)
    if decimals is None:
        decimals = 0 if float(v).is_integer() or abs(v) >= 100 else (1 if abs(v) >= 10 else 2)
    text = f"{v:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".") if "." in text else text
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """96.5 → '96,5%' (vi) / '96.5%' (en)."""
    if is_missing(value):
        return NO_DATA.get(lang, NO_DATA["vi"])
    return number(value, lang, decimals) + "%"


def value(v: object, kind: str = "count", qualifier: str = "exact", lang: str = "vi",
          signs: bool = True) -> str:
    """A figure with its qualifier: '> 2.053', '≈ 7.000', '96,5%' (or 'hơn 2.053' with signs=False)."""
    if is_missing(v):
        return NO_DATA.get(lang, NO_DATA["vi"])
    text = percent(v, lang) if kind == "percent" else number(v, lang)
    prefix = QUALIFIER_SIGNS.get(qualifier, "") if signs else QUALIFIER_WORDS[lang].get(qualifier, "")
    return prefix + text


def day(d: object, lang: str = "vi") -> str:
    """19/05/2023 in both languages (the product's date format); '' for missing."""
    if d is None or is_missing(d):
        return ""
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if isinstance(d, datetime):
        d = d.date()
    return d.strftime("%d/%m/%Y")


def period(start: object, end: object, lang: str = "vi") -> str:
    """'01/08/2013 – 19/05/2023', or 'đến 31/12/2024' when the start is unknown."""
    if start is None or is_missing(start):
        return ("đến " if lang == "vi" else "to ") + day(end, lang)
    return f"{day(start, lang)} – {day(end, lang)}"
