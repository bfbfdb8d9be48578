"""The same number everywhere: for generated cases (mode, unit, indicator, period, 63/34 view,
normalisation) the value and qualifier that the comparison table, the slide chart and its caption,
the Excel export, the overview headline, the map's data and the district view show for one figure
are the same (the public logic functions behind the pages; no streamlit)."""

from __future__ import annotations

import functools
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from core import compare, maps, national, slides, views
from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t

USER = User(mode="local")
NORMS = ("reported", "per_year", "per_1000_pop")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])


@functools.cache
def load_cases(warehouse) -> dict[tuple, list[dict]]:
    """Figures that are the only one of their unit, indicator and year of period_end (so every
    surface shows that one figure), grouped by mode, view, basis and qualifier so that rare kinds
    (partial sums, lower bounds, sums of merged provinces) are drawn as often as common ones."""
    cat = load_catalogue()
    out: dict[tuple, list[dict]] = {}
    for sample in (False, True):
        for vintage in ("63", "34"):
            codes = list(views.provinces(vintage).index)
            rows = views.load_province_figures(codes, list(cat.codes), vintage, path=warehouse, sample=sample,
                                               user=USER)
            rows = rows.assign(year=pd.to_datetime(rows.period_end).dt.year)
            if vintage == "63":
                rows = rows[rows.year < 2025]  # the 63 old provinces ended with the reform
            one = rows.groupby(["unit_code", "indicator_code", "year"]).unit_code.transform("size").eq(1)
            for r in rows[one & rows.value.notna()].to_dict("records"):
                key = (sample, vintage, r["basis"], r["qualifier"], r["note"])
                out.setdefault(key, []).append(r)
    return out


def _expected(shown: pd.Series, ind, norm: str, lang: str) -> str:
    return views.label(shown.shown, shown.qualifier, ind, lang, normalised=norm != "reported") \
        + (" ⚠" if shown.agreement == "conflict" else "")


@SETTINGS
@given(data=st.data(), norm=st.sampled_from(NORMS), lang=st.sampled_from(("vi", "en")))
def test_one_figure_reads_the_same_on_every_surface(warehouse, data, norm, lang):
    cases = load_cases(warehouse)
    key = data.draw(st.sampled_from(sorted(cases, key=str)), label="kind")
    case = cases[key][data.draw(st.integers(0, len(cases[key]) - 1), label="case")]
    note(f"case: {key} {case['unit_code']} {case['indicator_code']} {case['year']}")
    sample, vintage = key[0], key[1]
    unit, code, year = case["unit_code"], case["indicator_code"], int(case["year"])
    cat = load_catalogue()
    ind = cat[code]
    population = views.load_population(vintage, path=warehouse)
    if norm != "reported" and norm != "per_year" and population.empty:
        norm = "reported"
    name = views.unit_name(unit, vintage, lang)

    # the comparison page: its figures, normalised, and its table
    figures = views.load_province_figures([unit], [code], vintage, (year, year), warehouse, sample=sample,
                                          user=USER)
    assert len(figures) == 1
    fig = figures.iloc[0]
    assert (fig.value, fig.qualifier) == (case["value"], case["qualifier"])
    shown = views.normalise(figures, norm, population, cat).iloc[0]
    label = _expected(shown, ind, norm, lang)
    table = compare.make_table(views.normalise(figures, norm, population, cat), [unit], [code], norm, vintage, cat,
                               lang, {})
    assert list(table[t("col_value", lang)]) == [label]

    # the slide built from the same view, its caption and the Excel export of the deck
    items = slides.compare_items([unit], [code], lang, vintage, "bars", norm, path=warehouse, user=USER,
                                 sample=sample, period=(year, year))
    spec = items[0].spec
    drawn = spec.data[spec.data.code == unit]
    sheet = pd.read_excel(io.BytesIO(slides.build_workbook(items, lang)), engine="openpyxl",
                          sheet_name=t("sheet_data", lang), dtype={t("xl_label", lang): str})
    if shown.separate_reason or pd.isna(shown.shown):  # listed apart, never drawn: not in the chart
        assert drawn.empty
        assert f"{name}: {views.label(shown.shown, shown.qualifier, ind, lang)}" not in slides.caption(spec)
    else:
        assert list(drawn.label) == [label] and drawn.value.iloc[0] == pytest.approx(shown.shown)
        assert label.removesuffix(" ⚠") in slides.caption(spec)
        row = sheet[sheet[t("xl_category", lang)] == name]
        assert list(row[t("xl_label", lang)]) == [label]
        assert row[t("xl_value", lang)].iloc[0] == pytest.approx(shown.shown)

    # the overview's headline of the province (figures as reported)
    head = national.province_headline(figures, ind, lang)
    assert head.value == views.label(fig.value, fig.qualifier, ind, lang)

    # the map of the year: the same figure where the map shows this period
    values, _ = maps.load_indicator_values(code, year, vintage, lang, warehouse, sample=sample)
    mine = values[values.code == unit]
    same_period = mine[(pd.to_datetime(mine.period_end) == pd.Timestamp(fig.period_end))
                       & (pd.to_datetime(mine.period_start).fillna(pd.Timestamp(0))
                          == pd.Timestamp(fig.period_start if pd.notna(fig.period_start) else 0))]
    # every figure the comparison shows (cases have a value): own figures, sums of districts, sums of old
    # provinces into the new ones, also in the reform's year for periods ending before it
    assert len(same_period) == 1, f"the map shows no figure of {unit} for {fig.period_end}"
    assert same_period.value.iloc[0] == pytest.approx(fig.value)
    assert same_period.qualifier.iloc[0] == fig.qualifier

    # the districts page: beside the province's own figure, or as the sum of the districts where
    # they report one common period, by the same rule
    if vintage == "63":
        districts = views.load_district_figures(unit, [code], (year, year), warehouse, sample=sample, user=USER)
        periods = districts[["period_start", "period_end", "period_kind"]].astype(str).drop_duplicates()
        if fig.basis == "sum_of_districts" and len(periods) == 1:
            sums = views.sum_districts(districts, cat, views.districts_expected(unit))
            assert sums.districts_value.iloc[0] == pytest.approx(fig.value)
            assert sums.districts_qualifier.iloc[0] == fig.qualifier
            assert (sums.districts_reported.iloc[0], sums.districts_total.iloc[0]) == (fig.members, fig.members_total)
        elif fig.basis == "reported" and ind.additive:
            gaps = views.district_gaps(figures, districts, views.districts_expected(unit), cat)
            for g in gaps.itertuples():
                assert (g.province_value, g.province_qualifier) == (fig.value, fig.qualifier)


def test_the_cases_cover_every_kind_of_figure(warehouse):
    """The generated cases reach partial sums, lower bounds, the 34 view and both modes."""
    kinds = set(load_cases(warehouse))
    assert {k[0] for k in kinds} == {False, True} and {k[1] for k in kinds} == {"63", "34"}
    assert any(k[4] == "districts_partial" for k in kinds) and any(k[4] == "reform_partial" for k in kinds)
    assert any(k[3] == "at_least" for k in kinds) and any(k[2] == "sum_of_districts" for k in kinds)
