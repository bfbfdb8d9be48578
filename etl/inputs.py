"""Finding input files, converting CSV/Excel to Parquet, and file-level checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from core import intake
from etl.errors import InputError

REQUIRED_COLUMNS = ("indicator_code", "period_end", "period_kind", "value", "qualifier", "source_id")
UNIT_COLUMNS = ("unit_code", "unit_name")
OPTIONAL_COLUMNS = ("period_start", "breakdown", "evidence", "locator", "is_sample", "note")
KNOWN_COLUMNS = REQUIRED_COLUMNS + UNIT_COLUMNS + OPTIONAL_COLUMNS
TEXT_COLUMNS = ("unit_code", "unit_name", "indicator_code", "period_kind", "qualifier", "source_id",
                "breakdown", "evidence", "locator", "note")
CONVERTIBLE = (".csv", ".xlsx")
# Column types in the warehouse (others are VARCHAR) and the Parquet types read as they are.
TARGET_TYPES = {"period_start": "DATE", "period_end": "DATE", "value": "DOUBLE", "is_sample": "BOOLEAN"}
NATIVE_TYPES = {"VARCHAR": ("string", "large_string"), "DATE": ("date32[day]",), "DOUBLE": ("double",),
                "BOOLEAN": ("bool",)}
GIVEN_COLUMNS = ("value", "period_start", "period_end")  # the rules tell an empty cell from an unreadable one


ROW_COLUMN = "_row"  # a converted file's own row numbers (empty rows are skipped), for the messages


@dataclass(frozen=True)
class InputFile:
    path: Path          # the Parquet file read by the build
    shown_as: str       # the name shown in messages (the original CSV/Excel for converted files)
    columns: tuple[str, ...]
    types: dict[str, str]


def is_hidden(path: Path, root: Path) -> bool:
    """A name starting with '.' anywhere below ``root`` (hidden files and folders are never read)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def discover(dirs: list[Path]) -> tuple[list[Path], list[str]]:
    """Parquet, CSV and Excel files under ``dirs`` (searched recursively), each once (a folder given
    twice, or inside another, is read once), in a stable order; and notices naming what was skipped:
    hidden files and folders (names starting with '.', e.g. '.x.csv', editors' lock files '~$x.xlsx'
    too)."""
    found: dict[Path, Path] = {}
    notices: list[str] = []
    for d in dirs:
        if d.is_file():
            found.setdefault(d.resolve(), d)
            continue
        for p in sorted(d.rglob("*")):
            if not p.is_file() or p.suffix.lower() not in (".parquet", *CONVERTIBLE):
                continue
            if is_hidden(p, d) or p.name.startswith("~$"):
                if p.resolve() not in found:
                    notices.append(f"{p}: skipped (hidden: names starting with '.' or '~$' are never read)")
                continue
            found.setdefault(p.resolve(), p)
    return list(found.values()), list(dict.fromkeys(notices))


@dataclass(frozen=True)
class Converted:
    path: Path | None   # None: the file has no rows (skipped with a notice)
    notes: list[str]    # notices (how the file was read, when not plain UTF-8 and ',')
    how: str = ""       # how it was read, for a missing-column message


def convert_to_parquet(src: Path, workdir: Path, shown: str) -> Converted:
    """Read a CSV/Excel file as text (core.intake: bounded, every value read or refused) and write
    it as Parquet into ``workdir``, with each row's number in the file. Raises FileRefused."""
    out = workdir / f"{src.stem}.{abs(hash(str(src)))}.parquet"
    tables = (intake.read_csv(src, shown, KNOWN_COLUMNS) if src.suffix.lower() == ".csv"
              else [intake.read_excel(src, shown)])
    writer = None
    notes: list[str] = []
    how = ""
    rows = 0
    try:
        for table in tables:
            notes += table.notes
            how = how or table.how
            keep = [i for i, c in enumerate(table.header) if c]
            if writer is None:
                fields = [pa.field(table.header[i], pa.string()) for i in keep] + [pa.field(ROW_COLUMN, pa.int64())]
                writer = pq.ParquetWriter(out, pa.schema(fields))
            if not table.rows:
                continue
            columns = [pa.array([r[i] if i < len(r) else None for r in table.rows], pa.string()) for i in keep]
            writer.write_table(pa.Table.from_arrays([*columns, pa.array(table.numbers, pa.int64())],
                                                    schema=writer.schema))
            rows += len(table.rows)
    finally:
        if writer is not None:
            writer.close()
    if not rows:
        out.unlink(missing_ok=True)
        return Converted(None, [*notes, "no rows (empty, or a header only): skipped"], how)
    return Converted(out, notes, how)


def inspect(path: Path, shown_as: str, how: str = "") -> tuple[InputFile | None, list[InputError]]:
    """Check one Parquet file: within the bounds (core.intake.check_parquet), the needed columns
    present, codes typed as text. ``how`` (how a CSV was read) is added to a missing-column error."""
    try:
        intake.check_parquet(path, shown_as)
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
    except intake.FileRefused as exc:
        return None, exc.problems
    except Exception as exc:  # pyarrow raises several types for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [InputError(shown_as, None, None, f"not a readable Parquet file ({reason})")]
    cols = tuple(schema.names)
    types = {f.name: str(f.type) for f in schema}
    if how:
        how = f" ({how}; columns found: {', '.join(c for c in cols if c != ROW_COLUMN)[:200] or 'none'})"
    errors = [InputError(shown_as, None, c, "required column is missing" + how) for c in REQUIRED_COLUMNS
              if c not in cols]
    if not any(c in cols for c in UNIT_COLUMNS):
        errors.append(InputError(shown_as, None, "unit_code", "required column is missing "
                                 "(give unit_code, unit_name, or both)" + how))
    for c in TEXT_COLUMNS:
        if c in types and not (types[c].startswith("string") or types[c].startswith("large_string")
                               or types[c] == "null"):
            errors.append(InputError(shown_as, None, c, f"must be text, found {types[c]} "
                                     "(unit codes keep their leading zeros: '01', '062')"))
    return InputFile(path, shown_as, cols, types), errors


def typed_columns(files: list[InputFile], with_rows: bool = False) -> list[str]:
    """SELECT items typing raw_input's columns (alias r) for the table observation_rows; with_rows adds
    each row's number in its file (costly at national scale: only when messages need it).

    A column already of its warehouse type in every file is taken as it is: DuckDB then keeps
    Parquet's dictionary encoding, a large part of the build's speed. Other columns are cast; an
    unreadable cell becomes NULL and a ``<col>_given`` flag (GIVEN_COLUMNS) tells it from an empty one.
    Optional columns absent from every file are left out (writing a column of NULLs costs as much as
    a real one); the views over observation_rows supply them as NULL. Parquet text is not trimmed
    (CSV and Excel are, on conversion): a code with spaces is reported as unknown, quoted. Unit names
    resolve through the join ``nm`` (unit_names) in load_observations.sql."""
    has_name = any("unit_name" in f.types for f in files)
    items = ["r.input_row"] if with_rows else []
    if has_name:
        items.append("nullif(trim(CAST(r.unit_name AS VARCHAR)), '') AS unit_name")
    for col in KNOWN_COLUMNS:
        target = TARGET_TYPES.get(col, "VARCHAR")
        types = {f.types[col] for f in files if col in f.types}
        if col in ("unit_name", "note") or (not types and col in ("evidence", "locator")):
            continue
        given = None
        if not types:
            expr = f"NULL::{target}"
        elif all(t in NATIVE_TYPES[target] for t in types):
            expr = f"r.{col}"
        else:
            expr = f"CAST(r.{col} AS VARCHAR)" if target == "VARCHAR" else f"TRY_CAST(r.{col} AS {target})"
            given = f"r.{col} IS NOT NULL"
        if col == "breakdown":
            expr = f"coalesce({expr}, '')"
        elif col == "is_sample":
            expr = f"coalesce({expr}, false)"
        elif col == "unit_code" and has_name:  # a name resolves where no code is given
            expr = f"coalesce(nullif({expr}, ''), nm.unit_code)"
        items.append(f"{expr} AS {col}")
        if given and col in GIVEN_COLUMNS:
            items.append(f"{given} AS {col}_given")
    return items
