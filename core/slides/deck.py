"""The .pptx deck: a title slide (conference title, date, organising unit), then one slide per view:
native charts (small multiples: at most six panels a slide, the rest on continuation slides), maps
as a kaleido picture with the key comparison beside it; caption, footer and speaker notes on each."""

from __future__ import annotations

import io
from dataclasses import replace

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from core import fmt
from core.auth import User
from core.charts import ChartSpec
from core.i18n import t
from core.plots import COLOURS
from core.slides.captions import caption
from core.slides.drawing import (
    CONTENT_W,
    GREY,
    INK,
    MARGIN_X,
    PANELS_PER_SLIDE,
    RED,
    SLIDE_H,
    SLIDE_W,
    footer,
    speaker_notes,
    text_box,
)
from core.slides.items import DeckItem, check_one_mode
from core.slides.native_charts import bar_chart, line_chart, rgb

CHART_KINDS = ("bar", "column", "line", "small_multiples")

TITLE_BOX = (MARGIN_X, Inches(0.3), CONTENT_W, Inches(0.75))
SUBTITLE_BOX = (MARGIN_X, Inches(1.02), CONTENT_W, Inches(0.4))
CHART_BOX = (MARGIN_X, Inches(1.45), CONTENT_W, Inches(4.35))
CAPTION_BOX = (MARGIN_X, Inches(5.85), CONTENT_W, Inches(0.68))


def _head(slide, spec: ChartSpec, suffix: str = "") -> None:
    text_box(slide, *TITLE_BOX, spec.title + (f" {suffix}" if suffix else ""), 28, bold=True, smallest=18,
         anchor=MSO_ANCHOR.BOTTOM)
    text_box(slide, *SUBTITLE_BOX, spec.subtitle_line, 15, color=GREY, smallest=10)


def _caption_box(slide, text: str) -> None:
    text_box(slide, *CAPTION_BOX, text, 16, color=INK, smallest=9)


def _title_slide(prs, title: str, day: str, organiser: str, lang: str, has_sample: bool) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, SLIDE_W, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = rgb(COLOURS[0])
    band.line.fill.background()
    text_box(slide, MARGIN_X, Inches(1.6), CONTENT_W, Inches(2.3), title, 40, bold=True, align=PP_ALIGN.CENTER,
         anchor=MSO_ANCHOR.BOTTOM, smallest=20)
    lines = [organiser] if organiser else []
    if day:
        lines.append(t("deck_date_line", lang, date=day))
    text_box(slide, MARGIN_X, Inches(4.2), CONTENT_W, Inches(1.2), "\n".join(lines), 22, color=GREY,
         align=PP_ALIGN.CENTER, smallest=12)
    text_box(slide, MARGIN_X, Inches(6.3), CONTENT_W, Inches(0.45), t("app_title", lang), 14, color=GREY,
         align=PP_ALIGN.CENTER, fit=False)
    if has_sample:
        text_box(slide, MARGIN_X, Inches(5.6), CONTENT_W, Inches(0.5), t("deck_has_sample", lang), 14, bold=True,
             color=RED, align=PP_ALIGN.CENTER, smallest=10)


def _chart_slide(prs, item: DeckItem, number: int, total: int) -> list:
    spec = item.spec
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _head(slide, spec)
    text = caption(spec, item.expected or None)
    if spec.data.dropna(subset=["value"]).empty:
        text_box(slide, *CHART_BOX, fmt.NO_DATA[spec.lang], 24, color=GREY, align=PP_ALIGN.CENTER,
             anchor=MSO_ANCHOR.MIDDLE, fit=False)
    elif spec.kind == "line":
        line_chart(slide, spec, CHART_BOX)
    else:
        bar_chart(slide, spec, spec.data, CHART_BOX)
    _caption_box(slide, text)
    footer(slide, spec, number, total)
    speaker_notes(slide, spec, text)
    return [slide]


def _multiples_slides(prs, item: DeckItem, number: int, total: int) -> list:
    spec = item.spec
    key = "panel" if "panel" in spec.data else "series"
    data = spec.data.dropna(subset=["value"])
    panels = list(dict.fromkeys(data[key])) or [spec.title]
    slides = []
    for start in range(0, len(panels), PANELS_PER_SLIDE):
        chunk = panels[start:start + PANELS_PER_SLIDE]
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        _head(slide, spec, t("deck_continued", spec.lang) if start else "")
        cols = 3 if len(chunk) > 4 else min(2, len(chunk))
        rows = -(-len(chunk) // cols)
        x0, y0, w, h = CHART_BOX
        cw, ch = int(w / cols), int(h / rows)
        for n, panel in enumerate(chunk):
            box = (x0 + (n % cols) * cw, y0 + (n // cols) * ch, cw - Inches(0.1), ch - Inches(0.05))
            panel_spec = ChartSpec(kind="column", title=str(panel), unit="", period="", source="", lang=spec.lang,
                                   data=data[data[key] == panel])
            bar_chart(slide, panel_spec, panel_spec.data, box, size=10 if rows > 1 else 12, title=str(panel))
        sub = ChartSpec(kind="small_multiples", title=spec.title, unit=spec.unit, period=spec.period,
                        source=spec.source, lang=spec.lang, link=spec.link, is_sample=spec.is_sample,
                        notes=spec.notes, data=data[data[key].isin(chunk)])
        text = caption(sub)
        _caption_box(slide, text)
        footer(slide, spec, number, total)
        speaker_notes(slide, spec, text)
        slides.append(slide)
    return slides


MAP_BOX = (MARGIN_X, Inches(1.45), Inches(7.9), Inches(5.0))
MAP_CAPTION_BOX = (MARGIN_X + Inches(8.1), Inches(1.7), CONTENT_W - Inches(8.1), Inches(4.6))


def map_for_slide(recipe: dict, user: User):
    """The map figure of a recipe fitted to the slide's map area (as ``user`` may see it); the slide
    carries title and footer as text, so the image keeps only the map, its legend, labels and the
    sample mark."""
    from core import images

    w, h = MAP_BOX[2], MAP_BOX[3]
    width = 960
    fig, spec = images.make_map(recipe, width=width, height=round(width * h / w), user=user)
    footer_y = -0.02
    fig.layout.annotations = [a for a in fig.layout.annotations
                              if not (a.yref == "paper" and a.y is not None and a.y == footer_y)]
    fig.update_layout(title={"text": ""}, margin={"t": 10, "b": 10})
    return fig, spec


def _map_slide(prs, item: DeckItem, picture: bytes | None, number: int, total: int) -> list:
    """The map as a picture on the left, the key comparison beside it."""
    spec = item.spec
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _head(slide, spec)
    if picture:
        slide.shapes.add_picture(io.BytesIO(picture), *MAP_BOX)
    text = caption(spec, item.expected or None).replace("; ", "\n")
    if (item.recipe or {}).get("mode") == "play":
        text += "\n" + t("deck_map_still", spec.lang, year=item.recipe.get("year"))
    text_box(slide, *MAP_CAPTION_BOX, text, 18, color=INK, smallest=10)
    footer(slide, spec, number, total)
    speaker_notes(slide, spec, text)
    return [slide]


def map_pictures(items: list[DeckItem], user: User) -> dict[int, bytes]:
    """PNG of every map item as ``user`` may see it, rendered in one kaleido batch (one browser)."""
    from core import images

    todo = [(n, map_for_slide(item.recipe, user)[0]) for n, item in enumerate(items)
            if item.spec.kind == "map" and item.recipe]
    if not todo:
        return {}
    pngs = images.render([f for _, f in todo], images.ImageOptions(size="1920x1080"))
    return {n: png for (n, _), png in zip(todo, pngs, strict=True)}


def build_deck(items: list[DeckItem], title: str, day: str = "", organiser: str = "", lang: str = "vi",
               pictures: dict[int, bytes] | None = None, *, user: User) -> bytes:
    """The .pptx bytes: a title slide, then one slide per view (small multiples may take more); maps
    are drawn as ``user`` may see them (core.access). The items must share one mode (MixedModes
    otherwise)."""
    sample = check_one_mode(items)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = title
    prs.core_properties.author = organiser or t("app_title", lang)
    _title_slide(prs, title, day, organiser, lang, sample or any(i.spec.is_sample for i in items))
    if pictures is None:
        pictures = map_pictures(items, user)
    total = len(items)
    for n, item in enumerate(items, start=1):
        if sample and not item.spec.is_sample:  # a view of the sample mode without figures: marked all the same
            item = DeckItem(replace(item.spec, is_sample=True), item.recipe, item.expected, item.sample)
        kind = item.spec.kind
        if kind == "map":
            _map_slide(prs, item, pictures.get(n - 1), n, total)
        elif kind == "small_multiples":
            _multiples_slides(prs, item, n, total)
        elif kind in CHART_KINDS:
            _chart_slide(prs, item, n, total)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()

