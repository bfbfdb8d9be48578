"""Xuất slide / Export slides: the views collected with "Thêm vào bộ slide" on the other pages;
reorder, remove, then download a 16:9 PowerPoint deck (native editable charts, maps as images,
captions, sources, sample mark, links in the notes) and the Excel workbook of its data."""

from datetime import date
from urllib.parse import urlparse

import streamlit as st

from core import fmt, views
from core.i18n import t
from core.slides import collection
from pages import _deck_ui
from pages import _export_ui as deck
from pages import _load as load
from pages import _ui as ui

PARAMS = ("provinces",)
state, lang = ui.setup("export", PARAMS)
st.title(t("page_export", lang))
st.caption(t("export_intro", lang))

names = views.provinces(state.units)
chosen = ", ".join(names.at[c, "name_vi" if lang == "vi" else "name_en"] for c in state.provinces if c in names.index)
visible = ui.catalogue().codes  # indicators with figures for these provinces in the view's mode (core.defaults)
main = [c for c in load.deck_indicators(tuple(state.provinces), state.units, user=ui.user())
        if c in visible]
url = urlparse(st.context.url or "")
base = f"{url.scheme}://{url.netloc}" if url.netloc else ""
st.button(t("export_quick", lang, names=chosen, n=len(main)), key="deck_quick", icon=":material/playlist_add:",
          on_click=deck.add_comparison,
          args=(list(state.provinces), main, state.units, lang, base, ui.user()))

items = _deck_ui.items()
if not items:
    st.info(t("export_empty", lang))
    ui.save(state, PARAMS)
    st.stop()

st.subheader(t("export_items", lang, n=len(items)))
deck_sample = collection.is_sample(items)
(st.warning if deck_sample else st.caption)(t("export_mode_sample" if deck_sample else "export_mode_real", lang))
for n, item in enumerate(items):
    spec = item["spec"]
    kind = t("export_kind_map" if spec["kind"] == "map" else "export_kind_chart", lang)
    with st.container(border=True, horizontal=True, vertical_alignment="center", key=f"deck_row_{n}"):
        sample = f" · :red[{t('sample_mark', lang)}]" if spec["is_sample"] else ""
        st.markdown(f"**{n + 1}. {spec['title']}**  \n{spec['period']} · {kind}{sample}", width="stretch")
        if spec.get("link"):
            st.link_button(t("export_open", lang), spec["link"], icon=":material/open_in_new:")
        st.button(t("export_up", lang), key=f"deck_up_{n}", icon=":material/arrow_upward:", disabled=n == 0,
                  on_click=deck.move, args=(n, -1))
        st.button(t("export_down", lang), key=f"deck_down_{n}", icon=":material/arrow_downward:",
                  disabled=n == len(items) - 1, on_click=deck.move, args=(n, 1))
        st.button(t("export_remove", lang), key=f"deck_remove_{n}", icon=":material/delete:",
                  on_click=deck.remove, args=(n,))
st.button(t("export_clear", lang), key="deck_clear", on_click=deck.clear)

st.divider()
title = st.text_input(t("export_title", lang), value=t("deck_default_title", lang), key="deck_title", max_chars=200)
left, right = st.columns(2)
day = left.date_input(t("export_date", lang), value=date.today(), format="DD/MM/YYYY", key="deck_date")
organiser = right.text_input(t("export_organiser", lang), value=t("deck_default_organiser", lang),
                             key="deck_organiser", max_chars=200)
pptx_name, xlsx_name = collection.file_names(day, deck_sample)
snapshot = [dict(i) for i in items]
a, b = st.columns(2)
a.download_button(t("export_pptx", lang), data=deck.deck_bytes(snapshot, title, fmt.day(day) if day else "",
                                                                organiser, lang),
                  file_name=pptx_name, key="deck_pptx", on_click="ignore", type="primary",
                  mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  icon=":material/slideshow:")
b.download_button(t("export_xlsx", lang), data=deck.workbook_bytes(snapshot, lang, load.query("pages/sources")),
                  file_name=xlsx_name, key="deck_xlsx", on_click="ignore",
                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  icon=":material/table:")
ui.save(state, PARAMS)
