"""`python -m etl build`: inputs → validated warehouse, written atomically."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from core import config, scratch, warehouse
from core.catalogue import read_catalogue
from core.intake import check
from core.intake.check import BuildFailed  # noqa: F401 (what run raises: build.BuildFailed)
from core.intake.staging import Change, input_dirs
from core.units import load_register
from etl import refdata
from etl.errors import OutRefused

SQL = Path(__file__).resolve().parent / "sql"
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


def run(inputs: list[Path] | None = None, out: Path | None = None, with_sample: bool = True,
        include_default_inputs: bool = True, changes: list[Change] | None = None) -> BuildReport:
    """Build the warehouse into a new file and swap it in; raise BuildFailed on bad input (nothing
    written) and OutRefused, before any work, on an ``out`` that cannot take it. ``changes``: files
    as a store would leave them (read in place of the stored ones, never written: see Change).
    The inputs are read and checked by core.intake (staging, then the rules), as by the check build."""
    started = time.perf_counter()
    out = Path(out or config.warehouse_path())
    report = BuildReport(out=out)
    dirs = input_dirs(inputs, include_default_inputs)
    check_out(out, dirs)
    scratch.clean_stale([out.parent])
    scratch.clean_stale([d for d in dirs if d.is_dir()], recursive=True)
    catalogue = read_catalogue(config.CATALOGUE_PATH)
    register = load_register()

    with scratch.work_dir("etl") as work:
        found = check.read_inputs(dirs, list(changes or []), work)  # core.intake: sources, staged files
        report.notices += found.notices
        files = found.files
        report.files = [f.shown_as for f in files]

        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = scratch.tmp_path(out)
        tmp.unlink(missing_ok=True)
        try:
            con = duckdb.connect(str(tmp))
            try:
                check.configure(con, work)
                _load_reference_tables(con, catalogue, register, found.sources, report)
                _load_observations(con, files)
                if with_sample:
                    report.sample_rows = _add_sample(con)
                    con.execute(f"INSERT INTO year_groups {check.sql('year_groups')}", {"generated_only": True})
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


def _load_reference_tables(con, catalogue, register, sources, report: BuildReport) -> None:
    check.load_reference_tables(con, catalogue, register, sources)  # what the rules read
    population = refdata.load_population(register)
    report.reference = refdata.status()
    if population is not None:
        con.register("frame", population)
        con.execute("CREATE TABLE population AS SELECT * FROM frame")
        con.unregister("frame")
    else:
        con.execute(_sql("empty_population"))


def _load_observations(con, files) -> None:
    """observation_rows, checked by the ETL's rules (core.intake.check; BuildFailed on a problem),
    then the table of figures given by several sources and the view the pages read."""
    check.load_checked_rows(con, files)
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
    con.execute(f"INSERT INTO year_groups {check.sql('year_groups')}", {"generated_only": False})
    report.corroborated = con.execute("SELECT count(*) FROM figure_sources WHERE counted AND agreement = "
                                      "'corroborated'").fetchall()[0][0]
    report.conflicts = [row[0] for row in con.execute(_sql("conflict_lines")).fetchall()]


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
