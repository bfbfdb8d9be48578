"""Tổng quan / Overview: headline figures for the whole country or one province, each with period,
how it was made and its sources; the indicators shown are those reported by the most provinces in
the view's mode. The whole country's figure is a national source's, or the sum of the provinces
that reported (labelled n/63, a lower bound), or for rates the spread, never one province's
(core.national)."""

import pandas as pd
import streamlit as st

from core import fmt, national, views
from core.charts import ChartSpec
from core.i18n import t
from core.plots import make_bars
from pages import _ui as ui

PARAMS = ("scope", "period")
state, lang = ui.setup("overview", PARAMS)
cat = ui.catalogue()
st.title(t("overview_title", lang))

names = views.provinces(state.units)
options = ["all", *names.index]
state.scope = st.selectbox(t("w_scope", lang), options, key=ui.seed("scope", state.scope),
                           format_func=lambda c: t("whole_country", lang) if c == "all" else names.at[c, "name_vi"]
                           if lang == "vi" else names.at[c, "name_en"])
if state.units == "34":
    st.info(t("reform_info_34", lang))

whole = state.scope == "all"
codes = tuple(names.index) if whole else (state.scope,)
auto = [c for c in ui.load("defaults.overview_indicators", state.units) if c in cat.codes]
shown = tuple(st.multiselect(t("w_indicators", lang), cat.codes, key=ui.seed_auto("oindicators", auto),
                             format_func=lambda c: cat[c].name(lang), max_selections=12) or auto)
figures = ui.load("load_province_figures", codes, shown, state.units, views.years(state), user=ui.user())
country = (ui.load("national.load_country_figures", shown, views.years(state), user=ui.user()) if whole
           else figures.head(0))
titles = ui.sources(lang)
if figures.value.isna().all() and country.empty:
    scope = t("whole_country", lang) if whole else names.at[state.scope, "name_vi" if lang == "vi" else "name_en"]
    ui.render_no_data(t("what_overview", lang, scope=scope))

mark = f" · {t('sample_mark', lang)}" if state.sample else ""
cols = st.columns(4)
for n, code in enumerate(shown):
    ind = cat[code]
    rows = figures[figures.indicator_code == code]
    head = (national.national_headline(rows, country[country.indicator_code == code], ind, lang, state.units)
            if whole else national.province_headline(rows, ind, lang))
    with cols[n % 4]:
        st.metric(f"{ind.name(lang)} ({ind.unit(lang)}){mark}", head.value)
        if head.basis != "none":
            src = ", ".join(titles.get(s, s)[:60] for s in head.sources)
            st.caption(t("metric_caption", lang, period=head.period, note=head.note, sources=src))

# one chart: how many provinces have figures of each indicator shown (in the view's mode)
cover = figures[figures.value.notna()].groupby("indicator_code").unit_code.nunique().reindex(shown).dropna()
data = pd.DataFrame({
    "category": [cat[c].name(lang) for c in cover.index],
    "series": t("sample_mark" if state.sample else "reported_series", lang),
    "value": cover.astype(float).to_numpy(),
    "label": [f"{fmt.number(v, lang)}/{len(names)}" for v in cover],
    "is_sample": state.sample,
})
spec = ChartSpec(kind="bar", title=t("coverage_title", lang), unit=t("coverage_unit", lang),
                 period=views.period_text(figures, lang) if len(figures) else "", lang=lang,
                 source=t("coverage_source", lang), data=data, is_sample=state.sample, link=ui.link(state, PARAMS))
ui.render_chart(spec, make_bars(spec), key="overview_coverage")
st.caption(t("completeness_link", lang))

st.subheader(t("freshness", lang))
info = dict(ui.query("pages/build_info").values.tolist())
fresh = ui.query("pages/freshness").iloc[0]
st.write(t("built_at", lang, when=fmt.day(info.get("built_at", "")[:10]) + " " + info.get("built_at", "")[11:16]))
if fresh.figures:
    st.write(t("latest_sample" if state.sample else "latest_reported", lang, day=fmt.day(fresh.latest_period_end)))
st.write(t("figures_sample" if state.sample else "figures_real", lang, n=fmt.number(fresh.figures, lang),
           prov=int(fresh.provinces), dist=int(fresh.districts), src=int(fresh.sources)))
ui.save(state, PARAMS)
