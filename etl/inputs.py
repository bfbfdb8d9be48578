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
    out = workdir / (src.stem + f".{abs(hash(str(src)))}.parquet")
    table = pa.Table.from_pandas(df.astype("string"), preserve_index=False)
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
