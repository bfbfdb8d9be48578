"""Chỉ tiêu & nguồn / Indicators & sources: each indicator's definition, unit and aggregation;
each figure's source (title, publisher, date, file), number phrase and locator, and whether other
sources confirm it or give it differently; the figures that sources give differently; filters;
CSV and Excel downloads (formula-escaped by core.excel). One mode: real figures, or sample data."""

import streamlit as st

from core import views
from core.excel import to_csv_bytes, to_excel_bytes
from core.i18n import t
from pages import _load as load
from pages import _ui as ui

PARAMS = ("group", "q", "source", "scope")
state, lang = ui.setup("indicators", PARAMS)
cat = ui.catalogue()
st.title(t("page_indicators", lang))

names = views.provinces(state.units)
col = "name_vi" if lang == "vi" else "name_en"
titles = ui.sources(lang)
a, b = st.columns(2)
state.group = a.selectbox(t("w_group", lang), ["", *cat.groups], key=ui.seed("group", state.group),
                          format_func=lambda g: cat.groups[g].name(lang) if g else t("all_option", lang))
state.q = b.text_input(t("w_q", lang), key=ui.seed("q", state.q), max_chars=60)
c, d = st.columns(2)
state.scope = c.selectbox(t("w_province", lang), ["all", *names.index], key=ui.seed("scope", state.scope),
                          format_func=lambda s: t("whole_country", lang) if s == "all" else names.at[s, col])
state.source = d.selectbox(t("w_source", lang), ["", *titles], key=ui.seed("source", state.source),
                           format_func=lambda s: titles.get(s, "")[:80] if s else t("all_option", lang))

codes = views.filter_indicators(cat, state.group, state.q)
st.subheader(t("indicators_title", lang))
catalogue_table = load.load_catalogue_table(tuple(codes), lang, user=ui.user())
ui.render_table(catalogue_table, key="catalogue_table")

st.subheader(t("figures_title", lang))
province = "" if state.scope == "all" or state.units == "34" else state.scope
province_2025 = state.scope if state.units == "34" and state.scope != "all" else ""
figures = load.load_figures_sources(tuple(codes), province, province_2025, state.source, lang, user=ui.user())
ui.render_table(figures.head(5000), key="figures_table")
if len(figures) > 5000:
    st.caption(t("rows_limited", lang, n=5000, limit=views.FIGURE_LIMIT))

sheets = {t("figures_title", lang): figures, t("indicators_title", lang): catalogue_table}  # as this user sees them
x, y = st.columns(2)
stem = "antq_du_lieu_mau" if load.mode() else "antq_figures"  # a sample download says so in its name too
x.download_button(t("download_csv", lang), lambda: to_csv_bytes(figures), file_name=f"{stem}.csv",
                  mime="text/csv", key="dl_csv")
y.download_button(t("download_xlsx", lang), lambda: to_excel_bytes(sheets), file_name=f"{stem}.xlsx",
                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_xlsx")

st.subheader(t("conflicts_title", lang))
st.caption(t("conflicts_intro", lang))
conflicts = load.load_conflicts_table(tuple(codes), lang, user=ui.user())
if len(conflicts):
    ui.render_table(conflicts, key="conflicts_table")
else:
    st.caption(t("conflicts_none", lang))
ui.save(state, PARAMS)
