"""Honest national figures (core.national, the overview): a national source's figure; else the sum
of the provinces that reported the same period, labelled "tổng của n/63 tỉnh" (a lower bound);
rates never summed and never the country's from one province (the spread instead)."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from core import national, views
from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t
from tests.conftest import db_frame
from tests.test_pages import country_figure, province_figures

CAT = load_catalogue()


def fig(unit, indicator, value, kind="total", start="2022-01-01", end="2022-12-31", qualifier="exact", source="s"):
    return {"unit_code": unit, "indicator_code": indicator, "breakdown": "",
            "period_start": pd.Timestamp(start) if start else pd.NaT, "period_end": pd.Timestamp(end),
            "period_kind": kind, "period_years": 1.0, "value": value, "qualifier": qualifier, "source_id": source,
            "sources": [source], "agreement": "", "is_sample": False}


def rows(*figs) -> pd.DataFrame:
    return pd.DataFrame(list(figs))


NONE = rows().reindex(columns=list(fig("1", "x", 0)))


def test_a_sum_of_reporting_provinces_says_how_many_and_is_a_lower_bound():
    head = national.national_headline(rows(fig("62", "campaign_launches", 2100), fig("11", "campaign_launches", 500),
                                           fig("40", "campaign_launches", 1000),
                                           fig("87", "campaign_launches", 9999, start="2021-01-01",
                                               end="2021-12-31")),  # another period: not added
                                      NONE, CAT["campaign_launches"], "vi")
    assert head.basis == "sum" and head.value == "> 3.600" and head.provinces == 3
    assert t("headline_sum_n", "vi", n=3, total=63) in head.note and "tổng của 3/63 tỉnh có số liệu" in head.note
    assert t("headline_lower_bound", "vi") in head.note
    in_34 = national.national_headline(rows(fig("11", "campaign_launches", 500)), NONE, CAT["campaign_launches"],
                                       "en", units="34")
    assert in_34.value == "> 500" and "1/34" in in_34.note


def test_every_province_reporting_gives_an_exact_sum():
    codes = list(views.provinces("63").index)
    head = national.national_headline(rows(*[fig(c, "mediations", 10) for c in codes]), NONE, CAT["mediations"], "vi")
    assert head.value == "630" and "63/63" in head.note and t("headline_lower_bound", "vi") not in head.note


def test_rates_are_never_summed_nor_one_province_passed_off_as_the_country():
    pct = CAT["households_in_groups_pct"]
    one = national.national_headline(rows(fig("40", pct.code, 96.5, kind="stock", start=None)), NONE, pct, "vi")
    assert one.value == t("no_national", "vi") and "Nghệ An: 96,5%" in one.note and one.basis == "single_rate"
    three = national.national_headline(rows(fig("40", pct.code, 96.5, kind="stock", start=None),
                                            fig("62", pct.code, 90.0, kind="stock", start=None),
                                            fig("11", pct.code, 92.0, kind="stock", start=None)), NONE, pct, "vi")
    assert three.basis == "spread" and three.value == "90% – 92% – 96,5%"  # lowest – median – highest
    assert "Kon Tum 90%" in three.note and "Nghệ An 96,5%" in three.note and "3/63" in three.note
    assert "278,5" not in three.value  # never the sum
    types = national.national_headline(rows(fig("40", "model_types", 58), fig("11", "model_types", 44)), NONE,
                                       CAT["model_types"], "vi")  # a count of types is not additive either
    assert types.value == "44 – 51 – 58"


def test_a_national_source_comes_first():
    country = rows(fig("00", "campaign_participants", 1_000_000, source="b"))
    head = national.national_headline(rows(fig("62", "campaign_participants", 5)), country,
                                      CAT["campaign_participants"], "vi")
    assert head.basis == "national" and head.value == "1.000.000" and head.sources == ["b"]


def overview(path, monkeypatch, indicators: list[str], **params) -> AppTest:
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(path))
    at = AppTest.from_file("../pages/overview.py", default_timeout=90)
    at.query_params.update(params)
    at.run()
    at.multiselect(key="w_oindicators__vi").set_value(indicators).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at, code):
    name = CAT[code].name("vi")
    return next(m for m in at.metric if m.label.startswith(name))


def test_the_overview_applies_the_rules_to_the_warehouse(conflict_warehouse, monkeypatch):
    at = overview(conflict_warehouse, monkeypatch,
                  ["campaign_launches", "households_in_groups_pct", "campaign_participants"], period="2022-2022")
    codes = list(views.provinces("63").index)
    reported = province_figures(conflict_warehouse, codes, "campaign_launches")  # own figures, else their districts'
    reported = reported[(reported.period_start == "2022-01-01") & (reported.period_end == "2022-12-31")]
    n, total = reported.unit_code.nunique(), reported.value.sum()  # each figure once (Điện Biên's two sources)
    assert reported.set_index("unit_code").value["11"] == 500
    captions = " ".join(c.value for c in at.caption)
    launches = CAT["campaign_launches"]
    country = country_figure(conflict_warehouse, "campaign_launches", year=2022)
    if country is not None:  # a national source of 2022 (the real data has one): it comes first
        assert metric(at, "campaign_launches").value == views.label(country.value, country.qualifier, launches, "vi")
    else:
        assert metric(at, "campaign_launches").value == views.label(total, "at_least", launches, "vi")
        assert f"tổng của {n}/63 tỉnh có số liệu" in captions and t("headline_conflict", "vi") in captions
    # the sum over the provinces that reported, as the page makes it when no national source exists
    figures = views.load_province_figures(tuple(codes), ("campaign_launches",), "63", (2022, 2022),
                                          conflict_warehouse, user=User.command_line())
    head = national.national_headline(figures, NONE, launches, "vi")
    assert head.value == views.label(total, "at_least", launches, "vi") and head.conflict
    assert f"tổng của {n}/63 tỉnh có số liệu" in head.note
    rate = metric(at, "households_in_groups_pct").value
    assert rate == "90% – 91% – 92%" and "182" not in rate  # Kon Tum 90%, Điện Biên 92%: never summed
    assert metric(at, "campaign_participants").value == "1.000.000"  # report B's national figure
    assert t("headline_national", "vi") in captions


def test_the_default_overview_shows_no_single_province_rate_as_national(warehouse, monkeypatch):
    # a count reported by some provinces and by no national source: its headline is a lower bound
    count = db_frame(warehouse, """SELECT indicator_code FROM observations o WHERE NOT is_sample AND counted
        AND unit_level = 'province' AND indicator_code IN ('self_mgmt_groups', 'mediations', 'citizen_tips',
            'offenders_reeducated', 'forums') AND NOT EXISTS (SELECT 1 FROM observations c WHERE c.unit_code = '00'
            AND c.indicator_code = o.indicator_code AND NOT c.is_sample)
        GROUP BY ALL ORDER BY count(DISTINCT unit_code) DESC, indicator_code LIMIT 1""").indicator_code[0]
    at = overview(warehouse, monkeypatch, ["households_in_groups_pct", count])
    pct = db_frame(warehouse, """SELECT DISTINCT unit_code FROM observations WHERE NOT is_sample
        AND unit_level = 'province' AND unit_vintage = '63' AND indicator_code = 'households_in_groups_pct'""")
    value = metric(at, "households_in_groups_pct").value
    if len(pct) == 1:
        assert value == t("no_national", "vi")
    else:
        assert value.count(" – ") == 2  # the spread, lowest – median – highest
    groups = metric(at, count).value
    assert groups.startswith("> ")  # fewer than 63 provinces report: a lower bound
