"""Plotly figures (plots) built from a ChartSpec (undecorated: pages/_ui.render_chart decorates them
with title, unit, period, source footnote and the sample mark).

spec.data columns used: category (unit name), series, value, label (as printed, with its
qualifier), is_sample, and optionally code (unit code, sent as customdata so a click can open
the district view) and x (a date, for lines)."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import config, fmt
from core.charts import ChartSpec
from core.i18n import t

COLOURS = ["#1f5fa8", "#d9822b", "#2e8b57", "#a23b72", "#6c757d", "#c0392b", "#8e6c2f", "#17a2b8"]
SAMPLE_OPACITY = 0.55


def _empty(spec: ChartSpec) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=t("no_data", spec.lang), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 18, "color": "#777"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _hover_extra(grp: pd.DataFrame) -> str:
    """The second hover line (a figure's sources; both values where sources differ) when the data has it."""
    return "<br>%{hovertext}" if "hover" in grp else ""


def make_bars(spec: ChartSpec) -> go.Figure:
    """Columns (spec.kind 'column': vertical) or bars ('bar': horizontal, for long names) by
    unit (category); each labelled as printed ('> 2.053'); sample bars paler."""
    data = spec.data.dropna(subset=["value"])
    if data.empty:
        return _empty(spec)
    horizontal = spec.kind == "bar"
    fig = go.Figure()
    for i, (series, grp) in enumerate(data.groupby("series", sort=False)):
        sample = grp["is_sample"].astype(bool) if "is_sample" in grp else pd.Series(False, index=grp.index)
        axes = {"y": grp["category"], "x": grp["value"], "orientation": "h"} if horizontal else \
            {"x": grp["category"], "y": grp["value"]}
        fig.add_bar(
            **axes, name=str(series), text=grp["label"], textposition="outside",
            customdata=grp.get("code"), cliponaxis=False, hovertext=grp.get("hover"),
            marker={"color": COLOURS[i % len(COLOURS)], "opacity": [SAMPLE_OPACITY if s else 1 for s in sample]},
            hovertemplate=("%{y}" if horizontal else "%{x}") + ": %{text}" + _hover_extra(grp)
            + "<extra>" + str(series) + "</extra>",
        )
    value_axis = {"title": spec.unit, "rangemode": "tozero", "tickformat": ","}
    if horizontal:
        height = max(300, 120 + 26 * data["category"].nunique() * max(1, data["series"].nunique()))
        fig.update_layout(barmode="group", showlegend=data["series"].nunique() > 1, height=height,
                          xaxis=value_axis, yaxis={"autorange": "reversed", "automargin": True})
    else:
        fig.update_layout(barmode="group", showlegend=data["series"].nunique() > 1, height=460, yaxis=value_axis)
    return fig


def make_lines(spec: ChartSpec) -> go.Figure:
    """One line per unit over period_end (column x), with a marker at the 2025 reform."""
    data = spec.data.dropna(subset=["value"])
    if data.empty:
        return _empty(spec)
    fig = go.Figure()
    for i, (category, grp) in enumerate(data.sort_values("x").groupby("category", sort=False)):
        fig.add_scatter(x=grp["x"], y=grp["value"], name=str(category), mode="lines+markers", text=grp["label"],
                        customdata=grp.get("code"), hovertext=grp.get("hover"),
                        line={"color": COLOURS[i % len(COLOURS)]},
                        hovertemplate=str(category) + " · %{x|%d/%m/%Y}: %{text}" + _hover_extra(grp)
                        + "<extra></extra>")
    reform = pd.Timestamp(config.REFORM_DATE)
    fig.add_vline(x=reform.timestamp() * 1000, line={"dash": "dot", "color": "#888"})
    fig.add_annotation(x=reform, y=1, yref="paper", text=t("reform_marker", spec.lang), showarrow=False,
                       xanchor="left", yanchor="bottom", font={"size": 11, "color": "#555"})
    first = min(pd.to_datetime(data["x"]).min(), reform)
    fig.update_xaxes(range=[first - pd.Timedelta(days=200), reform + pd.Timedelta(days=200)], tickformat="%Y",
                     dtick="M12")
    fig.update_layout(height=460, yaxis={"title": spec.unit, "rangemode": "tozero", "tickformat": ","})
    return fig


def make_small_multiples(spec: ChartSpec) -> go.Figure:
    """One panel per series (indicator), bars by unit, each panel on its own axis; the panel
    title carries the indicator's unit and period kind (column panel)."""
    data = spec.data.dropna(subset=["value"])
    if data.empty:
        return _empty(spec)
    panels = list(dict.fromkeys(data["panel"] if "panel" in data else data["series"]))
    key = "panel" if "panel" in data else "series"
    cols = min(2, len(panels))
    rows = math.ceil(len(panels) / cols)
    titles = ["<br>".join(textwrap.wrap(p, 55)) for p in panels]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, vertical_spacing=0.3 / rows + 0.08)
    for n, panel in enumerate(panels):
        grp = data[data[key] == panel]
        sample = grp["is_sample"].astype(bool) if "is_sample" in grp else pd.Series(False, index=grp.index)
        fig.add_bar(x=grp["category"], y=grp["value"], text=grp["label"], textposition="outside", cliponaxis=False,
                    customdata=grp.get("code"), showlegend=False, hovertext=grp.get("hover"),
                    marker={"color": COLOURS[n % len(COLOURS)],
                            "opacity": [SAMPLE_OPACITY if s else 1 for s in sample]},
                    hovertemplate="%{x}: %{text}" + _hover_extra(grp) + "<extra></extra>",
                    row=n // cols + 1, col=n % cols + 1)
    fig.update_yaxes(rangemode="tozero", tickformat=",")
    fig.update_annotations(font={"size": 12})
    fig.update_layout(height=160 + 340 * rows)
    return fig


def make_figure(spec: ChartSpec) -> go.Figure:
    return {"bar": make_bars, "column": make_bars, "line": make_lines,
            "small_multiples": make_small_multiples}[spec.kind](spec)


def axis_number(lang: str) -> dict:
    """Plotly separators for Vietnamese (decimal ',' thousands '.') or English."""
    return {"separators": ",." if lang == "vi" else ".,"}


__all__ = ["make_bars", "make_lines", "make_small_multiples", "make_figure", "axis_number", "fmt"]
