"""Excel and CSV export that cannot carry formulas: every text cell starting with = + - @
(or a tab/carriage return) is prefixed with a quote, so spreadsheet programs show it as text."""

from __future__ import annotations

import io
import re

import pandas as pd

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_NAME = 31


def safe_cell(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    return out


def sheet_name(name: str) -> str:
    """A valid, safe sheet name (no []:*?/\\, at most 31 characters)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip().lstrip("=+-@'") or "Sheet"
    return cleaned[:MAX_SHEET_NAME]


def to_excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook of the given sheets, every cell escaped."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            safe_frame(df).to_excel(writer, sheet_name=sheet_name(name), index=False)
    return buf.getvalue()


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (Excel opens Vietnamese text correctly), every cell escaped."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")
