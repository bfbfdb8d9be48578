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
from core.slides import collection
from core.slides.items import DeckItem
from pages._access import session_user
from pages._load import mode

DECK = "deck_items"
MAP_RECIPE = "_map_recipe"
PNG, SVG = "image/png", "image/svg+xml"


def items() -> list[dict]:
    """The deck: serialisable items, in slide order."""
    return st.session_state.setdefault(DECK, [])


def _spec_key(spec: ChartSpec, recipe: dict | None = None) -> str:
    return DeckItem(spec, recipe, sample=mode()).key


def add_item(spec: ChartSpec, recipe: dict | None = None, expected: list[str] | None = None,
             sample: bool | None = None) -> bool:
    """Append a view of the current mode to the deck (once); False with a message when it is already
    there, the deck is full, or the deck holds the other mode (core.slides.collection.refusal)."""
    deck = items()
    item = DeckItem(spec, recipe, list(expected or []), sample=mode() if sample is None else sample)
    why = collection.refusal(deck, item, spec.lang)
    if why is not None:
        if why:
            st.toast(why)
        return False
    collection.add(deck, item)
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
    """The image downloads of a chart or map, drawn once their menu is opened (a rerun): closed, the menu
    is one button, so a new visitor's browser loads no download buttons for every chart of a page."""
    menu = st.popover(t("image_menu", lang), icon=":material/download:", help=t("image_hint", lang),
                      key=f"{key}_images", on_change="rerun")
    if not menu.open:
        return
    with menu:
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
        there = _spec_key(spec) in {i["key"] for i in items()}
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
