"""Finding input files, converting CSV/Excel to Parquet, and file-level checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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


@dataclass(frozen=True)
class InputFile:
    path: Path          # the Parquet file read by the build
    shown_as: str       # the name shown in messages (the original CSV/Excel for converted files)
    columns: tuple[str, ...]
    types: dict[str, str]


def discover(dirs: list[Path]) -> list[Path]:
    """Parquet, CSV and Excel files under ``dirs``, searched recursively, in a stable order."""
    found: list[Path] = []
    for d in dirs:
        if d.is_file():
            found.append(d)
            continue
        for p in sorted(d.rglob("*")):
            if p.is_file() and p.suffix.lower() in (".parquet", *CONVERTIBLE) and not p.name.startswith("."):
                found.append(p)
    return found


def convert_to_parquet(src: Path, workdir: Path) -> Path:
    """Read a CSV/Excel file as text and write it as Parquet into ``workdir``."""
    if src.suffix.lower() == ".csv":
        df = pd.read_csv(src, dtype=str, keep_default_na=False, na_values=[""])
    else:
        df = pd.read_excel(src, dtype=str)
    df = df.astype("string").apply(lambda col: col.str.strip()).replace("", pd.NA)  # typed-in spaces
    out = workdir / (src.stem + f".{abs(hash(str(src)))}.parquet")
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, out)
    return out


def inspect(path: Path, shown_as: str) -> tuple[InputFile | None, list[InputError]]:
    """Check one Parquet file: readable, the needed columns present, codes typed as text."""
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
        for i in range(pf.metadata.num_row_groups):  # touches every row group's metadata
            pf.metadata.row_group(i)
    except Exception as exc:  # pyarrow raises several types for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [InputError(shown_as, None, None, f"not a readable Parquet file ({reason})")]
    cols = tuple(schema.names)
    types = {f.name: str(f.type) for f in schema}
    errors = [InputError(shown_as, None, c, "required column is missing") for c in REQUIRED_COLUMNS
              if c not in cols]
    if not any(c in cols for c in UNIT_COLUMNS):
        errors.append(InputError(shown_as, None, "unit_code", "required column is missing "
                                 "(give unit_code, unit_name, or both)"))
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
