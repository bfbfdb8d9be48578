"""Map figures: plotly ``Choropleth`` traces of classified values on a geo subplot, single maps,
animations over years and pairs of maps, each with its ChartSpec.

The maps are static (fixed frame, labels placed for it), so they are drawn as SVG by plotly's geo
subplot in a Mercator projection fitted to the frame (core.geo.View): no WebGL map to start, which
in a browser without a graphics card (software rendering) costs more than the rest of the page. No
base layer is shown; plotly still asks for its world topojson whenever a trace has locations, so the
figures carry an empty one inline (``TOPOJSON_URL``): nothing is fetched."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go

from core import fmt, geo
from core.charts import ChartSpec, decorate
from core.i18n import t
from core.maps.classification import Classes, classify, palette
from core.semantics import labels

NO_DATA_COLOR = "#d4d4d4"


# plotly.js appends "/world_110m.json" to its topojson URL: behind "#" that is a fragment of this data URL
TOPOJSON_URL = "data:application/json," + quote('{"type":"Topology","objects":{},"arcs":[]}') + "#"


# plotly config for a map in a page (no zoom or pan: labels and clicks are placed for the frame)
PLOT_CONFIG = {"displaylogo": False, "scrollZoom": False, "topojsonURL": TOPOJSON_URL,
               "modeBarButtonsToRemove": ["zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo", "pan2d"]}


LINE_COLOR = "#ffffff"


WIDTH, HEIGHT = 760, 900


MARGIN = {"t": 80, "b": 96, "l": 8, "r": 8}


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
    return labels.period_label(r.period_start, r.period_end, r.period_kind, lang)


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
           subplot: str = "geo", showscale: bool = True, colorbar: dict | None = None) -> go.Choropleth:
    ticks = [t("no_data", lang), *classes.labels(text.kind, lang)]
    return go.Choropleth(
        geojson=shapes.geojson, locations=df["code"], featureidkey="id", z=df["class"],
        zmin=-0.5, zmax=classes.k + 0.5, colorscale=_colorscale(colors), showscale=showscale,
        marker={"line": {"width": 0.4 if shapes.vintage == "2024" and shapes.scope == "country" else 0.8,
                         "color": LINE_COLOR}},
        colorbar={"tickvals": list(range(classes.k + 1)), "ticktext": ticks, "title": {"text": text.unit},
                  "thickness": 14, "len": 0.42, "lenmode": "fraction", "outlinewidth": 0,
                  **(colorbar or {})},
        customdata=_customdata(df), hovertemplate=_hovertemplate(lang), geo=subplot,
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


def _geo_layout(view: geo.View, domain: tuple[float, float, float, float]) -> dict:
    """A geo subplot without base layers whose Mercator projection fits ``view``'s frame exactly."""
    west, east, south, north = view.extent()
    return {"visible": False, "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
            "lonaxis": {"range": [west, east]}, "lataxis": {"range": [south, north]},
            "domain": {"x": [domain[0], domain[1]], "y": [domain[2], domain[3]]}}


def _line_coords(collection: dict) -> tuple[list, list]:
    """Longitudes and latitudes of every line of a FeatureCollection of (Multi)LineStrings (core.geo's
    outlines and islands: polygon boundaries), parts separated by None."""
    lons, lats = [], []
    for feature in collection["features"]:
        g = feature["geometry"]
        for line in [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]:
            lons += [c[0] for c in line] + [None]
            lats += [c[1] for c in line] + [None]
    return lons, lats


def _outline_traces(shapes: geo.Shapes, subplot: str) -> list[go.Scattergeo]:
    """Province outlines over the district map, and the offshore islands (too small to see as fills)."""
    out = []
    for collection, color, width in ((shapes.outline, "#555555", 0.9), (shapes.islands, "#4d4d4d", 1.2)):
        if collection is not None and collection["features"]:
            lons, lats = _line_coords(collection)
            out.append(go.Scattergeo(lon=lons, lat=lats, mode="lines", line={"color": color, "width": width},
                                     hoverinfo="skip", showlegend=False, geo=subplot, name=""))
    return out


def plot_size(width: int, height: int) -> tuple[float, float]:
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
    pw, ph = plot_size(width, height)
    country = shapes.scope == "country"
    # Whole country: the legend sits on the empty land west of Vietnam; one province: beside it.
    domain = (0.0, 1.0, 0.0, 1.0) if country else (0.0, 0.74, 0.0, 1.0)
    view = geo.fit_view(shapes.bounds, pw * (domain[1] - domain[0]), ph, padding=0.03 if country else 0.05)
    colorbar = ({"x": 0.02, "xanchor": "left", "y": 0.04, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"}
                if country else {"x": 0.76, "xanchor": "left", "y": 0.05, "yanchor": "bottom", "len": 0.5})
    colors = palette(classes.k, diverging)
    fig = go.Figure([_trace(shapes, df, classes, colors, text, lang, colorbar=colorbar),
                     *_outline_traces(shapes, "geo")])
    fills = [NO_DATA_COLOR, *colors]
    label_colors = {c: _text_color(fills[z]) for c, z in zip(df["code"], df["class"], strict=True)}
    fig.update_layout(geo=_geo_layout(view, domain))
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
        frames.append(go.Frame(name=str(y), data=[go.Choropleth(z=df["class"], customdata=_customdata(df))],
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
    pw, ph = plot_size(width, height)
    fig = go.Figure()
    anns = []
    dfs = []
    for i, (shapes, values, caption) in enumerate(((shapes_a, values_a, captions[0]),
                                                   (shapes_b, values_b, captions[1]))):
        domain = (0.0, 0.49, 0.0, 0.95) if i == 0 else (0.51, 1.0, 0.0, 0.95)
        view = geo.fit_view(shapes.bounds, pw * 0.49, ph * 0.95, padding=0.03)
        df = _area_table(shapes, values, classes, text, lang)
        dfs.append(df.assign(series=caption))
        sub = "geo" if i == 0 else "geo2"
        fig.add_trace(_trace(shapes, df, classes, colors, text, lang, subplot=sub, showscale=i == 0,
                             colorbar={"x": 0.01, "xanchor": "left", "y": 0.03, "yanchor": "bottom",
                                       "bgcolor": "rgba(255,255,255,0.85)", "len": 0.38}))
        fig.add_traces(_outline_traces(shapes, sub))
        fig.update_layout({sub: _geo_layout(view, domain)})
        anns.append({"text": f"<b>{caption}</b>", "x": (domain[0] + domain[1]) / 2, "y": 0.985, "xref": "paper",
                     "yref": "paper", "showarrow": False, "font": {"size": 14}})
    fig.update_layout(annotations=anns)
    both = pd.concat(dfs, ignore_index=True)
    spec = _spec(shapes_a, both, text, lang, notes=[*(notes or [])])
    spec.data["series"] = both["series"].to_numpy()
    if shapes_b.attribution_key != shapes_a.attribution_key:
        spec.notes.append(t(shapes_b.attribution_key, lang))
    return _finish(fig, spec, width, height), spec
