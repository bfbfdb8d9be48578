"""A map view as the map page records it (``MapRecipe``: what is mapped, where, which year(s), how
it is classed, in which mode) and the one function that draws it: the page in the browser, PNG/SVG
images and slides all draw a map through ``make_map``, so they show the same map.

Modes: a single year; play (an animation over the years on the same boundaries; a still of the
chosen year for images and slides); a pair of years side by side on one set of classes; the change
between two years on the same boundaries (else shown as a pair). The loaders are parameters so the
page can pass its cached ones (pages/_load); nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields

import pandas as pd
import plotly.graph_objects as go

from core import geo, maps
from core.charts import ChartSpec
from core.i18n import t

ShapesLoader = Callable[[str, str], geo.Shapes]
ValuesLoader = Callable[..., tuple[pd.DataFrame, list[str]]]
YearsLoader = Callable[..., list[int]]
SOURCES = ("indicator", "coverage")  # an indicator's figures, or model coverage (maps.COVERAGE_MEASURES)
MODES = ("single", "play", "pair", "change")


def modes_for(source: str) -> list[str]:
    """The modes a map of ``source`` offers: the change between two years only for coverage."""
    return [m for m in MODES if m != "change" or source == "coverage"]


@dataclass(frozen=True)
class MapRecipe:
    """What the map page shows; a plain dict in the session and in deck items (``to_dict``)."""

    source: str  # "indicator" or "coverage"
    code: str  # indicator code or coverage measure
    level: str  # maps.LEVELS
    year: int
    province: str | None = None
    mode: str = "single"  # single, play, pair, change
    year_b: int | None = None
    method: str = "quantiles"
    k: int = 5
    breaks: tuple[float, ...] | None = None
    labels: bool = True
    lang: str = "vi"
    link: str = ""
    sample: bool = False  # the mode (core.mode): sample data or real figures

    @classmethod
    def from_dict(cls, d: dict) -> MapRecipe:
        known = {f.name for f in fields(cls)}
        r = {k: v for k, v in d.items() if k in known}
        r["year"] = int(r["year"])
        r["year_b"] = int(r["year_b"]) if r.get("year_b") is not None else None
        r["k"] = int(r.get("k", 5))
        r["breaks"] = tuple(r["breaks"]) if r.get("breaks") is not None else None
        r["sample"] = bool(r.get("sample", False))
        return cls(**r)

    @property
    def opens_districts(self) -> bool:
        """A click on a province opens its districts: provinces on the 63 old boundaries."""
        return self.level == "provinces" and maps.layer_for(self.level, self.year)[0] == "63"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["breaks"] = list(self.breaks) if self.breaks is not None else None
        return d


def make_map(recipe: MapRecipe | dict, *, user, still: bool = False, width: int | None = None,
             height: int | None = None, shapes: ShapesLoader = geo.load_shapes, values: ValuesLoader = maps.load_values,
             years: YearsLoader = maps.available_years) -> tuple[go.Figure, ChartSpec]:
    """The figure and spec of a map view in the recipe's mode, as ``user`` (core.auth.User) may see it;
    ``still``: a played map becomes its chosen year; ``width``/``height``: the figure's size (default:
    each kind of map's own)."""
    r = recipe if isinstance(recipe, MapRecipe) else MapRecipe.from_dict(recipe)
    size = {} if width is None else {"width": width, "height": height}
    opts = {"method": r.method, "k": r.k, "breaks": list(r.breaks) if r.breaks is not None else None}

    def load(year: int, vintage: str) -> tuple[pd.DataFrame, list[str]]:
        return values(r.source, r.code, int(year), vintage, r.lang, sample=r.sample, user=user)

    vintage, scope = maps.layer_for(r.level, r.year, r.province)
    sh = shapes(vintage, scope)
    vals, notes = load(r.year, vintage)
    text = maps.map_text(r.source, r.code, r.year, r.level, vintage, r.province, r.lang, vals, r.link)
    if r.mode == "play" and not still:
        same = [y for y in years(r.source, r.code, r.level, sample=r.sample)
                if maps.layer_for(r.level, y, r.province)[0] == vintage]
        text.period = t("map_years_range", r.lang, a=same[0], b=same[-1])
        return maps.make_map_animation(sh, {y: load(y, vintage)[0] for y in same}, text, r.lang, labels=r.labels,
                                       notes=notes, **opts, **size)
    if r.mode in ("pair", "change") and r.year_b is not None:
        vintage_b, scope_b = maps.layer_for(r.level, r.year_b, r.province)
        vals_b, notes_b = load(r.year_b, vintage_b)
        a, b = sorted((r.year, r.year_b))
        if r.mode == "change" and vintage_b == vintage:
            change = maps.change_values(vals_b, vals) if r.year_b < r.year else maps.change_values(vals, vals_b)
            text = maps.map_text(r.source, r.code, f"{a} → {b}", r.level, vintage, r.province, r.lang, vals, r.link,
                                 change=True)
            text.title = t("map_title_change", r.lang, name=text.title, a=a, b=b)
            return maps.make_map_figure(sh, change, text, r.lang, labels=r.labels, diverging=True, **opts, **size)
        (_, sa, va), (_, sb, vb) = sorted([(r.year, sh, vals), (r.year_b, shapes(vintage_b, scope_b), vals_b)],
                                          key=lambda x: x[0])
        text.period = f"{a}, {b}"
        return maps.make_map_pair(sa, va, sb, vb, (t("map_year_caption", r.lang, year=a),
                                                   t("map_year_caption", r.lang, year=b)),
                                  text, r.lang, notes=list(dict.fromkeys(notes + notes_b)), **opts, **size)
    return maps.make_map_figure(sh, vals, text, r.lang, labels=r.labels, notes=notes, **opts, **size)
