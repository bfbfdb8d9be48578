"""The deck being collected on the pages: a list of serialisable items (``item_to_dict`` plus the view's
``key``) in slide order. Adding refuses a view already there, a view of the other mode (real figures
and sample data never share a deck) and a view beyond MAX_ITEMS; items can be moved and removed; the
downloads are named by date and mode. Nothing here imports streamlit."""

from __future__ import annotations

from datetime import date

from core.i18n import t
from core.slides.items import MAX_ITEMS, DeckItem, item_to_dict


def refusal(deck: list[dict], item: DeckItem, lang: str) -> str | None:
    """Why ``item`` cannot join ``deck`` (a message; '' when it is already there), None when it can."""
    if item.key in {i["key"] for i in deck}:
        return ""
    if deck and bool(deck[0].get("sample")) != item.sample:
        return t("deck_mixed_modes", lang, deck=t(f"deck_mode_{'sample' if deck[0].get('sample') else 'real'}", lang),
                 view=t(f"deck_mode_{'sample' if item.sample else 'real'}", lang))
    if len(deck) >= MAX_ITEMS:
        return t("deck_full", lang, n=MAX_ITEMS)
    return None


def add(deck: list[dict], item: DeckItem) -> None:
    deck.append({**item_to_dict(item), "key": item.key})


def move(deck: list[dict], index: int, step: int) -> None:
    """Swap item ``index`` with its neighbour ``step`` away (-1 up, 1 down) when both exist."""
    other = index + step
    if 0 <= index < len(deck) and 0 <= other < len(deck):
        deck[index], deck[other] = deck[other], deck[index]


def remove(deck: list[dict], index: int) -> None:
    if 0 <= index < len(deck):
        deck.pop(index)


def is_sample(deck: list[dict]) -> bool:
    """The deck's mode (True: sample data), that of its first item."""
    return bool(deck and deck[0].get("sample"))


def file_names(day: date | None, sample: bool) -> tuple[str, str]:
    """The .pptx and .xlsx download names: by date, saying so when the deck is sample data."""
    stamp = (day.strftime("%Y%m%d") if day else "deck") + ("_du_lieu_mau" if sample else "")
    return f"bo_slide_{stamp}.pptx", f"so_lieu_bo_slide_{stamp}.xlsx"
