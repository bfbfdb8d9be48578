"""`python -m etl read-report`: a text's candidate figures as a table (CSV or Parquet), in the input
format the ETL reads after review (core.intake.reviewed types and writes it)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from core import config
from core.intake import schema
from core.intake.reviewed import review_source_id, typed, write_table
from core.reader.document import ReadError
from core.reader.reader import Reading, read_file

# The reader's own columns for the reviewer, after the input format's (core.intake.schema), and their types.
READER_COLUMNS = ["phrase", "total", "confidence", "paragraph", "span_start", "span_end", "unit_source", "note"]
READER_TYPES = {"total": "DOUBLE", "confidence": "DOUBLE", "paragraph": "BIGINT", "span_start": "BIGINT",
                "span_end": "BIGINT"}


def candidate_columns() -> list[str]:
    """The columns of a candidates table: the input format's, then the reader's own."""
    return schema.SCHEMA.reviewed_columns + READER_COLUMNS


def typed_candidates(df: pd.DataFrame) -> pd.DataFrame:
    """A candidates table typed: the input format's columns as the schema says, the reader's own too."""
    return typed(df, READER_TYPES)


def to_frame(reading: Reading, source_id: str = "") -> pd.DataFrame:
    """The reading's candidates as a table (candidate_columns), each with ``source_id``."""
    columns = candidate_columns()
    rows = []
    for c in reading.candidates:
        row = {k: getattr(c, k) for k in columns if hasattr(c, k)}
        row["source_id"] = source_id
        rows.append(row)
    return typed_candidates(pd.DataFrame(rows, columns=columns))


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
        if province not in set(reg.loc[reg["level"].isin(["country", "province", "district", "commune"]), "code"]):
            raise ValueError(f"--province {province}: no province, district or commune has this code "
                             "(GSO codes with their leading zeros: '02', '024', '00692'; '00' the whole country)")
    if isinstance(published, str):
        published = parse_date(published)
    reading = read_file(Path(file), province=province, published=published)
    df = to_frame(reading, source_id or review_source_id(file))
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


__all__ = ["READER_COLUMNS", "ReadError", "candidate_columns", "read_report", "to_frame", "typed_candidates"]
