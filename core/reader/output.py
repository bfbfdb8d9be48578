"""Candidate rows as a table (CSV or Parquet), in the input format the ETL reads after review."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core import config
from core.reader.document import ReadError
from core.reader.reader import Reading, read_file

# The ETL's input columns (etl/inputs.py), then the reader's own columns for the reviewer.
INPUT_COLUMNS = ["unit_code", "indicator_code", "period_start", "period_end", "period_kind", "value",
                 "qualifier", "breakdown", "source_id", "evidence", "locator"]
REVIEW_COLUMNS = ["phrase", "total", "confidence", "paragraph", "span_start", "span_end", "unit_source", "note"]
COLUMNS = INPUT_COLUMNS + REVIEW_COLUMNS
FLOAT_COLUMNS = ("value", "total", "confidence")
INT_COLUMNS = ("paragraph", "span_start", "span_end")


def source_id_for(path: Path | str) -> str:
    """A source id made from a file name: 'Báo cáo 2024.txt' → 'review_bao_cao_2024'."""
    from core.text import fold

    stem = re.sub(r"[^a-z0-9]+", "_", fold(Path(str(path)).stem)).strip("_")
    return f"review_{stem[:50] or 'text'}"


def to_frame(reading: Reading, source_id: str = "") -> pd.DataFrame:
    rows = []
    for c in reading.candidates:
        row = {k: getattr(c, k) for k in COLUMNS if hasattr(c, k)}
        row["source_id"] = source_id
        rows.append(row)
    return typed(pd.DataFrame(rows, columns=COLUMNS))


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as text (codes keep their leading zeros), numbers as numbers."""
    out = df.copy()
    for col in out.columns:
        if col in FLOAT_COLUMNS:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        elif col in INT_COLUMNS:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        elif col in ("period_start", "period_end"):
            out[col] = out[col].astype("string").replace("", pd.NA)   # no date: null, never ''
        else:
            out[col] = out[col].astype("string").fillna("")
    return out


def write_table(df: pd.DataFrame, out: Path) -> Path:
    """Write ``df`` to ``out`` (.csv or .parquet) atomically: a temp file, then os.replace."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{out}: the output must end in .csv or .parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8")
        else:
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def parse_date(text: str) -> date:
    """A date given on the command line: 2023-08-16 or 16/08/2023. Raises ValueError saying why."""
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (give 2023-08-16 or 16/08/2023)")


def read_report(file: Path, out: Path, province: str | None = None, source_id: str | None = None,
                published: date | str | None = None) -> list[str]:
    """`python -m etl read-report`: write the candidates of ``file`` to ``out``; returns lines to print.

    Raises ValueError (or ReadError) with a message naming the file and the reason."""
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise ValueError(f"{out}: --out must end in .csv or .parquet")
    if _inside(out, config.INPUT_DIR):
        raise ValueError(f"{out}: candidates are not reviewed yet, so they may not go under {config.INPUT_DIR} "
                         "(the build reads everything there); review them on the page 'Nhập từ báo cáo'")
    if province:
        from core.units import load_register

        reg = load_register()
        if province not in set(reg.loc[reg["level"].isin(["province", "district", "commune"]), "code"]):
            raise ValueError(f"--province {province}: no province, district or commune has this code "
                             "(GSO codes with their leading zeros: '02', '024', '00692')")
    if isinstance(published, str):
        published = parse_date(published)
    reading = read_file(Path(file), province=province, published=published)
    df = to_frame(reading, source_id or source_id_for(file))
    write_table(df, out)
    found = (df["indicator_code"] != "").sum()
    lines = [f"{len(df)} candidate figure(s) from {file} written to {out} "
             f"({found} with an indicator, {len(df) - found} with only their noun phrase); "
             f"{len(reading.rejected)} number(s) set aside (dates, document numbers, page furniture...)."]
    if reading.document_date:
        where = "given" if reading.document_date_at == "given" else f"read at {reading.document_date_at}"
        lines.append(f"Date of the text: {reading.document_date:%d/%m/%Y} ({where}).")
    lines += [f"Warning: {w}" for w in reading.warnings]
    lines.append("Nothing enters the warehouse before review: open the page 'Nhập từ báo cáo'.")
    return lines


__all__ = ["COLUMNS", "INPUT_COLUMNS", "ReadError", "read_report", "source_id_for", "to_frame", "typed",
           "write_table"]
