"""63 provinces (01/08/2008 – 30/06/2025) and their crosswalk to the 34 provinces of 2025.

Geometry: Open Development Mekong "Địa phận tỉnh" KML (= geoBoundaries gbOpen v4 VNM ADM1).
Names and types: GSO code list of 01/05/2024 (the ODM names carry typos); ODM names are matched to
GSO codes ignoring accents, plus the declared typo fixes. Successors in 2025 (Resolution
202/2025/QH15) and the 34 provinces' names: the unit register (core.units). Simplified as one
coverage (~200 m), valid, rounded to 1e-5°.
"""

from __future__ import annotations

import pandas as pd

from core.text import name_key
from core.units import load_register
from etl.reference import Context
from etl.reference.corrections import load_corrections
from etl.reference.geometry import GeometryError, read_kml, simplify_layer, write_geojson
from etl.reference.gso import province_table, read_code_list

KML = ("odm_provinces", "Maps/KML/diaphantinhvn.kml")
TOLERANCE = 0.002  # degrees, Visvalingam–Whyatt (about 200 m)


def provinces_2025() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 34 provinces of 2025 and the 63 → 34 successor of each old province (register)."""
    reg = load_register()
    new = reg[(reg.level == "province") & (reg.vintage == "34")].set_index("code")
    old = reg[(reg.level == "province") & (reg.vintage == "63")].set_index("code")
    return new, old


def read_provinces(ctx: Context) -> pd.DataFrame:
    """ODM placemarks with their GSO code (src_name = the ODM name)."""
    fixes = load_corrections().odm_names
    gso = province_table(read_code_list(ctx.raw("gso_units_2024", "data/dvhcvn.json")))
    by_key = {name_key(n): c for c, n in zip(gso.code, gso.name_vi, strict=True)}
    rows = []
    for fields, geom in read_kml(ctx.raw(*KML)):
        name = fields.get("ten_tinh", "")
        code = fixes.get(name) or by_key.get(name_key(name))
        if code is None:
            raise GeometryError(f"{KML[1]}: province {name!r} matches no GSO province; declare it in "
                                "corrections.yaml (provinces.odm_names)")
        rows.append({"code": code, "src_name": name, "geometry": geom})
    found = pd.DataFrame(rows)
    if found.code.duplicated().any() or set(found.code) != set(gso.code):
        raise GeometryError(f"{KML[1]}: provinces do not match the 63 GSO provinces one to one "
                            f"(duplicates {sorted(found.code[found.code.duplicated()])}, "
                            f"missing {sorted(set(gso.code) - set(found.code))})")
    return found.merge(gso, on="code").sort_values("code").reset_index(drop=True)


def run(ctx: Context) -> None:
    provinces = read_provinces(ctx)
    new, old = provinces_2025()
    iso = load_corrections().iso_3166_2
    successor = old.loc[provinces.code, "successor_code"].to_numpy()
    english = [old.at[c, "name_en"] if old.at[c, "name_ascii"] == a else a
               for c, a in zip(provinces.code, provinces.name_ascii, strict=True)]
    props = pd.DataFrame({
        "code": provinces.code, "name_vi": provinces.name_vi, "full_name_vi": provinces.full_name_vi,
        "type_vi": provinces.type_vi, "name_en": english, "name_ascii": provinces.name_ascii,
        "iso_3166_2": [iso[c] for c in provinces.code], "code_2025": successor,
        "name_2025": new.loc[successor, "name_vi"].to_numpy(), "src_name": provinces.src_name})
    write_geojson(ctx.output("geo", "provinces_2008_2025.geojson"), props,
                  simplify_layer(provinces.geometry, TOLERANCE))
    pd.DataFrame({
        "old_province_code": provinces.code, "old_name_vi": provinces.name_vi,
        "old_full_name_vi": provinces.full_name_vi, "new_province_code": successor,
        "new_name_vi": new.loc[successor, "name_vi"].to_numpy(),
        "new_full_name_vi": new.loc[successor, "full_name_vi"].to_numpy(), "old_name_ascii": provinces.name_ascii,
        "new_name_ascii": new.loc[successor, "name_ascii"].to_numpy(),
    }).to_csv(ctx.output("geo", "province_crosswalk_2025.csv"), index=False)
