"""Every page under several URL states (AppTest): no exception, and the figures the page shows
equal the warehouse's, computed here independently with plain SQL on the warehouse file."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import fmt
from core.catalogue import load_catalogue
from core.i18n import t
from tests.conftest import db_frame, digest, open_tables

HOSTILE = "62,'; DROP TABLE observations;--<script>alert(1)</script>"
STATES = {  # the default mode is real figures; sample=1 the sample data mode (never both)
    "default": {},
    "english": {"lang": "en"},
    "per_1000_pop": {"norm": "per_1000_pop", "indicators": "campaign_launches"},
    "reform_34": {"units": "34", "sample": "1", "indicators": "campaign_launches"},
    "sample": {"sample": "1"},
    "hostile": {"provinces": HOSTILE, "norm": "../../etc/passwd", "province": HOSTILE, "scope": HOSTILE,
                "lang": "x" * 500, "indicators": "campaign_launches';--", "period": "1;DROP", "q": "\x00\x07",
                "sample": "yes'--"},
}
PAGES = ("overview", "compare", "districts", "indicators")
TRIO = ("62", "11", "40")
CAT = load_catalogue()


def sql(path, text, params=None) -> pd.DataFrame:
    return db_frame(path, text, params or [])


def label(value: float, qualifier: str, kind: str, lang: str, normalised: bool) -> str:
    """How a figure is printed (core.fmt), the page's own rule for normalised values."""
    if normalised and kind != "percent":
        return fmt.QUALIFIER_SIGNS[qualifier] + fmt.number(value, lang, decimals=None if abs(value) >= 10 else 2)
    return fmt.value(value, kind, qualifier, lang)


def country_figure(path, indicator, sample=False, year: int | None = None):
    """The latest figure of a national source (unit '00') of the indicator in one mode (of ``year``
    when given), or None: the overview shows it for the whole country before any sum of provinces."""
    rows = sql(path, """SELECT value, qualifier, period_end FROM observations
        WHERE unit_code = '00' AND indicator_code = ? AND breakdown = '' AND is_sample = ? AND counted
          AND (? IS NULL OR year(period_end) = ?)
        ORDER BY period_end DESC LIMIT 1""", [indicator, sample, year, year])
    return rows.iloc[0] if len(rows) else None


def province_figures(path, codes, indicator, sample=False) -> pd.DataFrame:
    """Own province figures plus, where the province has none for that period, the yearly sum of
    its districts' figures (mart facts_yearly), in one mode, each figure once; a sum missing some
    of the districts valid at the period's end is a lower bound."""
    own = sql(path, """SELECT unit_code, province_2025_code, period_start, period_end, period_kind, value, qualifier
        FROM observations WHERE unit_level = 'province' AND unit_vintage = '63' AND indicator_code = ?
        AND list_contains(?, unit_code) AND breakdown = '' AND is_sample = ? AND counted""",
              [indicator, list(codes), sample])
    sums = sql(path, """SELECT f.unit_code, f.province_2025_code, f.period_start, f.period_end, f.period_kind,
        f.value, CASE WHEN f.qualifier = 'exact' AND f.parts < (SELECT count(*) FROM units d
            WHERE d.level = 'district' AND d.parent_code = f.unit_code
              AND coalesce(d.valid_from, DATE '0001-01-01') <= f.period_end
              AND coalesce(d.valid_to, DATE '9999-12-31') >= f.period_end) THEN 'at_least' ELSE f.qualifier END
            AS qualifier
        FROM facts_yearly f WHERE f.basis = 'sum_of_districts' AND f.unit_level = 'province' AND f.unit_vintage = '63'
        AND f.indicator_code = ? AND list_contains(?, f.unit_code) AND f.is_sample = ? AND f.breakdown = ''""",
               [indicator, list(codes), sample])
    both = pd.concat([own, sums], ignore_index=True)
    return both.drop_duplicates(["unit_code", "period_start", "period_end", "period_kind"], keep="first")


def names(path, vintage) -> dict[str, dict[str, str]]:
    df = sql(path, "SELECT code, name_vi, name_en FROM units WHERE level = 'province' AND vintage = ?", [vintage])
    return {"vi": dict(zip(df.code, df.name_vi, strict=True)), "en": dict(zip(df.code, df.name_en, strict=True))}


def population(path, level, vintage) -> dict[str, float]:
    df = sql(path, "SELECT unit_code, population FROM population WHERE level = ? AND vintage = ?", [level, vintage])
    return dict(zip(df.unit_code, df.population, strict=True))


def per_inhabitant(at, path, state, level, vintage, lang) -> dict[str, float] | None:
    """The population a per-1,000-inhabitant view divides by; without the census the page must say
    that it shows the figures as reported (and then does)."""
    if state.get("norm") != "per_1000_pop":
        return None
    pop = population(path, level, vintage)
    if not pop:
        assert t("norm_needs_reference", lang) in [w.value for w in at.warning]
        return None
    return pop


def period(row, lang="vi") -> str:
    return fmt.period(row.period_start if pd.notna(row.period_start) else None, row.period_end, lang)


def param(at, key) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def check_compare(at, path, state, lang):
    sample = state.get("sample") == "1"
    table = at.dataframe[0].value
    rows = set(zip(table.iloc[:, 1], table.iloc[:, 4], table.iloc[:, 2], strict=True))
    if state.get("units") == "34":
        kind = CAT["campaign_launches"].kind
        figs = province_figures(path, list(names(path, "63")["vi"]), "campaign_launches", sample)
        new = names(path, "34")[lang]
        figs = figs[figs.province_2025_code.isin(["51", "11", "40"])]
        members = sql(path, "SELECT successor_code, count(*) AS n FROM units WHERE level = 'province' AND "
                            "vintage = '63' GROUP BY successor_code").set_index("successor_code").n
        grouped = figs.groupby(["province_2025_code", "period_start", "period_end", "period_kind"], dropna=False)
        checked = 0
        for (code, *_), grp in grouped:
            qual = "at_least" if len(grp) < members[code] and grp.qualifier.eq("exact").all() else grp.qualifier.max()
            expected = (new[code], period(grp.iloc[0], lang), label(grp.value.sum(), qual, kind, lang, False))
            assert expected in rows, expected
            checked += 1
        assert checked
        return
    pop = per_inhabitant(at, path, state, "province", "63", lang)
    unit_names = names(path, "63")[lang]
    shown = 0
    for code in param(at, "indicators").split(","):
        kind = CAT[code].kind
        figs = province_figures(path, TRIO, code, sample)
        for r in figs.itertuples():
            value = r.value / pop[r.unit_code] * 1000 if pop and kind != "percent" else r.value
            expected = (unit_names[r.unit_code], period(r, lang), label(value, r.qualifier, kind, lang,
                                                                         pop is not None))
            assert expected in rows, expected
            shown += 1
        for unit in TRIO:
            if unit not in set(figs.unit_code):
                assert (unit_names[unit], "", fmt.NO_DATA[lang]) in rows
    assert shown, "the view shows figures of its mode"


def check_districts(at, path, state, lang):
    sample = state.get("sample") == "1"
    table = at.dataframe[0].value
    province, code = param(at, "province"), param(at, "indicators").split(",")[0]
    rows = sql(path, """SELECT o.unit_code, u.name_vi, u.name_en, o.value, o.qualifier
        FROM observations o JOIN units u ON u.code = o.unit_code AND u.level = 'district'
        WHERE o.unit_level = 'district' AND o.province_code = ? AND o.indicator_code = ? AND o.is_sample = ?
          AND o.counted""", [province, code, sample])
    pop = per_inhabitant(at, path, state, "district", "2024", lang)
    shown = {k: v for k, v in zip(table.iloc[:, 0], table.iloc[:, 1], strict=True) if v != fmt.NO_DATA[lang]}
    assert bool(shown) == bool(len(rows))
    kind = CAT[code].kind
    for name, value in shown.items():
        mine = rows[(rows.name_vi if lang == "vi" else rows.name_en) == name]
        labels = {label(r.value / pop[r.unit_code] * 1000 if pop else r.value, r.qualifier, kind, lang,
                        pop is not None) for r in mine.itertuples()}
        assert value.removesuffix(" ⚠") in labels, (name, value, labels)


def check_overview(at, path, state, lang):
    sample = state.get("sample") == "1"
    n = sql(path, "SELECT count(*) AS n FROM observations WHERE is_sample = ? AND counted", [sample]).n[0]
    texts = " ".join(m.value for m in at.markdown)
    assert fmt.number(n, lang) in texts
    assert 1 <= len(at.metric) <= 8
    national = country_figure(path, "campaign_launches", sample)
    metric = next(m for m in at.metric if m.label.startswith(CAT["campaign_launches"].name(lang)))
    if national is not None:  # the whole country: a national source's figure first
        assert metric.value == label(national.value, national.qualifier, "count", lang, False)
    elif state.get("units") != "34":  # else the sum over the provinces that reported the same period
        figs = province_figures(path, list(names(path, "63")["vi"]), "campaign_launches", sample)
        figs = figs.assign(key=figs.period_kind + figs.period_start.astype(str) + figs.period_end.astype(str))
        counts = figs.groupby("key").agg(n=("unit_code", "nunique"), end=("period_end", "max"))
        best = figs[figs.key == counts.sort_values(["n", "end"], ascending=False).index[0]]
        qual = max(best.qualifier, key=["exact", "at_least", "about"].index)
        qual = "at_least" if qual == "exact" and best.unit_code.nunique() < 63 else qual
        assert metric.value == label(best.value.sum(), qual, "count", lang, False)


def check_indicators(at, path, state, lang):
    sample = state.get("sample") == "1"
    figures = at.dataframe[1].value
    n = sql(path, "SELECT count(*) AS n FROM observations WHERE is_sample = ?", [sample]).n[0]
    assert len(figures) == min(n, 5000)
    if not sample:
        kontum = sql(path, "SELECT value, qualifier FROM observations WHERE unit_code = '62' AND "
                           "indicator_code = 'campaign_launches' AND NOT is_sample")
        assert label(kontum.value[0], kontum.qualifier[0], "count", lang, False) in set(figures.iloc[:, 5])


CHECKS = {"overview": check_overview, "compare": check_compare, "districts": check_districts,
          "indicators": check_indicators}


@pytest.mark.parametrize("state_name", list(STATES))
@pytest.mark.parametrize("page", PAGES)
def test_page(page, state_name, warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    before = digest(warehouse)
    state = STATES[state_name]
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    open_tables(at)
    at.query_params.update(state)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    lang = "en" if state.get("lang") == "en" else "vi"
    if state_name == "hostile":
        assert at.warning, "a refused URL value must say so"
        assert all("<script>" not in w.value or "`" in w.value for w in at.warning)
        state = {}  # every hostile value falls back to its default: real figures
    CHECKS[page](at, warehouse, state, lang)
    assert digest(warehouse) == before


def test_dashboard_routes_every_page(warehouse, monkeypatch):
    """Every page the app's navigation registers (read from the run, so a new page is visited too)
    opens through the app without an exception and draws its own title."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../dashboard.py", default_timeout=90)
    at.run()
    assert not at.exception and len(at.metric)  # the overview is the default page
    registered = [str(info["script_path"]) for info in at._registered_pages.values() if info.get("script_path")]
    assert len(registered) >= 9 and any(p.endswith("pages/compare.py") for p in registered), registered
    titles = {}
    for script in registered:
        at.switch_page(script).run()
        assert not at.exception, (script, [e.value for e in at.exception])
        assert at.title, f"{script} drew no title"
        titles[script] = at.title[0].value
        if script.endswith("pages/compare.py"):
            assert at.query_params["provinces"] in ("62,11,40", ["62,11,40"])
    assert len(set(titles.values())) == len(registered), titles  # each visit showed its own page


def test_compare_controls_drive_the_view(warehouse, monkeypatch):
    """The comparison page draws its charts before its controls (pages/compare.py): what the person
    changes in the controls must still drive the table, the chart and the link on the next run."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/compare.py", default_timeout=60)
    open_tables(at)
    at.query_params["sample"] = "1"  # every province has sample figures for every year
    at.run()
    shown = lambda: set(at.dataframe[0].value.iloc[:, 1])  # noqa: E731
    trio = names(warehouse, "63")["vi"]
    assert shown() == {trio[c] for c in TRIO}
    at.multiselect(key="w_provinces__vi").set_value(["62", "11", "40", "87"]).run()
    assert not at.exception and shown() == {trio[c] for c in (*TRIO, "87")}
    assert at.query_params["provinces"] in ("62,11,40,87", ["62,11,40,87"])
    at.radio(key="w_norm__vi").set_value("per_1000_pop").run()
    assert at.query_params["norm"] in ("per_1000_pop", ["per_1000_pop"])
    if population(warehouse, "province", "63"):
        assert "1.000 dân" in at.dataframe[0].value.iloc[0, 3]
    else:  # no census: the page says so and shows the figures as reported
        assert t("norm_needs_reference", "vi") in [w.value for w in at.warning]
    at.slider(key="w_period__vi").set_value((2020, 2022)).run()
    years = {int(p[-4:]) for p in at.dataframe[0].value.iloc[:, 4] if p}
    assert years and years <= {2020, 2021, 2022}, years
    assert at.query_params["period"] in ("2020-2022", ["2020-2022"])
    at.radio(key="w_lang").set_value("en").run()  # the sidebar switches, drawn last on this page
    assert not at.exception and at.title[0].value == "Compare provinces"
    assert set(at.dataframe[0].value.iloc[:, 1]) == {names(warehouse, "63")["en"][c] for c in (*TRIO, "87")}


def _stopped_before_save():  # AppTest script: the compare page's setup, then a run cut short before save()
    import streamlit as st

    from pages import _ui as ui

    state, lang = ui.setup("compare", ("provinces", "norm"))
    state.norm = st.radio("norm", ["reported", "per_year"], key=ui.seed("norm", state.norm))
    if not st.session_state.get("_cut_once"):
        st.session_state["_cut_once"] = True
        st.stop()
    ui.save(state, ("provinces", "norm"))


def test_a_change_right_after_the_first_run_is_kept(warehouse, monkeypatch):
    """A person who clicks before the first run reached save() (it wrote nothing into the URL yet)
    must not see the link's values put back over the click."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_function(_stopped_before_save, default_timeout=60)
    at.query_params.update({"provinces": "62,11,40", "norm": "reported"})
    at.run()
    at.radio(key="w_norm__vi").set_value("per_year").run()
    assert not at.exception and at.radio(key="w_norm__vi").value == "per_year"
    assert at.query_params["norm"] in ("per_year", ["per_year"])


def test_a_click_that_overtakes_the_url_update_is_kept(warehouse, monkeypatch):
    """The first run wrote a fuller URL (every parameter) than the link; a click whose rerun still
    carries the link's URL (the browser had not applied the new one) must not be undone."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/compare.py", default_timeout=60)
    open_tables(at)
    link = {"provinces": "62,11,40", "norm": "reported", "indicators": "campaign_launches"}
    at.query_params.update(link)
    at.run()
    assert dict(at.query_params) != link  # the page wrote the whole view
    at.query_params.clear()
    at.query_params.update(link)
    at.radio(key="w_norm__vi").set_value("per_year").run()
    assert not at.exception and at.radio(key="w_norm__vi").value == "per_year"
    assert "đợt/năm" in at.dataframe[0].value.iloc[0, 3]


WIDGETS = {"button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "slider", "select_slider",
           "text_input", "number_input", "date_input", "download_button", "color_picker", "file_uploader"}


def _sent_order(page: str, params: dict) -> list[str]:
    """The kinds of the elements a page's run sends, in the order it sends them (sidebar included)."""
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    sent: list[str] = []

    def record(msg) -> None:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            sent.append(msg.delta.new_element.WhichOneof("type"))

    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=90)
    at.query_params.update(params)
    ForwardMsgQueue.on_before_enqueue_msg(record)
    try:
        at.run()
    finally:
        ForwardMsgQueue.on_before_enqueue_msg(None)
    assert not at.exception, [e.value for e in at.exception]
    return sent


@pytest.mark.parametrize("page,params", [("overview", {}), ("compare", {}), ("districts", {}), ("map", {}),
                                         ("compare", {"provinces": "62,11,40", "chart": "lines"}),
                                         ("districts", {"province": "40", "lang": "en"})])
def test_charting_pages_send_their_first_chart_before_any_control(page, params, warehouse, monkeypatch):
    """A new visitor's browser loads an element's code when the element arrives: a page that sends its
    chart first gets plotly's (and the map's) code asked for before the dozens of widget chunks. The
    controls and sidebar switches are drawn afterwards into containers above the chart."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    sent = _sent_order(page, params)
    assert "plotly_chart" in sent, sent
    first_chart = sent.index("plotly_chart")
    assert not WIDGETS & set(sent[:first_chart]), sent[:first_chart]
    assert WIDGETS & set(sent[first_chart:]), "the controls are still drawn"


def test_the_peers_of_the_comparison_are_drawn_once_opened_and_add_a_province(warehouse, monkeypatch):
    """The peers box draws its buttons only when opened (a closed box costs a new visitor's browser
    nothing); opened, a peer's button adds that province to the comparison."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/compare.py", default_timeout=60)
    open_tables(at)
    at.query_params["provinces"] = "62,11,40"
    at.run()
    peer_buttons = lambda: [b for b in at.button if str(b.key).startswith("peer_")]  # noqa: E731
    assert not at.exception and at.expander and not peer_buttons()
    at.session_state["w_peers_open"] = True
    at.run()
    assert peer_buttons(), "an opened peers box shows its provinces"
    gia_lai = next(b for b in peer_buttons() if b.key.endswith("_64"))  # a neighbour of Kon Tum
    gia_lai.click().run()
    assert not at.exception and "64" in str(at.query_params["provinces"])


@pytest.mark.parametrize("page, key", [("compare", "compare_table"), ("districts", "districts_table")])
def test_a_chart_pages_table_is_drawn_once_its_box_is_opened(page, key, warehouse, monkeypatch):
    """The chart pages draw their table only once its box is opened (the data grid's code is the heaviest
    part of a new visitor's page); the box says how many rows it holds, and opened it holds them all."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    at.query_params["sample"] = "1"
    at.run()
    assert not at.exception and not at.dataframe and at.get("plotly_chart")
    box = next(e for e in at.expander if e.label.startswith("Bảng số liệu"))
    rows = int(box.label.split("(")[1].split()[0].replace(".", ""))
    at.session_state[f"{key}_open"] = True
    at.run()
    assert not at.exception and len(at.dataframe[0].value) == rows > 0
