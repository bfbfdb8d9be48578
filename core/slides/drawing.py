"""Slide geometry, fonts and colours, and the text on a slide: boxes whose font shrinks until the
text fits, the footer (source, period, notes, sample mark, slide number) and the speaker notes."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from core.charts import ChartSpec
from core.i18n import t

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN_X = Inches(0.5)
CONTENT_W = SLIDE_W - 2 * MARGIN_X
FONT = "Be Vietnam Pro"
INK, GREY, RED = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x55, 0x55, 0x55), RGBColor(0xC0, 0x00, 0x00)
PANELS_PER_SLIDE = 6
FOOTER_NOTES = 320  # characters of chart notes shown in a slide footer


def fit_size(text: str, width: Emu, height: Emu, largest: float, smallest: float = 8.0) -> float:
    """The largest font size (pt) at which ``text`` fits the box (average glyph 0.55 em, line
    height 1.25 em): a conservative estimate, checked by the rendered-deck test."""
    size = largest
    while size > smallest:
        per_line = max(10, int(Emu(width).pt / (size * 0.55)))
        lines = sum(max(1, -(-len(p) // per_line)) for p in text.split("\n"))
        if lines * size * 1.25 <= Emu(height).pt:
            return size
        size -= 0.5
    return smallest


def text_box(slide, x, y, w, h, text: str, size: float, *, bold: bool = False, color: RGBColor = INK,
         align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, fit: bool = True, smallest: float = 8.0):
    shape = slide.shapes.add_textbox(x, y, w, h)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, Inches(0.04))
    size = fit_size(text, w - Inches(0.1), h - Inches(0.1), size, smallest) if fit else size
    for n, line in enumerate(text.split("\n")):
        para = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = color
    return shape


def footer(slide, spec: ChartSpec, number: int, total: int) -> None:
    lang = spec.lang
    parts = [f"{t('source', lang)}: {spec.source}" if spec.source else "",
             f"{t('period', lang)}: {spec.period}" if spec.period else ""]
    text = " · ".join(p for p in parts if p)
    if spec.notes:
        notes = " · ".join(spec.notes)
        if len(notes) > FOOTER_NOTES:  # the whole text stays in the speaker notes
            notes = notes[:FOOTER_NOTES].rsplit(" ", 1)[0] + f" … ({t('deck_notes_more', lang)})"
        text += "\n" + notes
    x, y, w, h = MARGIN_X, Inches(6.55), CONTENT_W - Inches(2.9), Inches(0.85)
    text_box(slide, x, y, w, h, text, 10, color=GREY, smallest=6.5)
    right = []
    if spec.is_sample:
        right.append(t("sample_mark", lang))
    right.append(f"{number}/{total}")
    text_box(slide, x + w + Inches(0.1), y, Inches(2.8), h, "\n".join(right), 11, bold=True,
         color=RED if spec.is_sample else GREY, align=PP_ALIGN.RIGHT, fit=False)


def speaker_notes(slide, spec: ChartSpec, text: str) -> None:
    lang = spec.lang
    lines = [t("deck_notes_link", lang, link=spec.link or "—"), "", spec.subtitle_line,
             f"{t('deck_notes_caption', lang)}: {text}", spec.footer]
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line is not None)

