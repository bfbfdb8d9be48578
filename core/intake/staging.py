"""Staging the inputs: finding input files, converting CSV/Excel to Parquet, file-level checks
(the columns of core.intake.schema), and the file list a build or a check build reads, with the
staged versions of files a store is about to change in place of the stored ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from core import config
from core.intake import bounds, schema, tables
from core.intake.bounds import Problem
from core.intake.sources import source_files

CONVERTIBLE = (".csv", ".xlsx")
# The Parquet types read as they are, by warehouse type.
NATIVE_TYPES = {"VARCHAR": ("string", "large_string"), "DATE": ("date32[day]",), "DOUBLE": ("double",),
                "BOOLEAN": ("bool",)}


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
    """Read a CSV/Excel file as text (core.intake.tables: bounded, every value read or refused) and
    write it as Parquet into ``workdir``, with each row's number in the file. Raises FileRefused."""
    out = workdir / f"{src.stem}.{abs(hash(str(src)))}.parquet"
    batches = (tables.read_csv(src, shown, schema.SCHEMA.names) if src.suffix.lower() == ".csv"
               else [tables.read_excel(src, shown)])
    writer = None
    notes: list[str] = []
    how = ""
    rows = 0
    try:
        for table in batches:
            notes += table.notes
            how = how or table.how
            keep = [i for i, c in enumerate(table.header) if c]
            if writer is None:
                fields = [pa.field(table.header[i], pa.string()) for i in keep]
                fields.append(pa.field(schema.SCHEMA.row_column, pa.int64()))
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


def inspect(path: Path, shown_as: str, how: str = "") -> tuple[InputFile | None, list[Problem]]:
    """Check one Parquet file: within the bounds (core.intake.bounds.check_parquet), the needed columns
    present, codes typed as text. ``how`` (how a CSV was read) is added to a missing-column error."""
    try:
        bounds.check_parquet(path, shown_as)
        arrow = pq.ParquetFile(path).schema_arrow
    except bounds.FileRefused as exc:
        return None, exc.problems
    except Exception as exc:  # pyarrow raises several types for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [Problem(shown_as, None, None, f"not a readable Parquet file ({reason})")]
    spec = schema.SCHEMA
    cols = tuple(arrow.names)
    types = {f.name: str(f.type) for f in arrow}
    if how:
        how = f" ({how}; columns found: {', '.join(c for c in cols if c != spec.row_column)[:200] or 'none'})"
    errors = [Problem(shown_as, None, c, "required column is missing" + how) for c in spec.required
              if c not in cols]
    if not any(c in cols for c in spec.unit_columns):
        code, name = spec.unit_columns
        errors.append(Problem(shown_as, None, code, "required column is missing "
                              f"(give {code}, {name}, or both)" + how))
    for c in spec.text_columns:
        if c in types and not (types[c].startswith("string") or types[c].startswith("large_string")
                               or types[c] == "null"):
            errors.append(Problem(shown_as, None, c, f"must be text, found {types[c]} "
                                     "(unit codes keep their leading zeros: '01', '062')"))
    return InputFile(path, shown_as, cols, types), errors


def typed_columns(files: list[InputFile], with_rows: bool = False) -> list[str]:
    """SELECT items typing raw_input's columns (alias r) for the table observation_rows; with_rows adds
    each row's number in its file (costly at national scale: only when messages need it).

    A column already of its warehouse type in every file is taken as it is: DuckDB then keeps
    Parquet's dictionary encoding, a large part of the build's speed. Other columns are cast; an
    unreadable cell becomes NULL and a ``<col>_given`` flag (schema: given_columns) tells it from an empty one.
    The texts of the evidence (evidence, locator) are read as NULL when no file has them; the build keeps
    them apart (core/sql/intake/load_notes.sql). Parquet text is not trimmed (CSV and Excel are, on
    conversion): a code with spaces is reported as unknown, quoted. Unit names resolve through the join
    ``nm`` (unit_names) in typed_input.sql."""
    spec = schema.SCHEMA
    has_name = any("unit_name" in f.types for f in files)
    items = ["r.input_row"] if with_rows else []
    if has_name:
        items.append("nullif(trim(CAST(r.unit_name AS VARCHAR)), '') AS unit_name")
    for col in spec.names:
        target = spec.column(col).type
        types = {f.types[col] for f in files if col in f.types}
        if col in ("unit_name", "note"):
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
        if given and col in spec.given_columns:
            items.append(f"{given} AS {col}_given")
    return items


# --- the file list of a build ----------------------------------------------------------------------

def shown_name(path: Path) -> str:
    """A file as messages name it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Change:
    """A store that is being checked: ``staged`` is read in place of ``target`` (a file of the
    inputs that may not exist yet; None removes it), and messages name it ``shown``."""
    target: Path
    staged: Path | None
    shown: str = ""


def input_dirs(inputs: list[Path] | None, include_default_inputs: bool) -> list[Path]:
    """The folders (or files) a build reads: data/input when ``include_default_inputs``, then
    ``inputs``; each once (by its real path), folders inside another given folder dropped."""
    dirs = ([config.INPUT_DIR] if include_default_inputs else []) + [Path(p) for p in inputs or []]
    seen: list[Path] = []
    out: list[Path] = []
    for d in dirs:
        r = d.resolve()
        if any(r == s or (d.is_dir() and s.is_dir() and r.is_relative_to(s)) for s in seen):
            continue
        seen.append(r)
        out.append(d)
    return out


def _is_sources(path: Path) -> bool:
    return path.name == "sources.yaml" or path.name.endswith(".sources.yaml")


def _with_changes(files: dict[Path, tuple[Path, str]], changes: list[Change], sources: bool) -> list[tuple[Path, str]]:
    for c in changes:
        if _is_sources(c.target) != sources:
            continue
        if c.staged is None:
            files.pop(c.target.resolve(), None)
        else:
            files[c.target.resolve()] = (c.staged, c.shown or shown_name(c.target))
    return list(files.values())


def list_source_files(dirs: list[Path], changes: list[Change]) -> list[tuple[Path, str]]:
    """data/sources.yaml and the source declarations of the input folders (hidden folders skipped),
    with the staged versions of changed ones, each with its name in messages."""
    files = {config.SOURCES_PATH.resolve(): (config.SOURCES_PATH, shown_name(config.SOURCES_PATH))}
    for p in source_files([d for d in dirs if d.is_dir()]):
        if not any(p.is_relative_to(d) and is_hidden(p, d) for d in dirs if d.is_dir()):
            files.setdefault(p.resolve(), (p, shown_name(p)))
    return _with_changes(files, changes, sources=True)


def list_input_files(dirs: list[Path], changes: list[Change]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Every input file once, staged versions in place of changed ones, with its name in messages;
    and notices naming what was skipped."""
    found, notices = discover([d for d in dirs if d.exists()])
    files = {p.resolve(): (p, shown_name(p)) for p in found}
    return _with_changes(files, changes, sources=False), notices


@dataclass
class Staged:
    """The inputs of a build, ready for DuckDB: the Parquet files, the notices to show (how a file
    was read, what was skipped) and the problems found in the files themselves."""
    files: list[InputFile]
    notices: list[str]
    problems: list[Problem]


def stage(dirs: list[Path], changes: list[Change], work: Path) -> Staged:
    """The input files of ``dirs`` (changes applied), CSV/Excel converted into ``work``, each file
    checked (bounds, columns, types); files without rows skipped with a notice."""
    entries, notices = list_input_files(dirs, changes)
    staged = Staged([], notices, [])
    for path, shown in entries:
        how = ""
        if path.suffix.lower() in CONVERTIBLE:
            try:
                converted = convert_to_parquet(path, work, shown)
            except bounds.FileRefused as exc:
                staged.problems += exc.problems
                continue
            except OSError as exc:
                staged.problems.append(Problem(shown, None, None, f"cannot be read ({exc.strerror or exc})"))
                continue
            staged.notices += [f"{shown}: {note}" for note in converted.notes]
            if converted.path is None:
                continue
            pq_path, how = converted.path, converted.how
        else:
            pq_path = path
        info, file_problems = inspect(pq_path, shown, how)
        staged.problems += file_problems
        if info and not file_problems and pq.ParquetFile(pq_path).metadata.num_rows == 0:
            staged.notices.append(f"{shown}: no rows: skipped")
            continue
        if info:
            staged.files.append(info)
    return staged
