"""Logic behind the pages (core.views, core.urlstate, core.compare): period honesty,
normalisation, the 2025 reform aggregation, URL validation, peers and search."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from core import views
from core.catalogue import load_catalogue
from core.compare import make_specs
from core.semantics import periods
from core.units import load_register
from core.urlstate import DEFAULT_PROVINCES, ViewState, convert_provinces, parse_state, to_params

CAT = load_catalogue()


def fig(unit, indicator, value, kind="total", start=None, end="2023-05-18", years=None, qualifier="exact",
        vintage="63", new=None, sample=False, source="s1", basis="reported"):
    return {"unit_code": unit, "unit_vintage": vintage, "province_2025_code": new or unit,
            "indicator_code": indicator, "breakdown": "", "period_start": pd.Timestamp(start) if start else pd.NaT,
            "period_end": pd.Timestamp(end), "period_kind": kind, "period_years": years, "value": value,
            "qualifier": qualifier, "source_id": source, "is_sample": sample, "parts": 1, "basis": basis,
            "evidence": None, "locator": None, "districts_summed": None, "sources": [source], "agreement": "",
            "alternatives": []}


def frame(*rows, vintage="63"):
    df = pd.DataFrame(list(rows))
    if vintage == "63":
        df = df.drop(columns=["unit_vintage", "province_2025_code", "parts", "evidence", "locator"])
        df["members"], df["members_total"], df["note"] = 1, 1, ""
    return df


def test_ten_year_total_is_converted_per_year_and_never_shares_an_axis_with_a_yearly_figure():
    df = frame(fig("87", "campaign_launches", 32000, start="2013-08-01", end="2023-05-18", years=9.796,
                   qualifier="at_least"),
               fig("62", "campaign_launches", 2053, kind="per_year", start="2019-01-01", end="2024-12-31",
                   years=6.001, qualifier="at_least"))
    reported = views.normalise(df, "reported", None, CAT)
    assert reported.group.map(lambda g: g.key).nunique() == 2  # a 10-year total and a yearly figure
    per_year = views.normalise(df, "per_year", None, CAT)
    assert per_year.group.map(lambda g: g.key).nunique() == 1
    dong_thap = per_year[per_year.unit_code == "87"].iloc[0]
    assert dong_thap.shown == pytest.approx(32000 / 9.796)
    assert dong_thap.conversion == "conv_per_year"
    assert views.label(dong_thap.shown, dong_thap.qualifier, CAT["campaign_launches"], "vi", True) == "> 3.267"


def test_total_with_unknown_start_is_shown_apart_with_a_reason():
    df = frame(fig("40", "citizen_tips", 8795, end="2024-12-31"),
               fig("87", "citizen_tips", 44000, start="2013-08-01", years=9.796))
    per_year = views.normalise(df, "per_year", None, CAT)
    open_total = per_year[per_year.unit_code == "40"].iloc[0]
    assert math.isnan(open_total.shown) and open_total.separate_reason == "sep_open_total"
    reported = views.normalise(df, "reported", None, CAT)
    keys = set(reported.group.map(lambda g: g.key))
    assert len(keys) == 2 and any(k.startswith("open:40") for k in keys)


def test_calendar_year_counts_as_one_year():
    assert periods.length(0.999) == 1 and periods.length(9.796) == pytest.approx(9.796)


def test_per_inhabitant_divides_counts_but_not_percentages_and_needs_the_census():
    pop = pd.DataFrame({"population": [500000.0], "households": [120000.0], "communes": [100.0]},
                       index=pd.Index(["62"], name="unit_code"))
    df = frame(fig("62", "campaign_launches", 2053, kind="per_year", years=6.0, start="2019-01-01"),
               fig("62", "households_in_groups_pct", 96.5, kind="stock"),
               fig("11", "campaign_launches", 100, kind="per_year", years=1.0, start="2023-01-01"))
    out = views.normalise(df, "per_1000_pop", pop, CAT).set_index(["unit_code", "indicator_code"])
    assert out.loc[("62", "campaign_launches"), "shown"] == pytest.approx(2053 / 500000 * 1000)
    assert out.loc[("62", "households_in_groups_pct"), "shown"] == 96.5
    assert out.loc[("62", "households_in_groups_pct"), "conversion"] == "conv_not_for_percent"
    assert out.loc[("11", "campaign_launches"), "separate_reason"] == "sep_no_reference"
    per_commune = views.normalise(df, "per_commune", pop, CAT).set_index(["unit_code", "indicator_code"])
    assert per_commune.loc[("62", "campaign_launches"), "shown"] == pytest.approx(20.53)


def test_reform_sums_additive_figures_of_the_same_period_only():
    raw = pd.DataFrame([
        fig("62", "campaign_launches", 100, start="2018-01-01", end="2018-12-31", years=1.0, new="51"),
        fig("51", "campaign_launches", 50, start="2018-01-01", end="2018-12-31", years=1.0, new="51"),
        fig("62", "campaign_launches", 2053, kind="per_year", start="2019-01-01", end="2024-12-31", years=6.0,
            new="51"),
        fig("62", "households_in_groups_pct", 90, kind="stock", new="51"),
        fig("51", "households_in_groups_pct", 80, kind="stock", new="51"),
        fig("11", "households_in_groups_pct", 70, kind="stock", new="11"),
    ])
    out = views.aggregate_to_34(raw, CAT)
    full = out[(out.period_kind == "total")].iloc[0]
    assert (full.unit_code, full.value, full.qualifier, full.members, full.members_total) == ("51", 150, "exact", 2, 2)
    partial = out[out.period_kind == "per_year"].iloc[0]
    assert partial.value == 2053 and partial.qualifier == "at_least" and partial.note == "reform_partial"
    merged_pct = out[(out.indicator_code == "households_in_groups_pct") & (out.unit_code == "51")].iloc[0]
    assert math.isnan(merged_pct.value) and merged_pct.note == "reform_not_additive"
    unchanged = out[(out.indicator_code == "households_in_groups_pct") & (out.unit_code == "11")].iloc[0]
    assert unchanged.value == 70  # Điện Biên was not merged: its percentage carries over


def test_one_figure_from_two_rows_lists_both_sources():
    raw = pd.DataFrame([fig("62", "models_new", 7, source="b"), fig("62", "models_new", 7, source="a")])
    raw["sources"] = ["b", "a,b"]
    out = views.dedupe_sources(raw)
    assert len(out) == 1 and out.value.iloc[0] == 7 and out.sources.iloc[0] == ["a", "b"]


ALLOWED = views.allowed(source_ids=frozenset({"rep000_kontum"}))


@pytest.mark.parametrize("raw, param", [
    ({"provinces": "62,'; DROP TABLE observations;--"}, "provinces"),
    ({"provinces": "62"}, "provinces"),
    ({"norm": "<script>"}, "norm"),
    ({"lang": "fr"}, "lang"),
    ({"indicators": "campaign_launches,../../etc"}, "indicators"),
    ({"period": "2024-2019"}, "period"),
    ({"scope": "99"}, "scope"),
    ({"q": "x" * 61}, "q"),
    ({"evil": "1"}, "evil"),
])
def test_hostile_url_values_fall_back_to_defaults_with_a_notice(raw, param):
    state, notices = parse_state(raw, ALLOWED)
    assert [n.param for n in notices] == [param]
    default = ViewState()
    for key in ("lang", "norm", "scope", "q"):
        assert getattr(state, key) == getattr(default, key)
    assert len(state.provinces) >= 2 and all(c in ALLOWED.provinces["63"] for c in state.provinces)
    assert all(c in CAT for c in state.indicators)


def test_a_link_round_trips_and_carries_across_the_reform_switch():
    state, notices = parse_state({"provinces": "62,11,40,87", "indicators": "citizen_tips,mediations",
                                  "period": "2015-2020", "norm": "per_year", "units": "63", "lang": "en"}, ALLOWED)
    assert not notices
    again, _ = parse_state(to_params(state, ("lang", "units", "provinces", "indicators", "period", "norm")), ALLOWED)
    assert again == state
    assert convert_provinces(list(DEFAULT_PROVINCES), "34", ALLOWED) == ["51", "11", "40"]
    assert "62" in convert_provinces(["51", "11"], "63", ALLOWED)


def test_search_ignores_diacritics():
    assert views.search_provinces("dien bien", "63") == ["11"]
    assert "40" in views.search_provinces("NGHE", "63")


def test_peers_of_kon_tum():
    peers = views.suggest_peers("62", "63")
    assert set(peers["region"]) == {"64", "66", "67", "68"}  # Tây Nguyên
    assert peers["successor"] == ["51"]  # merged into Quảng Ngãi on 01/07/2025
    assert "64" in peers["near"]  # Gia Lai borders Kon Tum


def test_regions_cover_the_63_provinces_once():
    reg = load_register()
    old = set(reg[(reg.level == "province") & (reg.vintage == "63")].code)
    listed = [c for r in views.load_regions().values() for c in r["provinces"]]
    assert sorted(listed) == sorted(old)


def test_district_gap_is_flagged():
    key = {"indicator_code": "models_new", "breakdown": "", "period_start": pd.Timestamp("2023-01-01"),
           "period_end": pd.Timestamp("2023-12-31"), "period_kind": "total"}
    province = pd.DataFrame([{**key, "value": 30.0, "qualifier": "exact", "is_sample": False}])
    districts = pd.DataFrame([{**key, "unit_code": c, "value": v, "is_sample": False} for c, v in
                              (("412", 10.0), ("413", 15.0))])
    gaps = views.district_gaps(province, districts, n_districts=2, cat=CAT)
    assert gaps.gap.iloc[0] == 5 and bool(gaps.flag.iloc[0])
    districts.loc[1, "value"] = 20.0
    assert not views.district_gaps(province, districts, 2, CAT).flag.iloc[0]


def test_missing_province_is_noted_not_drawn_as_zero():
    df = views.normalise(frame(fig("62", "campaign_launches", 2053, kind="per_year", years=6.0,
                                   start="2019-01-01", qualifier="at_least")), "reported", None, CAT)
    spec = make_specs(df, ["62", "11", "40"], ["campaign_launches"], "bars", "reported", "63", CAT, "vi", {})[0]
    assert list(spec.data.category) == ["Kon Tum"] and list(spec.data.label) == ["> 2.053"]
    assert any("Chưa có số liệu: Điện Biên, Nghệ An" in n for n in spec.notes)


def test_reform_date_is_the_day_districts_end():
    """On 30/06/2025 the register holds 63 provinces and their districts; from 01/07/2025 the 34
    new provinces and no district, and the map offers no district layer (dates as the law sets them)."""
    from core import geo
    from core.units import valid_on

    reg = load_register()
    levels = lambda day: reg[valid_on(reg, day)].groupby(["level", "vintage"]).size().to_dict()  # noqa: E731
    before, after = levels(date(2025, 6, 30)), levels(date(2025, 7, 1))
    assert before[("province", "63")] == 63 and before[("district", "2024")] > 600
    assert ("province", "34") not in before
    assert after[("province", "34")] == 34
    assert not [k for k in after if k[0] == "district" or k == ("province", "63")]
    assert geo.vintage_for(date(2025, 6, 30), "district") == "2024" and geo.vintage_for(date(2025, 6, 30)) == "63"
    assert geo.vintage_for(date(2025, 7, 1), "district") is None and geo.vintage_for(date(2025, 7, 1)) == "34"



