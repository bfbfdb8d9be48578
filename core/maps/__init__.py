"""Choropleth maps of indicators and model coverage (plotly ``Choropleth`` drawn as SVG, no basemap).

Layers and levels
    ``provinces``           the province layer valid at the end of the year (63 before 2025, 34 after)
    ``districts``           705 districts of the whole country (years before 2025)
    ``province_districts``  the districts of one old province (``province='40'``)
    ``provinces34``         the 34 new provinces; before 2025 old figures summed into them

Figures (``load_indicator_values``): per unit one figure for the year — a figure whose period
ends in the year, or a yearly (per_year) figure covering it; yearly and stock figures before
multi-year totals. One mode per map (``sample``: real figures only, or sample data only; core.mode).
Qualifiers and sample flags travel with each value; a figure that sources give differently is
marked ⚠ and its hover names every source's value.
Aggregation, additive indicators only, by the one rule of core.semantics.aggregation: a province
without its own figure gets the sum of its districts for the year, the same figure as on the
comparison page (mart sums_of_children), a lower bound ("> …") when some district valid at the
period's end is missing; a new province before the reform gets the sum of its former provinces
that reported the period most of them reported (then the latest), by the same rule; a non-additive
figure only where the new province is one former province. Nothing else is summed or converted;
areas without a figure are the separate class "chưa có số liệu".

Figures for slides and pages (``make_*``) return ``(plotly Figure, ChartSpec)`` with kind 'map'.

Parts: ``loading`` (layers and values), ``classification`` (classes and palettes), ``figures``
(plotly figures), ``text`` (what a map says), ``builders`` (one call: values, text and figure).
"""

from core.maps.builders import make_coverage_map, make_indicator_map
from core.maps.classification import METHODS, Classes, classify, palette, parse_breaks
from core.maps.figures import (
    HEIGHT,
    MARGIN,
    NO_DATA_COLOR,
    PLOT_CONFIG,
    TOPOJSON_URL,
    WIDTH,
    MapText,
    make_map_animation,
    make_map_figure,
    make_map_pair,
    plot_size,
)
from core.maps.loading import (
    COVERAGE_MEASURES,
    LEVELS,
    VALUE_COLUMNS,
    MapUnavailable,
    available_years,
    change_values,
    children_of,
    coverage_years,
    default_year,
    has_coverage,
    indicator_year_counts,
    indicator_years,
    layer_for,
    load_coverage_values,
    load_indicator_values,
    load_values,
)
from core.maps.text import coverage_text, indicator_text, level_title, map_text

__all__ = [
    "COVERAGE_MEASURES", "HEIGHT", "LEVELS", "MARGIN", "METHODS", "NO_DATA_COLOR", "PLOT_CONFIG", "TOPOJSON_URL",
    "VALUE_COLUMNS", "WIDTH", "Classes",
    "MapText", "MapUnavailable", "available_years", "change_values", "children_of", "classify", "coverage_text",
    "coverage_years", "default_year", "has_coverage", "indicator_text", "indicator_year_counts", "indicator_years",
    "layer_for", "level_title", "load_coverage_values", "load_indicator_values", "load_values", "make_coverage_map",
    "make_indicator_map", "make_map_animation", "make_map_figure", "make_map_pair", "map_text", "palette",
    "parse_breaks", "plot_size",
]
