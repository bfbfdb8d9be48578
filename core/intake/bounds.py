"""Files that come in (ETL inputs, uploads, review texts, sources.yaml): bounds checked before any
work, every value read or refused, one clear line per problem naming file, row, column and bound.

Readers here never trust what a file declares about itself: YAML aliases are counted and their
expansion measured before anything is built from them; an Excel sheet's declared dimension is
checked, then its rows are streamed (openpyxl read-only) and reading stops at the limit; a Parquet
file's metadata and the real length of its texts (dictionary-encoded columns measured on their
dictionary, never expanded) are checked before DuckDB reads it; CSV encoding and delimiter are
detected and named. The limits are the module's constants (README, "Limits of the inputs").
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

MiB = 2**20

# YAML (sources.yaml and the project's own YAML files)
YAML_MAX_BYTES = 2 * MiB
YAML_MAX_DEPTH = 64
YAML_MAX_ALIASES = 100
YAML_MAX_NODES = 200_000            # nodes after every alias is expanded
# Cells of CSV, Excel and Parquet inputs
CELL_MAX_BYTES = 16_384             # one text cell (UTF-8 bytes)
# Excel workbooks
EXCEL_MAX_ROWS = 200_000            # data rows (uploads: core.intake.uploads.MAX_ROWS)
EXCEL_MAX_COLUMNS = 64
EXCEL_MAX_UNZIPPED = 512 * MiB      # all parts of the workbook, uncompressed
EXCEL_MAX_STRINGS = 64 * MiB        # its shared-strings part (read whole by openpyxl)
EXCEL_MAX_TEXT = 256 * MiB          # characters of all its cells (a shared string counts each time it is used)
ZIP_MAX_RATIO = 200                 # uncompressed / compressed, per part
ZIP_MAX_PARTS = 500
# CSV files
CSV_MAX_BYTES = 256 * MiB
# Parquet files: rows, and text once every value is expanded (see parquet_text_limit)
PARQUET_MAX_ROWS = 100_000_000
# Text documents read on the review page and by `python -m etl read-report`
DOC_MAX_BYTES = 20 * MiB
DOC_MAX_XML = 64 * MiB              # a .docx's word/document.xml, uncompressed
DOC_MAX_PARAGRAPHS = 5_000           # a long provincial report has a few hundred
DOC_MAX_CHARS = 1_000_000           # reading stays within seconds
PDF_MAX_PAGES = 1_000

FORMULA_START = ("=", "+", "-", "@")
DELIMITERS = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


@dataclass(frozen=True)
class Problem:
    """One refused input: where (file, row, column) and why."""
    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        # one line per problem, whatever the input held (a cell's line breaks are shown escaped)
        return f"{', '.join(where)}: {self.reason}".replace("\r", "\\r").replace("\n", "\\n")


class FileRefused(ValueError):
    """A file refused before (or while) reading it; ``problems`` holds one line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _refuse(file: str, reason: str, row: int | None = None, column: str | None = None) -> FileRefused:
    return FileRefused([Problem(file, row, column, reason)])


def _n(value: int) -> str:
    return f"{value:,}"


def _mib(value: float) -> str:
    return f"{value / MiB:,.0f} MB" if value >= MiB else f"{value / 1024:,.0f} KB"


# --- YAML -----------------------------------------------------------------------------------------

def parse_yaml(text: str | bytes, name: str = "YAML") -> object:
    """A YAML document through the safe loader (libyaml when present), refused (FileRefused) beyond
    YAML_MAX_BYTES, a nesting deeper than YAML_MAX_DEPTH, more than YAML_MAX_ALIASES aliases or
    more than YAML_MAX_NODES nodes once aliases are expanded ("billion laughs"). The bounds are
    measured on the parser's event stream, before any object is built."""
    import yaml

    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if len(text) > YAML_MAX_BYTES:
        raise _refuse(name, f"{_mib(len(text))} of YAML (limit {_mib(YAML_MAX_BYTES)})")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _check_yaml_events(yaml.parse(text, Loader=loader), name)
    return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)


def _check_yaml_events(events, name: str) -> None:
    """Depth, aliases and expanded size from the event stream (no node is composed)."""
    import yaml

    sizes: dict[str, int] = {}      # anchor -> expanded node count
    stack: list[list] = []          # [anchor, node count so far] per open collection
    aliases = total = 0

    def add(count: int) -> None:
        nonlocal total
        if stack:
            stack[-1][1] += count
        else:
            total += count
        if total + sum(s[1] for s in stack) > YAML_MAX_NODES:
            raise _refuse(name, f"YAML expands to more than {_n(YAML_MAX_NODES)} nodes through its aliases "
                          f"(&anchor / *alias; limit {_n(YAML_MAX_NODES)})")

    for event in events:
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > YAML_MAX_ALIASES:
                raise _refuse(name, f"more than {YAML_MAX_ALIASES} YAML aliases (*name; limit {YAML_MAX_ALIASES})")
            add(sizes.get(event.anchor, 1))
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            add(1)
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, 1])
            if len(stack) > YAML_MAX_DEPTH:
                raise _refuse(name, f"YAML nested deeper than {YAML_MAX_DEPTH} levels (limit)")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, count = stack.pop()
            if anchor:
                sizes[anchor] = count
            add(count)


def read_yaml(path: Path, shown: str | None = None) -> object:
    """A YAML file (see parse_yaml); the size is checked before the file is read."""
    shown = shown or str(path)
    size = path.stat().st_size
    if size > YAML_MAX_BYTES:
        raise _refuse(shown, f"{_mib(size)} of YAML (limit {_mib(YAML_MAX_BYTES)})")
    return parse_yaml(path.read_bytes(), shown)


# --- zip containers (.xlsx, .docx) ----------------------------------------------------------------

def check_zip(data: bytes | Path, name: str, kind: str, max_unzipped: int, limits: dict[str, int] | None = None,
              ) -> zipfile.ZipFile:
    """The zip container of a workbook or document, refused when damaged, when a part expands more
    than ZIP_MAX_RATIO times or beyond its limit (``limits``: part name -> bytes), or when it holds
    too many parts or path-like names."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(name, f"not a valid {kind} ({exc})") from exc
    if len(infos) > ZIP_MAX_PARTS:
        raise _refuse(name, f"{kind} has {_n(len(infos))} parts (limit {ZIP_MAX_PARTS})")
    if any(i.filename.startswith("/") or ".." in i.filename for i in infos):
        raise _refuse(name, f"{kind} contains path-like part names")
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst else 0
    if total > max_unzipped or ratio > ZIP_MAX_RATIO:
        raise _refuse(name, f"{kind} expands to {_mib(total)} (part {worst.filename} {ratio:,.0f}× its compressed "
                      f"size): refused as a possible zip bomb (limits {_mib(max_unzipped)}, {ZIP_MAX_RATIO}×)")
    for part, limit in (limits or {}).items():
        info = next((i for i in infos if i.filename == part), None)
        if info and info.file_size > limit:
            raise _refuse(name, f"{kind} part {part} is {_mib(info.file_size)} uncompressed (limit {_mib(limit)})")
    return zf


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
            raise _refuse(name, f"column '{column}' appears twice in the first row", column=column)
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
        raise _refuse(name, "not an Excel workbook (.xlsx): no worksheet inside")
    try:
        wb = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True, data_only=False)
        ws = wb.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for damaged workbooks
        raise _refuse(name, f"not a readable Excel workbook ({type(exc).__name__}: {str(exc)[:120]})") from exc
    try:
        return _sheet_rows(ws, name, max_rows)
    except FileRefused:
        raise
    except Exception as exc:  # damaged sheet XML
        raise _refuse(name, f"not a readable Excel workbook ({type(exc).__name__}: {str(exc)[:120]})") from exc
    finally:
        wb.close()


def _sheet_rows(ws, name: str, max_rows: int) -> Table:
    declared_rows, declared_cols = ws.max_row, ws.max_column
    if (declared_rows or 0) > max_rows + 1 or (declared_cols or 0) > EXCEL_MAX_COLUMNS:
        ref = ws.calculate_dimension() if declared_rows and declared_cols else "?"
        raise _refuse(name, f"the sheet declares {ref} ({_n(declared_rows or 0)} rows × {_n(declared_cols or 0)} "
                      f"columns; limit {_n(max_rows)} data rows × {EXCEL_MAX_COLUMNS} columns)")
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
            raise _refuse(name, f"more than {_n(max_rows)} rows (limit)")
        if len(cells) > EXCEL_MAX_COLUMNS:
            raise _refuse(name, f"a cell in column {len(cells):,} (limit {EXCEL_MAX_COLUMNS} columns)", row=number)
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
                problems.append(Problem(name, number, column, f"cell {cell.coordinate} holds "
                                        f"{_n(len(text.encode('utf-8')))} bytes of text (limit {_n(CELL_MAX_BYTES)})"))
                continue
            if pos >= width or not header[pos]:
                problems.append(Problem(name, number, None, f"cell {cell.coordinate} has a value but its column "
                                        "has no name in the first row"))
                continue
            record[pos] = text
            chars += len(text)
            if chars > EXCEL_MAX_TEXT:
                raise _refuse(name, f"its cells hold more than {_n(EXCEL_MAX_TEXT)} characters of text (limit)",
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
        raise _refuse(name, f"{_mib(size)} of CSV (limit {_mib(CSV_MAX_BYTES)}); convert it to Parquet")
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
                raise _refuse(name, f"{len(fields)} values for {width} columns (delimiter "
                              f"{DELIMITERS[delimiter]}): a value without a column", row=number)
            if any(fields[pos].strip() for pos in unnamed if pos < len(fields)):
                raise _refuse(name, "a value in a column without a name in the first row", row=number)
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
        raise _refuse(name, f"{where}not {shown_codec} text (byte 0x{exc.object[exc.start]:02x}); save it as "
                      "'CSV UTF-8'") from exc
    except csv.Error as exc:
        reason = str(exc)
        if "field larger" in reason:
            reason = f"a value longer than {_n(CELL_MAX_BYTES)} characters (limit)"
        raise _refuse(name, f"not readable as CSV ({reason})", row=number + 1) from exc
    finally:
        csv.field_size_limit(previous_limit)
        fh.close()


# --- Parquet ---------------------------------------------------------------------------------------

def parquet_text_limit() -> int:
    """Bytes of text one Parquet input may expand to: half the build's DuckDB memory limit
    (ANTQ_DUCKDB_MEMORY, default 3GB), so that no single input can exceed it."""
    return memory_limit_bytes() // 2


def memory_limit_bytes() -> int:
    text = os.environ.get("ANTQ_DUCKDB_MEMORY", "3GB").strip().upper().replace("IB", "B")
    units = {"KB": 2**10, "MB": 2**20, "GB": 2**30, "TB": 2**40, "B": 1}
    for unit, factor in units.items():
        if text.endswith(unit):
            try:
                return int(float(text[: -len(unit)].strip()) * factor)
            except ValueError:
                break
    raise ValueError(f"ANTQ_DUCKDB_MEMORY={text!r}: give a size such as 3GB or 1500MB")


def check_parquet(path: Path | io.BytesIO, name: str) -> None:
    """Refuse (FileRefused) a Parquet file whose rows, uncompressed size or text would exceed the
    bounds, before DuckDB or pandas reads it: rows from the metadata, then every text column's
    longest value and total bytes once expanded. Dictionary-encoded columns are measured on their
    dictionary and indices, so a tiny file repeating one huge string costs nothing to check."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        meta = pf.metadata
        schema = pf.schema_arrow
    except Exception as exc:  # pyarrow raises several kinds for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _refuse(name, f"not a readable Parquet file ({reason})") from exc
    limit = parquet_text_limit()
    if meta.num_rows > PARQUET_MAX_ROWS:
        raise _refuse(name, f"{_n(meta.num_rows)} rows (limit {_n(PARQUET_MAX_ROWS)} per file; split it)")
    unzipped = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unzipped > limit:
        raise _refuse(name, f"expands to {_mib(unzipped)} uncompressed (limit {_mib(limit)} per file, half the "
                      "build's memory limit ANTQ_DUCKDB_MEMORY; split it)")
    text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)]
    if not text or meta.num_rows == 0:
        return
    try:
        reader = pq.ParquetFile(path, read_dictionary=text)
        total = 0
        for rg in range(meta.num_row_groups):
            for column in text:
                chunk = reader.read_row_group(rg, columns=[column]).column(0)
                for arr in chunk.chunks:
                    if isinstance(arr, pa.DictionaryArray):
                        lengths = pc.binary_length(arr.dictionary)
                        used = pc.take(lengths, arr.indices)
                    else:
                        lengths = used = pc.binary_length(arr)
                    longest = pc.max(lengths).as_py() or 0
                    if longest > CELL_MAX_BYTES:
                        raise _refuse(name, f"holds a text of {_n(longest)} bytes (limit {_n(CELL_MAX_BYTES)} per "
                                      "cell)", column=column)
                    total += pc.sum(used).as_py() or 0
                    if total > limit:
                        raise _refuse(name, f"its texts expand to more than {_mib(limit)} (limit per file, half "
                                      "the build's memory limit ANTQ_DUCKDB_MEMORY; split it)", column=column)
    except FileRefused:
        raise
    except Exception as exc:  # damaged pages
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _refuse(name, f"not a readable Parquet file ({reason})") from exc


# --- text documents --------------------------------------------------------------------------------

def check_text(text: str, name: str) -> None:
    """Refuse a text over DOC_MAX_CHARS characters or DOC_MAX_PARAGRAPHS non-empty lines."""
    if len(text) > DOC_MAX_CHARS:
        raise _refuse(name, f"{_n(len(text))} characters (limit {_n(DOC_MAX_CHARS)})")
    lines = 0
    for line in text.splitlines():
        if line.strip():
            lines += 1
            if lines > DOC_MAX_PARAGRAPHS:
                raise _refuse(name, f"more than {_n(DOC_MAX_PARAGRAPHS)} paragraphs (limit)")


def check_docx(path: Path, name: str) -> None:
    """Refuse a .docx whose container is bomb-like or whose document holds more than
    DOC_MAX_PARAGRAPHS paragraphs, counted while streaming its XML (before python-docx builds it)."""
    from lxml import etree

    zf = check_zip(path, name, ".docx document", DOC_MAX_XML * 2, {"word/document.xml": DOC_MAX_XML})
    if "word/document.xml" not in zf.namelist():
        raise _refuse(name, "not a .docx document: no word/document.xml inside")
    tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
    count = 0
    with zf.open("word/document.xml") as fh:
        try:
            for _, element in etree.iterparse(fh, events=("end",), tag=tag, resolve_entities=False, no_network=True,
                                              huge_tree=False):
                count += 1
                if count > DOC_MAX_PARAGRAPHS:
                    raise _refuse(name, f"more than {_n(DOC_MAX_PARAGRAPHS)} paragraphs (limit)")
                element.clear()
        except etree.XMLSyntaxError as exc:
            raise _refuse(name, f"not a readable .docx document ({str(exc)[:120]})") from exc


def check_size(path: Path, name: str, limit: int = DOC_MAX_BYTES) -> None:
    size = path.stat().st_size
    if size > limit:
        raise _refuse(name, f"{_mib(size)} (limit {_mib(limit)})")
