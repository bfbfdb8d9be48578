"""Rebuild while serving: the pages' own queries keep answering while `python -m etl build` runs
in another process and swaps the warehouse; the new data appears after the swap."""

import os
import subprocess
import sys
import time

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
        warehouse.query("pages/freshness", path=out)
        local = User(mode="local")
        views.load_district_figures("40", ["mediations"], path=out, user=local)
        views.load_figures_sources(("mediations",), "40", "", "", True, "vi", path=out, user=local)
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
