"""Streamlit helpers of the export page: reorder, remove and clear the collected deck
(core.slides.collection over pages/_deck_ui.items), the quick add of a comparison, and the deck and
workbook downloads built only when clicked (Streamlit's deferred downloads)."""

from __future__ import annotations

from core import slides
from core.slides import collection
from pages._access import session_user
from pages._deck_ui import add_item, items
from pages._load import mode


def move(index: int, step: int) -> None:
    collection.move(items(), index, step)


def remove(index: int) -> None:
    collection.remove(items(), index)


def clear() -> None:
    items().clear()


def add_comparison(codes: list[str], indicators: list[str], units: str, lang: str, base_url: str, user) -> None:
    """Quick add: the chosen provinces on the given indicators, as the comparison page draws them, in
    the view's mode."""
    sample = mode()
    for item in slides.compare_items(codes, indicators, lang, units, base_url=base_url, sample=sample, user=user):
        add_item(item.spec, None, item.expected, sample=sample)


def deck_bytes(snapshot: list[dict], title: str, day: str, organiser: str, lang: str):
    """Callable building the .pptx when the download is clicked (maps as the current user may see them)."""
    user = session_user()

    def build() -> bytes:
        return slides.build_deck([slides.item_from_dict(d) for d in snapshot], title, day, organiser, lang,
                                 user=user)
    return build


def workbook_bytes(snapshot: list[dict], lang: str, sources):
    def build() -> bytes:
        return slides.build_workbook([slides.item_from_dict(d) for d in snapshot], lang, sources)
    return build
