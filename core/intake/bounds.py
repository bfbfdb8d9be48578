"""Files that come in (ETL inputs, uploads, review texts, sources.yaml): bounds checked before any
work, every value read or refused, one clear line per problem naming file, row, column and bound.

Readers here never trust what a file declares about itself: YAML aliases are counted and their
expansion measured before anything is built from them; an Excel sheet's declared dimension is
checked, then its rows are streamed (openpyxl read-only) and reading stops at the limit; a Parquet
file's metadata and the real length of its texts (dictionary-encoded columns measured on their
dictionary, never expanded) are checked before DuckDB reads it; CSV encoding and delimiter are
detected and named (CSV and Excel are read by core.intake.tables). The limits are the module's
constants (README, "Limits of the inputs").
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core import buildcache

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


class Refused(ValueError):
    """Input refused: ``problems`` holds one line each (file, row, column, reason), nothing was written.
    The message joins them with ``separator``."""

    separator = "\n"

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(self.separator.join(str(p) for p in problems))


class FileRefused(Refused):
    """A file refused before (or while) reading it."""


def refuse(file: str, reason: str, row: int | None = None, column: str | None = None) -> FileRefused:
    return FileRefused([Problem(file, row, column, reason)])


def as_count(value: int) -> str:
    """1,234,567: a count in a message."""
    return f"{value:,}"


def as_size(value: float) -> str:
    """12 MB or 512 KB: a size in a message."""
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
        raise refuse(name, f"{as_size(len(text))} of YAML (limit {as_size(YAML_MAX_BYTES)})")
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
            raise refuse(name, f"YAML expands to more than {as_count(YAML_MAX_NODES)} nodes through its aliases "
                          f"(&anchor / *alias; limit {as_count(YAML_MAX_NODES)})")

    for event in events:
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > YAML_MAX_ALIASES:
                raise refuse(name, f"more than {YAML_MAX_ALIASES} YAML aliases (*name; limit {YAML_MAX_ALIASES})")
            add(sizes.get(event.anchor, 1))
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            add(1)
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, 1])
            if len(stack) > YAML_MAX_DEPTH:
                raise refuse(name, f"YAML nested deeper than {YAML_MAX_DEPTH} levels (limit)")
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
        raise refuse(shown, f"{as_size(size)} of YAML (limit {as_size(YAML_MAX_BYTES)})")
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
        raise refuse(name, f"not a valid {kind} ({exc})") from exc
    if len(infos) > ZIP_MAX_PARTS:
        raise refuse(name, f"{kind} has {as_count(len(infos))} parts (limit {ZIP_MAX_PARTS})")
    if any(i.filename.startswith("/") or ".." in i.filename for i in infos):
        raise refuse(name, f"{kind} contains path-like part names")
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst else 0
    if total > max_unzipped or ratio > ZIP_MAX_RATIO:
        raise refuse(name, f"{kind} expands to {as_size(total)} (part {worst.filename} {ratio:,.0f}× its compressed "
                      f"size): refused as a possible zip bomb (limits {as_size(max_unzipped)}, {ZIP_MAX_RATIO}×)")
    for part, limit in (limits or {}).items():
        info = next((i for i in infos if i.filename == part), None)
        if info and info.file_size > limit:
            raise refuse(name, f"{kind} part {part} is {as_size(info.file_size)} uncompressed (limit {as_size(limit)})")
    return zf


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
    dictionary and indices, so a tiny file repeating one huge string costs nothing to check.
    A file on disk that passed is remembered by the digest of its bytes, of the limits and of this
    module (core.buildcache): the same file is not read again by the next build."""
    if not isinstance(path, Path):
        _check_parquet(path, name)
        return
    try:
        digest = buildcache.key(buildcache.file_digest(path), parquet_text_limit(), CELL_MAX_BYTES, PARQUET_MAX_ROWS,
                                _code_digest())
    except OSError:
        digest = None
    if digest is not None and buildcache.has_mark("parquet_bounds", digest):
        return
    _check_parquet(path, name)
    if digest is not None:
        buildcache.mark("parquet_bounds", digest)


@functools.cache
def _code_digest() -> str:
    """This module's digest (its checks are part of what a remembered pass depends on), read once."""
    return buildcache.file_digest(Path(__file__))


def _check_parquet(path: Path | io.BytesIO, name: str) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        meta = pf.metadata
        schema = pf.schema_arrow
    except Exception as exc:  # pyarrow raises several kinds for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise refuse(name, f"not a readable Parquet file ({reason})") from exc
    limit = parquet_text_limit()
    if meta.num_rows > PARQUET_MAX_ROWS:
        raise refuse(name, f"{as_count(meta.num_rows)} rows (limit {as_count(PARQUET_MAX_ROWS)} per file; split it)")
    unzipped = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unzipped > limit:
        raise refuse(name, f"expands to {as_size(unzipped)} uncompressed (limit {as_size(limit)} per file, half the "
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
                        raise refuse(name, f"holds a text of {as_count(longest)} bytes (limit "
                                     f"{as_count(CELL_MAX_BYTES)} per cell)", column=column)
                    total += pc.sum(used).as_py() or 0
                    if total > limit:
                        raise refuse(name, f"its texts expand to more than {as_size(limit)} (limit per file, half "
                                      "the build's memory limit ANTQ_DUCKDB_MEMORY; split it)", column=column)
    except FileRefused:
        raise
    except Exception as exc:  # damaged pages
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise refuse(name, f"not a readable Parquet file ({reason})") from exc


# --- text documents --------------------------------------------------------------------------------

def check_text(text: str, name: str) -> None:
    """Refuse a text over DOC_MAX_CHARS characters or DOC_MAX_PARAGRAPHS non-empty lines."""
    if len(text) > DOC_MAX_CHARS:
        raise refuse(name, f"{as_count(len(text))} characters (limit {as_count(DOC_MAX_CHARS)})")
    lines = 0
    for line in text.splitlines():
        if line.strip():
            lines += 1
            if lines > DOC_MAX_PARAGRAPHS:
                raise refuse(name, f"more than {as_count(DOC_MAX_PARAGRAPHS)} paragraphs (limit)")


def check_docx(path: Path, name: str) -> None:
    """Refuse a .docx whose container is bomb-like or whose document holds more than
    DOC_MAX_PARAGRAPHS paragraphs, counted while streaming its XML (before python-docx builds it)."""
    from lxml import etree

    zf = check_zip(path, name, ".docx document", DOC_MAX_XML * 2, {"word/document.xml": DOC_MAX_XML})
    if "word/document.xml" not in zf.namelist():
        raise refuse(name, "not a .docx document: no word/document.xml inside")
    tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
    count = 0
    with zf.open("word/document.xml") as fh:
        try:
            for _, element in etree.iterparse(fh, events=("end",), tag=tag, resolve_entities=False, no_network=True,
                                              huge_tree=False):
                count += 1
                if count > DOC_MAX_PARAGRAPHS:
                    raise refuse(name, f"more than {as_count(DOC_MAX_PARAGRAPHS)} paragraphs (limit)")
                element.clear()
        except etree.XMLSyntaxError as exc:
            raise refuse(name, f"not a readable .docx document ({str(exc)[:120]})") from exc


def check_size(path: Path, name: str, limit: int = DOC_MAX_BYTES) -> None:
    size = path.stat().st_size
    if size > limit:
        raise refuse(name, f"{as_size(size)} (limit {as_size(limit)})")
