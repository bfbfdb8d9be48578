"""Shared fixtures: a warehouse built once per session, input-file helpers, ../shared."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core import config
from etl import refdata
from tests.require_data import pytest_runtest_makereport, skip_reason  # noqa: F401 (the hook registers here)

SHARED = config.shared_dir()

#: Tests that need the reference folder (python -m etl setup) skip with a stated reason without it;
#: under ANTQ_REQUIRE_SHARED=1 the skip is a failure (tests/require_data.py).
NO_GEO = skip_reason("boundary files (run `python -m etl setup`)")
NO_CENSUS = skip_reason("2019 census tables (run `python -m etl setup`)")
needs_geo = pytest.mark.skipif(not refdata.available("geo"), reason=NO_GEO)
needs_reference = pytest.mark.skipif(not refdata.available("reference"), reason=NO_CENSUS)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "reports").is_dir():
        pytest.skip(skip_reason("../shared, the project's shared material (present in development and CI)"))
    return SHARED


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    """The default build (real figures plus sample), written once for the session."""
    from etl import build

    out = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    build.run(out=out)
    return out


@pytest.fixture(scope="session", autouse=True)
def _session_warehouse_is_the_default(warehouse):
    """Code under test that opens the default warehouse reads the session's fresh build, never a
    developer's data/warehouse.duckdb (absent on a clean clone)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANTQ_WAREHOUSE", str(warehouse))
        yield


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory) -> Path:
    """Real figures only (--without-sample)."""
    from etl import build

    out = tmp_path_factory.mktemp("wh_real") / "warehouse.duckdb"
    build.run(out=out, with_sample=False)
    return out


# the chart pages' tables, drawn once their box is opened (pages/_draw.render_table_on_demand)
TABLE_BOXES = ("compare_table_open", "districts_table_open", "gap_table_open")


def open_tables(at):
    """Open the chart pages' table boxes of an AppTest, as a person who reads the figures does."""
    for key in TABLE_BOXES:
        at.session_state[key] = True
    return at


def db_rows(path: Path, sql: str, params=None) -> list[tuple]:
    """Rows of a query on a warehouse file, through its own read-only connection."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def db_frame(path: Path, sql: str, params=None):
    """The same as a DataFrame."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or {}).df()
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


GOOD_ROW = {
    "unit_code": "11", "indicator_code": "campaign_launches", "period_start": "2020-01-01",
    "period_end": "2020-12-31", "period_kind": "total", "value": 12.0, "qualifier": "exact",
    "source_id": "rep001_dienbien_dongthap", "evidence": "12 đợt", "locator": "p1",
}


def write_input(folder: Path, rows: list[dict], name: str = "input.parquet", **types) -> Path:
    """Write rows as a Parquet input file; text columns stay text, value a double."""
    folder.mkdir(parents=True, exist_ok=True)
    cols = sorted({k for r in rows for k in r}, key=lambda c: list(GOOD_ROW).index(c) if c in GOOD_ROW else 99)
    fields = []
    for c in cols:
        if c in types:
            fields.append(pa.field(c, types[c]))
        elif c == "value":
            fields.append(pa.field(c, pa.float64()))
        else:
            fields.append(pa.field(c, pa.string()))
    table = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows], schema=pa.schema(fields))
    path = folder / name
    pq.write_table(table, path)
    return path


@pytest.fixture(scope="session")
def dashboard_url(warehouse):
    """One dashboard server for the browser tests of the session, on the default build."""
    from tests.browser import free_port, start_streamlit, stop

    port = free_port()
    proc = start_streamlit(port, {"ANTQ_WAREHOUSE": str(warehouse)})
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (installed by .ci/run)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (.ci/run installs it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


#: Two sources on figures of 2022 (a year the reports do not cover): a press article (A) and an
#: official report (B, preferred). They agree on Điện Biên, disagree on Kon Tum; Nghệ An has A only;
#: B also gives a national figure (unit '00'); A gives households-in-groups rates of two provinces.
SOURCES_AB = """sources:
  - source_id: test_press_a
    title: "Báo A: phong trào năm 2022"
    publisher: Báo A
    published: 2023-01-10
    kind: press
  - source_id: test_report_b
    title: "Báo cáo B: tổng kết năm 2022"
    publisher: Công an B
    published: 2023-02-20
    kind: report
"""
YEAR_2022 = {"period_start": "2022-01-01", "period_end": "2022-12-31", "period_kind": "total",
             "qualifier": "exact", "indicator_code": "campaign_launches"}
CONFLICT_ROWS = [
    dict(YEAR_2022, unit_code="62", value=2000.0, source_id="test_press_a", evidence="2.000 đợt", locator="p1"),
    dict(YEAR_2022, unit_code="62", value=2100.0, source_id="test_report_b", evidence="2.100 đợt", locator="p3"),
    dict(YEAR_2022, unit_code="11", value=500.0, source_id="test_press_a", evidence="500 đợt", locator="p2"),
    dict(YEAR_2022, unit_code="11", value=500.0, source_id="test_report_b", evidence="500 đợt", locator="p4"),
    dict(YEAR_2022, unit_code="40", value=1000.0, source_id="test_press_a", evidence="1.000 đợt", locator="p5"),
    dict(YEAR_2022, unit_code="00", indicator_code="campaign_participants", value=1000000.0,
         source_id="test_report_b", evidence="1 triệu lượt người", locator="p6"),
    dict(YEAR_2022, unit_code="62", indicator_code="households_in_groups_pct", period_start=None, period_kind="stock",
         value=90.0, source_id="test_press_a", evidence="90%", locator="p7"),
    dict(YEAR_2022, unit_code="11", indicator_code="households_in_groups_pct", period_start=None, period_kind="stock",
         value=92.0, source_id="test_press_a", evidence="92%", locator="p8"),
]


@pytest.fixture(scope="session")
def conflict_inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("conflict_inputs")
    write_input(folder, CONFLICT_ROWS)
    (folder / "sources.yaml").write_text(SOURCES_AB, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def conflict_build(conflict_inputs, tmp_path_factory):
    """The default inputs plus CONFLICT_ROWS (and the sample): (warehouse path, build report)."""
    from etl import build

    out = tmp_path_factory.mktemp("wh_conflict") / "warehouse.duckdb"
    report = build.run(inputs=[conflict_inputs], out=out)
    return out, report


@pytest.fixture(scope="session")
def conflict_warehouse(conflict_build) -> Path:
    return conflict_build[0]
