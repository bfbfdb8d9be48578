"""Native PowerPoint charts (python-pptx chart objects, data editable in PowerPoint): columns and
bars by unit, lines over periods; each point labelled as printed ('> 2.053', '96,5%'), sample
points paler, Vietnamese thousands dots on the axis."""

from __future__ import annotations

import math

import pandas as pd
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

from core import fmt
from core.charts import ChartSpec
from core.plots import COLOURS
from core.slides.drawing import FONT


def rgb(hex_colour: str) -> RGBColor:
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
    series.format.fill.fore_color.rgb = rgb(colour)
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


def bar_chart(slide, spec: ChartSpec, data: pd.DataFrame, box, size: int = 14, title: str | None = None):
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


def line_chart(slide, spec: ChartSpec, box, size: int = 14):
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
        s.format.line.color.rgb = rgb(COLOURS[n % len(COLOURS)])
        s.format.line.width = Pt(2.25)
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = rgb(COLOURS[n % len(COLOURS)])
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

