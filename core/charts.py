"""Chart specifications shared by pages, maps, image export and slides.

A ChartSpec is what a view shows, independent of how it is drawn: plotly in the browser and in
PNG/SVG exports, a native PowerPoint chart in decks. Everything a reader needs to cite the chart
travels with it: title, unit, period, source footnote, the sample mark, and the link that
reopens the view.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from core.i18n import t

KINDS = ("bar", "column", "line", "small_multiples", "map", "table")
FONT_FAMILY = "Be Vietnam Pro, Noto Sans, DejaVu Sans, sans-serif"


@dataclass
class ChartSpec:
    """A view as data. ``data`` is long format with columns ``category`` (x axis or area),
    ``series`` (legend entry; may be constant), ``value`` and, optionally, ``label`` (value as
    printed, e.g. '> 2.053') and ``is_sample``."""

    kind: str
    title: str
    unit: str
    period: str
    source: str
    data: pd.DataFrame
    subtitle: str = ""
    is_sample: bool = False
    link: str = ""
    notes: list[str] = field(default_factory=list)
    lang: str = "vi"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")

    @property
    def subtitle_line(self) -> str:
        """'Kỳ số liệu: … · Đơn vị tính: …' plus the caller's subtitle."""
        parts = [p for p in (self.subtitle, f"{t('period', self.lang)}: {self.period}" if self.period else "",
                             f"{t('unit', self.lang)}: {self.unit}" if self.unit else "") if p]
        return " · ".join(parts)

    @property
    def footer(self) -> str:
        """Source footnote, notes, and the sample mark when sample data is in the chart."""
        parts = [f"{t('source', self.lang)}: {self.source}"] if self.source else []
        parts += self.notes
        if self.is_sample:
            parts.append(t("sample_mark", self.lang))
        return " · ".join(parts)


def decorate(fig: go.Figure, spec: ChartSpec, height: int | None = None) -> go.Figure:
    """Give a figure the spec's title, subtitle, footnote and (for sample data) a visible mark."""
    fig.update_layout(
        title={"text": f"<b>{spec.title}</b><br><span style='font-size:0.8em'>{spec.subtitle_line}</span>",
               "x": 0.01, "xanchor": "left"},
        font={"family": FONT_FAMILY},
        margin={"t": 90, "b": 90, "l": 60, "r": 30},
        paper_bgcolor="white",
        **({"height": height} if height else {}),
    )
    fig.add_annotation(text=spec.footer, xref="paper", yref="paper", x=0, y=-0.02, yanchor="top",
                       xanchor="left", showarrow=False, font={"size": 11, "color": "#555"}, yshift=-40)
    if spec.is_sample:
        fig.add_annotation(text=t("sample_mark", spec.lang), xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False, textangle=-20, opacity=0.18,
                           font={"size": 44, "color": "#c00000"})
    return fig


def wrap_footer(fig: go.Figure, text: str, per_line: int, **style) -> int:
    """Break the footnote annotation ``text`` (plotly does not wrap) into lines of at most ``per_line``
    characters, a line per part (' · '), and give it ``style``; returns the number of lines."""
    lines = [line for part in text.split(" · ") for line in textwrap.wrap(part, per_line)] or [""]
    for ann in fig.layout.annotations:
        if ann.text == text:
            ann.text = "<br>".join(lines)
            ann.update(style)
    return len(lines)
