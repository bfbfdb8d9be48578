"""Conference decks: an editable 16:9 PowerPoint file of chosen views and an Excel workbook of
the data behind it.

A deck is a list of ``DeckItem``: a ChartSpec (serialisable, see ``item_to_dict``) and, for
maps, the recipe that redraws the map at 16:9 (core.images.make_map). ``build_deck`` writes
a title slide (conference title, date, organising unit), then one slide per view:

* bar, column and line views become NATIVE PowerPoint charts (python-pptx chart objects, data
  editable in PowerPoint), each point labelled as printed ('> 2.053', '96,5%'), sample points
  paler; small multiples become one native column chart per panel (each panel keeps its own
  unit and axis), at most six panels per slide, the rest on continuation slides;
* maps become a kaleido PNG (one browser for the whole deck);
* a caption written from the data states the key comparison (highest and lowest with their
  values, qualifiers kept; compared provinces without a figure named 'chưa có số liệu');
* the footer carries source, period, notes (first: figures that sources give differently, with
  both values and their sources) and the sample mark; the speaker notes hold the link that
  reopens the view.

A deck never mixes modes: its items are all real figures or all sample data (``DeckItem.sample``);
``build_deck`` and ``build_workbook`` refuse a mixed list (MixedModes).

Command line (batch decks from the warehouse)::

    python -m core.slides --provinces 62,11,40 [--indicators CODES] [--title TEXT] --out deck.pptx

compares those provinces on the main indicators of the catalogue (same honest grouping as the
comparison page: core.compare.make_specs) and writes deck.xlsx beside it unless --no-excel.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from core import fmt
from core.auth import User
from core.charts import ChartSpec
from core.figures import COLOURS
from core.i18n import t

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN_X = Inches(0.5)
CONTENT_W = SLIDE_W - 2 * MARGIN_X
FONT = "Be Vietnam Pro"
INK, GREY, RED = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x55, 0x55, 0x55), RGBColor(0xC0, 0x00, 0x00)
PANELS_PER_SLIDE = 6
FOOTER_NOTES = 320  # characters of chart notes shown in a slide footer
MAX_ITEMS = 40
CHART_KINDS = ("bar", "column", "line", "small_multiples")
BASE_URL_ENV = "ANTQ_BASE_URL"
DEFAULT_BASE_URL = "http://localhost:8501"


# --- deck items ------------------------------------------------------------------------------

@dataclass
class DeckItem:
    """One view of the deck: its spec and, for maps, the recipe that redraws it."""

    spec: ChartSpec
    recipe: dict | None = None
    expected: list[str] = field(default_factory=list)  # compared units, named (for 'chưa có số liệu')
    sample: bool = False  # the mode of the view it was made from (core.mode)

    @property
    def key(self) -> str:
        """Identity of the view (same view added twice = same key)."""
        return (f"{self.spec.kind}|{self.spec.title}|{self.spec.subtitle_line}|{self.spec.link}|{self.recipe}"
                f"|{self.sample}")


class MixedModes(ValueError):
    """A deck's items come from both modes (real figures and sample data): never built."""


def check_one_mode(items: list[DeckItem]) -> bool:
    """The deck's mode (True = sample data); MixedModes when its items mix real and sample views."""
    modes = {bool(i.sample) for i in items}
    if len(modes) > 1:
        raise MixedModes("a deck holds either real figures or sample data, never both")
    return modes.pop() if modes else False


def spec_to_dict(spec: ChartSpec) -> dict:
    data = spec.data.copy()
    for col in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[col]):
            data[col] = data[col].dt.strftime("%Y-%m-%d")
    data = data.astype(object).where(data.notna(), None)
    return {"kind": spec.kind, "title": spec.title, "unit": spec.unit, "period": spec.period,
            "source": spec.source, "subtitle": spec.subtitle, "is_sample": bool(spec.is_sample),
            "link": spec.link, "notes": list(spec.notes), "lang": spec.lang,
            "data": {"columns": list(data.columns), "rows": data.values.tolist()}}


def spec_from_dict(d: dict) -> ChartSpec:
    data = pd.DataFrame(d["data"]["rows"], columns=d["data"]["columns"])
    if "value" in data:
        data["value"] = pd.to_numeric(data["value"], errors="coerce").astype(float)
    if "x" in data:
        data["x"] = pd.to_datetime(data["x"])
    if "is_sample" in data:
        data["is_sample"] = data["is_sample"].fillna(False).astype(bool)
    return ChartSpec(kind=d["kind"], title=d["title"], unit=d["unit"], period=d["period"], source=d["source"],
                     data=data, subtitle=d.get("subtitle", ""), is_sample=bool(d.get("is_sample")),
                     link=d.get("link", ""), notes=list(d.get("notes", [])), lang=d.get("lang", "vi"))


def item_to_dict(item: DeckItem) -> dict:
    return {"spec": spec_to_dict(item.spec), "recipe": item.recipe, "expected": list(item.expected),
            "sample": bool(item.sample)}


def item_from_dict(d: dict) -> DeckItem:
    return DeckItem(spec_from_dict(d["spec"]), d.get("recipe"), list(d.get("expected", [])), bool(d.get("sample")))


def expected_units(spec: ChartSpec) -> list[str]:
    """Names of the provinces a comparison link names (empty for other views)."""
    from core import views

    query = parse_qs(urlparse(spec.link).query)
    codes = [c for c in ",".join(query.get("provinces", [])).split(",") if c]
    units = (query.get("units") or ["63"])[0]
    return [views.unit_name(c, units if units in ("63", "34") else "63", spec.lang) for c in codes]


# --- captions ------------------------------------------------------------------------------

def _with_unit(label: str, unit: str) -> str:
    """'20.494 (2024)' + 'đợt' → '20.494 đợt (2024)'; '96,5%' stays."""
    if not unit or unit == "%" or label.endswith("%") or "%" in label.split(" (")[0]:
        return label
    m = re.match(r"^(.*?)( \(.*\))$", label)
    return f"{m.group(1)} {unit}{m.group(2)}" if m else f"{label} {unit}"


def _rank_text(rows: pd.DataFrame, unit: str, lang: str) -> list[str]:
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return []
    if len(rows) == 1:
        r = rows.iloc[0]
        return [f"{r.category}: {_with_unit(str(r.label), unit)}, {t('caption_only', lang)}"]
    ordered = rows.sort_values("value", ascending=False, kind="stable")
    hi, lo = ordered.iloc[0], ordered.iloc[-1]
    if hi.value == lo.value:
        return [f"{', '.join(ordered.category)}: {_with_unit(str(hi.label), unit)}, {t('caption_equal', lang)}"]
    return [f"{hi.category}: {_with_unit(str(hi.label), unit)}, {t('caption_highest', lang)}",
            f"{lo.category}: {_with_unit(str(lo.label), unit)}, {t('caption_lowest', lang)}"]


def caption(spec: ChartSpec, expected: list[str] | None = None) -> str:
    """The key comparison of a view, from its data: 'Nghệ An: 20.494 đợt (2024), cao nhất;
    Kon Tum: > 2.053 đợt/năm, thấp nhất; Điện Biên: chưa có số liệu'."""
    lang = spec.lang
    data = spec.data
    if spec.kind == "map":
        data = data[data["series"] == data["series"].iloc[-1]] if len(data) and "series" in data else data
    elif spec.kind == "line" and len(data):
        data = data.sort_values("x").groupby("category", sort=False).tail(1)
    parts: list[str] = []
    if spec.kind == "small_multiples":
        key = "panel" if "panel" in data else "series"
        for panel, grp in data.groupby(key, sort=False):
            ranked = _rank_text(grp, "", lang)
            if ranked:
                parts.append(f"{str(panel).split(' (')[0]} — " + "; ".join(ranked))
        return " | ".join(parts) or t("caption_none", lang)
    series = list(dict.fromkeys(data["series"])) if len(data) else []
    for s in series:
        ranked = _rank_text(data[data["series"] == s], spec.unit, lang)
        if ranked:
            prefix = f"{s}: " if len(series) > 1 and spec.kind != "map" else ""
            parts.append(prefix + "; ".join(ranked))
    shown = set(data.dropna(subset=["value"])["category"]) if len(data) else set()
    expected = expected if expected is not None else expected_units(spec)
    noted = " ".join(spec.notes)
    for name in expected:
        if name in shown:
            continue
        apart = any(n.startswith(f"{name} (") for n in spec.notes) or f"{name} (" in noted
        parts.append(f"{name}: {t('caption_apart', lang) if apart else fmt.NO_DATA[lang]}")
    if not parts:
        return t("caption_none", lang)
    lead = f"{t('caption_latest', lang)} — " if spec.kind == "line" else ""
    return lead + "; ".join(parts)


# --- text boxes ----------------------------------------------------------------------------

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


def _box(slide, x, y, w, h, text: str, size: float, *, bold: bool = False, color: RGBColor = INK,
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


def _footer(slide, spec: ChartSpec, number: int, total: int) -> None:
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
    _box(slide, x, y, w, h, text, 10, color=GREY, smallest=6.5)
    right = []
    if spec.is_sample:
        right.append(t("sample_mark", lang))
    right.append(f"{number}/{total}")
    _box(slide, x + w + Inches(0.1), y, Inches(2.8), h, "\n".join(right), 11, bold=True,
         color=RED if spec.is_sample else GREY, align=PP_ALIGN.RIGHT, fit=False)


def _notes(slide, spec: ChartSpec, text: str) -> None:
    lang = spec.lang
    lines = [t("deck_notes_link", lang, link=spec.link or "—"), "", spec.subtitle_line,
             f"{t('deck_notes_caption', lang)}: {text}", spec.footer]
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line is not None)


# --- native charts -------------------------------------------------------------------------

def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _pale(hex_colour: str, amount: float = 0.5) -> RGBColor:
    c = hex_colour.lstrip("#")
    rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    return RGBColor(*[round(v + (255 - v) * amount) for v in rgb])


def _number_format(values: pd.Series, lang: str) -> str:
    """Axis number format; Vietnamese thousands dots whatever the viewer's locale (integers)."""
    whole = values.dropna()
    if lang == "vi" and len(whole) and (whole == whole.round()).all() and (whole >= 0).all():
        return '[>=1000000]#"."###"."###;[>=1000]#"."###;0'
    return "#,##0.##"


def headroom(top: float, share: float = 1.2) -> float:
    """A round axis maximum leaving room above the tallest bar for its label."""
    target = top * share
    step = 10 ** math.floor(math.log10(target)) / 2
    return math.ceil(target / step) * step


def _style_chart(chart, spec: ChartSpec, values: pd.Series, size: int = 14) -> None:
    chart.font.name, chart.font.size = FONT, Pt(size)
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    axis.tick_labels.number_format = _number_format(values, spec.lang)
    axis.tick_labels.number_format_is_linked = False
    axis.minimum_scale = 0
    top = values.max() if len(values.dropna()) else 0
    labels = spec.data["label"].dropna().astype(str) if "label" in spec.data else pd.Series(dtype=str)
    percent = spec.unit == "%" or (len(labels) > 0 and labels.str.contains("%").all())
    if percent and top <= 100:
        axis.maximum_scale = 100
    elif top > 0:
        axis.maximum_scale = headroom(float(top))
    axis.format.line.fill.background()
    axis.tick_labels.font.size = Pt(size - 2)
    chart.category_axis.tick_labels.font.size = Pt(size - 1)


def _label_points(series, labels: list, colour: str, samples: list[bool], size: int,
                  position=XL_LABEL_POSITION.OUTSIDE_END) -> None:
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(colour)
    for i, (label, sample) in enumerate(zip(labels, samples, strict=True)):
        if label is None:
            continue
        point = series.points[i]
        if sample:
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _pale(colour)
        dl = point.data_label
        dl.has_text_frame = True
        dl.text_frame.text = str(label)
        dl.position = position
        for para in dl.text_frame.paragraphs:
            for run in para.runs:
                run.font.size, run.font.name = Pt(size), FONT


def _bar_chart(slide, spec: ChartSpec, data: pd.DataFrame, box, size: int = 14, title: str | None = None):
    """Column ('column', 'small_multiples' panels) or horizontal bar chart: categories = units,
    one series per spec series; labels as printed."""
    x, y, w, h = box
    data = data.dropna(subset=["value"])
    cats = list(dict.fromkeys(data["category"]))
    series = list(dict.fromkeys(data["series"]))
    cd = CategoryChartData()
    cd.categories = cats
    grid = {}
    for s in series:
        rows = data[data["series"] == s].drop_duplicates("category").set_index("category")
        grid[s] = rows.reindex(cats)
        cd.add_series(str(s), [None if pd.isna(v) else float(v) for v in grid[s]["value"]])
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.kind == "bar" else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, x, y, w, h, cd).chart
    _style_chart(chart, spec, data["value"], size)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        chart.legend.font.size = Pt(size - 2)
    if spec.kind == "bar":
        chart.category_axis.reverse_order = True
    plot = chart.plots[0]
    plot.gap_width = 60 if len(cats) < 6 else 40
    plot.overlap = 0
    for n, s in enumerate(series):
        rows = grid[s]
        labels = [None if pd.isna(v) else lab for v, lab in zip(rows["value"], rows["label"], strict=True)]
        flags = rows["is_sample"] if "is_sample" in rows else pd.Series(False, index=rows.index)
        samples = [bool(v) if not pd.isna(v) else False for v in flags]
        _label_points(plot.series[n], labels, COLOURS[n % len(COLOURS)], samples, size - 2)
    if title:
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        for para in chart.chart_title.text_frame.paragraphs:
            for run in para.runs:
                run.font.size, run.font.bold, run.font.name = Pt(size), True, FONT
    else:
        chart.has_title = False
    return chart


def _period_label(x: pd.Timestamp) -> str:
    return str(x.year) if (x.month, x.day) == (12, 31) else fmt.day(x)


def _line_chart(slide, spec: ChartSpec, box, size: int = 14):
    """One series per unit over the periods (categories = period ends, gaps where a unit has
    no figure); the last point of each line labelled as printed."""
    x, y, w, h = box
    data = spec.data.dropna(subset=["value"]).sort_values("x")
    xs = list(dict.fromkeys(pd.to_datetime(data["x"])))
    cd = CategoryChartData()
    cd.categories = [_period_label(v) for v in xs]
    units = list(dict.fromkeys(spec.data["category"]))
    units = [u for u in units if u in set(data["category"])]
    tables = {}
    for u in units:
        rows = data[data["category"] == u].drop_duplicates("x", keep="last").set_index("x").reindex(xs)
        tables[u] = rows
        cd.add_series(str(u), [None if pd.isna(v) else float(v) for v in rows["value"]])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, x, y, w, h, cd).chart
    _style_chart(chart, spec, data["value"], size)
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.RIGHT, False
    chart.legend.font.size = Pt(size - 1)
    for n, u in enumerate(units):
        s = chart.plots[0].series[n]
        s.format.line.color.rgb = _rgb(COLOURS[n % len(COLOURS)])
        s.format.line.width = Pt(2.25)
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = _rgb(COLOURS[n % len(COLOURS)])
        s.smooth = False
        rows = tables[u]
        last = max(i for i, v in enumerate(rows["value"]) if not pd.isna(v))
        dl = s.points[last].data_label
        dl.has_text_frame = True
        dl.text_frame.text = str(rows["label"].iloc[last])
        dl.position = XL_LABEL_POSITION.ABOVE
        for para in dl.text_frame.paragraphs:
            for run in para.runs:
                run.font.size, run.font.name = Pt(size - 2), FONT
    return chart


# --- slides ----------------------------------------------------------------------------------

TITLE_BOX = (MARGIN_X, Inches(0.3), CONTENT_W, Inches(0.75))
SUBTITLE_BOX = (MARGIN_X, Inches(1.02), CONTENT_W, Inches(0.4))
CHART_BOX = (MARGIN_X, Inches(1.45), CONTENT_W, Inches(4.35))
CAPTION_BOX = (MARGIN_X, Inches(5.85), CONTENT_W, Inches(0.68))


def _head(slide, spec: ChartSpec, suffix: str = "") -> None:
    _box(slide, *TITLE_BOX, spec.title + (f" {suffix}" if suffix else ""), 28, bold=True, smallest=18,
         anchor=MSO_ANCHOR.BOTTOM)
    _box(slide, *SUBTITLE_BOX, spec.subtitle_line, 15, color=GREY, smallest=10)


def _caption_box(slide, text: str) -> None:
    _box(slide, *CAPTION_BOX, text, 16, color=INK, smallest=9)


def _title_slide(prs, title: str, day: str, organiser: str, lang: str, has_sample: bool) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, SLIDE_W, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(COLOURS[0])
    band.line.fill.background()
    _box(slide, MARGIN_X, Inches(1.6), CONTENT_W, Inches(2.3), title, 40, bold=True, align=PP_ALIGN.CENTER,
         anchor=MSO_ANCHOR.BOTTOM, smallest=20)
    lines = [organiser] if organiser else []
    if day:
        lines.append(t("deck_date_line", lang, date=day))
    _box(slide, MARGIN_X, Inches(4.2), CONTENT_W, Inches(1.2), "\n".join(lines), 22, color=GREY,
         align=PP_ALIGN.CENTER, smallest=12)
    _box(slide, MARGIN_X, Inches(6.3), CONTENT_W, Inches(0.45), t("app_title", lang), 14, color=GREY,
         align=PP_ALIGN.CENTER, fit=False)
    if has_sample:
        _box(slide, MARGIN_X, Inches(5.6), CONTENT_W, Inches(0.5), t("deck_has_sample", lang), 14, bold=True,
             color=RED, align=PP_ALIGN.CENTER, smallest=10)


def _chart_slide(prs, item: DeckItem, number: int, total: int) -> list:
    spec = item.spec
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _head(slide, spec)
    text = caption(spec, item.expected or None)
    if spec.data.dropna(subset=["value"]).empty:
        _box(slide, *CHART_BOX, fmt.NO_DATA[spec.lang], 24, color=GREY, align=PP_ALIGN.CENTER,
             anchor=MSO_ANCHOR.MIDDLE, fit=False)
    elif spec.kind == "line":
        _line_chart(slide, spec, CHART_BOX)
    else:
        _bar_chart(slide, spec, spec.data, CHART_BOX)
    _caption_box(slide, text)
    _footer(slide, spec, number, total)
    _notes(slide, spec, text)
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
            _bar_chart(slide, panel_spec, panel_spec.data, box, size=10 if rows > 1 else 12, title=str(panel))
        sub = ChartSpec(kind="small_multiples", title=spec.title, unit=spec.unit, period=spec.period,
                        source=spec.source, lang=spec.lang, link=spec.link, is_sample=spec.is_sample,
                        notes=spec.notes, data=data[data[key].isin(chunk)])
        text = caption(sub)
        _caption_box(slide, text)
        _footer(slide, spec, number, total)
        _notes(slide, spec, text)
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
    _box(slide, *MAP_CAPTION_BOX, text, 18, color=INK, smallest=10)
    _footer(slide, spec, number, total)
    _notes(slide, spec, text)
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


# --- workbook ------------------------------------------------------------------------------

def build_workbook(items: list[DeckItem], lang: str = "vi", sources: pd.DataFrame | None = None) -> bytes:
    """Excel workbook of the data behind the deck: one row per figure (with its sources, and both
    values where sources differ), a sheet per slide with caption, period, notes and link, and a
    sheet of sources (escaped through core.excel). The items must share one mode."""
    from core import excel

    check_one_mode(items)
    c = {k: t(f"xl_{k}", lang) for k in ("slide", "title", "category", "series", "value", "label", "unit",
                                           "period", "date", "sample", "source", "notes", "link", "caption",
                                           "publisher", "published", "kind", "file", "used_on", "sources_check")}
    rows, slides, used = [], [], {}
    for n, item in enumerate(items, start=1):
        spec = item.spec
        for r in spec.data.to_dict("records"):
            x = r.get("x")
            rows.append({c["slide"]: n, c["title"]: spec.title, c["category"]: r.get("category"),
                         c["series"]: r.get("panel") or r.get("series") or "", c["value"]: r.get("value"),
                         c["label"]: r.get("label") if r.get("label") is not None else fmt.NO_DATA[lang],
                         c["unit"]: spec.unit, c["period"]: spec.period,
                         c["date"]: fmt.day(x) if x is not None and not pd.isna(x) else "",
                         c["sample"]: t("xl_yes", lang) if r.get("is_sample") else "", c["source"]: spec.source,
                         c["sources_check"]: r.get("hover") or ""})
        slides.append({c["slide"]: n, c["title"]: spec.title, c["unit"]: spec.unit, c["period"]: spec.period,
                       c["caption"]: caption(spec, item.expected or None), c["notes"]: " · ".join(spec.notes),
                       c["sample"]: t("xl_yes", lang) if spec.is_sample else "", c["source"]: spec.source,
                       c["link"]: spec.link})
        for s in (p.strip() for p in spec.source.split(";")):
            if s:
                used.setdefault(s, []).append(n)
    src_rows = []
    for s, slide_nos in used.items():
        row = {c["source"]: s, c["publisher"]: "", c["published"]: "", c["kind"]: "", c["file"]: "",
               c["used_on"]: ", ".join(str(n) for n in dict.fromkeys(slide_nos))}
        if sources is not None and len(sources):
            stem = s.rstrip("…").strip()
            hit = sources[(sources["title"].astype(str).str.startswith(stem))
                          | (sources.get("title_en", sources["title"]).astype(str).str.startswith(stem))]
            if len(hit):
                h = hit.iloc[0]
                row.update({c["publisher"]: h.get("publisher") or "", c["kind"]: h.get("kind") or "",
                            c["published"]: fmt.day(h.get("published")) if pd.notna(h.get("published")) else "",
                            c["file"]: h.get("file") or ""})
        src_rows.append(row)
    return excel.to_excel_bytes({
        t("sheet_data", lang): pd.DataFrame(rows, columns=[c[k] for k in ("slide", "title", "category", "series",
                                                                           "value", "label", "unit", "period", "date",
                                                                           "sample", "source", "sources_check")]),
        t("sheet_slides", lang): pd.DataFrame(slides),
        t("sheet_sources", lang): pd.DataFrame(src_rows, columns=[c[k] for k in ("source", "publisher", "published",
                                                                                 "kind", "file", "used_on")]),
    })


# --- decks from the warehouse ------------------------------------------------------------------

def compare_items(codes: list[str], indicators: list[str] | None = None, lang: str = "vi", units: str = "63",
                  chart: str = "bars", norm: str = "per_year", base_url: str | None = None,
                  path: Path | None = None, *, user, sample: bool = False,
                  period: tuple[int, int] | None = None) -> list[DeckItem]:
    """Deck items comparing provinces on indicators (default: those with figures for these provinces
    in the mode, core.defaults.deck_indicators), one view per indicator, exactly as the comparison
    page builds them (core.compare.make_specs), in one mode (real figures, or sample data), of the
    indicators ``user`` (core.auth.User) may see and, with ``period``, for the years of period_end from–to."""
    from core import compare, defaults, views, warehouse
    from core.catalogue import load_catalogue
    from core.urlstate import ViewState, to_params

    cat = load_catalogue()
    indicators = list(indicators or defaults.deck_indicators(tuple(codes), units, path, sample=sample, user=user))
    figures = views.load_province_figures(codes, indicators, units, period or views.ALL_YEARS, path=path,
                                          sample=sample, user=user)
    population = views.load_population(units, path=path)
    if norm in views.NORM_DENOMINATOR and population.empty:
        norm = "reported"
    shown = views.normalise(figures, norm, population, cat)
    src = warehouse.query("pages/sources", path=path)
    titles = {r.source_id: (r.title if lang == "vi" or not r.title_en else r.title_en) for r in src.itertuples()}
    base = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
    names = [views.unit_name(c, units, lang) for c in codes]
    items = []
    groups = [indicators] if chart == "multiples" else [[code] for code in indicators]
    for group in groups:
        state = ViewState(lang=lang, units=units, provinces=list(codes), indicators=group[:12], norm=norm, chart=chart,
                          sample=sample, period=period)
        link = f"{base}/compare?" + urlencode(to_params(state, ("lang", "units", "sample", "provinces", "indicators",
                                                                   "period", "norm", "chart")))
        for spec in compare.make_specs(shown, list(codes), group, chart, norm, units, cat, lang, titles, link=link):
            items.append(DeckItem(spec, expected=names, sample=sample))
    return items


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: never a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class UsageError(ValueError):
    """A bad command-line value (printed as one line, exit code 2)."""


def _parse_date(text: str) -> str:
    try:
        return fmt.day(date(*reversed([int(p) for p in text.split("/")])))
    except (TypeError, ValueError):
        raise UsageError(f"--date {text!r}: expected dd/mm/yyyy") from None


def _check(args) -> tuple[list[str], list[str] | None, Path]:
    from core import config, views
    from core.catalogue import load_catalogue
    from core.urlstate import MAX_PROVINCES

    codes = [c.strip() for c in args.provinces.split(",") if c.strip()]
    known = set(views.provinces(args.units).index)
    bad = [c for c in codes if c not in known]
    if bad:
        raise UsageError(f"--provinces: unknown province code(s) {', '.join(bad)} for the {args.units} provinces "
                         f"(e.g. 62 Kon Tum, 11 Điện Biên, 40 Nghệ An)")
    if not codes or len(codes) > MAX_PROVINCES:
        raise UsageError(f"--provinces: give 1 to {MAX_PROVINCES} province codes")
    indicators = None
    if args.indicators:
        indicators = [c.strip() for c in args.indicators.split(",") if c.strip()]
        codes_known = set(load_catalogue().codes)
        bad = [c for c in indicators if c not in codes_known]
        if bad:
            raise UsageError(f"--indicators: unknown indicator code(s) {', '.join(bad)} "
                             f"(see data/indicators.yaml)")
    wh = config.warehouse_path()
    if not wh.is_file():
        raise UsageError(f"warehouse {wh} not found: run `python -m etl build` first (or set ANTQ_WAREHOUSE)")
    out = Path(args.out)
    if out.suffix.lower() != ".pptx":
        raise UsageError(f"--out {out}: the file name must end in .pptx")
    if out.is_dir() or not out.parent.is_dir() or not os.access(out.parent, os.W_OK) or (
            out.exists() and not os.access(out, os.W_OK)):
        raise UsageError(f"--out {out}: cannot write there (folder missing or not writable)")
    if args.date:
        args.date = _parse_date(args.date)
    return codes, indicators, out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m core.slides",
                                description="Build a conference deck (.pptx, plus .xlsx of its data) comparing "
                                            "provinces on the main indicators.")
    p.add_argument("--provinces", required=True, help="province codes, comma-separated (e.g. 62,11,40)")
    p.add_argument("--indicators", help="indicator codes, comma-separated (default: the main indicators)")
    p.add_argument("--title", help="conference title (title slide)")
    p.add_argument("--date", help="date on the title slide, dd/mm/yyyy (default: today)")
    p.add_argument("--organiser", default="", help="organising unit (title slide)")
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    p.add_argument("--units", choices=("63", "34"), default="63", help="63 old provinces or 34 new ones")
    p.add_argument("--chart", choices=("bars", "lines", "multiples"), default="bars")
    p.add_argument("--norm", choices=("reported", "per_year", "per_1000_pop", "per_1000_hh", "per_commune"),
                   default="per_year", help="per_year (default) puts yearly figures and multi-year totals "
                   "converted per year on one axis, with a note; reported keeps each figure as printed")
    p.add_argument("--sample", action="store_true", help="a deck of sample data (for demonstrations) instead "
                   "of real figures; a deck never mixes the two")
    p.add_argument("--out", required=True, help="the .pptx to write")
    p.add_argument("--no-excel", action="store_true", help="do not write the .xlsx beside the deck")
    args = p.parse_args(argv)
    try:
        codes, indicators, out = _check(args)
        items = compare_items(codes, indicators, args.lang, args.units, args.chart, args.norm, sample=args.sample,
                              user=User.command_line())
        title = args.title or t("deck_default_title", args.lang)
        deck = build_deck(items, title, args.date or fmt.day(date.today()), args.organiser, args.lang,
                          user=User.command_line())
        write_atomic(out, deck)
        if not args.no_excel:
            from core import warehouse

            write_atomic(out.with_suffix(".xlsx"), build_workbook(items, args.lang,
                                                                  warehouse.query("pages/sources")))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    extra = "" if args.no_excel else f" and {out.with_suffix('.xlsx')}"
    print(f"wrote {out} ({len(items)} views){extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
