"""The scale generator (python -m etl synth) and the marts the pages read at national scale."""

import duckdb
import pyarrow.parquet as pq
import pytest

from core import warehouse
from core.catalogue import load_catalogue
from core.units import load_register
from etl import build, synth
from etl.__main__ import main as cli
from tests.conftest import db_rows

ROWS = 20_000


@pytest.fixture(scope="module")
def synth_warehouse(tmp_path_factory):
    base = tmp_path_factory.mktemp("synth")
    assert cli(["synth", "--rows", str(ROWS), "--out", str(base / "in")]) == 0
    out = base / "w.duckdb"
    report = build.run(inputs=[base / "in"], out=out, include_default_inputs=False)  # the generated rows alone
    return base, out, report


def test_generated_rows_build_and_the_count_matches(synth_warehouse):
    base, out, report = synth_warehouse
    files = sorted((base / "in").rglob("*.parquet"))
    assert files and all(f.parent.name.startswith("y20") for f in files)
    assert sum(pq.ParquetFile(f).metadata.num_rows for f in files) == ROWS
    got = db_rows(out, "SELECT count(*), bool_and(is_sample), max(period_end), count(DISTINCT unit_level) "
                  "FROM observations WHERE source_id = $s", {"s": synth.SOURCE_ID})[0]
    assert got[0] == ROWS and got[1] and str(got[2]) < "2025-07-01" and got[3] == 1
    assert db_rows(out, "SELECT kind FROM sources WHERE source_id = $s", {"s": synth.SOURCE_ID}) == [("sample",)]
    codes = {r[0] for r in db_rows(out, "SELECT DISTINCT unit_code FROM observations WHERE source_id = $s",
                               {"s": synth.SOURCE_ID})}
    reg = load_register()
    assert codes <= set(reg[reg.level == "commune"].code) and len(codes) > 1000
    # communes carry their district's old province and the new one
    bad = db_rows(out, """SELECT count(*) FROM observations o
                     JOIN units c ON c.code = o.unit_code AND c.level = 'commune' AND c.vintage = '2024'
                     JOIN units d ON d.code = c.parent_code AND d.level = 'district'
                     WHERE o.unit_vintage = '2024' AND (o.province_code IS DISTINCT FROM d.parent_code
                        OR o.province_2025_code IS DISTINCT FROM c.province_2025_code)""")[0][0]
    assert bad == 0


def test_generator_is_deterministic_and_refuses_a_used_folder(tmp_path, synth_warehouse):
    base, _, _ = synth_warehouse
    synth.write(ROWS, tmp_path / "again")
    first = sorted((base / "in").rglob("*.parquet"))
    again = sorted((tmp_path / "again").rglob("*.parquet"))
    assert [f.relative_to(base / "in") for f in first] == [f.relative_to(tmp_path / "again") for f in again]
    assert all(pq.read_table(a).equals(pq.read_table(b)) for a, b in zip(first, again, strict=True))
    with pytest.raises(FileExistsError):
        synth.write(10, tmp_path / "again")
    assert cli(["synth", "--rows", "0", "--out", str(tmp_path / "zero")]) == 2


def test_plan_spreads_months_and_switches_to_every_series_at_scale():
    communes = 10_035
    series, months = synth.plan(1_000_000, communes)
    assert {s.indicator for s in series} == {i.code for i in load_catalogue().main}
    assert len(series) == 13 and len(months) * communes * len(series) >= 1_000_000
    assert months[0] == 0 and months[-1] == synth.MONTHS - 1  # from 01/2013 to 06/2025
    big, months_big = synth.plan(50_000_000, communes)
    assert len(big) > 40 and len(months_big) * communes * len(big) >= 50_000_000
    with pytest.raises(ValueError):
        synth.plan(communes * len(big) * synth.MONTHS + 1, communes)


def test_districts_sum_their_communes_in_facts_yearly(synth_warehouse):
    _, out, _ = synth_warehouse
    direct = dict(((d, i, y), v) for d, i, y, v in db_rows(out, """
        SELECT c.parent_code, o.indicator_code, year(o.period_end), sum(o.value)
        FROM observations o JOIN units c ON c.code = o.unit_code AND c.level = 'commune' AND c.vintage = '2024'
        JOIN indicators i ON i.code = o.indicator_code AND i.aggregation = 'sum'
        WHERE o.period_kind = 'total' AND o.unit_vintage = '2024' AND o.is_sample GROUP BY ALL"""))
    mart = dict(((d, i, y), v) for d, i, y, v in db_rows(out, """
        SELECT unit_code, indicator_code, year, value FROM facts_yearly
        WHERE basis = 'sum_of_communes' AND period_kind = 'total' AND is_sample"""))
    assert direct and mart == direct
    # the province sums its districts' own figure where there is one, else their communes' sum
    prov = db_rows(out, """SELECT f.value, (SELECT sum(d.value) FROM facts_yearly d
                          WHERE d.province_code = f.unit_code AND d.unit_level = 'district'
                            AND d.indicator_code = f.indicator_code AND d.year = f.year AND d.breakdown = f.breakdown
                            AND d.period_kind = f.period_kind AND d.basis IN ('reported', 'sum_of_communes')
                            AND d.is_sample = f.is_sample
                            AND NOT (d.basis = 'sum_of_communes' AND EXISTS (SELECT 1 FROM facts_yearly r
                                WHERE r.unit_code = d.unit_code AND r.unit_level = 'district' AND r.basis = 'reported'
                                  AND r.indicator_code = d.indicator_code AND r.year = d.year
                                  AND r.breakdown = d.breakdown AND r.period_kind = d.period_kind
                                  AND r.is_sample = d.is_sample)))
                      FROM facts_yearly f WHERE f.basis = 'sum_of_districts' AND f.indicator_code = 'mediations'""")
    assert prov and all(a == b for a, b in prov)


ORIGINAL = {  # the page queries as first written against observations; the mart versions must agree
    "pages/freshness": """SELECT count(*) FILTER (WHERE counted) AS figures, max(period_end) AS latest_period_end,
        count(DISTINCT province_code) AS provinces,
        count(DISTINCT CASE WHEN unit_level = 'district' THEN unit_code END) AS districts,
        count(DISTINCT source_id) AS sources FROM observations WHERE is_sample = $sample""",
    "pages/indicator_counts": """SELECT indicator_code, count(*) FILTER (WHERE counted) AS figures FROM observations
        WHERE is_sample = $sample GROUP BY indicator_code""",
    "pages/year_range": "SELECT min(year(period_end)) AS first_year, max(year(period_end)) AS last_year "
                        "FROM observations WHERE is_sample = $sample",
}


@pytest.mark.parametrize("sample", [True, False])
@pytest.mark.parametrize("name", sorted(ORIGINAL))
def test_page_queries_on_the_marts_equal_the_direct_ones(synth_warehouse, name, sample):
    _, out, _ = synth_warehouse
    got = warehouse.query(name, {"sample": sample}, out)
    want = duckdb.connect(str(out), read_only=True).execute(ORIGINAL[name], {"sample": sample}).df()
    key = list(got.columns[:1])
    assert got.sort_values(key).reset_index(drop=True).equals(want.sort_values(key).reset_index(drop=True))


@pytest.mark.parametrize("province, limit, scope", [("", 3000, None), ("", 25_000, None), ("40", 500, None),
                                                   ("01", 100_000, None), ("", 25_000, ["40"]), ("", 3000, [])])
def test_figures_sources_reads_only_the_groups_it_needs(synth_warehouse, province, limit, scope):
    """The same rows as the query without its group pruning, for every user's scope (core.access:
    None = every province's districts)."""
    _, out, _ = synth_warehouse
    params = {"indicators": ["mediations", "campaign_launches", "self_mgmt_groups"], "province": province,
              "province_2025": "", "source": "", "sample": True, "limit": limit,
              "all_detail": scope is None, "detail_provinces": scope or []}
    text = warehouse.sql_text("pages/figures_sources")
    direct = "SELECT" + text.split("\nSELECT", 1)[1].replace(
        "SEMI JOIN needed AS g\n  ON g.indicator_code = o.indicator_code AND g.province_code IS NOT DISTINCT FROM "
        "o.province_code\n", "")
    assert "needed" not in direct
    want = duckdb.connect(str(out), read_only=True).execute(direct, params).df()
    got = warehouse.query("pages/figures_sources", params, out)
    assert got.equals(want)
    if scope == []:  # no district detail: province rows only (the generated rows are communes': none)
        assert set(want.unit_level) <= {"province"}
    else:
        assert len(want) > 0
