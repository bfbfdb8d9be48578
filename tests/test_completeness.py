"""The completeness view (core.completeness, pages/completeness.py): where real figures exist,
provinces × indicators (and years) with the number of figures, the latest period and the number of
sources, filters by indicator, year and 63/34, and a map of indicators per province — all counted
against plain SQL on the warehouse."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import completeness, fmt, serving, views
from core.catalogue import load_catalogue
from core.i18n import t
from tests.conftest import db_frame

CAT = load_catalogue()
SQL_BY_PROVINCE = """SELECT {province} AS province, indicator_code, count(*) FILTER (WHERE counted) AS figures,
    count(DISTINCT source_id) AS sources, max(period_end) AS latest
    FROM observations WHERE is_sample = ? AND {province} IS NOT NULL {where} GROUP BY ALL"""


def by_sql(path, units="63", sample=False, where="") -> pd.DataFrame:
    province = "province_2025_code" if units == "34" else "province_code"
    return db_frame(path, SQL_BY_PROVINCE.format(province=province, where=where), [sample])


@pytest.mark.parametrize("units", ["63", "34"])
@pytest.mark.parametrize("sample", [False, True])
def test_counts_equal_plain_sql(warehouse, units, sample):
    got = completeness.load_completeness(units, path=warehouse, sample=sample)
    got = completeness.provinces_only(got).set_index(["province", "indicator_code"]).sort_index()
    want = by_sql(warehouse, units, sample)
    want = want[want.figures > 0].set_index(["province", "indicator_code"]).sort_index()
    assert list(got.index) == list(want.index)
    assert (got.figures == want.figures).all() and (got.sources == want.sources).all()
    assert (pd.to_datetime(got.latest_period_end) == pd.to_datetime(want.latest)).all()


def test_a_corroborated_figure_counts_once_with_both_sources(conflict_warehouse):
    got = completeness.load_completeness("63", ("campaign_launches",), 2022, path=conflict_warehouse)
    row = got[got.province == "11"].iloc[0]
    assert (row.figures, row.sources) == (1, 2)


def test_year_and_indicator_filters(warehouse):
    per_year = completeness.load_completeness("63", ("campaign_launches",), by_year=True, path=warehouse)
    want = by_sql(warehouse, where="AND indicator_code = 'campaign_launches'")
    assert completeness.provinces_only(per_year).figures.sum() == want.figures.sum()
    year = int(per_year.year.dropna().iloc[0])
    one = completeness.load_completeness("63", (), year, path=warehouse)
    want_year = by_sql(warehouse, where=f"AND year(period_end) = {year}")
    assert completeness.provinces_only(one).figures.sum() == want_year.figures.sum()


def decoded(values) -> list:
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_the_page_counts_provinces_indicators_and_figures(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/completeness.py", default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    want = by_sql(warehouse)
    want = want[want.figures > 0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("completeness_provinces", "vi")] == f"{want.province.nunique()}/63"
    assert metrics[t("completeness_figures", "vi")] == fmt.number(want.figures.sum(), "vi")
    provinces = at.dataframe[0].value.set_index(t("col_province", "vi"))
    assert len(provinces) == 63  # every province, those without figures too (0: where reports are missing)
    for code, grp in want.groupby("province"):
        name = views.unit_name(code, "63")
        assert provinces.at[name, t("col_indicators_n", "vi")] == grp.indicator_code.nunique()
        assert provinces.at[name, t("col_figures_n", "vi")] == grp.figures.sum()
    missing = set(views.provinces("63").index) - set(want.province)
    assert all(provinces.at[views.unit_name(c, "63"), t("col_figures_n", "vi")] == 0 for c in missing)
    matrix = at.dataframe[1].value.set_index(t("col_province", "vi"))
    nghe_an = want[want.province == "40"]
    for r in nghe_an.itertuples():
        assert matrix.at["Nghệ An", CAT[r.indicator_code].name("vi")] == fmt.number(r.figures, "vi")
    # the map: the number of indicators with figures, per province
    charts = at.get("plotly_chart")
    if charts:
        trace = json.loads(charts[0].proto.spec)["data"][0]
        coloured = {row[5] for row, z in zip(trace["customdata"], decoded(trace["z"]), strict=True) if z > 0}
        assert coloured == set(want.province)
        labels = {row[5]: row[1] for row in trace["customdata"]}
        assert labels["40"] == fmt.number(nghe_an.indicator_code.nunique(), "vi")
        shapes = json.loads(serving.GEOJSON.get(trace["geojson"]))  # named by URL, served by the App
        assert {f["id"] for f in shapes["features"]} == set(trace["locations"])

    at.multiselect(key="w_cindicators__vi").set_value(["campaign_launches"]).run()  # provinces × years
    assert not at.exception
    years = at.dataframe[1].value
    want_years = db_frame(warehouse, """SELECT DISTINCT year(period_end) AS y FROM observations WHERE NOT is_sample
        AND indicator_code = 'campaign_launches' AND province_code IS NOT NULL""").y
    assert set(years.columns[1:]) == {str(y) for y in want_years}
    at.selectbox(key="w_cyear__vi").set_value(int(max(want_years))).run()  # one year
    detail = at.dataframe[-1].value
    assert set(detail[t("col_year", "vi")]) == {str(int(max(want_years)))}


def test_the_34_view_counts_old_provinces_under_their_successor(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/completeness.py", default_timeout=120)
    at.query_params["units"] = "34"
    at.run()
    assert not at.exception
    want = by_sql(warehouse, "34")
    want = want[want.figures > 0]
    provinces = at.dataframe[0].value
    assert len(provinces) == 34
    got = dict(zip(provinces[t("col_province", "vi")], provinces[t("col_figures_n", "vi")], strict=True))
    for code, grp in want.groupby("province"):
        assert got[views.unit_name(code, "34")] == grp.figures.sum()
