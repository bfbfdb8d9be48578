"""The ETL's rules on the inputs, and the check build.

The build (etl/build.py) and the check build share these steps: read the inputs (source
declarations, staged files: core.intake.staging), load the reference tables, type the rows and run
every rule (core/sql/intake/rules), refusing with every problem found (BuildFailed: file, row,
column, reason). The check build (check_build) stops there, on a throw-away database: it tells
whether inputs as a store would leave them (core.intake.store) would build, and publishes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from core import buildcache, config, scratch, warehouse
from core.catalogue import read_catalogue
from core.intake import bounds, schema
from core.intake.bounds import Problem
from core.intake.sources import read_sources
from core.intake.staging import Change, InputFile, input_dirs, list_source_files, stage, typed_columns
from core.semantics import macros, reform
from core.units import UnitResolver, load_register, load_resolver
from core.warehouse import sql_text

RULES = ("raw_types", "required_values", "unknown_codes", "units", "values", "duplicates")
ROW_RULES = tuple(r for r in RULES if r != "duplicates")  # each judges a row alone; duplicates compares rows
ERRORS_PER_RULE = 20


class BuildFailed(Exception):
    """Raised when inputs are refused; carries every problem found (nothing was written)."""

    def __init__(self, errors: list[Problem], truncated: int = 0):
        self.errors = errors
        self.truncated = truncated
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"Build refused: {len(self.errors) + self.truncated} problem(s) in the inputs; "
                 "nothing was written, the previous warehouse is unchanged."]
        lines += [f"  - {e}" for e in self.errors]
        if self.truncated:
            lines.append(f"  ... and {self.truncated} more of the same kinds")
        return "\n".join(lines)


def sql(name: str) -> str:
    """The text of core/sql/intake/<name>.sql."""
    return sql_text(f"intake/{name}")


@dataclass
class Inputs:
    """What a build reads: the staged Parquet files, the declared sources, notices to show."""
    files: list[InputFile]
    sources: pd.DataFrame
    notices: list[str] = field(default_factory=list)


def read_inputs(dirs: list[Path], changes: list[Change], work: Path) -> Inputs:
    """The source declarations and the staged input files of ``dirs`` (``changes`` applied; CSV and
    Excel converted into ``work``). Raises BuildFailed with every problem of the files themselves."""
    errors = [Problem(str(d), None, None, "no such file or folder") for d in dirs if not d.exists()]
    sources, source_errors = read_sources(list_source_files(dirs, changes))
    staged = stage(dirs, changes, work)
    errors += source_errors + staged.problems
    if errors:
        raise BuildFailed(errors)
    return Inputs(staged.files, sources, staged.notices)


def configure(con, work: Path) -> None:
    """Bounded memory at national scale (spills to disk beyond it, into the build's work folder);
    no single input may exceed it (core.intake.bounds.check_parquet). Row order is not kept by the
    big inserts, every reader sorts what it needs. ANTQ_DUCKDB_MEMORY overrides the limit."""
    con.execute(f"SET memory_limit = '{bounds.memory_limit_bytes() // 2**20}MB'")
    con.execute("SET temp_directory = $dir", {"dir": str(work / "spill")})
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET checkpoint_threshold = '64GB'")  # one checkpoint, at the end
    macros.install(con)  # the semantic rules (core.semantics): the rules' SQL uses them, the warehouse keeps them


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


def load_reference_tables(con, catalogue, register: pd.DataFrame, sources: pd.DataFrame) -> None:
    """The tables the rules read: units (and unit_context), indicators, their breakdowns, sources."""
    ind, brk = _catalogue_frames(catalogue)
    for name, frame in (("units", register), ("indicators", ind), ("indicator_breakdowns", brk),
                        ("sources", sources)):
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")  # name from the fixed tuple above
        con.unregister("frame")
    con.execute(sql("unit_context"))


def _resolve_names(con, resolver: UnitResolver | None, has_name: bool, shown: list[str]) -> list[Problem]:
    """Resolve unit names given without a code into the temp table unit_names."""
    con.execute("CREATE TEMP TABLE unit_names (unit_name VARCHAR, post_reform BOOLEAN, unit_code VARCHAR)")
    if not has_name:
        return []
    pending = con.execute(sql("distinct_unit_names")).fetchall()
    errors: list[Problem] = []
    resolved = []
    for name, post, first_file, first_row, n in pending:
        res = resolver.resolve(name, on=reform.REFORM if post else reform.LAST_DAY_BEFORE)
        if res.code:
            resolved.append((name, post, res.code))
            continue
        hint = f"; did you mean {' or '.join(res.suggestions[:3])}?" if res.suggestions else ""
        more = f" ({n} rows)" if n > 1 else ""
        errors.append(Problem(shown[first_file], first_row, "unit_name", f"{res.reason}{hint}{more}"))
    if resolved:
        con.executemany("INSERT INTO unit_names VALUES (?, ?, ?)", resolved)
    return errors


def _allowed_values() -> dict:
    """The values the input schema allows, for the rules that check them."""
    return {"qualifiers": list(schema.SCHEMA.qualifiers), "period_kinds": list(schema.SCHEMA.period_kinds)}


def _rule_params(rule: str) -> dict:
    return {"limit": ERRORS_PER_RULE, **(_allowed_values() if rule == "unknown_codes" else {})}


def _screen_rules(con, files: list[int] | None = None) -> list[str]:
    """The rules that would report a row: one pass over the rows of ``files`` (file_index; None: every
    file) for the rules that judge a row alone (core/sql/intake/screen_rules.sql), one over every row
    for the duplicates (screen_duplicates.sql)."""
    failing = []
    if files is None or files:
        counts = con.execute(sql("screen_rules"), {**_allowed_values(), "files": files}).fetchone()
        failing = [rule for rule, n in zip(ROW_RULES, counts, strict=True) if n]
    return failing + (["duplicates"] if con.execute(sql("screen_duplicates")).fetchone()[0] else [])


def _screened_keys(con, files: list[InputFile]) -> list[str | None]:
    """For each file, the key under which its rows passing the row rules is remembered (core.buildcache):
    the file's bytes, the reference tables those rules read, the values allowed and the build's code
    (a change to any of them screens every file again); None when the cache is off."""
    if buildcache.cache_dir() is None:
        return [None] * len(files)
    tables = con.execute(sql("reference_digest")).fetchone()
    common = buildcache.key(duckdb.__version__, warehouse.code_version(), *tables, _allowed_values())
    return [buildcache.key(common, buildcache.file_digest(f.path)) for f in files]


def _unkeyed(con) -> bool:
    """Whether a row's unit has no key: a row that some rule reports once its unit's code is written."""
    return bool(con.execute(sql("unkeyed_rows")).fetchone()[0])


def _run_rules(con, shown: list[str], rules: tuple[str, ...] | list[str] = RULES) -> tuple[list[Problem], int]:
    """The first errors of ``rules``, each naming its file (``shown``, by file_index), row and column."""
    errors: list[Problem] = []
    more = 0
    for rule in rules:
        rows = con.execute(sql(f"rules/{rule}"), _rule_params(rule)).fetchall()
        for file_index, row, col, reason, _total in rows:
            file = shown[file_index] if file_index is not None else "input"
            errors.append(Problem(file, int(row) if row is not None else None, col, reason))
        if rows:
            more += max(0, int(rows[0][4]) - len(rows))
    return errors, more


def create_rows(con, files: list[InputFile], with_rows: bool) -> None:
    """observation_rows and observation_notes from the input (replacing a previous attempt), the rules'
    views and year_groups.
    with_rows: for the messages, each row's number in its file and the unit's code as given (without,
    the code is not written: the unit's key names it, and a row without a key is reported anyway)."""
    con.execute("DROP TABLE IF EXISTS year_groups")
    con.execute("DROP VIEW IF EXISTS checked_rows")
    con.execute("DROP VIEW IF EXISTS stored_rows")
    con.execute("DROP TABLE IF EXISTS observation_rows")
    con.execute("DROP TABLE IF EXISTS observation_notes")
    typed = ",\n        ".join(typed_columns(files, with_rows))
    stored = "* EXCLUDE (evidence, locator)" if with_rows else "* EXCLUDE (unit_code, evidence, locator)"
    noted = [i for i, f in enumerate(files) if {"evidence", "locator"} & set(f.types)]
    try:
        con.execute(sql("typed_input").replace("{typed}", typed))
        con.execute(sql("load_observations").replace("{stored}", stored))
        con.execute(sql("load_notes"), {"files": noted})
    except duckdb.Error as exc:
        culprit = next((f.shown_as for f in files if str(f.path) in str(exc)), "input files")
        reason = str(exc).splitlines()[0]
        for f in files:  # name files as the messages do, never by a work folder's path
            reason = reason.replace(str(f.path), f.shown_as)
        raise BuildFailed([Problem(culprit, None, None, f"cannot be read ({reason})")]) from exc
    con.execute(sql("checked_rows"))
    con.execute("CREATE OR REPLACE TEMP VIEW year_group_rows AS SELECT *, false AS conflict FROM observation_rows")
    con.execute(f"CREATE TEMP TABLE year_groups AS {sql('year_groups')}", {"generated_only": False})


def load_checked_rows(con, files: list[InputFile]) -> None:
    """The table observation_rows from ``files`` (raw_input typed, unit names resolved), every rule
    run on it; raises BuildFailed with every problem found (each rule's first ERRORS_PER_RULE)."""
    spec = schema.SCHEMA
    present = {c for f in files for c in f.columns}
    columns = ",\n    ".join(c if c in present else f"NULL::VARCHAR AS {c}" for c in spec.names)
    con.execute("SET VARIABLE input_files = $files", {"files": [str(f.path) for f in files] or []})
    shown = [f.shown_as for f in files]
    con.execute(sql("observation_columns"))
    con.execute("CREATE TABLE input_files (file_index UBIGINT PRIMARY KEY, file VARCHAR)")
    if shown:  # none when every input was empty (skipped with a notice); one statement (executemany runs one per row)
        con.execute("INSERT INTO input_files SELECT i - 1, $files[i] FROM range(1, len($files) + 1) AS r(i)",
                    {"files": shown})
    # converted CSV/Excel files carry their own row numbers (empty rows were skipped)
    row = (f"coalesce(TRY_CAST({spec.row_column} AS BIGINT), file_row_number + 1)" if spec.row_column in present
           else "file_row_number + 1")
    if files:
        con.execute(sql("raw_input").replace("{columns}", columns).replace("{input_row}", row))
    else:
        con.execute(sql("raw_input_empty").replace("{columns}", columns))
    has_name = spec.unit_columns[1] in present
    errors = _resolve_names(con, load_resolver() if has_name else None, has_name, shown)  # resolver only if needed
    create_rows(con, files, with_rows=False)
    unkeyed = _unkeyed(con)
    keys = _screened_keys(con, files)
    screened = {i for i, k in enumerate(keys) if k is not None and buildcache.has_mark("row_rules", k)}
    failing = _screen_rules(con, [i for i in range(len(files)) if i not in screened])  # valid input: one pass
    rule_errors, more = ([], 0) if unkeyed else _run_rules(con, shown, failing)
    if rule_errors or unkeyed:  # again with each row's number in its file and unit's code, for the messages
        create_rows(con, files, with_rows=True)
        failing = _screen_rules(con)
        rule_errors, more = _run_rules(con, shown, failing)
    errors += rule_errors
    if errors:
        raise BuildFailed(errors, truncated=more)
    for i, k in enumerate(keys):  # every row passed: the next build need not screen these files' rows again
        if k is not None and i not in screened:
            buildcache.mark("row_rules", k)
    flags = [f"{c}_given" for c in spec.given_columns]
    for (column,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'observation_rows' "
                                 "AND list_contains($flags, column_name)", {"flags": flags}).fetchall():
        con.execute(f"ALTER TABLE observation_rows DROP COLUMN {column}")  # for the rules only; from the schema


def check_build(inputs: list[Path], include_default_inputs: bool, changes: list[Change] | None = None) -> None:
    """The build's checks on the inputs (data/input when ``include_default_inputs``, and ``inputs``)
    with ``changes`` applied, on a throw-away database: raises BuildFailed as the build would, and
    writes nothing beside its own work folder."""
    changes = list(changes or [])
    dirs = input_dirs(inputs, include_default_inputs)
    catalogue = read_catalogue(config.CATALOGUE_PATH)
    register = load_register()
    with scratch.work_dir("etl") as work:
        found = read_inputs(dirs, changes, work)
        con = duckdb.connect(":memory:")
        try:
            configure(con, work)
            load_reference_tables(con, catalogue, register, found.sources)
            load_checked_rows(con, found.files)
        finally:
            con.close()
