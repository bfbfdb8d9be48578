"""34 provinces in force since the reform (core.config.REFORM_DATE): union of the simplified 63-province outlines per
Resolution 202/2025/QH15 (whole provinces were merged, none split). Names, codes and types of the
new units from the unit register (Decision 19/2025/QĐ-TTg)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from etl.reference import Context
from etl.reference.geometry import PRECISION, clean, write_geojson
from etl.reference.province_layer import provinces_2025


def run(ctx: Context) -> None:
    old = gpd.read_file(ctx.output("geo", "provinces_2008_2025.geojson")).sort_values("code")
    new, _ = provinces_2025()
    rows, geoms = [], []
    for code, members in old.groupby("code_2025", sort=True):
        unit = new.loc[code]
        rows.append({"code": code, "name_vi": unit.name_vi, "type_vi": unit.type_vi,
                     "full_name_vi": unit.full_name_vi, "name_en": unit.name_en, "name_ascii": unit.name_ascii,
                     "old_codes": ",".join(members.code), "old_names": ", ".join(members.name_vi)})
        geoms.append(shapely.set_precision(shapely.union_all(members.geometry.values), PRECISION))
    write_geojson(ctx.output("geo", "provinces_2025.geojson"), pd.DataFrame(rows), clean(geoms))
