"""Choropleth maps of indicators and model coverage (plotly ``Choroplethmap``, no basemap tiles).

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
without its own figure gets the sum of its districts that have a figure of the same period (the
period most of them reported, then the latest), a lower bound ("> …") when some district valid at
the end of the year is missing; a new province before the reform gets the sum of its former
provinces by the same rule. Nothing else is summed or converted; areas without a figure are the
separate class "chưa có số liệu".

Figures for slides and pages (``make_*``) return ``(plotly Figure, ChartSpec)`` with kind 'map'.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from core import access, fmt, geo, warehouse
from core.catalogue import load_catalogue
from core.charts import ChartSpec, decorate
from core.i18n import t
from core.semantics import aggregation, labels, qualifiers, reform

LEVELS = ("provinces", "districts", "province_districts", "provinces34")
METHODS = ("quantiles", "natural", "equal", "manual")
COVERAGE_MEASURES = {  # measure → (kind, unit string key or None for percent)
    "coverage_pct": ("percent", None),
    "models_per_10k": ("ratio", "map_unit_models_per_10k"),
    "households_in_groups_pct": ("percent", None),
    "model_types": ("count", "map_unit_types"),
    "active_models": ("count", "map_unit_models"),
}
NO_DATA_COLOR = "#d4d4d4"
LINE_COLOR = "#ffffff"
WIDTH, HEIGHT = 760, 900
MARGIN = {"t": 80, "b": 96, "l": 8, "r": 8}


class MapUnavailable(ValueError):
    """The requested map cannot be drawn (e.g. districts after the reform); ``key`` is an i18n key."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, **self.values)


# --- layers -------------------------------------------------------------------------------

def layer_for(level: str, year: int, province: str | None = None) -> tuple[str, str]:
    """(vintage, scope) of the boundary layer for a level and a year."""
    if level not in LEVELS:
        raise ValueError(f"unknown map level {level!r}")
    after_reform = geo.vintage_for_year(year) == "34"
    if level in ("districts", "province_districts") and after_reform:
        raise MapUnavailable("map_no_districts_after_reform", year=year)
    if level == "provinces":
        return ("34" if after_reform else "63"), "country"
    if level == "provinces34":
        return "34", "country"
    if level == "districts":
        return "2024", "country"
    if not province:
        raise ValueError("level province_districts needs a province code")
    return "2024", province


# --- values -------------------------------------------------------------------------------

VALUE_COLUMNS = ["code", "value", "qualifier", "period_start", "period_end", "period_kind", "period_years",
                 "source", "is_sample", "note", "conflict"]


def _db_level(vintage: str) -> str:
    return "district" if vintage == "2024" else "province"


def _source_titles(path: Path | None, lang: str) -> dict[str, str]:
    return labels.source_titles(warehouse.query("pages/sources", path=path), lang)


def _indicator_rows(code: str, year: int, vintage: str, additive: bool, path: Path | None, lang: str,
                    sample: bool) -> pd.DataFrame:
    from core import views

    df = warehouse.query("map/indicator_year", {"indicator": code, "level": _db_level(vintage), "vintage": vintage,
                                                "year": int(year), "additive": bool(additive),
                                                "sample": bool(sample)}, path)
    titles = _source_titles(path, lang) if len(df) else {}
    df["source"] = ["; ".join(_short(titles.get(s, s)) for s in views.source_list(ids, first))
                    for ids, first in zip(df["sources"], df["source_id"], strict=True)]
    df["conflict"] = df["agreement"].eq("conflict")
    df["note"] = ""
    if df["conflict"].any():  # every source's value in the hover
        ind = load_catalogue()[code]
        found = df.assign(unit_code=df["code"], indicator_code=code, breakdown="")
        found = views.attach_alternatives(found, sample, path)
        df["note"] = ["⚠ " + views.conflict_text(a, ind, lang, titles) if a else "" for a in found["alternatives"]]
    return df[VALUE_COLUMNS]


def _sum_children(children: pd.DataFrame, mapping: dict[str, list[str]], note_key: str, lang: str) -> pd.DataFrame:
    """Sum children into parents by core.semantics.aggregation: the children that reported the
    period most of them reported (then the latest), a lower bound when some are missing."""
    rows = []
    if children.empty:
        return pd.DataFrame(rows, columns=VALUE_COLUMNS)
    period = [(str(k), str(s), pd.Timestamp(e)) for k, s, e in
              zip(children["period_kind"], children["period_start"], children["period_end"], strict=True)]
    children = children.assign(_period=period)
    for parent, kids in mapping.items():
        part = children[children["code"].isin(kids)]
        if part.empty:
            continue
        reported = part.groupby("_period", sort=False)["code"].nunique()
        best = max(reported.index, key=lambda p: (reported[p], p[2]))  # most children, then the latest
        part = part[[p == best for p in part["_period"]]]
        total = aggregation.sum_children(part["value"], part["qualifier"], len(kids))
        first = part.iloc[0]
        rows.append({"code": parent, "value": total.value, "qualifier": total.qualifier,
                     "period_start": first.period_start, "period_end": first.period_end,
                     "period_kind": first.period_kind, "period_years": first.period_years,
                     "source": "; ".join(dict.fromkeys(part["source"])), "is_sample": bool(part["is_sample"].any()),
                     "note": t(note_key, lang, n=total.reported, total=total.expected),
                     "conflict": bool(part["conflict"].any())})
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


@lru_cache(maxsize=64)
def _members(year: int, vintage: str) -> dict[str, list[str]]:
    """Children of each parent unit valid at the end of ``year``: districts of old provinces
    (vintage '63'), old provinces of new ones ('34')."""
    from core.units import load_register

    reg = load_register()
    if vintage == "63":
        day = aggregation.children_day(date(year, 12, 31))
        d = reg[(reg.level == "district")]
        d = d[[reform.valid_on(a, b, day) for a, b in zip(d["valid_from"], d["valid_to"], strict=True)]]
        return {p: sorted(g["code"]) for p, g in d.groupby("parent_code")}
    old = reg[(reg.level == "province") & (reg.vintage == "63")]
    return {p: sorted(g["code"]) for p, g in old.groupby("successor_code")}


def load_indicator_values(code: str, year: int, vintage: str, lang: str = "vi",
                          path: Path | None = None, *, sample: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """Figures of an indicator on a layer for a year in one mode (see the module docstring for the
    rule), plus notes for the map footer. Columns: code, value, qualifier, period_start, period_end,
    period_kind, period_years, source, is_sample, note, conflict."""
    ind = load_catalogue()[code]
    notes: list[str] = []
    if vintage == "34" and geo.vintage_for_year(year) != "34":
        if not ind.additive:
            return pd.DataFrame(columns=VALUE_COLUMNS), [t("map_not_additive_34", lang)]
        old, _ = load_indicator_values(code, year, "63", lang, path, sample=sample)
        own = _indicator_rows(code, year, "34", ind.additive, path, lang, sample)
        summed = _sum_children(old, _members(year, "34"), "map_sum_of_provinces", lang)
        summed = summed[~summed["code"].isin(own["code"])]
        if len(summed):
            notes.append(t("map_sum_rule_34", lang))
        return pd.concat([own, summed], ignore_index=True) if len(summed) else own, notes
    own = _indicator_rows(code, year, vintage, ind.additive, path, lang, sample)
    if vintage == "63" and ind.additive:
        districts = _indicator_rows(code, year, "2024", ind.additive, path, lang, sample)
        if len(districts):
            summed = _sum_children(districts, _members(year, "63"), "map_sum_of_districts", lang)
            summed = summed[~summed["code"].isin(own["code"])]
            if len(summed):
                own = pd.concat([own, summed], ignore_index=True) if len(own) else summed
                notes.append(t("map_sum_rule", lang))
    return own, notes


def indicator_year_counts(code: str, vintage: str, path: Path | None = None, *, sample: bool = False) -> pd.Series:
    """Units with a figure of an indicator per year on a layer in one mode (for '63' also the years
    with district figures, for '34' those of the old provinces and districts), indexed by year."""
    vintages = [vintage] + (["2024"] if vintage == "63" else []) + (["63", "2024"] if vintage == "34" else [])
    counts: dict[int, int] = {}
    for v in vintages:
        df = warehouse.query("map/indicator_years", {"indicator": code, "level": _db_level(v), "vintage": v,
                                                     "sample": bool(sample)}, path)
        for y, n in zip(df["year"], df["units"], strict=True):
            counts[int(y)] = max(counts.get(int(y), 0), int(n))
    return pd.Series(counts, dtype=int).sort_index()


def indicator_years(code: str, vintage: str, path: Path | None = None, *, sample: bool = False) -> list[int]:
    """Years with figures of an indicator on a layer in one mode."""
    return [int(y) for y in indicator_year_counts(code, vintage, path, sample=sample).index]


def has_coverage(path: Path | None = None) -> bool:
    try:
        return bool(warehouse.query("map/has_table", {"name": "coverage"}, path)["n"].iloc[0])
    except warehouse.WarehouseMissing:
        return False


def coverage_years(vintage: str, path: Path | None = None, measure: str = "coverage_pct", *,
                   sample: bool = False) -> list[int]:
    """Years with figures of a coverage measure on a layer in one mode."""
    df = warehouse.query("map/coverage_years", {"level": _db_level(vintage), "vintage": vintage, "measure": measure,
                                                "sample": bool(sample)}, path)
    return [int(y) for y in df["year"]]


def load_coverage_values(measure: str, year: int, vintage: str, lang: str = "vi",
                         path: Path | None = None, *, sample: bool = False) -> pd.DataFrame:
    """Coverage figures (table ``coverage`` built by the ETL) of a layer for a year in one mode."""
    if measure not in COVERAGE_MEASURES:
        raise ValueError(f"unknown coverage measure {measure!r}")
    df = warehouse.query("map/coverage_year", {"measure": measure, "level": _db_level(vintage),
                                               "vintage": vintage, "year": int(year), "sample": bool(sample)}, path)
    df = df[df["value"].notna()]
    out = pd.DataFrame({"code": df["code"].astype(str), "value": df["value"].astype(float), "qualifier": "exact",
                        "period_start": pd.Timestamp(year, 1, 1), "period_end": pd.Timestamp(year, 12, 31),
                        "period_kind": "stock", "period_years": 1.0, "source": t("map_coverage_source", lang),
                        "is_sample": df["is_sample"].astype(bool), "note": "", "conflict": False})
    return out.reset_index(drop=True)


def change_values(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Value of ``b`` minus ``a`` per unit present in both (qualifiers: exact only if both are)."""
    m = a.merge(b, on="code", suffixes=("_a", "_b"))
    out = pd.DataFrame({
        "code": m["code"], "value": m["value_b"] - m["value_a"],
        "qualifier": [qualifiers.of_difference(a, b) for a, b in zip(m["qualifier_a"], m["qualifier_b"], strict=True)],
        "period_start": m["period_start_a"], "period_end": m["period_end_b"], "period_kind": "change",
        "period_years": np.nan, "source": m["source_b"], "is_sample": m["is_sample_a"] | m["is_sample_b"],
        "note": "", "conflict": m["conflict_a"].astype(bool) | m["conflict_b"].astype(bool),
    })
    return out.reset_index(drop=True)


# --- classification -----------------------------------------------------------------------

@dataclass
class Classes:
    """Upper bounds of classes (mapclassify ``bins``) and the data minimum; class i holds
    values in (bins[i-1], bins[i]] (the first from ``low``)."""

    method: str
    bins: list[float]
    low: float

    @property
    def k(self) -> int:
        return len(self.bins)

    def of(self, values) -> np.ndarray:
        """Class index 0..k-1 of each value (mapclassify's rule: first bin with value <= bin)."""
        v = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.bins), v, side="left")
        return np.minimum(idx, self.k - 1)

    def labels(self, kind: str = "count", lang: str = "vi") -> list[str]:
        edges = [self.low, *self.bins]
        decimals = _decimals(edges)
        text = [_num(x, kind, lang, decimals) for x in edges]
        if self.k == 1 or edges[0] == edges[-1]:
            return [text[-1]] * self.k
        return [f"{text[i]} – {text[i + 1]}" for i in range(self.k)]


def _decimals(edges: list[float]) -> int:
    span = max(abs(e) for e in edges) if edges else 0
    if all(float(e).is_integer() for e in edges):
        return 0
    return 0 if span >= 100 else (1 if span >= 10 else 2)


def _num(v: float, kind: str, lang: str, decimals: int) -> str:
    return fmt.number(v, lang, decimals) + ("%" if kind == "percent" else "")


def parse_breaks(text: str) -> list[float]:
    """'10; 50; 100' or '10,5; 20' (Vietnamese decimals) → sorted unique floats; ValueError if bad."""
    from core.vnnum import parse_number

    parts = [p.strip() for p in str(text).replace("\n", ";").split(";") if p.strip()]
    if not parts:
        raise ValueError("no breaks")
    values = []
    for p in parts:
        v = parse_number(p)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise ValueError(p)
        values.append(float(v))
    return sorted(set(values))


def classify(values, method: str = "quantiles", k: int = 5, breaks: list[float] | None = None) -> Classes:
    """Classes of ``values`` with mapclassify: quantiles, natural breaks (Fisher–Jenks), equal
    interval or manual (``breaks``: upper bounds; the maximum is added when above them)."""
    import mapclassify as mc

    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}")
    y = np.asarray([v for v in values if v is not None and not np.isnan(v)], dtype=float)
    if len(y) == 0:
        return Classes(method, [], 0.0)
    k = int(min(max(k, 3), 7))
    uniq = np.unique(y)
    if len(uniq) == 1:
        return Classes(method, [float(uniq[0])], float(uniq[0]))
    k = min(k, len(uniq))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "quantiles":
            c = mc.Quantiles(y, k=k)
        elif method == "natural":
            c = mc.FisherJenks(y, k=k)
        elif method == "equal":
            c = mc.EqualInterval(y, k=k)
        else:
            c = mc.UserDefined(y, bins=sorted(breaks or []))
    return Classes(method, [float(b) for b in c.bins], float(y.min()))


def palette(k: int, diverging: bool = False) -> list[str]:
    scale = "RdYlBu" if diverging else "YlGnBu"
    if k <= 0:
        return []
    if k == 1:
        return pcolors.sample_colorscale(scale, [0.6])
    return pcolors.sample_colorscale(scale, list(np.linspace(0.12, 0.92 if not diverging else 0.95, k)))


# --- figures ------------------------------------------------------------------------------

@dataclass
class MapText:
    """What a map says: title, unit, kind of value (count|persons|percent|ratio), period, source."""

    title: str
    unit: str
    kind: str = "count"
    period: str = ""
    source: str = ""
    subtitle: str = ""
    link: str = ""
    notes: tuple[str, ...] = ()


def _value_label(v: float, kind: str, qualifier: str, lang: str) -> str:
    return fmt.value(v, kind if kind == "percent" else "count", qualifier, lang)


def _period_label(r, lang: str) -> str:
    if r.period_kind == "change":
        return f"{fmt.day(r.period_start, lang)} → {fmt.day(r.period_end, lang)}"
    start = None if pd.isna(r.period_start) else r.period_start
    text = fmt.period(start, r.period_end, lang)
    if r.period_kind == "per_year":
        text += " (" + ("mỗi năm" if lang == "vi" else "per year") + ")"
    return text


def _area_table(shapes: geo.Shapes, values: pd.DataFrame, classes: Classes, text: MapText, lang: str) -> pd.DataFrame:
    units = shapes.units[["code", "name_vi", "name_en", "full_name_vi"]]
    df = units.merge(values, on="code", how="left")
    name = df["name_vi"] if lang == "vi" else df["name_en"].fillna(df["name_vi"])
    has = df["value"].notna()
    cls = np.zeros(len(df), dtype=int)
    if classes.k and has.any():
        cls[has.to_numpy()] = classes.of(df.loc[has, "value"]) + 1
    df["class"] = cls
    df["name"] = name
    no_data = t("no_data", lang)
    df["label"] = [(_value_label(r.value, text.kind, r.qualifier, lang) + (" ⚠" if bool(getattr(r, "conflict", False))
                                                                          else "") if h else no_data)
                   for r, h in zip(df.itertuples(), has, strict=True)]
    df["period_text"] = [(_period_label(r, lang) if h else "") for r, h in zip(df.itertuples(), has, strict=True)]
    extra = [(f" ({r.note})" if isinstance(r.note, str) and r.note else "") for r in df.itertuples()]
    df["source_text"] = [((r.source or "") + e if h else "") for r, h, e in
                         zip(df.itertuples(), has, extra, strict=True)]
    sample = df["is_sample"].fillna(False).astype(bool)
    df["is_sample"] = sample
    df["sample_text"] = np.where(sample, " · " + t("map_hover_sample", lang).upper(), "")
    return df


def _hovertemplate(lang: str) -> str:
    return ("<b>%{customdata[0]}</b><br>%{customdata[1]}%{customdata[4]}<br>"
            f"{t('map_hover_period', lang)}: %{{customdata[2]}}<br>"
            f"{t('map_hover_source', lang)}: %{{customdata[3]}}<extra></extra>")


def _customdata(df: pd.DataFrame) -> np.ndarray:
    return df[["name", "label", "period_text", "source_text", "sample_text", "code"]].to_numpy()


def _colorscale(colors: list[str]) -> list[list]:
    allc = [NO_DATA_COLOR, *colors]
    n = len(allc)
    scale = []
    for i, c in enumerate(allc):
        scale += [[i / n, c], [(i + 1) / n, c]]
    return scale


def _trace(shapes: geo.Shapes, df: pd.DataFrame, classes: Classes, colors: list[str], text: MapText, lang: str,
           subplot: str = "map", showscale: bool = True, colorbar: dict | None = None) -> go.Choroplethmap:
    ticks = [t("no_data", lang), *classes.labels(text.kind, lang)]
    return go.Choroplethmap(
        geojson=shapes.geojson, locations=df["code"], featureidkey="id", z=df["class"],
        zmin=-0.5, zmax=classes.k + 0.5, colorscale=_colorscale(colors), showscale=showscale,
        marker={"line": {"width": 0.4 if shapes.vintage == "2024" and shapes.scope == "country" else 0.8,
                         "color": LINE_COLOR}},
        colorbar={"tickvals": list(range(classes.k + 1)), "ticktext": ticks, "title": {"text": text.unit},
                  "thickness": 14, "len": 0.42, "lenmode": "fraction", "outlinewidth": 0,
                  **(colorbar or {})},
        customdata=_customdata(df), hovertemplate=_hovertemplate(lang), subplot=subplot,
        name="", selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 1}},
    )


def _text_color(fill: str) -> str:
    """White on dark fills, near-black on light ones (relative luminance)."""
    r, g, b = pcolors.unlabel_rgb(pcolors.convert_colors_to_same_type(fill, "rgb")[0][0])
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 120 else "#1a1a1a"


def _label_annotations(shapes: geo.Shapes, view: geo.View, domain: tuple[float, float, float, float],
                       lang: str, min_px: float = 36.0, size: int = 9,
                       colors: dict[str, str] | None = None) -> list[dict]:
    """Names at label points, projected to paper coordinates (the map does not pan or zoom);
    areas too small to hold their name are left to the hover."""
    x0, x1, y0, y1 = domain
    anns = []
    px_per_deg = 512 * 2 ** view.zoom / 360
    units = shapes.units
    for r in units.itertuples():
        name = r.name_vi if lang == "vi" else (r.name_en or r.name_vi)
        px, py = view.to_pixels(r.label_lon, r.label_lat)
        if not (0 <= px <= view.width and 0 <= py <= view.height):
            continue
        if r.extent_deg * px_per_deg < min_px and len(units) > 15:
            continue
        anns.append({"text": name, "x": x0 + px / view.width * (x1 - x0), "y": y1 - py / view.height * (y1 - y0),
                     "xref": "paper", "yref": "paper", "showarrow": False,
                     "font": {"size": size, "color": (colors or {}).get(r.code, "#1a1a1a")},
                     "xanchor": "center", "yanchor": "middle"})
    if shapes.scope == "country":
        for key, (lon, lat) in shapes.archipelagos.items():
            px, py = view.to_pixels(lon, lat)
            anns.append({"text": t(key, lang), "x": x0 + px / view.width * (x1 - x0),
                         "y": y1 - (py + 16) / view.height * (y1 - y0), "xref": "paper", "yref": "paper",
                         "showarrow": False, "font": {"size": 9, "color": "#333"}, "xanchor": "center"})
    return anns


def _spec(shapes: geo.Shapes, df: pd.DataFrame, text: MapText, lang: str, series: str = "",
          notes: list[str] | None = None) -> ChartSpec:
    has = df["value"].notna()
    data = pd.DataFrame({"category": df["name"], "series": series, "value": df["value"], "label": df["label"],
                         "is_sample": df["is_sample"], "code": df["code"], "class": df["class"]})
    all_notes = [*text.notes, *(notes or []), t(shapes.attribution_key, lang)]
    return ChartSpec(kind="map", title=text.title, unit=text.unit, period=text.period, source=text.source,
                     data=data, subtitle=text.subtitle, is_sample=bool(df.loc[has, "is_sample"].any()),
                     link=text.link, notes=all_notes, lang=lang)


def _finish(fig: go.Figure, spec: ChartSpec, width: int, height: int) -> go.Figure:
    decorate(fig, spec, height=height)
    fig.update_layout(width=width, margin=MARGIN, dragmode=False, showlegend=False,
                      hoverlabel={"font": {"family": "Be Vietnam Pro, Noto Sans, sans-serif"}})
    # The footer (source · notes · attribution · sample mark) wraps onto lines that fit the width.
    footer = next(a for a in fig.layout.annotations if a.text == spec.footer)
    footer.text = "<br>".join(textwrap.wrap(spec.footer, max(60, int(width / 6.0))))
    footer.update(yshift=-6, align="left", font={"size": 10})
    return fig


def _map_layout(shapes: geo.Shapes, view: geo.View, domain: tuple[float, float, float, float]) -> dict:
    layout = {"style": "white-bg", "center": {"lon": view.lon, "lat": view.lat}, "zoom": view.zoom,
              "domain": {"x": [domain[0], domain[1]], "y": [domain[2], domain[3]]}}
    layers = []
    if shapes.outline is not None:
        layers.append({"sourcetype": "geojson", "source": shapes.outline, "type": "line",
                       "color": "#555555", "line": {"width": 0.9}, "below": ""})
    if shapes.islands is not None:  # reefs too small to see as fills: outline them
        layers.append({"sourcetype": "geojson", "source": shapes.islands, "type": "line",
                       "color": "#4d4d4d", "line": {"width": 1.2}, "below": ""})
    if layers:
        layout["layers"] = layers
    return layout


def _plot_size(width: int, height: int) -> tuple[float, float]:
    return width - MARGIN["l"] - MARGIN["r"], height - MARGIN["t"] - MARGIN["b"]


def make_map_figure(shapes: geo.Shapes, values: pd.DataFrame, text: MapText, lang: str = "vi",
                    method: str = "quantiles", k: int = 5, breaks: list[float] | None = None,
                    classes: Classes | None = None, labels: bool = True, diverging: bool = False,
                    width: int = WIDTH, height: int = HEIGHT,
                    notes: list[str] | None = None) -> tuple[go.Figure, ChartSpec]:
    """One choropleth: every area of ``shapes`` (those without a value in the grey 'chưa có số
    liệu' class), classes from ``values['value']`` unless ``classes`` is given, hover with name,
    value and qualifier, period, source; labels of areas large enough; the layer's attribution."""
    classes = classes or classify(values["value"], method, k, breaks)
    df = _area_table(shapes, values, classes, text, lang)
    pw, ph = _plot_size(width, height)
    country = shapes.scope == "country"
    # Whole country: the legend sits on the empty land west of Vietnam; one province: beside it.
    domain = (0.0, 1.0, 0.0, 1.0) if country else (0.0, 0.74, 0.0, 1.0)
    view = geo.fit_view(shapes.bounds, pw * (domain[1] - domain[0]), ph, padding=0.03 if country else 0.05)
    colorbar = ({"x": 0.02, "xanchor": "left", "y": 0.04, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"}
                if country else {"x": 0.76, "xanchor": "left", "y": 0.05, "yanchor": "bottom", "len": 0.5})
    colors = palette(classes.k, diverging)
    fig = go.Figure(_trace(shapes, df, classes, colors, text, lang, colorbar=colorbar))
    fills = [NO_DATA_COLOR, *colors]
    label_colors = {c: _text_color(fills[z]) for c, z in zip(df["code"], df["class"], strict=True)}
    fig.update_layout(map=_map_layout(shapes, view, domain))
    if labels:
        fig.update_layout(annotations=_label_annotations(shapes, view, domain, lang, size=9 if country else 10,
                                                         colors=label_colors))
    spec = _spec(shapes, df, text, lang, notes=_mixed_note(df, lang) + list(notes or []))
    return _finish(fig, spec, width, height), spec


def _mixed_note(df: pd.DataFrame, lang: str) -> list[str]:
    has = df[df["value"].notna()]
    kinds = has[["period_kind", "period_years"]].astype(str).drop_duplicates()
    return [t("map_mixed_periods", lang)] if len(kinds) > 1 else []


def make_map_animation(shapes: geo.Shapes, by_year: dict[int, pd.DataFrame], text: MapText, lang: str = "vi",
                       method: str = "quantiles", k: int = 5, breaks: list[float] | None = None,
                       labels: bool = True, width: int = WIDTH, height: int = HEIGHT + 60,
                       notes: list[str] | None = None) -> tuple[go.Figure, ChartSpec]:
    """The map over several years with a play button and a year slider; classes computed over
    all years so colours compare. Frames carry only the values, never the geometry."""
    years = sorted(by_year)
    pooled = pd.concat([by_year[y]["value"] for y in years]) if years else pd.Series(dtype=float)
    classes = classify(pooled, method, k, breaks)
    first = years[-1]
    fig, spec = make_map_figure(shapes, by_year[first], text, lang, classes=classes, labels=labels,
                                width=width, height=height, notes=[t("map_classes_pooled", lang), *(notes or [])])
    frames = []
    for y in years:
        df = _area_table(shapes, by_year[y], classes, text, lang)
        frames.append(go.Frame(name=str(y), data=[go.Choroplethmap(z=df["class"], customdata=_customdata(df))],
                               traces=[0]))
        spec.data = pd.concat([spec.data[spec.data["series"] != ""],
                               pd.DataFrame({"category": df["name"], "series": str(y), "value": df["value"],
                                             "label": df["label"], "is_sample": df["is_sample"],
                                             "code": df["code"], "class": df["class"]})], ignore_index=True)
        spec.is_sample = spec.is_sample or bool(df.loc[df["value"].notna(), "is_sample"].any())
    fig.frames = frames
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    fig.update_layout(
        updatemenus=[{"type": "buttons", "showactive": False, "x": 0.0, "y": -0.01, "xanchor": "left",
                      "yanchor": "top", "direction": "left", "pad": {"t": 0, "r": 8},
                      "buttons": [
                          {"label": "▶", "method": "animate",
                           "args": [None, {"frame": {"duration": 900, "redraw": True}, "fromcurrent": True,
                                           "transition": {"duration": 0}}]},
                          {"label": "❚❚", "method": "animate", "args": [[None], step_args]}]}],
        sliders=[{"active": len(years) - 1, "x": 0.1, "len": 0.9, "y": -0.01, "yanchor": "top",
                  "pad": {"t": 0}, "currentvalue": {"prefix": t("map_year", lang) + ": "},
                  "steps": [{"label": str(y), "method": "animate", "args": [[str(y)], step_args]}
                            for y in years]}],
    )
    fig.update_layout(margin={**MARGIN, "b": MARGIN["b"] + 60})
    footer = next(a for a in fig.layout.annotations if a.yref == "paper" and a.y == -0.02)
    footer.yshift = -66
    spec.period = t("map_years_range", lang, a=years[0], b=years[-1]) if years else spec.period
    return fig, spec


def make_map_pair(shapes_a: geo.Shapes, values_a: pd.DataFrame, shapes_b: geo.Shapes, values_b: pd.DataFrame,
                  captions: tuple[str, str], text: MapText, lang: str = "vi", method: str = "quantiles", k: int = 5,
                  breaks: list[float] | None = None, width: int = WIDTH + 240, height: int = 700,
                  notes: list[str] | None = None) -> tuple[go.Figure, ChartSpec]:
    """Two maps side by side (two years; possibly two layers, e.g. 2024 and 2025) with one set
    of classes computed over both."""
    classes = classify(pd.concat([values_a["value"], values_b["value"]]), method, k, breaks)
    colors = palette(classes.k)
    pw, ph = _plot_size(width, height)
    fig = go.Figure()
    anns = []
    dfs = []
    for i, (shapes, values, caption) in enumerate(((shapes_a, values_a, captions[0]),
                                                   (shapes_b, values_b, captions[1]))):
        domain = (0.0, 0.49, 0.0, 0.95) if i == 0 else (0.51, 1.0, 0.0, 0.95)
        view = geo.fit_view(shapes.bounds, pw * 0.49, ph * 0.95, padding=0.03)
        df = _area_table(shapes, values, classes, text, lang)
        dfs.append(df.assign(series=caption))
        sub = "map" if i == 0 else "map2"
        fig.add_trace(_trace(shapes, df, classes, colors, text, lang, subplot=sub, showscale=i == 0,
                             colorbar={"x": 0.01, "xanchor": "left", "y": 0.03, "yanchor": "bottom",
                                       "bgcolor": "rgba(255,255,255,0.85)", "len": 0.38}))
        fig.update_layout({sub: _map_layout(shapes, view, domain)})
        anns.append({"text": f"<b>{caption}</b>", "x": (domain[0] + domain[1]) / 2, "y": 0.985, "xref": "paper",
                     "yref": "paper", "showarrow": False, "font": {"size": 14}})
    fig.update_layout(annotations=anns)
    both = pd.concat(dfs, ignore_index=True)
    spec = _spec(shapes_a, both, text, lang, notes=[*(notes or [])])
    spec.data["series"] = both["series"].to_numpy()
    if shapes_b.attribution_key != shapes_a.attribution_key:
        spec.notes.append(t(shapes_b.attribution_key, lang))
    return _finish(fig, spec, width, height), spec


# --- one-call builders (pages and slides) -------------------------------------------------

def level_title(level: str, vintage: str, province_name: str, lang: str) -> str:
    if level == "province_districts":
        return t("map_level_title_province_districts", lang, province=province_name)
    if level == "districts":
        return t("map_level_title_districts", lang)
    return t("map_level_title_provinces34" if vintage == "34" else "map_level_title_provinces63", lang)


def _province_name(code: str | None, lang: str) -> str:
    from core.units import load_register

    if not code:
        return ""
    reg = load_register()
    r = reg[(reg.code == code) & (reg.level == "province") & (reg.vintage == "63")]
    if not len(r):
        return code
    return r.iloc[0]["name_vi"] if lang == "vi" else r.iloc[0]["name_en"]


def _short(text: str, n: int = 70) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def indicator_text(code: str, year: int | str, level: str, vintage: str, province: str | None, lang: str,
                   values: pd.DataFrame | None = None, link: str = "") -> MapText:
    ind = load_catalogue()[code]
    sources = "; ".join(_short(s) for s in dict.fromkeys(values["source"])) if values is not None else ""
    return MapText(title=f"{ind.name(lang)} — {level_title(level, vintage, _province_name(province, lang), lang)}",
                   unit=ind.unit(lang), kind=ind.kind, period=str(year), source=sources, link=link)


def coverage_text(measure: str, year: int | str, level: str, vintage: str, province: str | None, lang: str,
                  link: str = "", change: bool = False) -> MapText:
    kind, unit_key = COVERAGE_MEASURES[measure]
    unit = ("%" if kind == "percent" else t(unit_key, lang))
    if change and kind == "percent":
        unit = t("map_unit_points", lang)
        kind = "ratio"
    name = t(f"map_measure_{measure}", lang)
    return MapText(title=f"{name} — {level_title(level, vintage, _province_name(province, lang), lang)}",
                   unit=unit, kind=kind, period=str(year), source=t("map_coverage_source", lang), link=link)


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


def load_values(source: str, code: str, year: int, vintage: str, lang: str = "vi",
                path: Path | None = None, *, sample: bool = False, user) -> tuple[pd.DataFrame, list[str]]:
    """Values of an indicator (``source='indicator'``) or a coverage measure ('coverage') in one mode,
    as ``user`` (core.auth.User) may see them (core.access): a district layer only within the user's
    scope, a sensitive indicator only for users who see it."""
    if source == "coverage":
        values, notes = load_coverage_values(code, year, vintage, lang, path, sample=sample), []
    elif not access.visible_codes(user, [code]):
        return pd.DataFrame(columns=VALUE_COLUMNS), []
    else:
        values, notes = load_indicator_values(code, year, vintage, lang, path, sample=sample)
    if vintage == "2024":
        values = access.keep_detail(user, values, "code").reset_index(drop=True)
    return values, notes


def available_years(source: str, code: str, level: str, path: Path | None = None, *,
                    sample: bool = False) -> list[int]:
    """Years a map can show for a level in one mode (districts only before the reform)."""
    if source == "coverage":
        if level == "provinces":
            years = set(coverage_years("63", path, code, sample=sample)) | {
                y for y in coverage_years("34", path, code, sample=sample) if y >= 2025}
        else:
            years = set(coverage_years({"provinces34": "34"}.get(level, "2024"), path, code, sample=sample))
    else:
        years = set(indicator_years(code, "2024" if level in ("districts", "province_districts") else "34", path,
                                    sample=sample))
    if level in ("districts", "province_districts"):
        years = {y for y in years if geo.vintage_for_year(y) != "34"}
    return sorted(years)


def default_year(source: str, code: str, level: str, years: list[int], path: Path | None = None, *,
                 sample: bool = False) -> int:
    """The year a map opens on: of ``years``, the one with figures for the most areas, then the latest."""
    if source == "coverage" or not years:
        return years[-1]
    vintage = "2024" if level in ("districts", "province_districts") else ("34" if level == "provinces34" else "63")
    counts = indicator_year_counts(code, vintage, path, sample=sample).reindex(years).fillna(0)
    return int(max(years, key=lambda y: (counts[y], y)))


def map_text(source: str, code: str, year: int | str, level: str, vintage: str, province: str | None,
             lang: str, values: pd.DataFrame | None = None, link: str = "", change: bool = False) -> MapText:
    if source == "coverage":
        return coverage_text(code, year, level, vintage, province, lang, link, change)
    return indicator_text(code, year, level, vintage, province, lang, values, link)
