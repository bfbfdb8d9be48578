"""Mức đầy đủ số liệu / Data completeness (like DHIS2's reporting rates): where figures exist in the
view's mode — provinces × indicators (or × years for chosen indicators) with the number of figures,
the latest period and the number of sources; a map of how many indicators each province has
figures for; filters by indicator, year and 63/34 (sidebar). Logic in core.completeness."""

import streamlit as st

from core import completeness, fmt, maps
from core.i18n import t
from pages import _load as load
from pages import _map_ui as mu
from pages import _ui as ui

PARAMS = ("indicators",)
state, lang = ui.setup("completeness", PARAMS)
cat = ui.catalogue()
st.title(t("page_completeness", lang))
st.caption(t("completeness_intro", lang))

a, b = st.columns([3, 1])
chosen = a.multiselect(t("w_completeness_indicators", lang), cat.codes, key=ui.seed("cindicators", []),
                       format_func=lambda c: cat[c].name(lang), placeholder=t("all_option", lang))
state.indicators = chosen or state.indicators
first, last = load.year_range()
year = b.selectbox(t("w_year", lang), [0, *range(last, first - 1, -1)], key=ui.key("w_cyear"),
                   format_func=lambda y: str(y) if y else t("all_years", lang))
codes = tuple(chosen or cat.codes)
by_indicator = load.load_completeness(state.units, codes, year)
by_province = load.load_completeness(state.units, codes, year, False)
summary = completeness.summary(by_indicator, by_province, state.units)
mark = f" · {t('sample_mark', lang)}" if state.sample else ""
m1, m2, m3 = st.columns(3)
m1.metric(t("completeness_provinces", lang) + mark, f"{summary['provinces']}/{summary['total']}")
m2.metric(t("completeness_indicators", lang) + mark, f"{summary['indicators']}/{len(codes)}")
m3.metric(t("completeness_figures", lang) + mark, fmt.number(summary["figures"], lang))
if summary["national"]:
    st.caption(t("completeness_national", lang, n=fmt.number(summary["national"], lang)))
if summary["outside"] and state.units == "63":
    st.caption(t("completeness_after_reform", lang, n=fmt.number(summary["outside"], lang)))
if not summary["provinces"]:
    ui.render_no_data(t("what_completeness", lang))

left, right = st.columns([1, 1])
with left:
    if not mu.missing_geo(lang):
        fig, _ = completeness.make_map(by_indicator, state.units, year, lang, state.sample, ui.link(state, PARAMS))
        st.plotly_chart(mu.name_shapes(fig), key="completeness_map", width="content", config=maps.PLOT_CONFIG)
with right:
    ui.render_table(completeness.province_table(by_indicator, by_province, state.units, lang),
                    key="completeness_provinces", height=560)
if chosen:
    st.subheader(t("completeness_matrix_years", lang, indicator=", ".join(cat[c].name(lang) for c in chosen)))
    per_year = load.load_completeness(state.units, codes, year, True, True)
    ui.render_table(completeness.matrix(per_year, state.units, lang, "year"), key="completeness_years")
else:
    st.subheader(t("completeness_matrix", lang))
    ui.render_table(completeness.matrix(by_indicator, state.units, lang), key="completeness_matrix")
st.subheader(t("completeness_detail", lang))
detail = load.load_completeness(state.units, codes, year, True, bool(chosen))
ui.render_table(completeness.detail(detail, state.units, lang), key="completeness_detail")
ui.save(state, PARAMS)
