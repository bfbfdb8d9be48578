"""Geometry helpers of the boundary steps: reading KML and dvhcvn/WOF GeoJSON, cleaning,
simplifying a whole layer at once (shared borders stay shared), writing GeoJSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

#: Equal-area projection for areas in km² (cylindrical, true scale at 16°N, Vietnam's middle).
EQUAL_AREA = "+proj=cea +lon_0=106 +lat_ts=16 +datum=WGS84 +units=m"
PRECISION = 1e-5  # degrees (about 1 m)
_KML = "{http://www.opengis.net/kml/2.2}"


class GeometryError(ValueError):
    """A boundary source cannot be read or gives no usable polygons (the message names it)."""


def _ring(element, path: Path) -> np.ndarray:
    coords = element.find(f".//{_KML}coordinates")
    if coords is None or not (coords.text or "").strip():
        raise GeometryError(f"{path}: a KML ring without coordinates")
    return np.array([[float(v) for v in point.split(",")[:2]] for point in coords.text.split()])


def read_kml(path: Path) -> list[tuple[dict, shapely.Geometry]]:
    """Placemarks of a KML file: their SimpleData fields and (Multi)Polygon geometry."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 (a checksummed upstream file)
    except ET.ParseError as exc:
        raise GeometryError(f"{path}: not readable as KML ({exc})") from exc
    out = []
    for placemark in root.iter(f"{_KML}Placemark"):
        fields = {sd.get("name"): (sd.text or "").strip() for sd in placemark.iter(f"{_KML}SimpleData")}
        polygons = [shapely.Polygon(_ring(pg.find(f"{_KML}outerBoundaryIs"), path),
                                    [_ring(inner, path) for inner in pg.findall(f"{_KML}innerBoundaryIs")])
                    for pg in placemark.iter(f"{_KML}Polygon")]
        if not polygons:
            raise GeometryError(f"{path}: placemark {fields} has no polygon")
        out.append((fields, shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]))
    return out


def from_geojson(geometry: dict) -> shapely.Geometry:
    return shapely.geometry.shape(geometry)


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygon parts of a geometry (make_valid can leave lines or points beside them)."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else shapely.Polygon())


def clean(geoms) -> np.ndarray:
    """Valid, polygon-only geometries."""
    return np.array([polygonal(g) for g in shapely.make_valid(np.asarray(geoms))], dtype=object)


def simplify_layer(geoms, tolerance: float) -> np.ndarray:
    """Visvalingam–Whyatt simplification of a whole layer at once (GEOS coverage simplifier: borders
    shared by two units stay shared, no part is dropped), then valid, rounded to 1e-5°."""
    simplified = shapely.coverage_simplify(clean(geoms), tolerance)
    rounded = shapely.set_precision(clean(simplified), PRECISION)
    return clean(rounded)


def areas_km2(geoms) -> np.ndarray:
    import geopandas as gpd

    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(EQUAL_AREA).area.to_numpy() / 1e6


def _rounded(coords):
    if isinstance(coords, (float, int)):
        return round(float(coords), 5)
    return [_rounded(c) for c in coords]


def write_geojson(path: Path, properties: pd.DataFrame, geoms) -> None:
    """A FeatureCollection in WGS84 longitude/latitude (CRS84), coordinates rounded to 1e-5°."""
    features = []
    for props, geom in zip(properties.to_dict("records"), geoms, strict=True):
        g = shapely.geometry.mapping(geom)
        features.append({"type": "Feature", "properties": {k: (None if pd.isna(v) else v) for k, v in props.items()},
                         "geometry": {"type": g["type"], "coordinates": _rounded(g["coordinates"])}})
    doc = {"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
           "features": features}
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
