"""CSV and Excel files read as text cells within the bounds of core.intake.bounds: every value read
or refused, one problem per cell naming file, row, column and reason (formulas, text a spreadsheet
would run, cells over the size limit, values without a column)."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from core.intake.bounds import (
    CELL_MAX_BYTES,
    CSV_MAX_BYTES,
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    EXCEL_MAX_STRINGS,
    EXCEL_MAX_TEXT,
    EXCEL_MAX_UNZIPPED,
    FileRefused,
    Problem,
    as_count,
    as_size,
    check_zip,
    refuse,
)

FORMULA_START = ("=", "+", "-", "@")
DELIMITERS = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


# --- cell values -----------------------------------------------------------------------------------

def cell_text(value: object) -> str | None:
    """A cell as the text the ETL reads (numbers without a spurious '.0', dates as YYYY-MM-DD)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _too_long(text: str | None) -> bool:
    return text is not None and len(text) * 4 > CELL_MAX_BYTES and len(text.encode("utf-8")) > CELL_MAX_BYTES


# --- Excel -----------------------------------------------------------------------------------------

@dataclass
class Table:
    """Rows read from a CSV or Excel file: the header, text cells (None = empty), each row's number
    in the file (1 = the first row under the header; empty rows are skipped, so numbers may jump),
    and notes to show (how the file was read)."""
    header: list[str]
    rows: list[list[str | None]]
    numbers: list[int]
    notes: list[str]
    how: str = ""       # how the file was read ("UTF-8 text with the delimiter ','"), for messages


def _header(names: list[str], name: str) -> list[str]:
    """The header without its empty trailing names (a trailing separator); refused when a name
    appears twice."""
    width = len(names)
    while width and not names[width - 1]:
        width -= 1
    header = names[:width]
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            raise refuse(name, f"column '{column}' appears twice in the first row", column=column)
        seen.add(column)
    return header


def read_excel(data: bytes | Path, name: str, max_rows: int = EXCEL_MAX_ROWS) -> Table:
    """The first sheet of an .xlsx workbook as text cells, streamed with openpyxl in read-only mode.

    Refused (FileRefused) before reading: a damaged or bomb-like container, a declared dimension
    beyond ``max_rows`` data rows or EXCEL_MAX_COLUMNS columns. While reading (stopping at the
    first bound): more rows or columns than that, more than EXCEL_MAX_TEXT characters in all (one
    shared string used in every cell would otherwise expand), formulas (the cell named: its value
    would be the cached result or nothing), text that a spreadsheet would run as a formula
    (= + - @ first), cells over CELL_MAX_BYTES. Fully empty rows are skipped."""
    from openpyxl import load_workbook

    zf = check_zip(data, name, "Excel workbook", EXCEL_MAX_UNZIPPED, {"xl/sharedStrings.xml": EXCEL_MAX_STRINGS})
    parts = set(zf.namelist())
    if "[Content_Types].xml" not in parts or not any(p.startswith("xl/worksheets/") for p in parts):
        raise refuse(name, "not an Excel workbook (.xlsx): no worksheet inside")
    try:
        wb = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True, data_only=False)
        ws = wb.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for damaged workbooks
        raise refuse(name, f"not a readable Excel workbook ({type(exc).__name__}: {str(exc)[:120]})") from exc
    try:
        return _sheet_rows(ws, name, max_rows)
    except FileRefused:
        raise
    except Exception as exc:  # damaged sheet XML
        raise refuse(name, f"not a readable Excel workbook ({type(exc).__name__}: {str(exc)[:120]})") from exc
    finally:
        wb.close()


def _sheet_rows(ws, name: str, max_rows: int) -> Table:
    declared_rows, declared_cols = ws.max_row, ws.max_column
    if (declared_rows or 0) > max_rows + 1 or (declared_cols or 0) > EXCEL_MAX_COLUMNS:
        ref = ws.calculate_dimension() if declared_rows and declared_cols else "?"
        raise refuse(name, f"the sheet declares {ref} ({as_count(declared_rows or 0)} rows × "
                      f"{as_count(declared_cols or 0)} columns; limit {as_count(max_rows)} data rows × "
                      f"{EXCEL_MAX_COLUMNS} columns)")
    ws.reset_dimensions()  # never pad rows to a declared size: only cells present are read
    rows = ws.iter_rows()
    header_cells = next(rows, None)
    if not header_cells:
        return Table([], [], [], [])
    problems: list[Problem] = []
    header = _header([cell_text(getattr(c, "value", None)) or "" for c in header_cells], name)
    width = len(header)
    records: list[list[str | None]] = []
    numbers: list[int] = []
    chars = 0
    for number, cells in enumerate(rows, start=1):
        if number > max_rows:
            raise refuse(name, f"more than {as_count(max_rows)} rows (limit)")
        if len(cells) > EXCEL_MAX_COLUMNS:
            raise refuse(name, f"a cell in column {len(cells):,} (limit {EXCEL_MAX_COLUMNS} columns)", row=number)
        record: list[str | None] = [None] * width
        for pos, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if value is None:
                continue
            column = header[pos] if pos < width and header[pos] else getattr(cell, "coordinate", None)
            if cell.data_type == "f":
                problems.append(Problem(name, number, column, f"cell {cell.coordinate} holds a formula "
                                        f"({str(value)[:40]}): formulas are refused; type the value itself"))
                continue
            text = cell_text(value)
            if isinstance(value, str) and text and text.startswith(FORMULA_START):
                problems.append(Problem(name, number, column, f"cell {cell.coordinate} starts with '{text[:1]}': "
                                        "formulas are refused (text a spreadsheet would run as a formula)"))
                continue
            if _too_long(text):
                size = as_count(len(text.encode("utf-8")))
                problems.append(Problem(name, number, column, f"cell {cell.coordinate} holds {size} bytes of text "
                                        f"(limit {as_count(CELL_MAX_BYTES)})"))
                continue
            if pos >= width or not header[pos]:
                problems.append(Problem(name, number, None, f"cell {cell.coordinate} has a value but its column "
                                        "has no name in the first row"))
                continue
            record[pos] = text
            chars += len(text)
            if chars > EXCEL_MAX_TEXT:
                raise refuse(name, f"its cells hold more than {as_count(EXCEL_MAX_TEXT)} characters of text (limit)",
                              row=number)
        if len(problems) >= 20:
            break
        if any(v is not None for v in record):
            records.append(record)
            numbers.append(number)
    if problems:
        raise FileRefused(problems)
    return Table(header, records, numbers, [], "read from the first sheet")


# --- CSV -------------------------------------------------------------------------------------------

def _encoding(head: bytes) -> tuple[str, str]:
    """(codec, name shown) from a byte-order mark; UTF-8 without one."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8 with BOM"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16"
    return "utf-8", "UTF-8"


def _delimiter(header_line: str, known: tuple[str, ...]) -> str:
    """The separator of the header line: the one that splits it into the most known column names,
    else into the most fields (',' on a tie)."""
    def score(d: str) -> tuple[int, int]:
        fields = [f.strip().strip('"').strip() for f in header_line.split(d)]
        return sum(f in known for f in fields), len(fields)

    return max(DELIMITERS, key=lambda d: (score(d), d == ","))


def read_csv(path: Path, name: str, known: tuple[str, ...] = ()) -> Iterator[Table]:
    """A CSV file as text cells, in batches (bounded memory). The first batch carries the header
    and notes naming the encoding and delimiter found when they are not plain UTF-8 and ','.

    The encoding comes from a byte-order mark (UTF-8 or UTF-16), else UTF-8, and a file that is not
    valid text in it is refused naming the row; the delimiter (',' ';' tab '|') from the header.
    Empty trailing columns of the header (a trailing separator) are dropped, and so are empty values
    beyond the header (a trailing separator on each row); a row with more values than columns is
    refused, a shorter row is read with its missing values empty, empty rows are skipped."""
    size = path.stat().st_size
    if size > CSV_MAX_BYTES:
        raise refuse(name, f"{as_size(size)} of CSV (limit {as_size(CSV_MAX_BYTES)}); convert it to Parquet")
    with open(path, "rb") as raw:
        codec, shown_codec = _encoding(raw.read(4))
    line = 0

    def lines(fh) -> Iterator[str]:
        """The file's lines, decoded one at a time (so a decoding error names its line)."""
        nonlocal line
        for line, data in enumerate(fh, start=1):  # noqa: B007 (read by the error message)
            yield data.decode(codec)

    fh = open(path, "rb") if codec != "utf-16" else open(path, encoding=codec, newline="")  # noqa: SIM115
    text = lines(fh) if codec != "utf-16" else fh
    number = 0
    previous_limit = csv.field_size_limit()
    try:
        first = next(text, "")
        delimiter = _delimiter(first.lstrip("\ufeff").rstrip("\r\n"), known)
        csv.field_size_limit(CELL_MAX_BYTES)
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        header = _header([h.strip().lstrip("\ufeff").strip() for h in next(reader, [])], name)
        width = len(header)
        unnamed = [pos for pos, column in enumerate(header) if not column]
        how = f"read as {shown_codec} text with the delimiter {DELIMITERS[delimiter]}"
        notes = [how] if (shown_codec, delimiter) != ("UTF-8", ",") else []
        batch: list[list[str | None]] = []
        numbers: list[int] = []
        first_batch = True
        for number, fields in enumerate(reader, start=1):
            if not any(f.strip() for f in fields):
                continue
            if len(fields) > width and any(f.strip() for f in fields[width:]):
                raise refuse(name, f"{len(fields)} values for {width} columns (delimiter "
                              f"{DELIMITERS[delimiter]}): a value without a column", row=number)
            if any(fields[pos].strip() for pos in unnamed if pos < len(fields)):
                raise refuse(name, "a value in a column without a name in the first row", row=number)
            fields = fields[:width]
            batch.append([f.strip() or None for f in fields] + [None] * (width - len(fields)))
            numbers.append(number)
            if len(batch) >= 100_000:
                yield Table(header, batch, numbers, notes if first_batch else [], how)
                batch, numbers, first_batch = [], [], False
        if batch or first_batch:
            yield Table(header, batch, numbers, notes if first_batch else [], how)
    except UnicodeDecodeError as exc:
        where = f"line {line}: " if codec != "utf-16" else ""
        raise refuse(name, f"{where}not {shown_codec} text (byte 0x{exc.object[exc.start]:02x}); save it as "
                      "'CSV UTF-8'") from exc
    except csv.Error as exc:
        reason = str(exc)
        if "field larger" in reason:
            reason = f"a value longer than {as_count(CELL_MAX_BYTES)} characters (limit)"
        raise refuse(name, f"not readable as CSV ({reason})", row=number + 1) from exc
    finally:
        csv.field_size_limit(previous_limit)
        fh.close()
