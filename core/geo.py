"""Administrative boundaries: loading, joining to the unit register, simplification for maps.

Three layers, each valid for a period (see SOURCES.md in the geo folder):

- ``'63'``   63 provinces, 01/08/2008 → 30/06/2025 (provinces_2008_2025)
- ``'2024'`` 705 districts of the GSO list of 01/05/2024, until 30/06/2025 (districts_2024)
- ``'34'``   34 provinces from the reform date (provinces_2025; core.config.REFORM_DATE)

The files live outside the repo in ``core.config.refdata_dir() / 'geo'`` (``ANTQ_REFDATA_DIR``);
GeoJSON, GeoParquet or Shapefile with the same stem are read. Features join to the register by
code, or — for an outside file without codes — by name, ignoring diacritics and prefixes, with a
report of what did not match. Geometry is simplified once per (file, mtime, level) and cached in
the process; pages send only the shapes they need.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from core import config
from core.semantics import reform
from core.text import name_key

SUFFIXES = (".geojson", ".json", ".parquet", ".geoparquet", ".shp")
REFORM = reform.REFORM


@dataclass(frozen=True)
class LayerDef:
    vintage: str
    level: str
    stem: str
    attribution_key: str  # core/strings/maps.yaml


LAYERS = {
    "63": LayerDef("63", "province", "provinces_2008_2025", "attribution_provinces"),
    "2024": LayerDef("2024", "district", "districts_2024", "attribution_districts"),
    "34": LayerDef("34", "province", "provinces_2025", "attribution_provinces"),
}

#: Simplification tolerance (degrees, coverage-preserving Visvalingam–Whyatt) and coordinate
#: decimals per use: the whole country, or one province's districts. The whole country spans about
#: 0,02° per pixel on the page (0,016° on a 1080-pixel slide): 0,008–0,01° moves no border by more
#: than half a pixel, and 3 decimals (0,001°) are finer still; this halves what the browser receives.
SIMPLIFY = {"country": {"63": 0.008, "34": 0.008, "2024": 0.01}, "province": {"2024": 0.0008}}
DECIMALS = {"country": 3, "province": 5}


class BoundaryError(ValueError):
    """A boundary file is missing, unreadable or has no usable geometry (the message names it)."""


def geo_dir(base: Path | None = None) -> Path:
    return (base or config.refdata_dir()) / "geo"


def layer_path(vintage: str, base: Path | None = None) -> Path | None:
    """The file of a layer (first of .geojson, .json, .parquet, .geoparquet, .shp), or None."""
    folder = geo_dir(base)
    for suffix in SUFFIXES:
        path = folder / (LAYERS[vintage].stem + suffix)
        if path.is_file():
            return path
    return None


def available(base: Path | None = None) -> dict[str, bool]:
    return {v: layer_path(v, base) is not None for v in LAYERS}


def vintage_for(day: date, level: str = "province") -> str | None:
    """The layer valid on ``day``: 63 provinces / 2024 districts before the reform, 34 provinces
    after; None for districts after 30/06/2025 (there are none)."""
    if day >= REFORM:
        return "34" if level == "province" else None
    return "63" if level == "province" else "2024"


def vintage_for_year(year: int, level: str = "province") -> str | None:
    """A year is shown on the layer valid at its end: 2025 and later → 34 provinces."""
    return vintage_for(date(year, 12, 31), level)


def read_boundaries(path: Path) -> gpd.GeoDataFrame:
    """Read GeoJSON / GeoParquet / Shapefile into WGS84 longitude/latitude."""
    path = Path(path)
    if not path.is_file():
        raise BoundaryError(f"{path}: boundary file not found")
    try:
        parquet = path.suffix.lower() in (".parquet", ".geoparquet")
        gdf = gpd.read_parquet(path) if parquet else gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes one clear message
        raise BoundaryError(f"{path}: cannot read boundaries ({type(exc).__name__}: {exc})") from exc
    if "geometry" not in gdf or gdf.geometry.isna().all() or len(gdf) == 0:
        raise BoundaryError(f"{path}: no geometry")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    kinds = set(gdf.geometry.geom_type.dropna())
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise BoundaryError(f"{path}: only Polygon/MultiPolygon allowed, found {sorted(kinds)}")
    return gdf


@dataclass
class JoinReport:
    """What joined to the register and what did not."""

    layer: str
    by: str  # 'code' | 'name'
    matched: int
    unmatched_features: list[str] = field(default_factory=list)  # feature code/name not in the register
    ambiguous_features: list[str] = field(default_factory=list)  # names matching several units
    units_without_shape: list[str] = field(default_factory=list)  # register units of the layer with no feature

    @property
    def ok(self) -> bool:
        return not self.unmatched_features and not self.ambiguous_features

    def summary(self) -> str:
        parts = [f"layer {self.layer}: {self.matched} features joined by {self.by}"]
        if self.unmatched_features:
            parts.append(f"{len(self.unmatched_features)} not in the register: {', '.join(self.unmatched_features)}")
        if self.ambiguous_features:
            parts.append(f"{len(self.ambiguous_features)} ambiguous: {', '.join(self.ambiguous_features)}")
        if self.units_without_shape:
            parts.append(f"{len(self.units_without_shape)} units without a shape: "
                         f"{', '.join(self.units_without_shape)}")
        return "; ".join(parts)


def _register_units(register: pd.DataFrame, vintage: str) -> pd.DataFrame:
    level = LAYERS[vintage].level
    units = register[(register.level == level) & (register.vintage == vintage)]
    return units.drop_duplicates("code").set_index("code", drop=False)


def join_register(gdf: gpd.GeoDataFrame, vintage: str, register: pd.DataFrame | None = None,
                  code_column: str | None = "code", name_column: str | None = None,
                  parent_column: str | None = None) -> tuple[gpd.GeoDataFrame, JoinReport]:
    """Attach register codes and names to the features of a layer.

    By ``code_column`` when the file has it (numbers are zero-padded: 1 → '01', 40 → '040' for
    districts), else by ``name_column`` (diacritics-insensitive; ``parent_column`` — the
    province name or code — disambiguates districts that share a name). Returns the joined
    features (columns code, name_vi, name_en, full_name_vi, parent_code, geometry) and a report.
    """
    from core.units import load_register

    register = load_register() if register is None else register
    units = _register_units(register, vintage)
    width = 2 if LAYERS[vintage].level == "province" else 3
    codes: list[str | None] = []
    unmatched: list[str] = []
    ambiguous: list[str] = []
    if code_column and code_column in gdf.columns:
        by = "code"
        for raw in gdf[code_column]:
            text = str(raw).strip()
            text = text.split(".")[0].zfill(width) if text.replace(".", "").isdigit() else text
            codes.append(text if text in units.index else None)
            if text not in units.index:
                unmatched.append(str(raw))
    else:
        by = "name"
        if not name_column:
            name_column = next((c for c in ("name_vi", "name", "ten", "NAME_1", "NAME_2", "shapeName")
                                if c in gdf.columns), None)
        if not name_column:
            raise BoundaryError(f"layer {vintage}: no code column and no name column to join on")
        keys: dict[str, list[str]] = {}
        for code, r in units.iterrows():
            names = {r["name_vi"], r["full_name_vi"], r["name_ascii"], r["name_en"]}
            names.update(n for n in str(r.get("alt_names") or "").split("|") if n)
            for n in names:
                keys.setdefault(name_key(n), [])
                if code not in keys[name_key(n)]:
                    keys[name_key(n)].append(code)
        parents = _register_units(register, "63") if LAYERS[vintage].level == "district" else None
        for i, raw in enumerate(gdf[name_column]):
            found = keys.get(name_key(str(raw)), [])
            if len(found) > 1 and parent_column and parents is not None:
                parent = str(gdf[parent_column].iloc[i])
                parent_codes = {c for c, p in parents.iterrows()
                                if parent in (c,) or name_key(parent) in {name_key(p["name_vi"]),
                                                                          name_key(p["full_name_vi"])}}
                found = [c for c in found if units.at[c, "parent_code"] in parent_codes]
            if len(found) == 1:
                codes.append(found[0])
            else:
                codes.append(None)
                (ambiguous if found else unmatched).append(str(raw))
    out = gdf.assign(code=codes)
    out = out[out["code"].notna()].drop_duplicates("code")
    meta = units.loc[out["code"], ["name_vi", "name_en", "full_name_vi", "parent_code"]].reset_index(drop=True)
    joined = gpd.GeoDataFrame(pd.concat([out[["code"]].reset_index(drop=True), meta], axis=1),
                              geometry=out.geometry.values, crs=4326)
    missing = sorted(set(units.index) - set(joined["code"]))
    report = JoinReport(vintage, by, len(joined), unmatched, ambiguous,
                        [f"{c} {units.at[c, 'full_name_vi']}" for c in missing])
    return joined.sort_values("code").reset_index(drop=True), report


@dataclass
class Layer:
    vintage: str
    level: str
    path: Path
    features: gpd.GeoDataFrame  # code, name_vi, name_en, full_name_vi, parent_code, geometry
    report: JoinReport


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def load_layer(vintage: str, base: Path | None = None) -> Layer:
    """The layer joined to the register, cached per (file, mtime)."""
    path = layer_path(vintage, base)
    if path is None:
        raise BoundaryError(f"{geo_dir(base) / (LAYERS[vintage].stem + '.geojson')}: boundary file not found; "
                            "`python -m etl setup` downloads it (see README, 'Reference data')")
    return _load_layer(vintage, str(path), _mtime(path))


@lru_cache(maxsize=8)
def _load_layer(vintage: str, path: str, mtime: int) -> Layer:
    gdf = read_boundaries(Path(path))
    features, report = join_register(gdf, vintage)
    return Layer(vintage, LAYERS[vintage].level, Path(path), features, report)


@dataclass
class Shapes:
    """Shapes ready for a plotly map: a GeoJSON FeatureCollection keyed by ``id`` = unit code
    (rounded, simplified), names, parent codes, label points and the bounds to frame."""

    vintage: str
    scope: str  # 'country' or a province code (its districts)
    geojson: dict
    units: pd.DataFrame  # code, name_vi, name_en, full_name_vi, parent_code, label_lon, label_lat
    bounds: tuple[float, float, float, float]
    attribution_key: str
    outline: dict | None = None  # province outlines drawn over the country district map
    archipelagos: dict = field(default_factory=dict)  # i18n key → (lon, lat) of Hoàng Sa, Trường Sa
    islands: dict | None = None  # outlines of the offshore islands (drawn so they stay visible)

    @property
    def codes(self) -> list[str]:
        return list(self.units["code"])

    def __len__(self) -> int:
        return len(self.units)


def _label_point(geom) -> tuple[float, float]:
    """A point inside the largest part (keeps Đà Nẵng's label on the mainland, not on Hoàng Sa)."""
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    biggest = max(parts, key=lambda g: g.area)
    p = biggest.representative_point()
    return p.x, p.y


def _extent(geom) -> float:
    """Square root of the area of the largest part, in degrees: room for a label."""
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    return math.sqrt(max(g.area for g in parts))


def _offshore_parts(geoms) -> list:
    return [part for g in geoms for part in (g.geoms if g.geom_type == "MultiPolygon" else [g])
            if part.centroid.x > 111.0]


def _archipelagos(geoms) -> dict:
    """Centres of the offshore island groups (parts east of 111°E): Hoàng Sa north of 14°N,
    Trường Sa south of it."""
    north, south = [], []
    for part in _offshore_parts(geoms):
        (north if part.centroid.y > 14.0 else south).append(part)
    out = {}
    for key, parts in (("map_hoang_sa", north), ("map_truong_sa", south)):
        if parts:
            minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(parts))
            out[key] = ((minx + maxx) / 2, (miny + maxy) / 2)
    return out


def _round(geoms: np.ndarray, decimals: int) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.round(xy, decimals))


def _feature_collection(codes: list[str], geoms: np.ndarray) -> dict:
    """Features keyed by unit code. Rings are wound as plotly's geo maps (d3-geo, on the sphere) read them,
    exterior clockwise: the other way round a polygon is the rest of the globe and floods the map."""
    geoms = shapely.orient_polygons(np.asarray(geoms), exterior_cw=True)
    feats = [{"type": "Feature", "id": c, "properties": {}, "geometry": shapely.geometry.mapping(g)}
             for c, g in zip(codes, geoms, strict=True)]
    return {"type": "FeatureCollection", "features": feats}


@lru_cache(maxsize=8)
def _simplified(vintage: str, path: str, mtime: int, use: str) -> np.ndarray:
    layer = _load_layer(vintage, path, mtime)
    geoms = layer.features.geometry.values
    tol = SIMPLIFY[use].get(vintage)
    if tol:
        geoms = np.asarray(shapely.coverage_simplify(np.asarray(geoms), tol))
    return _round(np.asarray(geoms), DECIMALS[use])


def load_shapes(vintage: str, scope: str = "country", base: Path | None = None) -> Shapes:
    """Shapes of a layer for the whole country, or (districts) for one old province ``scope``.
    Simplification runs once per file version and use; later calls only filter and reuse."""
    path = layer_path(vintage, base)
    if path is None:
        load_layer(vintage, base)  # raises the explanatory BoundaryError
    return _shapes(vintage, str(path), _mtime(path), scope)


@lru_cache(maxsize=96)
def _shapes(vintage: str, path: str, mtime: int, scope: str) -> Shapes:
    layer = _load_layer(vintage, path, mtime)
    feats = layer.features
    use = "country"
    if scope != "country":
        if layer.level != "district":
            raise ValueError("a province scope applies to the district layer only")
        use = "province"
        mask = (feats["parent_code"] == scope).to_numpy()
        if not mask.any():
            raise BoundaryError(f"{path}: no district of province {scope}")
    else:
        mask = np.ones(len(feats), dtype=bool)
    geoms = _simplified(vintage, path, mtime, use)[mask]
    units = feats.loc[mask, ["code", "name_vi", "name_en", "full_name_vi", "parent_code"]].reset_index(drop=True)
    points = [_label_point(g) for g in feats.geometry.values[mask]]
    units["label_lon"] = [p[0] for p in points]
    units["label_lat"] = [p[1] for p in points]
    units["extent_deg"] = [_extent(g) for g in feats.geometry.values[mask]]
    bounds = tuple(float(b) for b in shapely.total_bounds(feats.geometry.values[mask]))
    outline = None
    if layer.level == "district" and scope == "country":
        prov = layer_path("63", Path(path).parent.parent)
        if prov is not None:
            pg = _simplified("63", str(prov), _mtime(prov), "country")
            outline = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shapely.boundary(g))}
                for g in pg]}
    archipelagos, islands = {}, None
    if scope == "country":
        archipelagos = _archipelagos(feats.geometry.values)
        parts = _offshore_parts(geoms)
        islands = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shapely.boundary(p))}
            for p in parts]}
    return Shapes(vintage, scope, _feature_collection(list(units["code"]), geoms), units, bounds,
                  LAYERS[vintage].attribution_key, outline, archipelagos, islands)


def clear_caches() -> None:
    _load_layer.cache_clear()
    _simplified.cache_clear()
    _shapes.cache_clear()


# --- Web Mercator view fitting (512 px at zoom 0, as web maps count) -----------------------------------

def _merc_x(lon: float) -> float:
    return (lon + 180.0) / 360.0


def _merc_y(lat: float) -> float:
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def _lat_of(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))


@dataclass(frozen=True)
class View:
    """Center and zoom fitting bounds in a map of ``width`` × ``height`` pixels."""

    lon: float
    lat: float
    zoom: float
    width: float
    height: float

    def to_pixels(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position (from the map's top-left corner) of a point."""
        scale = 512 * 2 ** self.zoom
        x = self.width / 2 + (_merc_x(lon) - _merc_x(self.lon)) * scale
        y = self.height / 2 + (_merc_y(lat) - _merc_y(self.lat)) * scale
        return x, y

    def extent(self) -> tuple[float, float, float, float]:
        """(west, east, south, north) in degrees of the whole ``width`` × ``height`` frame: a Mercator
        projection fitted to this box draws every point where ``to_pixels`` puts it."""
        scale = 512 * 2 ** self.zoom
        cx, cy = _merc_x(self.lon), _merc_y(self.lat)
        west, east = (cx - self.width / 2 / scale) * 360 - 180, (cx + self.width / 2 / scale) * 360 - 180
        return west, east, _lat_of(cy + self.height / 2 / scale), _lat_of(cy - self.height / 2 / scale)


def fit_view(bounds: tuple[float, float, float, float], width: float, height: float,
             padding: float = 0.04) -> View:
    minx, miny, maxx, maxy = bounds
    x0, x1 = _merc_x(minx), _merc_x(maxx)
    y0, y1 = _merc_y(maxy), _merc_y(miny)
    usable_w, usable_h = width * (1 - 2 * padding), height * (1 - 2 * padding)
    span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    zoom = math.log2(min(usable_w / (span_x * 512), usable_h / (span_y * 512)))
    return View((minx + maxx) / 2, _lat_of((y0 + y1) / 2), zoom, width, height)
