"""The export page and the deck buttons (AppTest): adding views from the comparison and map pages,
quick add, reorder, remove, downloads offered lazily, the deck built from the page's collection."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from core.auth import User
from core.catalogue import load_catalogue
from core.i18n import t
from pages import _deck_ui, _export_ui
from tests.conftest import needs_geo

ADMIN = User.command_line()  # sees every figure (core.access)

TIMEOUT = 60


def export_page(warehouse, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/export.py", default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(at: AppTest) -> list[str]:
    return [i["spec"]["title"] for i in at.session_state[_deck_ui.DECK]]


def test_empty_deck_says_so_and_offers_quick_add(warehouse, monkeypatch):
    at = export_page(warehouse, monkeypatch)
    assert at.title[0].value == t("page_export", "vi")
    assert any(t("export_empty", "vi") in i.value for i in at.info)
    assert "Kon Tum, Điện Biên, Nghệ An" in at.button(key="deck_quick").label
    assert not at.get("download_button")
    english = export_page(warehouse, monkeypatch, lang="en")
    assert english.title[0].value == "Export slides"


def test_quick_add_reorder_remove_and_download(warehouse, monkeypatch):
    from core import defaults

    at = export_page(warehouse, monkeypatch)
    at.button(key="deck_quick").click().run()
    cat = load_catalogue()
    main = [cat[c].name_vi for c in defaults.deck_indicators(("62", "11", "40"), "63", warehouse,
                                                            user=User(mode="local"))]  # the page's user
    assert len(main) > 3 and titles(at) == main  # one view per indicator with real figures, main ones first
    assert not any(i["sample"] or i["spec"]["is_sample"] for i in at.session_state[_deck_ui.DECK])
    shown = " ".join(m.value for m in at.markdown)
    assert all(name in shown for name in main)
    assert {d.key for d in at.get("download_button")} == {"deck_pptx", "deck_xlsx"}

    at.button(key="deck_down_0").click().run()
    assert titles(at)[:2] == [main[1], main[0]]
    at.button(key="deck_up_1").click().run()
    assert titles(at)[:2] == main[:2]
    at.button(key="deck_remove_0").click().run()
    assert titles(at) == main[1:]
    at.button(key="deck_quick").click().run()  # adding the same views again adds nothing twice...
    assert sorted(titles(at)) == sorted(main)  # ... only the one removed comes back

    at.text_input(key="deck_title").set_value("Sơ kết phong trào năm 2024").run()
    snapshot = list(at.session_state[_deck_ui.DECK])
    prs = Presentation(io.BytesIO(_export_ui.deck_bytes(snapshot, "Sơ kết phong trào năm 2024", "19/05/2023",
                                                      "Công an tỉnh", "vi")()))
    assert len(prs.slides) == 1 + len(snapshot)
    first = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "Sơ kết phong trào năm 2024" in first and "19/05/2023" in first
    book = openpyxl.load_workbook(io.BytesIO(_export_ui.workbook_bytes(snapshot, "vi", None)()))
    assert t("sheet_sources", "vi") in book.sheetnames

    at.button(key="deck_clear").click().run()
    assert titles(at) == []


def test_a_deck_never_mixes_real_figures_and_sample_data(warehouse, monkeypatch):
    """Quick add in real mode, then the sample mode: its views are refused while the deck holds
    real figures; cleared, the deck takes the sample views, all marked. Building a mixed list fails."""
    from core import slides

    at = export_page(warehouse, monkeypatch)
    at.button(key="deck_quick").click().run()
    real = list(titles(at))
    at.toggle(key="w_sample__vi").set_value(True).run()
    assert not at.exception and at.query_params["sample"] in ("1", ["1"])
    at.button(key="deck_quick").click().run()
    assert titles(at) == real and not any(i["sample"] for i in at.session_state[_deck_ui.DECK])
    assert any(t("export_mode_real", "vi") in c.value for c in at.caption)
    at.button(key="deck_clear").click().run()
    at.button(key="deck_quick").click().run()
    deck = at.session_state[_deck_ui.DECK]
    assert deck and all(i["sample"] and i["spec"]["is_sample"] for i in deck)
    assert any(t("export_mode_sample", "vi") in w.value for w in at.warning)
    assert all("sample=1" in i["spec"]["link"] for i in deck)  # the notes' links reopen the sample view
    mixed = [slides.item_from_dict(deck[0]), slides.DeckItem(slides.item_from_dict(deck[0]).spec, sample=False)]
    with pytest.raises(slides.MixedModes):
        slides.build_deck(mixed, "x", user=ADMIN)
    with pytest.raises(slides.MixedModes):
        slides.build_workbook(mixed)


def test_compare_page_adds_its_chart(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/compare.py", default_timeout=TIMEOUT)
    at.query_params.update({"provinces": "62,11,40", "indicators": "campaign_launches,models_new"})
    at.run()
    assert not at.exception
    adds = [b for b in at.button if b.label == t("deck_add", "vi")]
    assert len(adds) == 2  # one per chart
    adds[1].click().run()
    deck = at.session_state[_deck_ui.DECK]
    assert [d["spec"]["title"] for d in deck] == [load_catalogue()["models_new"].name_vi]
    query = parse_qs(urlparse(deck[0]["spec"]["link"]).query)
    assert query["provinces"] == ["62,11,40"]
    assert [b.label for b in at.button].count(t("deck_in", "vi")) == 1  # the button now says it is there


def test_image_downloads_are_drawn_once_their_menu_is_opened(warehouse, monkeypatch):
    """Closed, a chart's image menu is one button; opened, it offers the four images of that chart."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/compare.py", default_timeout=TIMEOUT)
    at.query_params.update({"provinces": "62,11,40", "indicators": "campaign_launches,models_new"})
    at.run()
    assert not at.exception and not at.get("download_button")
    assert len([b for b in at.button if b.label == t("deck_add", "vi")]) == 2  # two charts, each with its menu
    at.session_state["deck_chart_1_images"] = True  # the second chart's menu (pages/_deck_ui)
    at.run()
    got = at.get("download_button")
    assert not at.exception and len(got) == 4 and all(d.proto.label for d in got)
    assert {d.key.rsplit("_image_", 1)[0] for d in got} == {"deck_chart_1"}  # the opened chart's only


@needs_geo
def test_map_page_adds_its_map(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/map.py", default_timeout=TIMEOUT)
    at.query_params.update({"indicators": "campaign_launches"})
    at.run()
    assert not at.exception
    recipe = at.session_state[_deck_ui.MAP_RECIPE]
    assert recipe["code"] == "campaign_launches" and recipe["level"] == "provinces"
    next(b for b in at.button if b.label == t("deck_add", "vi")).click().run()
    deck = at.session_state[_deck_ui.DECK]
    assert len(deck) == 1 and deck[0]["spec"]["kind"] == "map" and deck[0]["recipe"]["year"] == recipe["year"]
