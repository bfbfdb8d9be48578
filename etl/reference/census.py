"""2019 census population and households by province, district and commune.

Sources (upstream.yaml): the GSO census warehouse exports Cube1a (population, urban/rural) and
Cube3 (households) at commune level, Cube1b (district level, consistency check only), the printed
Biểu 1 as transcribed in ``vn_pop_dist.csv`` (male/female; totals cross-checked), the GSO code list
of 13/03/2019 (commune codes) and 01/05/2024 (the 705 districts), and a GSO change listing
2019 → 2024 (which 2024 district each census commune lies in).

Outputs (reference/): ``population_2019_province.csv`` (63), ``population_2019_district.csv`` (705
units of 01/05/2024), ``population_2019_district_census_units.csv`` (712 census units),
``population_2019_commune.csv`` (11,165 census rows). Any disagreement between the two full
sources, or a figure that does not add up, stops the build with the unit named.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.text import name_key
from etl.reference import Context
from etl.reference.corrections import load_corrections
from etl.reference.gso import (
    CodeList,
    bare_name,
    clean_name,
    exact_key,
    full_key,
    province_table,
    read_code_list,
)

WAREHOUSE = "census_warehouse"
CUBE_POPULATION = "data/Population data/Population by Urban (Ward).xlsx"
CUBE_HOUSEHOLDS = "data/Population data/Population by Household Size (Ward).xlsx"
CUBE_AGE = "data/Population data/Population by Age & Urban (District).xlsx"
CHANGE_LISTING = "data/Ward change record (1-1-2019 vs 10-11-2024)_modified.xls"

SOURCE_COMMUNE = "GSO TĐTDS&NO 2019, khodulieudanso2019 Cube1a+Cube3"
SOURCE_DISTRICT = ("GSO, TĐTDS&NO 2019 (01/04/2019): ward-level census counts from kho dữ liệu "
                   "portal.thongke.gov.vn/khodulieudanso2019 (Cube1a dân số, Cube3 số hộ), re-keyed to the "
                   "01/05/2024 GSO district list; unit totals = Biểu 1 'Kết quả toàn bộ TĐTDS&NO 2019'")
SOURCE_CENSUS_UNIT = ("GSO, TĐTDS&NO 2019 (01/04/2019), Biểu 1 'Kết quả toàn bộ TĐTDS&NO 2019' (transcribed: "
                      "github duynguyen158/vietnam-population-district) = kho dữ liệu "
                      "portal.thongke.gov.vn/khodulieudanso2019 (Cube1a, Cube3)")
SOURCE_PROVINCE = ("GSO, Tổng điều tra dân số và nhà ở 2019 (0h 01/04/2019): kho dữ liệu "
                   "portal.thongke.gov.vn/khodulieudanso2019 (Cube1a dân số; Cube3 số hộ); population = Biểu 1, "
                   "'Kết quả toàn bộ Tổng điều tra dân số và nhà ở năm 2019'")
EXACT = "exact name match in GSO list of 13/03/2019"
WHOLE_DISTRICT = "district has no commune level (whole district)"
TOTAL_SUFFIX = " (Tổng số)"
_DISTRICT_TYPE = re.compile(r"^(Huyện|Quận|Thị xã|Thành phố)\s+")
COUNTS = ["population", "households", "population_urban", "population_rural"]


class CensusError(ValueError):
    """The census sources disagree or do not add up (the message names unit and figure)."""


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value) -> int:
    """A count cell: empty (None, NaN, blank) is 0."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
        return 0
    return int(float(value))


def read_cube(path, value_columns: dict[str, int]) -> pd.DataFrame:
    """Rows of a warehouse export: kind (province | district | commune), province, district and
    commune names as printed, and the value columns. Subtotal rows end in "(Tổng số)"; a district
    without communes is one row naming the district twice."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sheet = pd.read_excel(path, header=None, dtype=object, engine="calamine")
    rows, province, district = [], None, None
    for values in sheet.itertuples(index=False):
        a, b, c = (_text(v) for v in values[:3])
        if a and a.endswith(TOTAL_SUFFIX):
            province, district = a[: -len(TOTAL_SUFFIX)], None
            units = [("province", province, None, None)]
        elif b and b.endswith(TOTAL_SUFFIX):
            district = b[: -len(TOTAL_SUFFIX)]
            units = [("district", province, district, None)]
        elif b and c and b == c:
            district = b
            units = [("district", province, district, None), ("whole_district", province, district, c)]
        elif c and province and district:
            units = [("commune", province, district, c)]
        else:
            continue
        numbers = [_number(values[i]) for i in value_columns.values()]
        rows.extend((*unit, *numbers) for unit in units)
    return pd.DataFrame(rows, columns=["kind", "province", "district", "name", *value_columns])


@dataclass
class Census:
    communes: pd.DataFrame  # one row per census commune (or whole district), codes and counts
    districts: pd.DataFrame  # census district subtotals with their 2019 code
    provinces: pd.DataFrame  # census province subtotals with their code


def _district_codes(rows: pd.DataFrame, codes: CodeList) -> dict[tuple[str, str], str]:
    """Census (province, district) names → 2019 district code: full name, else bare name, else the
    most similar name in the province."""
    prov_code = {full_key(n): c for c, n in zip(codes.provinces.code, codes.provinces.full_name, strict=True)}
    out = {}
    for province, district in rows[["province", "district"]].drop_duplicates().itertuples(index=False):
        pcode = prov_code.get(full_key(province))
        if pcode is None:
            raise CensusError(f"{CUBE_POPULATION}: province {province!r} is not in the GSO list of 13/03/2019")
        cands = codes.districts[codes.districts.province_code == pcode]
        by_full = {full_key(n): c for c, n in zip(cands.code, cands.full_name, strict=True)}
        by_key: dict[str, list[str]] = {}
        for c, n in zip(cands.code, cands.full_name, strict=True):
            by_key.setdefault(name_key(n), []).append(c)
        key = name_key(district)
        if full_key(district) in by_full:
            out[(province, district)] = by_full[full_key(district)]
        elif len(by_key.get(key, [])) == 1:
            out[(province, district)] = by_key[key][0]
        else:
            best = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.75)
            if not best or len(by_key[best[0]]) != 1:
                raise CensusError(f"{CUBE_POPULATION}: district {district!r} ({province}) has no code in the "
                                  "GSO list of 13/03/2019")
            out[(province, district)] = by_key[best[0]][0]
    return out


def _commune_codes(communes: pd.DataFrame, codes: CodeList, manual: dict) -> tuple[list, list]:
    """2019 code and how it was found, per census commune: the same name (type word, case and tone
    placement aside), else a declared manual code, else the most similar unclaimed name of the district."""
    listed: dict[str, list[tuple[str, str, str, str]]] = {}
    for c, n, d in zip(codes.communes.code, codes.communes.full_name, codes.communes.district_code, strict=True):
        listed.setdefault(d, []).append((c, n, full_key(n), exact_key(n)))
    found_codes, how = [None] * len(communes), [""] * len(communes)
    pending = []
    for i, (kind, name, district, dcode) in enumerate(zip(communes.kind, communes.name, communes.district,
                                                          communes.district_code_2019, strict=True)):
        if kind == "whole_district":
            how[i] = WHOLE_DISTRICT
            continue
        if dcode not in listed:
            raise CensusError(f"{CUBE_POPULATION}: commune {name!r}: district {dcode} has no communes in the GSO "
                              "list of 13/03/2019")
        same = [c for c in listed[dcode] if c[2] == full_key(name)] or \
               [c for c in listed[dcode] if c[3] == exact_key(name)]
        if len(same) == 1:
            found_codes[i], how[i] = same[0][0], EXACT
        elif len(same) > 1:
            raise CensusError(f"{CUBE_POPULATION}: commune {name!r} ({district}) matches several codes: "
                              f"{', '.join(c[0] for c in same)}")
        elif (dcode, name) in manual:
            found_codes[i], how[i] = manual[(dcode, name)]["code"], f"manual: {manual[(dcode, name)]['note']}"
        else:
            pending.append(i)
    claimed = {c for c in found_codes if c}
    for i in pending:
        name, district, dcode = communes.name.iat[i], communes.district.iat[i], communes.district_code_2019.iat[i]
        free = {name_key(n): (c, n) for c, n, _, _ in listed[dcode] if c not in claimed}
        best = difflib.get_close_matches(name_key(name), list(free), n=1, cutoff=0.6)
        if not best:
            raise CensusError(f"{CUBE_POPULATION}: commune {name!r} ({district}) has no code in the GSO list of "
                              "13/03/2019 and no declared one (corrections.yaml)")
        code, listed_name = free[best[0]]
        claimed.add(code)
        found_codes[i], how[i] = code, f"spelling variant of GSO list name '{listed_name}'"
    return found_codes, how


def read_census(ctx: Context) -> Census:
    """Cube1a and Cube3 joined row by row, given their 2019 codes; checks against Cube1b."""
    pop = read_cube(ctx.raw(WAREHOUSE, CUBE_POPULATION), {"population": 3, "population_urban": 4,
                                                          "population_rural": 5})
    hh = read_cube(ctx.raw(WAREHOUSE, CUBE_HOUSEHOLDS), {"households": 3})
    keys = ["kind", "province", "district", "name"]
    if len(pop) != len(hh) or not pop[keys].fillna("").equals(hh[keys].fillna("")):
        raise CensusError(f"{CUBE_POPULATION} and {CUBE_HOUSEHOLDS}: rows do not list the same units")
    rows = pop.assign(households=hh.households)
    codes = read_code_list(ctx.raw("gso_units_2019", "data.json"))
    dcode = _district_codes(rows[rows.kind == "district"], codes)
    rows["district_code_2019"] = [dcode.get((p, d)) for p, d in zip(rows.province, rows.district, strict=True)]
    prov = rows[rows.kind == "province"].copy()
    pcodes = {full_key(n): c for c, n in zip(codes.provinces.code, codes.provinces.full_name, strict=True)}
    prov["province_code"] = [pcodes[full_key(n)] for n in prov.province]
    rows["province_code"] = rows.province.map(dict(zip(prov.province, prov.province_code, strict=True)))
    communes = rows[rows.kind.isin(["commune", "whole_district"])].reset_index(drop=True)
    manual = {(m["district_2019"], m["name"]): m for m in load_corrections().census_commune_codes}
    communes["commune_code_2019"], communes["code_match"] = _commune_codes(communes, codes, manual)
    districts = rows[rows.kind == "district"].reset_index(drop=True)
    _check_sums(communes, districts, prov)
    _check_age_cube(ctx, districts)
    return Census(communes, districts, prov.reset_index(drop=True))


def _check_sums(communes: pd.DataFrame, districts: pd.DataFrame, provinces: pd.DataFrame) -> None:
    """Communes add up to their district's subtotal row, districts to their province's."""
    for level, parts, totals, key in (("district", communes, districts, "district_code_2019"),
                                      ("province", districts, provinces, "province_code")):
        sums = parts.groupby(key)[COUNTS].sum()
        for r in totals.itertuples(index=False):
            for col in COUNTS:
                if sums.at[getattr(r, key), col] != getattr(r, col):
                    raise CensusError(f"{CUBE_POPULATION}: {level} {getattr(r, key)}: {col} of its parts "
                                      f"{sums.at[getattr(r, key), col]} ≠ subtotal {getattr(r, col)}")


def _check_age_cube(ctx: Context, districts: pd.DataFrame) -> None:
    """Cube1b (by age, district level) gives the same district totals as Cube1a."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sheet = pd.read_excel(ctx.raw(WAREHOUSE, CUBE_AGE), header=None, dtype=object, engine="calamine")
    totals = [_number(v) for n, v in zip(sheet[1], sheet[2], strict=True) if _text(n)]
    if sorted(totals) != sorted(districts.population):
        raise CensusError(f"{CUBE_AGE}: district totals differ from {CUBE_POPULATION}")


def read_table_1(ctx: Context) -> pd.DataFrame:
    """Biểu 1 as transcribed: one row per census district (code, names, sex and residence)."""
    t = pd.read_csv(ctx.raw("census_table_1", "vn_pop_dist.csv"), dtype={"district_code": str})
    t["district_code"] = t.district_code.str.zfill(3)
    return t


def _placements(ctx: Context, census: Census) -> list[str]:
    """The 01/05/2024 district of each census commune, from the change listing (matched by district
    and name), declared hand placements and ignored moves (corrections.yaml)."""
    fixes = load_corrections()
    by_hand = {(p["district_2019"], p["name"]): p["district_2024"] for p in fixes.census_placed_by_hand}
    ignored = {(m["from"], m["to"]) for m in fixes.census_ignored_moves}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        listing = pd.read_excel(ctx.raw(WAREHOUSE, CHANGE_LISTING), dtype=str, engine="calamine")
    listing = listing.iloc[:, [2, 5, 9]].set_axis(["d2019", "name", "d2024"], axis=1).dropna()
    moves: dict[tuple[str, str], set[str]] = {}
    for d2019, name, d2024 in listing.itertuples(index=False):
        if (d2019, d2024) not in ignored:
            moves.setdefault((d2019, exact_key(clean_name(name))), set()).add(d2024)
    units_2024 = set(read_code_list(ctx.raw("gso_units_2024", "data/dvhcvn.json")).districts.code)
    out = []
    for r in census.communes.itertuples(index=False):
        target = by_hand.get((r.district_code_2019, r.name))
        if target is None:
            found = moves.get((r.district_code_2019, exact_key(r.name)), set())
            if len(found) > 1:
                raise CensusError(f"{CHANGE_LISTING}: commune {r.name!r} ({r.district_code_2019}) is listed in "
                                  f"several 2024 districts: {', '.join(sorted(found))}")
            target = next(iter(found)) if found else r.district_code_2019
        if target not in units_2024:
            raise CensusError(f"{CHANGE_LISTING}: commune {r.name!r} ({r.district_code_2019}) has no 01/05/2024 "
                              f"district (found {target}); declare it in corrections.yaml")
        out.append(target)
    return out


def _check_against_table_1(districts: pd.DataFrame, table: pd.DataFrame) -> None:
    """Two independent full sources: warehouse export vs printed Biểu 1, district by district."""
    if set(districts.index) != set(table.index):
        raise CensusError(f"vn_pop_dist.csv: districts {sorted(set(districts.index) ^ set(table.index))} are not "
                          "in both census sources")
    for col, other in (("population", "total"), ("population_urban", "total_urban"),
                       ("population_rural", "total_rural")):
        bad = districts.index[districts[col] != table.loc[districts.index, other]]
        if len(bad):
            raise CensusError(f"vn_pop_dist.csv: {other} differs from {CUBE_POPULATION} for districts "
                              f"{', '.join(bad)}")


def commune_table(communes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "commune_code_2019": communes.commune_code_2019, "name_vi_census": communes.name,
        "district_code_2019": communes.district_code_2019, "province_code": communes.province_code,
        **{c: communes[c] for c in COUNTS}, "district_code_2024": communes.district_code_2024,
        "code_match": communes.code_match, "source": SOURCE_COMMUNE})


def census_unit_table(districts: pd.DataFrame, table: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """The 712 census units as published, with sex from Biểu 1 and how each relates to the 2024 units."""
    parts = communes.groupby(["district_code_2019", "district_code_2024"])["population"].sum()
    units_of_2024 = communes.groupby("district_code_2024")["district_code_2019"].agg(lambda s: sorted(set(s)))
    relation, targets = [], []
    for code in districts.index:
        to = parts.loc[code]
        targets.append(";".join(sorted(to.index)))
        if len(to) > 1:
            relation.append("split between 2024 units " + "; ".join(f"{k} ({v} persons)" for k, v in to.items()))
            continue
        unit = to.index[0]
        others = [u for u in units_of_2024[unit] if u != code]
        relation.append(f"whole unit, part of 2024 unit {unit} (with {','.join(others)})" if others
                        else f"identical to 2024 unit {unit}")
    return pd.DataFrame({
        "district_code_2019": districts.index, "name_vi": [_DISTRICT_TYPE.sub("", n) for n in districts.district],
        "full_name_vi": districts.district.values, "province_code": districts.province_code.values,
        **{c: districts[c].values for c in COUNTS},
        "population_male": table.loc[districts.index, "total_male"].values,
        "population_female": table.loc[districts.index, "total_female"].values,
        "district_code_2024": targets, "relation_to_2024": relation, "source": SOURCE_CENSUS_UNIT})


def district_table_2024(codes_2024: CodeList, communes: pd.DataFrame) -> pd.DataFrame:
    """The 705 districts of 01/05/2024: sums of their census communes and how they were formed."""
    whole = {code for code, to in communes.groupby("district_code_2019").district_code_2024 if to.nunique() == 1}
    units_of_2024 = communes.groupby("district_code_2024")["district_code_2019"].agg(lambda s: sorted(set(s)))
    sums = communes.groupby("district_code_2024")[COUNTS].sum()
    rows = []
    for r in codes_2024.districts.sort_values("code").itertuples(index=False):
        base = {"district_code": r.code, "name_vi": bare_name(r.full_name, r.type), "full_name_vi": r.full_name,
                "province_code": r.province_code}
        if r.code not in sums.index:
            rows.append({**base, "basis": "no census population (not enumerated in the 2019 census tables)"})
            continue
        members = units_of_2024[r.code]
        if members == [r.code] and r.code in whole:
            basis = "identical_to_2019_census_unit"
        elif all(m in whole for m in members):
            basis = "sum_of_whole_2019_census_units"
        else:
            basis = "sum_of_2019_census_communes"
        rows.append({**base, **sums.loc[r.code].to_dict(), "basis": basis,
                     "census_units_2019": ";".join(m if m in whole else f"{m}(part)" for m in members)})
    out = pd.DataFrame(rows).astype({c: "Int64" for c in COUNTS}).assign(source=SOURCE_DISTRICT)
    return out[["district_code", "name_vi", "full_name_vi", "province_code", *COUNTS, "basis", "census_units_2019",
                "source"]]


def province_table_2019(census: Census, table: pd.DataFrame, districts: pd.DataFrame,
                        codes_2024: CodeList) -> pd.DataFrame:
    """Census province subtotals, male/female summed from Biểu 1, names of the GSO list."""
    p = census.provinces.set_index("province_code")
    sex = table.assign(province_code=districts.province_code).groupby("province_code")[
        ["total_male", "total_female"]].sum()
    names = province_table(codes_2024).set_index("code")
    return pd.DataFrame({
        "province_code": p.index, "name_vi": names.loc[p.index, "name_vi"].values, **{c: p[c].values for c in COUNTS},
        "population_male": sex.loc[p.index, "total_male"].values,
        "population_female": sex.loc[p.index, "total_female"].values, "area_km2": None, "source": SOURCE_PROVINCE})


def run(ctx: Context) -> None:
    census = read_census(ctx)
    table = read_table_1(ctx).set_index("district_code")
    districts = census.districts.set_index("district_code_2019")
    _check_against_table_1(districts, table)
    communes = census.communes.assign(district_code_2024=_placements(ctx, census))
    codes_2024 = read_code_list(ctx.raw("gso_units_2024", "data/dvhcvn.json"))
    tables = {
        "population_2019_province.csv": province_table_2019(census, table, districts, codes_2024),
        "population_2019_district.csv": district_table_2024(codes_2024, communes),
        "population_2019_district_census_units.csv": census_unit_table(districts, table, communes),
        "population_2019_commune.csv": commune_table(communes),
    }
    _check_totals(*tables.values())
    for name, df in tables.items():
        df.to_csv(ctx.output("reference", name), index=False)


def _check_totals(*tables: pd.DataFrame) -> None:
    """Every table gives the same national population and households."""
    totals = {(int(t.population.sum()), int(t.households.sum())) for t in tables}
    if len(totals) != 1:
        raise CensusError(f"census tables give different national totals: {sorted(totals)}")
