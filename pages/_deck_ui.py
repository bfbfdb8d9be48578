"""Streamlit helpers of the slide deck: under every chart and map a "Thêm vào bộ slide" button and
an image menu (PNG 1920×1080 / 1280×720, transparent PNG, SVG); the deck collection in
st.session_state as a list of serialisable items (core.slides.item_to_dict: ChartSpec + link,
plus the map recipe for maps, and the mode of the view). A deck holds one mode: a view of the other
mode (real figures / sample data) is refused with a message.

Nothing is rendered on a rerun: the download buttons get callables (Streamlit's deferred
downloads) that run kaleido only when clicked; core.images caches the bytes per figure."""

from __future__ import annotations

import streamlit as st

from core import images
from core.charts import ChartSpec
from core.i18n import t
from pages._access import session_user
from pages._load import mode

DECK = "deck_items"
MAP_RECIPE = "_map_recipe"
PNG, SVG = "image/png", "image/svg+xml"


def items() -> list[dict]:
    """The deck: serialisable items, in slide order."""
    return st.session_state.setdefault(DECK, [])


def _keys() -> set[str]:
    return {i["key"] for i in items()}


def _spec_key(spec: ChartSpec, recipe: dict | None = None) -> str:
    from core.slides import DeckItem

    return DeckItem(spec, recipe, sample=mode()).key


def add_item(spec: ChartSpec, recipe: dict | None = None, expected: list[str] | None = None,
             sample: bool | None = None) -> bool:
    """Append a view of the current mode to the deck (once); False when it is already there, the deck
    is full, or the deck holds the other mode (real figures and sample data never share a deck)."""
    from core.slides import MAX_ITEMS, DeckItem, item_to_dict

    deck = items()
    sample = mode() if sample is None else sample
    item = DeckItem(spec, recipe, list(expected or []), sample=sample)
    if item.key in _keys():
        return False
    if deck and bool(deck[0].get("sample")) != sample:
        st.toast(t("deck_mixed_modes", spec.lang, deck=t(f"deck_mode_{'sample' if deck[0].get('sample') else 'real'}",
                                                          spec.lang),
                   view=t(f"deck_mode_{'sample' if sample else 'real'}", spec.lang)))
        return False
    if len(deck) >= MAX_ITEMS:
        st.toast(t("deck_full", spec.lang, n=MAX_ITEMS))
        return False
    deck.append({**item_to_dict(item), "key": item.key})
    st.toast(t("deck_added", spec.lang, n=len(deck)))
    return True


def _add_map(recipe: dict) -> None:
    _, spec = images.make_map(recipe, user=session_user())
    add_item(spec, recipe, sample=bool(recipe.get("sample")))


def _chart_bytes(spec: ChartSpec, options: images.ImageOptions):
    return lambda: images.chart_image(spec, options)


def _map_bytes(recipe: dict, options: images.ImageOptions):
    user = session_user()  # taken now: the deferred download runs outside the page's run
    return lambda: images.map_image(recipe, options, user=user)


def _image_menu(make, stem: str, lang: str, key: str) -> None:
    with st.popover(t("image_menu", lang), icon=":material/download:", help=t("image_hint", lang)):
        for label, size, clear, fmt in (("image_png_1920", "1920x1080", False, "png"),
                                        ("image_png_1280", "1280x720", False, "png"),
                                        ("image_png_transparent", "1920x1080", True, "png"),
                                        ("image_svg", "1920x1080", False, "svg")):
            options = images.ImageOptions(size, clear, fmt)
            st.download_button(t(label, lang), data=make(options), file_name=options.file_name(stem),
                               mime=SVG if fmt == "svg" else PNG, on_click="ignore", key=f"{key}_{label}")


def render_chart_actions(spec: ChartSpec, key: str | None = None) -> None:
    """Add-to-deck button and image downloads under a chart (called by pages/_ui.render_chart)."""
    if spec.kind not in ("bar", "column", "line", "small_multiples"):
        return
    key = f"deck_{key or abs(hash((spec.title, spec.subtitle_line)))}"
    lang = spec.lang
    with st.container(horizontal=True, key=f"{key}_row"):
        there = _spec_key(spec) in _keys()
        st.button(t("deck_in" if there else "deck_add", lang), key=f"{key}_add", icon=":material/slideshow:",
                  disabled=there, on_click=add_item, args=(spec,))
        _image_menu(lambda options: _chart_bytes(spec, options), images.file_stem(spec), lang, key)


def render_map_actions(key: str, lang: str = "vi") -> None:
    """The same under a map (called by pages/_map_ui.render_map); the map is redrawn at 16:9 from
    the recipe the map page recorded (pages/_map_ui.build)."""
    recipe = st.session_state.get(MAP_RECIPE)
    if not recipe:
        return
    lang = recipe.get("lang", lang)
    key = f"deck_{key}"
    with st.container(horizontal=True, key=f"{key}_row"):
        st.button(t("deck_add", lang), key=f"{key}_add", icon=":material/slideshow:", on_click=_add_map,
                  args=(dict(recipe),))
        stem = images.file_stem(f"ban_do_{recipe.get('code', '')}_{recipe.get('year', '')}")
        _image_menu(lambda options: _map_bytes(dict(recipe), options), stem, lang, key)


# --- export page ----------------------------------------------------------------------------------

def move(index: int, step: int) -> None:
    deck = items()
    other = index + step
    if 0 <= index < len(deck) and 0 <= other < len(deck):
        deck[index], deck[other] = deck[other], deck[index]


def remove(index: int) -> None:
    deck = items()
    if 0 <= index < len(deck):
        deck.pop(index)


def clear() -> None:
    items().clear()


def add_comparison(codes: list[str], indicators: list[str], units: str, lang: str, base_url: str, user) -> None:
    """Quick add: the chosen provinces on the given indicators, as the comparison page draws them, in
    the view's mode."""
    from core import slides

    sample = mode()
    for item in slides.compare_items(codes, indicators, lang, units, base_url=base_url, sample=sample, user=user):
        add_item(item.spec, None, item.expected, sample=sample)


def deck_bytes(snapshot: list[dict], title: str, day: str, organiser: str, lang: str):
    """Callable building the .pptx when the download is clicked (maps as the current user may see them)."""
    user = session_user()

    def build() -> bytes:
        from core import slides

        return slides.build_deck([slides.item_from_dict(d) for d in snapshot], title, day, organiser, lang,
                                 user=user)
    return build


def workbook_bytes(snapshot: list[dict], lang: str, sources):
    def build() -> bytes:
        from core import slides

        return slides.build_workbook([slides.item_from_dict(d) for d in snapshot], lang, sources)
    return build
