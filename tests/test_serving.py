"""Rebuild while serving: the pages' own queries keep answering while `python -m etl build` runs
in another process and swaps the warehouse; the new data appears after the swap."""

import os
import subprocess
import sys
import time

import duckdb
import pytest

from core import config, views, warehouse
from core.auth import User
from etl import build
from tests.conftest import GOOD_ROW, write_input


def test_queries_never_fail_during_a_rebuild_and_see_the_new_data(tmp_path):
    out = tmp_path / "warehouse.duckdb"
    build.run(out=out, with_sample=False)
    extra = tmp_path / "extra"
    write_input(extra, [dict(GOOD_ROW, unit_code="40", indicator_code="mediations", value=4321.0)])

    def new_figure_count() -> int:
        """One round of page queries (overview freshness, comparison, districts, sources page);
        returns how often the new figure shows in the comparison of Nghệ An."""
        warehouse.query("pages/freshness", {"sample": False}, path=out)
        local = User(mode="local")
        views.load_district_figures("40", ["mediations"], path=out, user=local)
        views.load_figures_sources(("mediations",), "40", "", "", "vi", path=out, user=local)
        figures = views.load_province_figures(("62", "11", "40"), ("mediations",), "63", path=out, user=local)
        return int((figures.value == 4321).sum())

    env = dict(os.environ, PYTHONPATH=str(config.ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "etl", "build", "--out", str(out), "--input", str(extra)],
                            cwd=config.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    answers, failures = [], []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            answers.append(new_figure_count())
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            failures.append(repr(exc))
        if proc.poll() is not None and answers and answers[-1] == 1:
            break
        time.sleep(0.01)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr.decode()
    assert not failures, failures[:3]
    assert answers[0] == 0 and answers[-1] == 1, "the swap must become visible to new connections"
    assert len(answers) > 5, "the loop must have queried while the build was running"


def _publish(path, built_at: str, code_version: str | None = "current") -> None:
    """Write a one-table warehouse beside ``path`` and publish it with os.replace, as a build does
    (recording the running code's version unless told another one, or none)."""
    tmp = path.with_name(f".{path.name}.tmp")
    con = duckdb.connect(str(tmp))
    con.execute("CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO build_info VALUES ('built_at', ?)", [built_at])
    if code_version is not None:
        version = warehouse.code_version() if code_version == "current" else code_version
        con.execute("INSERT INTO build_info VALUES ('code_version', ?)", [version])
    con.close()
    os.replace(tmp, path)


def _built_at(path) -> str:
    return dict(warehouse.query("pages/build_info", path=path).values.tolist())["built_at"]


def test_a_published_file_is_read_even_while_queries_on_the_old_one_are_open(tmp_path):
    """DuckDB hands a process the database it already has open at a path: a server whose queries
    overlap would keep reading the old file after a new one is published. New queries must read the
    new file; a query already running on the old one finishes there."""
    path = tmp_path / "w.duckdb"
    _publish(path, "first")
    before = warehouse.version(path)
    held = warehouse.connect(path)  # a query still running on the old file
    assert _built_at(path) == "first"
    _publish(path, "second")
    assert warehouse.version(path) != before
    assert _built_at(path) == "second"
    assert held.execute("SELECT value FROM build_info WHERE key = 'built_at'").fetchone()[0] == "first"
    held.close()
    _publish(path, "third")
    assert _built_at(path) == "third"


def test_a_missing_warehouse_is_reported(tmp_path):
    with pytest.raises(warehouse.WarehouseMissing):
        warehouse.query("pages/build_info", path=tmp_path / "none.duckdb")
    assert warehouse.version(tmp_path / "none.duckdb") == 0


@pytest.mark.parametrize("recorded", ["0123456789abcdef", None], ids=["other code", "no version"])
def test_a_warehouse_built_by_other_code_is_refused_with_the_way_out(tmp_path, recorded):
    """A file written by an older build may lack the tables or columns the pages query: it is refused
    with the command that rebuilds it, and a rebuild is then read at once."""
    path = tmp_path / "w.duckdb"
    _publish(path, "old", code_version=recorded)
    with pytest.raises(warehouse.WarehouseOutdated, match="python -m etl build"):
        warehouse.query("pages/build_info", path=path)
    _publish(path, "rebuilt")
    assert _built_at(path) == "rebuilt"


def test_the_build_records_the_code_that_wrote_it_and_a_change_of_that_code_is_seen(tmp_path, monkeypatch):
    out = tmp_path / "warehouse.duckdb"
    build.run(out=out, with_sample=False)
    con = duckdb.connect(str(out), read_only=True)
    recorded = con.execute("SELECT value FROM build_info WHERE key = 'code_version'").fetchone()[0]
    con.close()
    assert recorded == warehouse.code_version()
    edited = tmp_path / "code"
    (edited / "etl" / "sql").mkdir(parents=True)
    for rel in ("etl/build.py", "etl/sql/observations_view.sql"):
        (edited / rel).write_bytes((config.ROOT / rel).read_bytes())
    monkeypatch.setattr(config, "ROOT", edited)
    warehouse.code_version.cache_clear()
    try:
        before = warehouse.code_version()
        (edited / "etl/sql/observations_view.sql").write_text("SELECT 1", encoding="utf-8")
        warehouse.code_version.cache_clear()
        assert warehouse.code_version() != before, "a changed query of the build must change the version"
    finally:
        warehouse.code_version.cache_clear()


def test_a_page_over_an_outdated_warehouse_says_to_rebuild(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "w.duckdb"
    _publish(path, "old", code_version="0123456789abcdef")
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(path))
    at = AppTest.from_file("../pages/overview.py", default_timeout=60)
    at.run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert any("python -m etl build" in v and "phiên bản" in v for v in shown), shown


def test_served_configurations_neither_watch_sources_nor_collect_after_every_run():
    """Both ways the dashboard is served (`streamlit run` from the project, which reads
    .streamlit/config.toml, and the replica launcher) leave out the two per-run costs measured on the
    server: scanning every module for changes on each new session, and a full garbage collection after
    every script run (~0,3 s with the objects a server holds, holding the interpreter while the run's
    last messages wait)."""
    import tomllib

    from deploy.launch import replica_command

    served = tomllib.loads((config.ROOT / ".streamlit" / "config.toml").read_text())
    assert served["server"]["fileWatcherType"] == "none"
    assert served["runner"]["postScriptGC"] is False
    cmd = replica_command(8501)
    options = dict(zip(cmd, cmd[1:], strict=False))
    assert options["--server.fileWatcherType"] == "none"
    assert options["--runner.postScriptGC"] == "false"
