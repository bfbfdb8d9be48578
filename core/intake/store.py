"""Storing figures a person submits (a reviewed report, an uploaded file) among the build's inputs.

One path for every store, in this order, writing nothing until the last step:

1. access (core.access.check_write): the user may write these rows, and, when the file replaces an
   earlier version, the rows it supersedes too (an editor corrects uploads of their own province);
2. validation: the ETL's own rules on the inputs as they would be after the store (the check build,
   core.intake.check, reading the new file in place of the old: core.intake.staging.Change), so a
   replaced version is never taken for a duplicate of the new one;
3. the previous version (file and sources entry) is copied into the history folder
   (data/history/<folder>/, outside the inputs: the build never reads it);
4. the source is written beside the file (<name>.sources.yaml, one per stored file) and the new
   file renamed over the old one: the old rows are superseded in one atomic step.

Messages name files by their file name (an upload by the name it was uploaded with), never by a
server path.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from core import access, config, scratch
from core.auth import User
from core.intake import bounds, schema
from core.intake.bounds import Refused
from core.intake.check import BuildFailed, check_build
from core.intake.staging import Change

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class StoreRefused(Refused):
    """The submission cannot be stored; ``problems`` lists each one (file, row, column, reason)."""

    separator = "; "


@dataclass(frozen=True)
class Submission:
    rows: pd.DataFrame      # in the ETL's input format; index named 'row' = rows as the person sees them
    target: Path            # <inputs>/<folder>/<name>.parquet
    source: dict            # its source, declared in <folder>/<name>.sources.yaml
    shown: str              # the name messages use (the uploaded file's name, or the source id)

    @property
    def folder(self) -> Path:
        return self.target.parent

    @property
    def sources_file(self) -> Path:
        return sources_path(self.target)


@dataclass(frozen=True)
class Stored:
    path: Path
    rows: int
    replaced: Path | None   # the previous version, kept in the history folder
    sources_file: Path

    @property
    def summary(self) -> str:
        kept = f"; the previous version is kept as {self.replaced}" if self.replaced else ""
        return (f"{self.rows} row(s) written to {self.path}{kept}. They enter the warehouse at the next "
                "`python -m etl build`.")


def sources_path(target: Path) -> Path:
    """The source declaration stored beside a file: <name>.sources.yaml."""
    return target.with_name(f"{target.stem}.sources.yaml")


def history_dir(folder: Path) -> Path:
    """Where previous versions of ``folder``'s files go: data/history/<folder name> (ANTQ_HISTORY_DIR
    overrides data/history); outside data/input, so no build reads them."""
    return Path(os.environ.get("ANTQ_HISTORY_DIR", config.DATA_DIR / "history")) / folder.name


def is_missing(v: object) -> bool:
    """An empty cell as pandas and pyarrow hand it over: None, NA, NaT or a float NaN."""
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v))


def _dates(col: pd.Series) -> pa.Array | None:
    """The column as Parquet dates when every value given is a date or an ISO date 'YYYY-MM-DD', else None
    (kept as text, so the build's rules name the cell that is not a date)."""
    out = []
    for v in col:
        if is_missing(v):
            out.append(None)
        elif isinstance(v, date) and not isinstance(v, datetime):
            out.append(v)
        elif isinstance(v, str) and ISO_DATE.fullmatch(v):
            try:
                out.append(date.fromisoformat(v))
            except ValueError:
                return None
        else:
            return None
    return pa.array(out, pa.date32())


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Text columns as text, value as a double where numeric, dates as dates where every one given is
    a date (the build then reads them as they are, without casting every row), the row numbers (index
    'row') as _row; written to a temporary name and renamed over ``path``."""
    fields, arrays = [], []
    for c in df.columns:
        col = df[c]
        dates = _dates(col) if schema.SCHEMA.types.get(c) == "DATE" else None
        if c == "value" and pd.api.types.is_float_dtype(col):
            fields.append(pa.field(c, pa.float64()))
            arrays.append(pa.array(col.astype("float64"), pa.float64()))
        elif dates is not None:
            fields.append(pa.field(c, pa.date32()))
            arrays.append(dates)
        else:
            fields.append(pa.field(c, pa.string()))
            arrays.append(pa.array([None if is_missing(v) else str(v) for v in col], pa.string()))
    if df.index.name == "row":
        fields.append(pa.field("_row", pa.int64()))
        arrays.append(pa.array([int(i) for i in df.index], pa.int64()))
    tmp = scratch.tmp_path(path)
    try:
        pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(text: str, path: Path) -> None:
    tmp = scratch.tmp_path(path)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def sources_text(entry: dict) -> str:
    header = ("# Source of figures stored from the dashboard or `python -m etl review` (core/intake/store.py);\n"
              "# stored_by and stored_at say who stored this version.\n")
    return header + yaml.safe_dump({"sources": [entry]}, allow_unicode=True, sort_keys=False)


def _previous_rows(target: Path) -> pd.DataFrame | None:
    if not target.is_file():
        return None
    try:
        bounds.check_parquet(target, target.name)
        df = pq.read_table(target).to_pandas()
    except (bounds.FileRefused, OSError, pa.ArrowException):
        return pd.DataFrame({"unit_code": ["?"]})  # unreadable: only a national scope may replace it
    if "_row" in df:
        df = df.set_index("_row").rename_axis("row")
    return df


def check_access(sub: Submission, user: User) -> None:
    """AccessDenied unless ``user`` may write the new rows and supersede the previous version's."""
    access.check_write(user, sub.rows, sub.shown)
    previous = _previous_rows(sub.target)
    if previous is not None:
        try:
            access.check_write(user, previous)
        except access.AccessDenied as exc:
            raise access.AccessDenied([f"{sub.shown}: replaces {sub.target.name}, stored earlier with rows outside "
                                       "your scope; ask an admin (" + exc.problems[0] + ")"]) from exc


def validate(sub: Submission, inputs: list[Path], include_default_inputs: bool) -> list[str]:
    """The ETL's problems with the inputs as they would be after storing ``sub`` ([] when valid).
    ``inputs`` and ``include_default_inputs`` are those of the build that reads ``sub.folder``."""
    with scratch.work_dir("store") as tmp:
        staged = tmp / sub.target.name
        write_parquet(sub.rows, staged)
        staged_sources = tmp / sub.sources_file.name
        staged_sources.write_text(sources_text(sub.source), encoding="utf-8")
        changes = [Change(sub.target, staged, sub.shown),
                   Change(sub.sources_file, staged_sources, f"{sub.sources_file.name} ({sub.shown})")]
        try:
            check_build([d for d in inputs if d.exists()], include_default_inputs, changes)
        except BuildFailed as exc:
            problems = [str(replace(e, file=e.file if e.file.startswith(sub.shown) else Path(e.file).name))
                        for e in exc.errors]
            if exc.truncated:
                problems.append(f"... and {exc.truncated} more of the same kinds")
            return problems
    return []


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One store at a time per folder (the sources.yaml merge reads, then writes)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".store.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def save(sub: Submission, user: User, inputs: list[Path], include_default_inputs: bool,
         history: Path | None = None) -> Stored:
    """Check access and validity (see the module docstring), keep the previous version in the
    history folder, then store. Raises AccessDenied or StoreRefused, writing nothing."""
    check_access(sub, user)
    with _locked(sub.folder):
        scratch.clean_stale([sub.folder])
        problems = validate(sub, inputs, include_default_inputs)
        if problems:
            raise StoreRefused(problems)
        entry = {**sub.source, "stored_by": user.email or user.name or user.mode,
                 "stored_at": datetime.now(UTC).isoformat(timespec="seconds")}
        replaced = None
        if sub.target.exists():
            history = history or history_dir(sub.folder)
            history.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            replaced = history / f"{sub.target.stem}.{stamp}.parquet"
            shutil.copy2(sub.target, replaced)
            if sub.sources_file.is_file():
                shutil.copy2(sub.sources_file, sources_path(replaced))
        write_text(sources_text(entry), sub.sources_file)  # a source without rows is harmless
        write_parquet(sub.rows, sub.target)
    return Stored(sub.target, len(sub.rows), replaced, sub.sources_file)
