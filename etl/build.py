"""`python -m etl build`: inputs → validated warehouse, written atomically."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from core import config, intake, scratch, warehouse
from core.catalogue import read_catalogue
from core.units import UnitResolver, load_register, load_resolver
from etl import refdata
from etl.errors import BuildFailed, InputError, OutRefused
from etl.inputs import (
    CONVERTIBLE,
    GIVEN_COLUMNS,
    KNOWN_COLUMNS,
    ROW_COLUMN,
    convert_to_parquet,
    discover,
    inspect,
    is_hidden,
    typed_columns,
)
from etl.sources import read_sources, source_files

SQL = Path(__file__).resolve().parent / "sql"
RULES = ("raw_types", "required_values", "unknown_codes", "units", "values", "duplicates")
ERRORS_PER_RULE = 20
CONFLICTS_LISTED = 30


@dataclass
class BuildReport:
    out: Path
    observations: int = 0
    files: list[str] = field(default_factory=list)
    sample_rows: int = 0
    reference: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)  # what was read in a special way or skipped, and why
    corroborated: int = 0  # figures given alike by two or more sources (kept once, sources listed)
    conflicts: list[str] = field(default_factory=list)  # figures that sources give differently

    def summary(self) -> str:
        ref = ", ".join(f"{k}: {'yes' if v else 'missing'}" for k, v in self.reference.items())
        lines = [f"Warehouse written to {self.out}: {self.observations} observations "
                 f"({self.sample_rows} sample) from {len(self.files)} file(s) in {self.seconds:.1f} s; "
                 f"reference data {ref}."]
        if self.corroborated:
            lines.append(f"{self.corroborated} figure(s) corroborated by two or more sources (counted once).")
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} figure(s) that sources give differently (both kept, flagged; "
                         "see the Indicators & sources page):")
            lines += [f"  conflict: {c}" for c in self.conflicts[:CONFLICTS_LISTED]]
            if len(self.conflicts) > CONFLICTS_LISTED:
                lines.append(f"  … and {len(self.conflicts) - CONFLICTS_LISTED} more")
        return "\n".join(lines + [f"  note: {n}" for n in self.notices])


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _catalogue_frames(catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    ind = pd.DataFrame([{
        "code": i.code, "group_code": i.group, "name_vi": i.name_vi, "name_en": i.name_en,
        "unit_vi": i.unit_vi, "unit_en": i.unit_en, "kind": i.kind, "aggregation": i.aggregation,
        "min_value": i.min, "max_value": i.max, "higher_is_better": i.higher_is_better, "main": i.main,
        "description_vi": i.description_vi, "description_en": i.description_en,
        "first_period": catalogue.first_day, "last_period": catalogue.last_day,
    } for i in catalogue])
    brk = pd.DataFrame([{"indicator_code": i.code, "breakdown": k, "name_vi": v.name_vi, "name_en": v.name_en}
                        for i in catalogue for k, v in i.breakdowns.items()],
                       columns=["indicator_code", "breakdown", "name_vi", "name_en"])
    return ind, brk


def _resolve_names(con, resolver: UnitResolver, has_name: bool, shown: list[str]) -> list[InputError]:
    """Resolve unit names given without a code into the temp table unit_names."""
    con.execute("CREATE TEMP TABLE unit_names (unit_name VARCHAR, post_reform BOOLEAN, unit_code VARCHAR)")
    if not has_name:
        return []
    pending = con.execute(_sql("distinct_unit_names")).fetchall()
    errors: list[InputError] = []
    resolved = []
    for name, post, first_file, first_row, n in pending:
        on = pd.Timestamp("2025-07-01" if post else "2025-06-30").date()
        res = resolver.resolve(name, on=on)
        if res.code:
            resolved.append((name, post, res.code))
            continue
        hint = f"; did you mean {' or '.join(res.suggestions[:3])}?" if res.suggestions else ""
        more = f" ({n} rows)" if n > 1 else ""
        errors.append(InputError(shown[first_file], first_row, "unit_name", f"{res.reason}{hint}{more}"))
    if resolved:
        con.executemany("INSERT INTO unit_names VALUES (?, ?, ?)", resolved)
    return errors


def _run_rules(con, shown: list[str]) -> tuple[list[InputError], int]:
    """Every rule's first errors, each naming its file (``shown``, by file_index), row and column."""
    errors: list[InputError] = []
    more = 0
    for rule in RULES:
        rows = con.execute(_sql(f"rules/{rule}"), {"limit": ERRORS_PER_RULE}).fetchall()
        for file_index, row, col, reason, _total in rows:
            file = shown[file_index] if file_index is not None else "input"
            errors.append(InputError(file, int(row) if row is not None else None, col, reason))
        if rows:
            more += max(0, int(rows[0][4]) - len(rows))
    return errors, more


@dataclass(frozen=True)
class Change:
    """A store that is being checked: ``staged`` is read in place of ``target`` (a file of the
    inputs that may not exist yet; None removes it), and messages name it ``shown``."""
    target: Path
    staged: Path | None
    shown: str = ""


def check_out(out: Path, dirs: list[Path]) -> None:
    """Refuse (OutRefused), before any work, an --out that cannot take the warehouse: a folder, an
    existing file that is not a DuckDB warehouse, a place that cannot be written, or a place inside
    the input folders (the next build would read it)."""
    resolved = out.resolve()
    if out.is_dir():
        raise OutRefused(f"--out {out}: is a folder; give a file name such as {out / 'warehouse.duckdb'}")
    for d in dirs:
        if d.exists() and d.is_dir() and resolved.is_relative_to(d.resolve()):
            raise OutRefused(f"--out {out}: inside the input folder {d} (the next build would read it); "
                             "write the warehouse elsewhere, e.g. data/warehouse.duckdb")
        if d.is_file() and resolved == d.resolve():
            raise OutRefused(f"--out {out}: is one of the inputs")
    if out.exists():
        with open(out, "rb") as fh:
            head = fh.read(16)
        if head and (len(head) < 12 or head[8:12] != b"DUCK"):
            raise OutRefused(f"--out {out}: exists and is not a DuckDB warehouse; refusing to replace it")
    parent = resolved.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise OutRefused(f"--out {out}: cannot be written ({parent} is a file, not a folder)")
    probe = scratch.tmp_path(parent / f"{out.name}.probe")
    try:
        probe.open("wb").close()
        probe.unlink()
    except OSError as exc:
        raise OutRefused(f"--out {out}: cannot be written in {parent} ({exc.strerror or exc})") from exc


def _unique_dirs(dirs: list[Path]) -> list[Path]:
    """Each input folder once (by its real path), folders inside another given folder dropped."""
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


def _source_files(dirs: list[Path], changes: list[Change]) -> list[tuple[Path, str]]:
    """data/sources.yaml and the source declarations of the input folders (etl.sources.source_files;
    hidden folders skipped), with the staged versions of changed ones, each with its name in messages."""
    files = {config.SOURCES_PATH.resolve(): (config.SOURCES_PATH, _shown(config.SOURCES_PATH))}
    for p in source_files([d for d in dirs if d.is_dir()]):
        if not any(p.is_relative_to(d) and is_hidden(p, d) for d in dirs if d.is_dir()):
            files.setdefault(p.resolve(), (p, _shown(p)))
    for c in changes:
        if _is_sources(c.target):
            if c.staged is None:
                files.pop(c.target.resolve(), None)
            else:
                files[c.target.resolve()] = (c.staged, c.shown or _shown(c.target))
    return list(files.values())


def _input_files(dirs: list[Path], changes: list[Change], report: BuildReport) -> list[tuple[Path, str]]:
    """Every input file once, staged versions in place of changed ones, with its name in messages."""
    found, notices = discover([d for d in dirs if d.exists()])
    report.notices += notices
    files = {p.resolve(): (p, _shown(p)) for p in found}
    for c in changes:
        if _is_sources(c.target):
            continue
        if c.staged is None:
            files.pop(c.target.resolve(), None)
        else:
            files[c.target.resolve()] = (c.staged, c.shown or _shown(c.target))
    return list(files.values())


def run(inputs: list[Path] | None = None, out: Path | None = None, with_sample: bool = True,
        include_default_inputs: bool = True, changes: list[Change] | None = None) -> BuildReport:
    """Build the warehouse into a new file and swap it in; raise BuildFailed on bad input (nothing
    written) and OutRefused, before any work, on an ``out`` that cannot take it. ``changes``: files
    as a store would leave them (checked, never written: see Change)."""
    started = time.perf_counter()
    out = Path(out or config.warehouse_path())
    report = BuildReport(out=out)
    changes = list(changes or [])
    dirs = _unique_dirs(([config.INPUT_DIR] if include_default_inputs else []) + [Path(p) for p in inputs or []])
    check_out(out, dirs)
    scratch.clean_stale([out.parent])
    scratch.clean_stale([d for d in dirs if d.is_dir()], recursive=True)
    catalogue = read_catalogue(config.CATALOGUE_PATH)
    register = load_register()
    errors: list[InputError] = []
    for d in dirs:
        if not d.exists():
            errors.append(InputError(str(d), None, None, "no such file or folder"))
    sources, source_errors = read_sources(_source_files(dirs, changes))
    errors += source_errors

    with scratch.work_dir("etl") as work:
        files = []
        for path, shown in _input_files(dirs, changes, report):
            how = ""
            if path.suffix.lower() in CONVERTIBLE:
                try:
                    converted = convert_to_parquet(path, work, shown)
                except intake.FileRefused as exc:
                    errors += exc.problems
                    continue
                except OSError as exc:
                    errors.append(InputError(shown, None, None, f"cannot be read ({exc.strerror or exc})"))
                    continue
                report.notices += [f"{shown}: {note}" for note in converted.notes]
                if converted.path is None:
                    continue
                pq_path, how = converted.path, converted.how
            else:
                pq_path = path
            info, file_errors = inspect(pq_path, shown, how)
            errors += file_errors
            if info and not file_errors and pq.ParquetFile(pq_path).metadata.num_rows == 0:
                report.notices.append(f"{shown}: no rows: skipped")
                continue
            if info:
                files.append(info)
        if errors:
            raise BuildFailed(errors)
        report.files = [f.shown_as for f in files]

        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = scratch.tmp_path(out)
        tmp.unlink(missing_ok=True)
        try:
            con = duckdb.connect(str(tmp))
            try:
                _configure(con, work)
                _load_reference_tables(con, catalogue, register, sources, report)
                _load_observations(con, files, report)
                if with_sample:
                    report.sample_rows = _add_sample(con)
                    con.execute(f"INSERT INTO year_groups {_sql('year_groups')}", {"generated_only": True})
                _settle_sources(con, report)
                con.execute(f"CREATE TEMP TABLE unit_year_sources AS {_sql('unit_year_sources')}")  # for the marts
                _build_marts(con)
                report.observations = con.execute("SELECT count(*) FROM observation_rows").fetchone()[0]
                _write_build_info(con, report, with_sample)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report


def _configure(con, work: Path) -> None:
    """Bounded memory at national scale (spills to disk beyond it, into the build's work folder);
    no single input may exceed it (core.intake.check_parquet). Row order is not kept by the big
    inserts, every reader sorts what it needs. ANTQ_DUCKDB_MEMORY overrides the limit."""
    con.execute(f"SET memory_limit = '{intake.memory_limit_bytes() // 2**20}MB'")
    con.execute("SET temp_directory = $dir", {"dir": str(work / "spill")})
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET checkpoint_threshold = '64GB'")  # one checkpoint, at the end


def _load_reference_tables(con, catalogue, register, sources, report: BuildReport) -> None:
    ind, brk = _catalogue_frames(catalogue)
    for name, frame in (("units", register), ("indicators", ind), ("indicator_breakdowns", brk),
                        ("sources", sources)):
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")  # name from the fixed tuple above
        con.unregister("frame")
    con.execute(_sql("unit_context"))
    population = refdata.load_population(register)
    report.reference = refdata.status()
    if population is not None:
        con.register("frame", population)
        con.execute("CREATE TABLE population AS SELECT * FROM frame")
        con.unregister("frame")
    else:
        con.execute(_sql("empty_population"))


def _load_observations(con, files, report: BuildReport) -> None:
    present = {c for f in files for c in f.columns}
    columns = ",\n    ".join(c if c in present else f"NULL::VARCHAR AS {c}" for c in KNOWN_COLUMNS)
    con.execute("SET VARIABLE input_files = $files", {"files": [str(f.path) for f in files] or []})
    shown = [f.shown_as for f in files]
    con.execute(_sql("observation_columns"))
    con.execute("CREATE TABLE input_files (file_index UBIGINT PRIMARY KEY, file VARCHAR)")
    if shown:  # none when every input was empty (skipped with a notice)
        con.executemany("INSERT INTO input_files VALUES (?, ?)", list(enumerate(shown)))
    # converted CSV/Excel files carry their own row numbers (empty rows were skipped)
    row = (f"coalesce(TRY_CAST({ROW_COLUMN} AS BIGINT), file_row_number + 1)" if ROW_COLUMN in present
           else "file_row_number + 1")
    if files:
        con.execute(_sql("raw_input").replace("{columns}", columns).replace("{input_row}", row))
    else:
        con.execute(_sql("raw_input_empty"))
    has_name = "unit_name" in present
    errors = _resolve_names(con, load_resolver() if has_name else None, has_name, shown)  # resolver only if needed
    _create_rows(con, files, with_rows=False)
    rule_errors, more = _run_rules(con, shown)
    if rule_errors:  # again with each row's number in its file, for the messages
        _create_rows(con, files, with_rows=True)
        rule_errors, more = _run_rules(con, shown)
    errors += rule_errors
    if errors:
        raise BuildFailed(errors, truncated=more)
    flags = [f"{c}_given" for c in GIVEN_COLUMNS]
    for (column,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'observation_rows' "
                                 "AND list_contains($flags, column_name)", {"flags": flags}).fetchall():
        con.execute(f"ALTER TABLE observation_rows DROP COLUMN {column}")  # for the rules only; from GIVEN_COLUMNS
    con.execute(f"CREATE TABLE figure_sources AS SELECT * FROM ({_sql('figure_sources')}) LIMIT 0")
    con.execute(_sql("observations_view"))


def _settle_sources(con, report: BuildReport) -> None:
    """Figures given by several sources (figure_sources.sql): one counted row each, agreement or
    conflict recorded; their year groups are grouped again from counted rows (never summed twice).
    Conflicts are reported in the build summary, not refused."""
    con.execute(f"INSERT INTO figure_sources {_sql('figure_sources')}")
    if not con.execute("SELECT count(*) FROM figure_sources").fetchall()[0][0]:
        return
    con.execute(_sql("settle_sources"))
    con.execute(f"INSERT INTO year_groups {_sql('year_groups')}", {"generated_only": False})
    report.corroborated = con.execute("SELECT count(*) FROM figure_sources WHERE counted AND agreement = "
                                      "'corroborated'").fetchall()[0][0]
    report.conflicts = [row[0] for row in con.execute(_sql("conflict_lines")).fetchall()]


def _create_rows(con, files, with_rows: bool) -> None:
    """observation_rows from the input (replacing a previous attempt), the rules' view and year_groups."""
    con.execute("DROP TABLE IF EXISTS year_groups")
    con.execute("DROP VIEW IF EXISTS checked_rows")
    con.execute("DROP TABLE IF EXISTS observation_rows")
    typed = ",\n        ".join(typed_columns(files, with_rows))
    try:
        con.execute(_sql("load_observations").replace("{typed}", typed))
    except duckdb.Error as exc:
        culprit = next((f.shown_as for f in files if str(f.path) in str(exc)), "input files")
        reason = str(exc).splitlines()[0]
        for f in files:  # name files as the messages do, never by a work folder's path
            reason = reason.replace(str(f.path), f.shown_as)
        raise BuildFailed([InputError(culprit, None, None, f"cannot be read ({reason})")]) from exc
    con.execute(_sql("checked_rows"))
    con.execute("CREATE OR REPLACE TEMP VIEW year_group_rows AS SELECT *, false AS conflict FROM observation_rows")
    con.execute(f"CREATE TEMP TABLE year_groups AS {_sql('year_groups')}", {"generated_only": False})


def _add_sample(con) -> int:
    """Sample rows for units and periods without reported data (see etl/sample.py, when present)."""
    try:
        from etl import sample
    except ImportError:
        return 0
    return sample.add_to_warehouse(con)


def _build_marts(con) -> None:
    """Derived tables for pages and maps: coverage, facts_yearly (etl/marts.py)."""
    from etl import marts

    marts.build_marts(con)


def _write_build_info(con, report: BuildReport, with_sample: bool) -> None:
    info = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_id": uuid.uuid4().hex[:8],  # tells builds apart (replicas show it: which build a page was read from)
        "code_version": warehouse.code_version(),  # readers refuse a file other code built
        "with_sample": str(with_sample).lower(),
        "input_files": "\n".join(report.files),
        "reference_geo": str(report.reference.get("geo", False)).lower(),
        "reference_population": str(report.reference.get("reference", False)).lower(),
    }
    con.execute("CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.executemany("INSERT INTO build_info VALUES (?, ?)", list(info.items()))
