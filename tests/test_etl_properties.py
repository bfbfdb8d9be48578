"""Property-based: whatever rows arrive, the build ends in a warehouse or in clear messages
naming file, row and column — never a traceback, never a half-written file."""

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import build
from etl.errors import BuildFailed

MESSAGE = re.compile(r"^[^,]+\.parquet(, row \d+)?(, column '[a-z_]+')?: .+")

codes = st.sampled_from(["11", "40", "62", "428", "999", "", "01", "79", "51", "100000", "x'; DROP TABLE units;--"])
indicators = st.sampled_from(["campaign_launches", "households_in_groups_pct", "mediations", "nope", "", "models_new"])
dates = st.one_of(st.none(), st.sampled_from(["2020-01-01", "2020-12-31", "2026-03-01", "31/12/2020", "2019-02-30",
                                               "", "2008-01-01"]), st.dates().map(str))
values = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**9).map(float))
texts = st.one_of(st.none(), st.text(max_size=12))
row = st.fixed_dictionaries({
    "unit_code": codes, "indicator_code": indicators, "period_start": dates, "period_end": dates,
    "period_kind": st.sampled_from(["total", "per_year", "stock", "yearly", ""]),
    "value": values, "qualifier": st.sampled_from(["exact", "at_least", "about", "hơn", ""]),
    "source_id": st.sampled_from(["rep002_nghean", "unknown", ""]), "evidence": texts,
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=6))
def test_any_rows_give_a_warehouse_or_clear_messages(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("prop")
    schema = pa.schema([(k, pa.float64() if k == "value" else pa.string()) for k in rows[0]])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / "random.parquet")
    out = tmp_path_factory.mktemp("prop_out") / "w.duckdb"  # never inside the input folder (refused)
    try:
        build.run(inputs=[folder], out=out, with_sample=False, include_default_inputs=False)
    except BuildFailed as exc:
        assert exc.errors
        for e in exc.errors:
            assert MESSAGE.match(str(e)), str(e)
        assert not out.exists()
    else:
        assert out.exists()
    assert not [p for d in (folder, out.parent) for p in Path(d).iterdir() if p.name.endswith(".tmp")]
