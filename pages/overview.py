"""Tổng quan / Overview: headline figures of the main indicators for the whole country or one
province, each with period, qualifier and source; the data's freshness; reported vs sample."""

import pandas as pd
import streamlit as st

from core import fmt, views
from core.charts import ChartSpec
from core.figures import make_bars
from core.i18n import t
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

codes = tuple(names.index) if state.scope == "all" else (state.scope,)
main = tuple(i.code for i in cat.main)
figures = ui.load("load_province_figures", codes, main, state.units, views.years(state), user=ui.user())
titles = ui.sources(lang)

cols = st.columns(4)
for n, ind in enumerate(cat.main):
    rows = figures[figures.indicator_code == ind.code]
    head = views.headline(rows, ind, lang, scope_all=state.scope == "all", units=state.units)
    with cols[n % 4]:
        st.metric(f"{ind.name(lang)} ({ind.unit(lang)})", head["value"])
        if head["units"]:
            src = ", ".join(titles.get(s, s)[:60] for s in head["sources"].split(", "))
            st.caption(t("metric_caption", lang, period=head["period"], note=head["note"], sources=src)
                       + (f" · **{t('sample_mark', lang)}**" if head["is_sample"] else ""))

# one chart: how many provinces report each main indicator (reported vs sample)
cover = figures.groupby(["indicator_code", "is_sample"]).unit_code.nunique().reset_index()
data = pd.DataFrame({
    "category": [cat[c].name(lang) for c in cover.indicator_code],
    "series": [t("sample_mark", lang) if s else t("reported_series", lang) for s in cover.is_sample],
    "value": cover.unit_code.astype(float),
    "label": [fmt.number(v, lang) for v in cover.unit_code],
    "is_sample": cover.is_sample.astype(bool),
})
spec = ChartSpec(kind="bar", title=t("coverage_title", lang), unit=t("coverage_unit", lang),
                 period=views.period_text(figures, lang) if len(figures) else "", lang=lang,
                 source=t("coverage_source", lang), data=data, is_sample=bool(data.is_sample.any()),
                 link=ui.link(state, PARAMS))
ui.render_chart(spec, make_bars(spec), key="overview_coverage")

st.subheader(t("freshness", lang))
info = dict(ui.query("pages/build_info").values.tolist())
fresh = ui.query("pages/freshness")
real = fresh[~fresh.is_sample]
sample = fresh[fresh.is_sample]


def _get(df, col):
    return int(df[col].iloc[0]) if len(df) else 0


st.write(t("built_at", lang, when=fmt.day(info.get("built_at", "")[:10]) + " " + info.get("built_at", "")[11:16]))
if len(real):
    st.write(t("latest_reported", lang, day=fmt.day(real.latest_period_end.iloc[0])))
st.write(t("reported_vs_sample", lang, real=fmt.number(_get(real, "figures"), lang),
           real_prov=_get(real, "provinces"), real_dist=_get(real, "districts"), real_src=_get(real, "sources"),
           sample=fmt.number(_get(sample, "figures"), lang), sample_prov=_get(sample, "provinces"),
           sample_dist=_get(sample, "districts")))
ui.save(state, PARAMS)
