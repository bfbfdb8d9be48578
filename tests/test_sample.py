"""Sample data: deterministic, marked, plausible, valid, and apart from the real figures."""

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.catalogue import load_catalogue
from etl import build, models, sample
from tests.conftest import GOOD_ROW, db_rows, write_input

SAMPLE_ROWS = """SELECT unit_code, indicator_code, period_start, period_end, period_kind, value, qualifier,
                        source_id, is_sample
                 FROM observations WHERE is_sample ORDER BY unit_code, indicator_code, period_end"""


def _df(path, sql):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def test_two_builds_give_identical_sample_rows_and_models(warehouse, tmp_path):
    again = tmp_path / "again.duckdb"
    build.run(out=again)
    first = db_rows(warehouse, SAMPLE_ROWS)
    assert len(first) > 50_000 and first == db_rows(again, SAMPLE_ROWS)
    all_models = "SELECT * FROM models ORDER BY model_id"
    assert len(db_rows(warehouse, all_models)) > 5_000 and db_rows(warehouse, all_models) == db_rows(again, all_models)


def test_every_sample_row_is_marked_and_its_source_is_a_sample(warehouse):
    kinds = dict(db_rows(warehouse, """SELECT is_sample, list(DISTINCT s.kind) FROM observations
                                  JOIN sources s USING (source_id) GROUP BY ALL"""))
    assert kinds[True] == ["sample"]
    assert "sample" not in kinds[False]
    assert db_rows(warehouse, "SELECT count(*) FROM models WHERE NOT is_sample")[0][0] == 0
    assert db_rows(warehouse, "SELECT value FROM build_info WHERE key = 'with_sample'")[0][0] == "true"


def test_sample_covers_every_district_and_the_main_indicators(warehouse):
    main = {i.code for i in load_catalogue().main}
    got = dict(db_rows(warehouse, """SELECT indicator_code, count(DISTINCT unit_code) FROM observations
                                WHERE is_sample GROUP BY 1"""))
    assert set(got) == main
    districts = db_rows(warehouse, "SELECT count(DISTINCT unit_code) FROM observations WHERE is_sample")[0][0]
    assert districts >= 700  # 707 minus the two created in 2024 and Hoàng Sa (no census)
    years = db_rows(warehouse, "SELECT min(year(period_end)), max(year(period_end)) FROM observations WHERE is_sample")
    assert years == [(2013, 2024)]


def test_without_sample_there_are_no_sample_rows(real_warehouse):
    assert db_rows(real_warehouse, "SELECT count(*) FROM observations WHERE is_sample")[0][0] == 0
    assert db_rows(real_warehouse, "SELECT count(*) FROM sources WHERE kind = 'sample'")[0][0] == 0
    assert db_rows(real_warehouse, "SELECT count(*) FROM models")[0][0] == 0
    assert db_rows(real_warehouse, "SELECT count(*) FROM coverage")[0][0] == 0  # no register, no coverage years


def test_values_are_valid_and_plausible(warehouse):
    df = _df(warehouse, """SELECT o.unit_code, o.province_code, o.indicator_code, year(o.period_end) AS year,
                                  o.value, p.population
                           FROM observations o LEFT JOIN population p
                             ON p.unit_code = o.unit_code AND p.level = 'district' AND p.vintage = '2024'
                           WHERE o.is_sample""")
    cat = load_catalogue()
    pct = df.indicator_code.map(lambda c: cat[c].is_percent)
    assert df[pct].value.between(0, 100).all() and (df[~pct].value >= 0).all()
    assert (df[~pct].value == df[~pct].value.round()).all()  # counts are whole numbers
    wide = df.pivot_table(index=["unit_code", "year"], columns="indicator_code", values="value")
    both = wide.dropna(subset=["offenders_progressed", "offenders_reeducated"])
    both = both[both.offenders_reeducated >= 50]
    share = both.offenders_progressed / both.offenders_reeducated
    assert share.between(0.33, 0.57).all()
    med = wide.dropna(subset=["mediations", "mediations_successful"])
    med = med[med.mediations >= 50]
    assert (med.mediations_successful / med.mediations).between(0.58, 0.87).all()
    if df.population.notna().any():
        part = df[df.indicator_code == "campaign_participants"]
        per_head = part.value / part.population
        assert per_head.between(0.05, 2.0).all()  # Kon Tum: > 340.000 a year for 540.000 people
        # a province's districts sum to the order of what provinces report (Kon Tum > 2.053 a year)
        kontum = df[(df.province_code == "62") & (df.indicator_code == "campaign_launches")]
        assert kontum.groupby("year").value.sum().between(2053 / 3, 2053 * 3).all()
        groups = df[(df.province_code == "40") & (df.indicator_code == "self_mgmt_groups")]
        assert groups.groupby("year").value.sum().between(38578 / 2, 38578 * 2).all()


def test_sample_rows_pass_the_validation_rules_of_real_data(warehouse, tmp_path):
    """The sample, written as an input file, goes through the same rules as any input."""
    df = _df(warehouse, """SELECT unit_code, indicator_code, strftime(period_start, '%Y-%m-%d') AS period_start,
                                  strftime(period_end, '%Y-%m-%d') AS period_end, period_kind, value, qualifier,
                                  source_id, breakdown, is_sample
                           FROM observations WHERE is_sample""")
    (tmp_path / "in").mkdir()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp_path / "in" / "sample.parquet")
    (tmp_path / "in" / "sources.yaml").write_text(
        f"sources:\n  - {{source_id: {sample.SOURCE_ID}, title: sample, kind: sample}}\n", encoding="utf-8")
    out = tmp_path / "w.duckdb"
    report = build.run(inputs=[tmp_path / "in"], out=out, with_sample=False, include_default_inputs=False)
    assert report.observations == len(df)


def test_the_sample_is_apart_from_real_figures_and_never_summed_with_them(warehouse, tmp_path):
    """Sample mode is a complete illustration whatever the real figures are; the marts never add
    a real figure and a sample one together (the two modes of the dashboard)."""
    rows = [dict(GOOD_ROW, unit_code="001", indicator_code="citizen_tips", period_start="2016-01-01",
                 period_end="2016-12-31", value=7.0)]  # Ba Đình (Hà Nội), district level, real
    write_input(tmp_path / "in", rows)
    out = tmp_path / "w.duckdb"
    build.run(inputs=[tmp_path / "in"], out=out)
    sample_rows = "SELECT count(*), sum(value) FROM observations WHERE is_sample"
    assert db_rows(out, sample_rows) == db_rows(warehouse, sample_rows)  # nothing of the sample was replaced
    hanoi = """SELECT value FROM facts_yearly WHERE unit_code = '01' AND unit_level = 'province' AND unit_vintage = '63'
               AND indicator_code = 'citizen_tips' AND year = 2016 AND basis = 'sum_of_districts' AND is_sample = $s"""
    assert db_rows(out, hanoi, {"s": False}) == [(7.0,)]  # the real district figure alone
    districts = db_rows(out, """SELECT sum(value) FROM observations WHERE is_sample AND province_code = '01'
                                AND unit_level = 'district' AND indicator_code = 'citizen_tips'
                                AND year(period_end) = 2016""")[0][0]
    assert db_rows(out, hanoi, {"s": True})[0][0] == pytest.approx(districts)  # sample districts alone


def test_sample_register_of_models_is_consistent(warehouse):
    m = _df(warehouse, "SELECT * FROM models")
    types, _ = models.load_model_types()
    assert set(m.type_code) <= set(types.code) and m.model_id.is_unique
    assert set(m.status) == {"active", "inactive", "merged"}
    assert (m.status == "active").mean() > 0.7
    merged = m[m.status == "merged"].merge(m, left_on="merged_into", right_on="model_id", suffixes=("", "_into"))
    assert len(merged) == (m.status == "merged").sum()  # every merged model points at a model
    assert (merged.commune_code == merged.commune_code_into).all() and (merged.type_code == merged.type_code_into).all()
    assert (m.year_ended.isna() == (m.status == "active")).all()
    assert (m.year_ended.dropna() > m.year_started[m.year_ended.notna()]).all()
    units = _df(warehouse, "SELECT code, parent_code FROM units WHERE level = 'commune' AND vintage = '2024'")
    units = units.set_index("code")
    assert (units.loc[m.commune_code, "parent_code"].values == m.district_code.values).all()


@pytest.mark.parametrize("seed", [1, 2])
def test_sample_without_census_scales_by_communes(seed):
    districts = pd.DataFrame({"code": ["001", "002"], "province_code": ["01", "01"], "communes": [10, 20]})
    districts["population"] = districts.communes * sample.PEOPLE_PER_COMMUNE
    districts["households"] = districts.population / sample.PEOPLE_PER_HOUSEHOLD
    frame = sample.make_sample_observations(districts, ["mediations"], seed=seed)
    by = frame.groupby("unit_code").value.sum()
    assert 1.2 < by["002"] / by["001"] < 3.5
    assert frame.equals(sample.make_sample_observations(districts, ["mediations"], seed=seed))
