"""Map classification and figures: classes equal mapclassify's, the no-data class, Vietnamese
legends, the value selection and aggregation rules, animation frames without geometry."""

from __future__ import annotations

import duckdb
import mapclassify as mc
import numpy as np
import pandas as pd
import pytest

from core import geo, maps
from tests.conftest import NO_CENSUS, db_frame, needs_geo, needs_reference

MC = {"quantiles": mc.Quantiles, "natural": mc.FisherJenks, "equal": mc.EqualInterval}


def sql(path, q, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(q, params or []).df()
    finally:
        con.close()


def values_for(codes, rng, missing=()):
    kept = [c for c in codes if c not in missing]
    return pd.DataFrame({"code": kept, "value": rng.gamma(2.0, 800.0, len(kept)).round(),
                         "qualifier": "exact", "period_start": pd.Timestamp(2020, 1, 1),
                         "period_end": pd.Timestamp(2020, 12, 31), "period_kind": "per_year", "period_years": 1.0,
                         "source": "test source", "is_sample": False, "note": ""})


@pytest.mark.parametrize("k", [3, 5, 7])
@pytest.mark.parametrize("method", list(MC))
def test_classes_equal_mapclassify(method, k):
    y = np.random.default_rng(k).lognormal(5, 1.2, 200)
    ours = maps.classify(y, method, k)
    theirs = MC[method](y, k=k)
    assert np.allclose(ours.bins, theirs.bins)
    assert (ours.of(y) == theirs.yb).all()


def test_manual_breaks():
    y = np.array([1, 5, 9, 12, 40, 80.0])
    ours = maps.classify(y, "manual", breaks=maps.parse_breaks("10; 50"))
    assert (ours.of(y) == mc.UserDefined(y, bins=[10, 50]).yb).all() and ours.k == 3
    assert maps.parse_breaks("2.053; 96,5") == [96.5, 2053.0]
    with pytest.raises(ValueError):
        maps.parse_breaks("abc; 5")


def test_legend_in_vietnamese_format():
    c = maps.Classes("manual", [2053.0, 12500.0, 340000.0], 120.0)
    assert c.labels("count", "vi") == ["120 – 2.053", "2.053 – 12.500", "12.500 – 340.000"]
    assert c.labels("count", "en")[2] == "12,500 – 340,000"
    assert maps.Classes("manual", [50.5, 96.5], 10.25).labels("percent", "vi")[1] == "50,5% – 96,5%"
    assert maps.Classes("quantiles", [17.0, 17.0, 111.0], 3.0).labels("count", "vi") == ["3 – 17", "17", "17 – 111"]


@needs_geo
@pytest.mark.parametrize("method", ["quantiles", "natural", "equal"])
def test_figure_classes_and_no_data(method):
    shapes = geo.load_shapes("63")
    vals = values_for(shapes.codes, np.random.default_rng(1), missing={"62", "11", "40"})
    fig, spec = maps.make_map_figure(shapes, vals, maps.MapText("T", "đợt"), "vi", method, 5)
    trace = fig.data[0]
    z = pd.Series(list(trace.z), index=list(trace.locations))
    assert len(z) == 63 and (z[["62", "11", "40"]] == 0).all()  # the no-data class
    expected = MC[method](vals["value"].to_numpy(), k=5).yb + 1
    assert (z[vals["code"]].to_numpy() == expected).all()
    assert trace.colorbar.ticktext[0] == "chưa có số liệu" and len(trace.colorbar.ticktext) == 6
    assert trace.colorscale[0][1] == maps.NO_DATA_COLOR
    hover = {row[5]: row for row in trace.customdata}
    assert hover["62"][1] == "chưa có số liệu"
    drawn = " ".join(a.text.replace("<br>", " ") for a in fig.layout.annotations)
    assert spec.kind == "map" and "CC BY-SA 4.0" in spec.footer and "CC BY-SA 4.0" in drawn
    assert len(trace.geojson["features"]) == 63


@needs_geo
def test_district_country_map_has_province_lines_and_fits_budget():
    shapes = geo.load_shapes("2024")
    vals = values_for(shapes.codes, np.random.default_rng(2))
    fig, spec = maps.make_map_figure(shapes, vals, maps.MapText("T", "đợt"))
    assert len(fig.data[0].locations) == 705
    lines = fig.data[1]  # the 63 province outlines drawn over the districts, not hoverable
    assert lines.type == "scattergeo" and lines.mode == "lines" and lines.hoverinfo == "skip"
    assert sum(v is None for v in lines.lon) >= 63
    drawn = " ".join(a.text.replace("<br>", " ") for a in fig.layout.annotations)
    assert "gis.chinhphu.vn" in drawn and "Who's On First" in drawn
    assert len(fig.to_json()) <= 2_500_000


def _signed_area(ring) -> float:
    xy = np.asarray(ring)
    x, y = xy[:, 0], xy[:, 1]
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2)


@needs_geo
@pytest.mark.parametrize("vintage,scope", [("63", "country"), ("2024", "country"), ("34", "country"),
                                           ("2024", "40")])
def test_every_area_is_wound_as_plotly_geo_draws_it(vintage, scope):
    """d3-geo reads a polygon wound the other way as the rest of the globe: one such district floods
    the whole map with its colour. Every exterior ring clockwise, every hole counter-clockwise."""
    shapes = geo.load_shapes(vintage, scope)
    for feature in shapes.geojson["features"]:
        g = feature["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for exterior, *holes in polygons:
            assert _signed_area(exterior) < 0, feature["id"]
            assert all(_signed_area(h) > 0 for h in holes), feature["id"]


def test_view_extent_is_the_frame_of_its_pixels():
    view = geo.fit_view((102.1, 8.4, 109.5, 23.4), 744, 724, padding=0.03)
    west, east, south, north = view.extent()
    assert np.allclose(view.to_pixels(west, north), (0, 0), atol=1e-6)
    assert np.allclose(view.to_pixels(east, south), (744, 724), atol=1e-6)


@needs_geo
def test_map_is_an_svg_geo_map_fitted_to_its_labels_and_fetches_nothing():
    """The geo subplot's Mercator frame is the view the labels are placed in; no base layer; plotly's
    topojson request is answered inline (a data URL of an empty topology)."""
    import json
    from urllib.parse import unquote

    shapes = geo.load_shapes("63")
    fig, _ = maps.make_map_figure(shapes, values_for(shapes.codes, np.random.default_rng(3)), maps.MapText("T", "đợt"))
    assert fig.data[0].type == "choropleth" and not fig.layout.geo.visible
    assert fig.layout.geo.projection.type == "mercator"
    view = geo.fit_view(shapes.bounds, *maps.plot_size(maps.WIDTH, maps.HEIGHT), padding=0.03)
    west, east, south, north = view.extent()
    assert np.allclose(fig.layout.geo.lonaxis.range, (west, east)) and np.allclose(fig.layout.geo.lataxis.range,
                                                                                    (south, north))
    url = maps.PLOT_CONFIG["topojsonURL"]
    head, _, fragment = url.partition("#")
    assert head.startswith("data:application/json,") and fragment == ""
    assert json.loads(unquote(head.removeprefix("data:application/json,")))["type"] == "Topology"


@needs_geo
def test_animation_frames_carry_values_only():
    shapes = geo.load_shapes("63")
    rng = np.random.default_rng(3)
    by_year = {y: values_for(shapes.codes, rng) for y in (2018, 2019, 2020)}
    fig, spec = maps.make_map_animation(shapes, by_year, maps.MapText("T", "đợt"))
    assert [f.name for f in fig.frames] == ["2018", "2019", "2020"]
    assert all(f.data[0].geojson is None for f in fig.frames)
    pooled = mc.Quantiles(pd.concat([v["value"] for v in by_year.values()]).to_numpy(), k=5)
    assert (np.array(fig.frames[0].data[0].z) == pooled.yb[:63] + 1).all()
    assert set(spec.data["series"]) == {"2018", "2019", "2020"}


def test_no_districts_after_the_reform():
    with pytest.raises(maps.MapUnavailable):
        maps.layer_for("districts", 2025)
    assert maps.layer_for("provinces", 2024) == ("63", "country")
    assert maps.layer_for("provinces", 2025) == ("34", "country")
    assert maps.layer_for("province_districts", 2020, "40") == ("2024", "40")


def test_reported_figure_keeps_its_qualifier(warehouse):
    vals, _ = maps.load_indicator_values("campaign_launches", 2021, "63", "vi", warehouse)  # a yearly figure 2019–2024
    kontum = vals.set_index("code").loc["62"]
    assert kontum.value == 2053 and kontum.qualifier == "at_least" and not kontum.is_sample
    year_2023, _ = maps.load_indicator_values("campaign_launches", 2023, "63", "vi", warehouse)
    own_2023 = db_frame(warehouse, """SELECT value FROM observations WHERE NOT is_sample AND unit_code = '62'
        AND unit_level = 'province' AND indicator_code = 'campaign_launches' AND period_kind = 'total'
        AND period_start = DATE '2023-01-01' AND period_end = DATE '2023-12-31'""")
    if len(own_2023):  # a figure of the year itself comes before the yearly average of 2019–2024
        assert year_2023.set_index("code").at["62", "value"] == own_2023.value[0]


def _district_sums(warehouse, year: int):  # the sample data mode: every district has a figure
    return sql(warehouse, "SELECT u.parent_code, count(*) AS n, sum(o.value) AS total FROM observations o "
                          "JOIN units u ON u.code = o.unit_code AND u.level = 'district' "
                          "WHERE o.indicator_code = 'campaign_launches' AND year(o.period_end) = ? "
                          "AND o.is_sample GROUP BY 1", [year]).set_index("parent_code")


def _own_provinces(warehouse, year: int) -> set[str]:
    return set(sql(warehouse, "SELECT DISTINCT unit_code FROM observations WHERE indicator_code = "
                              "'campaign_launches' AND unit_level = 'province' AND year(period_end) = ? "
                              "AND is_sample", [year]).unit_code)


def test_province_sum_of_districts_when_complete(warehouse):
    """A province without its own figure gets the sum of its districts (all of them present), in
    one mode (here the sample data: every district has a figure)."""
    year = 2020
    vals, notes = maps.load_indicator_values("campaign_launches", year, "63", "vi", warehouse, sample=True)
    assert vals.is_sample.all()
    own, districts = _own_provinces(warehouse, year), _district_sums(warehouse, year)
    summed = vals[vals["note"] != ""].set_index("code")
    assert len(summed) > 30 and notes
    for code, r in summed.head(10).iterrows():
        assert code not in own
        assert r.value == pytest.approx(districts.at[code, "total"])


@needs_reference
def test_partial_district_sums_are_lower_bounds(warehouse):
    """With the census the sample has no figures for Hoàng Sa (not enumerated), so Đà Nẵng's
    districts are incomplete: the province shows the sum of those that reported as a lower bound
    ("> …", core.semantics.aggregation), saying how many of how many districts it covers."""
    year = 2020
    vals, _ = maps.load_indicator_values("campaign_launches", year, "63", "vi", warehouse, sample=True)
    own, districts = _own_provinces(warehouse, year), _district_sums(warehouse, year)
    members = sql(warehouse, """SELECT parent_code, count(*) AS n FROM units WHERE level = 'district'
        AND coalesce(valid_from, DATE '0001-01-01') <= make_date(?, 12, 31)
        AND coalesce(valid_to, DATE '9999-12-31') >= make_date(?, 12, 31) GROUP BY 1""", [year, year])
    members = members.set_index("parent_code").n
    incomplete = [c for c, r in districts.iterrows() if r.n < members.get(c, 0) and c not in own]
    assert "48" in incomplete
    shown = vals.set_index("code")
    for code in incomplete:
        assert shown.at[code, "qualifier"] == "at_least"
        assert shown.at[code, "value"] == pytest.approx(districts.at[code, "total"])
        assert f"{districts.at[code, 'n']}/{members[code]}" in shown.at[code, "note"]
    complete = [c for c in shown.index if c not in own and c not in incomplete]
    assert complete and (shown.loc[complete, "qualifier"] == "exact").all()


def _new_province_sums(warehouse, indicator: str, year: int) -> pd.DataFrame:
    """Computed here in plain SQL on the warehouse: for each of the 34 new provinces, the sum of its old
    provinces' figures of a calendar year (sample data mode), an old province's own figure first, else
    the sum of its districts valid at the year's end; complete when every old province has a figure
    and each summed one has all its districts."""
    return sql(warehouse, """
        WITH figs AS (SELECT unit_code, unit_level, value FROM observations
            WHERE is_sample AND counted AND breakdown = '' AND indicator_code = ? AND period_kind = 'total'
              AND period_start = make_date(?, 1, 1) AND period_end = make_date(?, 12, 31)),
        kids AS (SELECT d.parent_code AS old_code, count(*) AS n, count(f.value) AS got, sum(f.value) AS total
            FROM units d LEFT JOIN figs f ON f.unit_code = d.code AND f.unit_level = 'district'
            WHERE d.level = 'district' AND coalesce(d.valid_from, DATE '0001-01-01') <= make_date(?, 12, 31)
              AND coalesce(d.valid_to, DATE '9999-12-31') >= make_date(?, 12, 31) GROUP BY 1),
        olds AS (SELECT p.code, p.successor_code AS new_code, coalesce(own.value, k.total) AS value,
                        own.value IS NOT NULL OR k.got = k.n AS complete
            FROM units p LEFT JOIN figs own ON own.unit_code = p.code AND own.unit_level = 'province'
            LEFT JOIN kids k ON k.old_code = p.code WHERE p.level = 'province' AND p.vintage = '63')
        SELECT new_code, sum(value) AS value, bool_and(complete) AS complete, count(*) AS olds
        FROM olds GROUP BY 1""", [indicator, year, year, year, year]).set_index("new_code")


def test_34_provinces_sum_old_ones_for_additive_only(warehouse):
    """On the 34-province map a year before the reform shows, for an additive indicator, the sum of
    the old provinces (as computed in SQL here); where a part is missing, never an exact figure."""
    vals, _ = maps.load_indicator_values("campaign_launches", 2020, "34", "vi", warehouse, sample=True)
    expected = _new_province_sums(warehouse, "campaign_launches", 2020)
    assert len(expected) == 34 and expected.complete.sum() > 30 and expected.olds.sum() == 63
    shown = vals.set_index("code")
    assert set(expected.index[expected.complete]) <= set(shown.index)
    assert (expected.olds > 1).any() and set(expected.index[expected.olds > 1]) & set(shown.index)  # merged ones
    for code, r in shown.iterrows():
        if expected.at[code, "complete"]:
            assert r.value == pytest.approx(expected.at[code, "value"]) and r.qualifier == "exact", code
        else:  # a partial sum is at most a lower bound
            assert r.qualifier == "at_least" and r.value == pytest.approx(expected.at[code, "value"]), code
    pct, notes = maps.load_indicator_values("households_in_groups_pct", 2020, "34", "vi", warehouse, sample=True)
    assert pct.empty and notes  # not additive: never summed, and the map says why


def test_coverage_values_and_change(warehouse):
    if not maps.has_coverage(warehouse):
        pytest.skip(NO_CENSUS)
    vals = maps.load_coverage_values("coverage_pct", 2024, "63", "vi", warehouse, sample=True)
    ref = sql(warehouse, "SELECT unit_code, coverage_pct FROM coverage WHERE vintage = '63' AND year = 2024 "
                         "AND is_sample AND coverage_pct IS NOT NULL")
    assert dict(zip(vals.code, vals.value, strict=True)) == pytest.approx(
        dict(zip(ref.unit_code, ref.coverage_pct, strict=True)))
    # real mode: no real register of models, so no coverage at all (never 0%)
    assert maps.load_coverage_values("coverage_pct", 2024, "63", "vi", warehouse).empty
    before = maps.load_coverage_values("coverage_pct", 2015, "63", "vi", warehouse, sample=True)
    change = maps.change_values(before, vals).set_index("code")
    first = vals.code.iloc[0]
    assert change.at[first, "value"] == pytest.approx(
        vals.set_index("code").at[first, "value"] - before.set_index("code").at[first, "value"])


def test_without_coverage_table(tmp_path):
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    assert maps.has_coverage(path) is False


def test_the_reform_year_shows_the_former_provinces_figures_on_the_new_provinces(warehouse):
    """2025 holds both: figures the old provinces gave for periods ending before the reform are summed
    into the new provinces on the 34-province map of 2025, with the value and qualifier the comparison
    of the 34 provinces shows (a new province whose other former provinces gave none: a lower bound)."""
    from core import views
    from core.auth import User

    old = sql(warehouse, """SELECT DISTINCT u.successor_code AS code, o.indicator_code FROM observations o
        JOIN units u ON u.code = o.unit_code AND u.level = 'province' AND u.vintage = '63'
        WHERE o.unit_level = 'province' AND o.unit_vintage = '63' AND NOT o.is_sample AND o.counted
          AND year(o.period_end) = 2025 AND coalesce(o.breakdown, '') = ''""")
    assert len(old), "the real figures hold old provinces' figures of 2025 (before the reform)"
    checked = 0
    for r in old.itertuples():
        compared = views.load_province_figures([r.code], [r.indicator_code], "34", (2025, 2025), warehouse,
                                               user=User(mode="local"))
        if len(compared) != 1 or compared.value.isna().all():  # several periods (the map shows one); or not
            continue                                                # additive over merged provinces: no figure
        vals, _ = maps.load_indicator_values(r.indicator_code, 2025, "34", "vi", warehouse)
        mine = vals[vals.code == r.code]
        assert len(mine) == 1, f"the 2025 map shows nothing for {r.code} {r.indicator_code}"
        assert (mine.value.iloc[0], mine.qualifier.iloc[0]) == (compared.value.iloc[0], compared.qualifier.iloc[0])
        checked += 1
    assert checked
