"""705 districts of the GSO list of 01/05/2024.

Geometry: the Government e-portal's administrative map system (gis.chinhphu.vn) as kept by dvhcvn
(one file per province: district polygons and the province outline). The polygons predate the
2019–2021 mergers, so merged-away districts are holes in their province: each declared hole
(corrections.yaml) joins the district that absorbed it; other holes of at least 1 ha join the
district nearest to their centroid. Quảng Ninh has no dvhcvn file: its districts are Who's On First
counties clipped to the ODM province outline minus the neighbouring provinces' districts; the parts
of the outline no county covers (islands, coast) join the district nearest to their centroid, two
declared stretches aside. The whole layer is simplified at once (~200 m, shared borders stay
shared), valid, rounded to 1e-5°. Attributes from the GSO list and the district crosswalk.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from etl.reference import Context
from etl.reference.corrections import load_corrections
from etl.reference.geometry import (
    GeometryError,
    areas_km2,
    clean,
    from_geojson,
    polygonal,
    simplify_layer,
    write_geojson,
)
from etl.reference.gso import district_table, province_table, read_code_list
from etl.reference.province_layer import KML, read_provinces

TOLERANCE = 0.0018  # degrees, Visvalingam–Whyatt (about 200 m)
MIN_GAP_KM2 = 0.01  # holes smaller than 1 ha are digitising noise
QUANG_NINH = "22"
SOURCE_DVHCVN = "gis.chinhphu.vn (dvhcvn)"
SOURCE_FILLED = "gis.chinhphu.vn (dvhcvn) + gap filled"
SOURCE_WOF = "Who's On First mesoshapes (CC0), clipped/extended to ODM province outline"


def read_dvhcvn(ctx: Context) -> tuple[dict[str, shapely.Geometry], dict[str, tuple[str, shapely.Geometry]]]:
    """Province outlines (code → geometry) and district polygons (code → (province, geometry))."""
    outlines, districts = {}, {}
    for _, path in ctx.raw_files("dvhcvn_gis"):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        province = doc["level1_id"]
        outlines[province] = polygonal(shapely.make_valid(from_geojson(doc)))
        for d in doc["level2s"]:
            districts[d["level2_id"]] = (province, polygonal(shapely.make_valid(from_geojson(d))))
    return outlines, districts


def _attach(pieces: list, owners: dict[str, shapely.Geometry]) -> dict[str, list]:
    """Each piece to the owner nearest to its centroid."""
    given: dict[str, list] = {}
    codes = list(owners)
    geoms = np.array([owners[c] for c in codes], dtype=object)
    for piece in pieces:
        given.setdefault(codes[int(np.argmin(shapely.distance(geoms, piece.centroid)))], []).append(piece)
    return given


def _declared(pieces: list, entries: list[dict], where: str) -> dict[str, list]:
    """Pieces named by a point inside them (corrections.yaml) → their declared district; the
    pieces are removed from ``pieces``."""
    given: dict[str, list] = {}
    for entry in entries:
        point = shapely.Point(entry["point"])
        inside = [q for q in pieces if q.contains(point)]
        if len(inside) != 1:
            raise GeometryError(f"corrections.yaml: {where}: the point {entry['point']} ({entry.get('former', '')}) "
                                "does not lie in exactly one gap")
        given.setdefault(entry["into"], []).append(inside[0])
        pieces.remove(inside[0])
    return given


def fill_gaps(outlines: dict, districts: dict) -> dict[str, str]:
    """Give each province's holes to its districts (in place); returns code → geom_source of the
    districts that received some."""
    declared = {}
    for fill in load_corrections().districts_gap_fills:
        declared.setdefault(fill["province"], []).append(fill)
    filled = {}
    for province, outline in outlines.items():
        own = {c: g for c, (p, g) in districts.items() if p == province}
        hole = shapely.difference(outline, shapely.union_all(list(own.values())))
        pieces = [q for q in shapely.get_parts(polygonal(hole)) if not q.is_empty]
        pieces = [q for q, a in zip(pieces, areas_km2(pieces) if pieces else [], strict=True) if a >= MIN_GAP_KM2]
        fills = declared.pop(province, [])
        if any(f["into"] not in own for f in fills):
            raise GeometryError(f"corrections.yaml: districts.gap_fills: a district of province {province} that "
                                "has no dvhcvn polygon")
        given = _declared(pieces, fills, f"districts.gap_fills of province {province}")
        for code, extra in _attach(pieces, own).items():
            given.setdefault(code, []).extend(extra)
        for code, extra in given.items():
            districts[code] = (province, shapely.union_all([own[code], *extra]))
            filled[code] = SOURCE_FILLED
    if declared:
        raise GeometryError(f"corrections.yaml: gap fills for provinces without a dvhcvn file: {sorted(declared)}")
    return filled


def quang_ninh(ctx: Context, districts: dict) -> dict[str, shapely.Geometry]:
    """Quảng Ninh's districts from Who's On First, fitted to the ODM province outline."""
    merged = {m["from"]: m["into"] for m in load_corrections().districts_wof_merged}
    counties: dict[str, list] = {}
    for f, path in ctx.raw_files("wof_quang_ninh"):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        local = str(doc["properties"].get("meso:local_id", ""))
        if not local.startswith(QUANG_NINH) or len(local) != 5:
            raise GeometryError(f"{f.path}: meso:local_id {local!r} is not a Quảng Ninh district")
        code = merged.get(local[2:], local[2:])
        counties.setdefault(code, []).append(polygonal(shapely.make_valid(from_geojson(doc["geometry"]))))
    odm = read_provinces(ctx).set_index("code")
    if QUANG_NINH not in odm.index:
        raise GeometryError(f"{KML[1]}: no Quảng Ninh outline")
    outline = polygonal(shapely.make_valid(odm.at[QUANG_NINH, "geometry"]))
    neighbours = shapely.union_all([g for p, g in districts.values() if p != QUANG_NINH
                                    and shapely.intersects(g, shapely.envelope(outline))])
    region = polygonal(shapely.make_valid(shapely.difference(outline, neighbours)))
    own = {c: polygonal(shapely.intersection(shapely.union_all(parts), region)) for c, parts in counties.items()}
    rest = polygonal(shapely.difference(region, shapely.union_all(list(own.values()))))
    pieces = [q for q in shapely.get_parts(rest) if not q.is_empty]
    given = _declared(pieces, load_corrections().districts_wof_gaps, "districts.wof_gaps")
    for code, extra in _attach(pieces, own).items():
        given.setdefault(code, []).extend(extra)
    return {code: shapely.union_all([geom, *given.get(code, [])]) for code, geom in own.items()}


def run(ctx: Context) -> None:
    codes = read_code_list(ctx.raw("gso_units_2024", "data/dvhcvn.json"))
    units = district_table(codes)
    outlines, districts = read_dvhcvn(ctx)
    sources = {c: SOURCE_DVHCVN for c in districts} | fill_gaps(outlines, districts)
    for code, geom in quang_ninh(ctx, districts).items():
        districts[code] = (QUANG_NINH, geom)
        sources[code] = SOURCE_WOF
    missing = sorted(set(units.code) - set(districts))
    extra = sorted(set(districts) - set(units.code))
    if missing or extra:
        raise GeometryError(f"district polygons do not match the 705 GSO districts: missing {missing}, "
                            f"not in the list {extra}")
    cross = pd.read_csv(ctx.output("geo", "district_crosswalk_2024_2025.csv"), dtype=str,
                        keep_default_na=False).set_index("district_code_2024")
    provinces = province_table(codes).set_index("code")
    props = pd.DataFrame({
        "code": units.code, "name_vi": units.name_vi, "type_vi": units.type_vi, "full_name_vi": units.full_name_vi,
        "name_ascii": units.name_ascii, "province_code": units.province_code,
        "province_name_vi": provinces.loc[units.province_code, "name_vi"].to_numpy(),
        "province_code_2025": cross.loc[units.code, "province_code_2025"].to_numpy(),
        "code_2025_03": cross.loc[units.code, "district_code_2025_03"].to_numpy(),
        "full_name_2025_03": cross.loc[units.code, "full_name_2025_03"].to_numpy(),
        "change_to_2025_03": cross.loc[units.code, "change_to_2025_03"].to_numpy(),
        "successors_2025_03": cross.loc[units.code, "ward_share_by_successor"].to_numpy(),
        "geom_source": [sources[c] for c in units.code]})
    geoms = clean([districts[c][1] for c in units.code])
    write_geojson(ctx.output("geo", "districts_2024.geojson"), props, simplify_layer(geoms, TOLERANCE))
