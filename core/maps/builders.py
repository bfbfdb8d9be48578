"""One-call builders of a map (pages and slides): layer, values, text and figure."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from core import geo
from core.charts import ChartSpec
from core.i18n import t
from core.maps.figures import HEIGHT, WIDTH, make_map_figure
from core.maps.loading import change_values, layer_for, load_values
from core.maps.text import coverage_text, indicator_text


def make_indicator_map(code: str, year: int, level: str = "provinces", province: str | None = None,
                       lang: str = "vi", method: str = "quantiles", k: int = 5, breaks: list[float] | None = None,
                       labels: bool = True, path: Path | None = None, base: Path | None = None,
                       link: str = "", width: int = WIDTH, height: int = HEIGHT, *,
                       sample: bool = False, user) -> tuple[go.Figure, ChartSpec]:
    """Map of a catalogue indicator for one year at a level in one mode (see module docstring), as
    ``user`` (core.auth.User) may see it."""
    vintage, scope = layer_for(level, year, province)
    shapes = geo.load_shapes(vintage, scope, base)
    values, notes = load_values("indicator", code, year, vintage, lang, path, sample=sample, user=user)
    text = indicator_text(code, year, level, vintage, province, lang, values, link)
    return make_map_figure(shapes, values, text, lang, method, k, breaks, labels=labels, width=width,
                           height=height, notes=notes)


def make_coverage_map(measure: str, year: int, level: str = "provinces", province: str | None = None,
                      lang: str = "vi", method: str = "quantiles", k: int = 5, breaks: list[float] | None = None,
                      year_from: int | None = None, labels: bool = True, path: Path | None = None,
                      base: Path | None = None, link: str = "", width: int = WIDTH,
                      height: int = HEIGHT, *, sample: bool = False, user) -> tuple[go.Figure, ChartSpec]:
    """Map of a coverage measure for a year, or of its change since ``year_from``, in one mode, as
    ``user`` may see it."""
    vintage, scope = layer_for(level, year, province)
    shapes = geo.load_shapes(vintage, scope, base)
    values = load_values("coverage", measure, year, vintage, lang, path, sample=sample, user=user)[0]
    text = coverage_text(measure, year, level, vintage, province, lang, link, change=year_from is not None)
    if year_from is not None:
        values = change_values(load_values("coverage", measure, year_from, vintage, lang, path, sample=sample,
                                           user=user)[0], values)
        text.title = t("map_title_change", lang, name=text.title, a=year_from, b=year)
        text.period = f"{year_from} → {year}"
    return make_map_figure(shapes, values, text, lang, method, k, breaks, labels=labels, width=width,
                           height=height, diverging=year_from is not None)
