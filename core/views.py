"""What the dashboard pages show, computed without streamlit: figures of chosen provinces (as
reported on the 63 old provinces, or summed into the 34 new ones), normalisation, period
honesty (which figures may share an axis), peers, headline figures and district gaps.

Figures are never invented: missing stays missing ("chưa có số liệu"), a figure that cannot be
converted is shown separately with the reason, a sum names the units it covers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core import access, config, fmt, warehouse
from core.auth import User
from core.catalogue import Catalogue, load_catalogue
from core.i18n import t
from core.units import load_register
from core.urlstate import Allowed, ViewState

REGIONS_PATH = config.DATA_DIR / "regions.yaml"
ALL_YEARS = (1900, 2100)
NORM_DENOMINATOR = {"per_1000_pop": ("population", 1000.0), "per_1000_hh": ("households", 1000.0),
                    "per_commune": ("communes", 1.0)}
QUALIFIER_RANK = {"exact": 0, "at_least": 1, "about": 2}


# --- register, catalogue, regions ------------------------------------------------------------

def provinces(vintage: str) -> pd.DataFrame:
    """Provinces of one vintage ('63' or '34') from the register, indexed by code."""
    reg = load_register()
    df = reg[(reg.level == "province") & (reg.vintage == vintage)]
    return df.set_index("code")[["name_vi", "name_en", "name_ascii", "full_name_vi", "lat", "lon",
                                 "successor_code", "alt_names"]]


def districts(province_code: str) -> pd.DataFrame:
    """District-level units of an old province (2024 list plus the few merged earlier)."""
    reg = load_register()
    df = reg[(reg.level == "district") & (reg.parent_code == province_code)]
    return df.set_index("code")[["name_vi", "name_en", "full_name_vi", "valid_from", "valid_to", "successor_code"]]


def unit_name(code: str, vintage: str, lang: str = "vi") -> str:
    table = provinces(vintage) if vintage in ("63", "34") else load_register().set_index("code")
    if code not in table.index:
        return code
    row = table.loc[code]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    return str(row["name_vi"] if lang == "vi" else row["name_en"])


def members_of(new_code: str) -> list[str]:
    """Old provinces merged into a new (34) province, by register successor_code."""
    old = provinces("63")
    return sorted(old.index[old.successor_code == new_code])


@lru_cache(maxsize=1)
def load_regions() -> dict[str, dict]:
    """data/regions.yaml: region key -> {name_vi, name_en, provinces}."""
    with open(REGIONS_PATH, encoding="utf-8") as fh:
        return config.parse_yaml(fh)["regions"]


def region_of(code: str) -> str | None:
    return next((k for k, r in load_regions().items() if code in r["provinces"]), None)


def allowed(catalogue: Catalogue | None = None, source_ids: frozenset[str] = frozenset()) -> Allowed:
    """What URL parameters may name (for core.urlstate.parse_state)."""
    cat = catalogue or load_catalogue()
    old = provinces("63")
    return Allowed(
        provinces={"63": frozenset(old.index), "34": frozenset(provinces("34").index)},
        successors=dict(zip(old.index, old.successor_code, strict=True)),
        indicators=frozenset(cat.codes), groups=frozenset(cat.groups), sources=source_ids,
    )


def search_provinces(text: str, vintage: str, lang: str = "vi") -> list[str]:
    """Province codes whose name contains ``text``, ignoring diacritics and case
    ("dien bien" finds Điện Biên)."""
    from core.text import fold

    needle = fold(text)
    if not needle:
        return []
    table = provinces(vintage)
    hits = []
    for code, row in table.iterrows():
        names = [row.name_vi, row.name_en, row.full_name_vi, *str(row.alt_names or "").split("|")]
        if any(needle in fold(n) for n in names if n):
            hits.append(code)
    return hits


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def suggest_peers(code: str, vintage: str, exclude: list[str] | tuple[str, ...] = (), n_near: int = 3
                  ) -> dict[str, list[str]]:
    """Peers of a province: the nearest by centroid distance (register lat/lon), the same
    socio-economic region (63 only) and the old provinces sharing its post-2025 province."""
    table = provinces(vintage)
    if code not in table.index:
        return {"near": [], "region": [], "successor": []}
    skip = {code, *exclude}
    me = table.loc[code]
    dist = sorted((_distance_km(me.lat, me.lon, r.lat, r.lon), c) for c, r in table.iterrows()
                  if c not in skip and pd.notna(r.lat))
    out = {"near": [c for _, c in dist[:n_near]], "region": [], "successor": []}
    if vintage == "63":
        region = region_of(code)
        if region:
            out["region"] = [c for c in load_regions()[region]["provinces"] if c not in skip]
        out["successor"] = [c for c in table.index[table.successor_code == me.successor_code] if c not in skip]
    return out


# --- loading figures ---------------------------------------------------------------------------

def years(state: ViewState) -> tuple[int, int]:
    return state.period or ALL_YEARS


def load_province_figures(codes: list[str] | tuple[str, ...], indicators: list[str] | tuple[str, ...],
                          vintage: str, year_range: tuple[int, int] = ALL_YEARS, *, user: User,
                          path: Path | None = None) -> pd.DataFrame:
    """Province figures of the chosen provinces, of the indicators the user may see (core.access).
    For '63' as reported; for '34' figures of the old provinces summed into the new ones where that
    is allowed (see aggregate_to_34). Columns: unit_code, indicator_code, breakdown, period_start,
    period_end, period_kind, period_years, value, qualifier, is_sample, source_id, members,
    members_total, note."""
    cat = load_catalogue()
    indicators = cat.checked(access.visible_codes(user, indicators))
    if vintage == "34":
        old_codes = [c for code in codes for c in members_of(code)]
        new_codes = list(codes)
    else:
        old_codes, new_codes = list(codes), []
    raw = warehouse.query("pages/province_figures", {
        "old_codes": old_codes, "new_codes": new_codes, "indicators": indicators,
        "year_from": int(year_range[0]), "year_to": int(year_range[1])}, path=path)
    raw["breakdown"] = raw["breakdown"].fillna("")
    raw = dedupe_sources(raw)
    if vintage == "34":
        return aggregate_to_34(raw, cat)
    raw["members"], raw["members_total"], raw["note"] = 1, 1, ""
    return raw.drop(columns=["unit_vintage", "province_2025_code", "parts", "evidence", "locator"])


FIGURE_KEY = ["unit_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind"]


def dedupe_sources(df: pd.DataFrame) -> pd.DataFrame:
    """One figure per unit, indicator, breakdown and period: reported before sample, then the
    first source; the others stay visible on the Indicators & sources page."""
    if df.empty:
        return df
    key = [*FIGURE_KEY[:1], "unit_vintage", *FIGURE_KEY[1:]] if "unit_vintage" in df else FIGURE_KEY
    ordered = df.sort_values(["is_sample", "source_id"], kind="stable")
    return ordered.drop_duplicates(key, keep="first").sort_index().reset_index(drop=True)


def aggregate_to_34(raw: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Figures of the 63 old provinces carried to the 34 new ones through the register.

    A new province made of one old province takes its figures unchanged. Otherwise only figures
    with the same indicator, breakdown, period kind and period sum, and only for additive
    indicators (aggregation: sum); a sum covering fewer old provinces than the new one has is
    a lower bound (qualifier at_least) and says which it covers. Non-additive figures of merged
    provinces are not summed: they are returned with value NaN and a note saying why."""
    cols = ["unit_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind",
            "period_years", "value", "qualifier", "is_sample", "source_id", "basis", "members", "members_total",
            "note", "member_codes"]
    if raw.empty:
        return pd.DataFrame(columns=cols)
    old = provinces("63")
    size = old.groupby("successor_code").size()
    direct = raw[raw.unit_vintage == "34"].assign(members=1, members_total=1, note="", member_codes="")
    direct = direct.drop(columns=["evidence", "locator", "districts_summed"])
    olds = raw[raw.unit_vintage == "63"].copy()
    olds["new_code"] = olds["province_2025_code"]
    rows = []
    keys = ["new_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind"]
    for key, grp in olds.groupby(keys, dropna=False, sort=False):
        new_code, code = key[0], key[1]
        total = int(size.get(new_code, 1))
        base = dict(zip(keys, key, strict=True))
        base.update(unit_code=new_code, period_years=grp.period_years.iloc[0], is_sample=bool(grp.is_sample.any()),
                    source_id=",".join(sorted(set(grp.source_id))), members=grp.unit_code.nunique(),
                    basis="sum_of_districts" if grp.basis.eq("sum_of_districts").any() else "reported",
                    members_total=total, member_codes=",".join(sorted(grp.unit_code)))
        if total == 1:
            rows.append({**base, "value": grp.value.iloc[0], "qualifier": grp.qualifier.iloc[0], "note": ""})
        elif cat[code].additive:
            qual = max(grp.qualifier, key=QUALIFIER_RANK.get)
            partial = base["members"] < total
            if partial and qual == "exact":
                qual = "at_least"
            rows.append({**base, "value": grp.value.sum(), "qualifier": qual,
                         "note": "reform_partial" if partial else "reform_sum"})
        else:
            rows.append({**base, "value": float("nan"), "qualifier": "exact", "note": "reform_not_additive"})
    out = pd.concat([pd.DataFrame(rows), direct.drop(columns=["unit_vintage", "province_2025_code", "parts"])],
                    ignore_index=True)
    for col in cols:
        if col not in out:
            out[col] = ""
    return out[cols].reset_index(drop=True)


def load_population(vintage: str, level: str = "province", path: Path | None = None) -> pd.DataFrame:
    """2019 census figures (population, households, communes) by unit code; empty when the
    reference data was not set up before the build."""
    return warehouse.query("pages/population", {"level": level, "vintage": vintage}, path=path
                           ).set_index("unit_code")


# --- period honesty and normalisation -----------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """Figures that may share an axis: same period kind and (for totals) the same length."""

    key: str
    label_key: str
    years: int | None = None
    end: object = None


def group_of(kind: str, period_years: float | None, unit_code: str, period_end: object, converted: bool) -> Group:
    if kind == "per_year" or converted:
        return Group("per_year", "group_per_year")
    if kind == "stock":
        return Group("stock", "group_stock")
    if period_years is None or pd.isna(period_years):
        # a total whose start is unknown has no length: it never shares an axis
        return Group(f"open:{unit_code}:{period_end}", "group_open", end=period_end)
    n = max(1, round(float(period_years)))
    return Group(f"total:{n}", "group_total", years=n)


def group_label(group: Group, lang: str) -> str:
    return t(group.label_key, lang, years=group.years or "", end=fmt.day(group.end, lang))


def period_length(period_years: float) -> float:
    """A period's length in years; within 1% of a whole number of years it is that number
    (a calendar year counts 0,999 years in the warehouse: it is one year)."""
    years = float(period_years)
    whole = round(years)
    return float(whole) if whole and abs(years - whole) <= 0.01 * whole else years


def normalise(df: pd.DataFrame, norm: str, population: pd.DataFrame | None, cat: Catalogue) -> pd.DataFrame:
    """Add ``shown`` (the value after normalisation; NaN when it cannot be computed),
    ``group`` (a Group: what may share an axis), ``separate_reason`` (i18n key, '' when fine)
    and ``conversion`` (i18n key of what was done, '' for none)."""
    out = df.copy()
    shown, groups, reasons, conversions = [], [], [], []
    for r in out.itertuples(index=False):
        ind = cat[r.indicator_code]
        value, reason, conversion, converted = r.value, "", "", False
        if pd.isna(value):
            reason = r.note or "no_value"
        elif getattr(r, "note", "") == "reform_partial":
            reason = "sep_partial"  # a lower bound: listed, never drawn beside complete sums
        elif norm == "per_year" and not ind.is_percent and ind.kind != "ratio":
            if r.period_kind == "total":
                if pd.isna(r.period_years) or not r.period_years:
                    value, reason = float("nan"), "sep_open_total"
                else:
                    n = period_length(r.period_years)
                    value, conversion, converted = value / n, ("conv_per_year" if n != 1 else ""), True
            elif r.period_kind == "stock":
                reason = "sep_stock"
        elif norm in NORM_DENOMINATOR:
            column, scale = NORM_DENOMINATOR[norm]
            if ind.is_percent or ind.kind == "ratio":
                conversion = "conv_not_for_percent"
            elif population is None or population.empty or r.unit_code not in population.index \
                    or not population.at[r.unit_code, column]:
                value, reason = float("nan"), "sep_no_reference"
            else:
                value, conversion = value / float(population.at[r.unit_code, column]) * scale, f"conv_{norm}"
        shown.append(value)
        groups.append(group_of(r.period_kind, r.period_years, r.unit_code, r.period_end, converted))
        reasons.append(reason)
        conversions.append(conversion)
    out["shown"], out["group"], out["separate_reason"], out["conversion"] = shown, groups, reasons, conversions
    return out


def unit_label(ind, norm: str, lang: str) -> str:
    """Unit after normalisation: 'đợt', 'đợt/năm', 'đợt / 1.000 dân', …"""
    base = ind.unit(lang)
    if ind.is_percent or ind.kind == "ratio" or norm == "reported":
        return base
    return t(f"unit_{norm}", lang, unit=base)


def label(value: object, qualifier: str, ind, lang: str, normalised: bool = False) -> str:
    """A figure as printed, qualifier kept: '> 2.053', '≈ 7.000', '96,5%', 'chưa có số liệu'."""
    if normalised and not ind.is_percent and not pd.isna(value):
        text = fmt.number(value, lang, decimals=None if abs(float(value)) >= 10 else 2)
        return fmt.QUALIFIER_SIGNS.get(qualifier, "") + text
    return fmt.value(None if pd.isna(value) else value, ind.kind, qualifier, lang)


def primary_group(rows: pd.DataFrame) -> Group | None:
    """The group of an indicator's figures drawn on the main axis: the one covering the most
    units, then the latest period."""
    usable = rows[rows.separate_reason == ""]
    if usable.empty:
        return None
    stats = usable.groupby(usable.group.map(lambda g: g.key)).agg(
        units=("unit_code", "nunique"), end=("period_end", "max"))
    best = stats.sort_values(["units", "end"], ascending=False).index[0]
    return next(g for g in usable.group if g.key == best)


def latest_per_unit(rows: pd.DataFrame) -> pd.DataFrame:
    """Within one group, each unit's latest figure (period_end, then the longest period); a
    reported figure before any sample figure."""
    ordered = rows.sort_values(["is_sample", "period_end", "period_years"], ascending=[False, True, True],
                               na_position="first")
    return ordered.groupby(["unit_code", "breakdown"], sort=False).tail(1)


def short_period(start: object, end: object, lang: str = "vi") -> str:
    """'2024', '2019–2024' for whole calendar years; otherwise the full period."""
    s = pd.Timestamp(start) if start is not None and pd.notna(start) else None
    e = pd.Timestamp(end)
    if s is not None and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        return str(e.year) if s.year == e.year else f"{s.year}–{e.year}"
    return fmt.period(s.date() if s is not None else None, e.date(), lang)


def period_text(rows: pd.DataFrame, lang: str) -> str:
    """The period of a set of figures: one period, or first start – last end."""
    periods = {fmt.period(s if pd.notna(s) else None, e, lang) for s, e in zip(rows.period_start, rows.period_end,
                                                                                   strict=True)}
    if len(periods) == 1:
        return periods.pop()
    starts = rows.period_start.dropna()
    return fmt.period(starts.min() if len(starts) == len(rows) else None, rows.period_end.max(), lang)


# --- headline figures (overview) ---------------------------------------------------------------

def headline(rows: pd.DataFrame, ind, lang: str, scope_all: bool, units: str = "63") -> dict:
    """One headline figure of an indicator from province figures (already filtered to the
    scope). For one province: its latest figure. For the whole country: the sum over the
    provinces reporting the latest common period (additive), or the range (non-additive).
    Returns {value, period, qualifier, sources, units, is_sample, note}."""
    rows = rows[rows.value.notna()]
    if rows.empty:
        return {"value": fmt.NO_DATA[lang], "period": "", "units": 0, "sources": "", "is_sample": False, "note": ""}
    rows = rows.assign(_key=[f"{k}|{s}|{e}" for k, s, e in zip(rows.period_kind, rows.period_start,
                                                                rows.period_end, strict=True)])
    stats = rows.groupby("_key").agg(end=("period_end", "max"), units=("unit_code", "nunique"))
    key = stats.sort_values(["end", "units"], ascending=False).index[0]
    grp = rows[rows._key == key]
    kind_note = t(f"kind_{grp.period_kind.iloc[0]}", lang)
    if not scope_all or grp.unit_code.nunique() == 1 and len(grp) == 1:
        r = grp.iloc[0]
        value = label(r.value, r.qualifier, ind, lang)
        note = kind_note
        if scope_all:  # one province's figure is not the country's: say whose it is
            note = t("headline_only", lang, name=unit_name(r.unit_code, units, lang)) + " · " + kind_note
    elif ind.additive:
        qual = max(grp.qualifier, key=QUALIFIER_RANK.get)
        value = label(grp.value.sum(), qual, ind, lang)
        note = t("headline_sum", lang, n=grp.unit_code.nunique()) + " · " + kind_note
    else:
        value = f"{label(grp.value.min(), 'exact', ind, lang)} – {label(grp.value.max(), 'exact', ind, lang)}"
        note = t("headline_range", lang, n=grp.unit_code.nunique()) + " · " + kind_note
    return {"value": value, "period": period_text(grp, lang), "units": grp.unit_code.nunique(),
            "sources": ", ".join(sorted(set(",".join(grp.source_id).split(",")))),
            "is_sample": bool(grp.is_sample.any()), "note": note}


# --- districts -----------------------------------------------------------------------------------

def load_district_figures(province_code: str, indicators: list[str], year_range: tuple[int, int] = ALL_YEARS, *,
                          user: User, path: Path | None = None) -> pd.DataFrame:
    """District figures of one old province; AccessDenied outside the user's scope (core.access)."""
    access.check_detail(user, province_code)
    cat = load_catalogue()
    df = warehouse.query("pages/district_figures", {
        "province": province_code, "indicators": cat.checked(access.visible_codes(user, indicators)),
        "year_from": int(year_range[0]), "year_to": int(year_range[1])}, path=path)
    df["breakdown"] = df["breakdown"].fillna("")
    return dedupe_sources(df)


def district_gaps(province_rows: pd.DataFrame, district_rows: pd.DataFrame, n_districts: int,
                  cat: Catalogue) -> pd.DataFrame:
    """The province figure beside the sum of its districts, where both exist for the same
    additive indicator, breakdown, period kind and period. ``gap`` = province − districts;
    ``flag`` when they differ (more than 0.5%) or not all districts reported."""
    key = ["indicator_code", "breakdown", "period_start", "period_end", "period_kind"]
    cols = [*key, "province_value", "province_qualifier", "districts_value", "districts_reported",
            "districts_total", "gap", "flag", "is_sample"]
    if province_rows.empty or district_rows.empty:
        return pd.DataFrame(columns=cols)
    additive = [c for c in district_rows.indicator_code.unique() if cat[c].additive]
    d = district_rows[district_rows.indicator_code.isin(additive)]
    sums = d.groupby(key, dropna=False).agg(districts_value=("value", "sum"),
                                            districts_reported=("unit_code", "nunique"),
                                            d_sample=("is_sample", "any")).reset_index()
    p = province_rows[key + ["value", "qualifier", "is_sample"]].rename(
        columns={"value": "province_value", "qualifier": "province_qualifier"})
    both = p.merge(sums, on=key, how="inner")
    if both.empty:
        return pd.DataFrame(columns=cols)
    both["districts_total"] = n_districts
    both["gap"] = both.province_value - both.districts_value
    tol = 0.005 * both.province_value.abs()
    both["flag"] = (both.gap.abs() > tol) | (both.districts_reported < both.districts_total)
    both["is_sample"] = both.is_sample | both.d_sample
    return both[cols].reset_index(drop=True)


# --- indicators & sources ---------------------------------------------------------------------------

FIGURE_LIMIT = 10_000  # rows a page reads at once (filters narrow it; see bench/RESULTS.md)


def filter_indicators(cat: Catalogue, group: str, text: str) -> list[str]:
    """Codes of the indicators in ``group`` ('' = all) whose code, names, units or definitions
    contain ``text``, ignoring diacritics and case."""
    from core.text import fold

    needle = fold(text)
    out = []
    for ind in cat:
        if group and ind.group != group:
            continue
        hay = " ".join([ind.code, ind.name_vi, ind.name_en, ind.unit_vi, ind.unit_en, ind.description_vi,
                        ind.description_en])
        if needle in fold(hay):
            out.append(ind.code)
    return out


def load_catalogue_table(codes: tuple[str, ...], lang: str, *, user: User, path: Path | None = None) -> pd.DataFrame:
    """Each indicator the user may see: definition, unit, kind and aggregation, number of figures."""
    cat = load_catalogue()
    counts = warehouse.query("pages/indicator_counts", path=path).set_index("indicator_code")
    rows = []
    for code in access.visible_codes(user, codes):
        ind = cat[code]
        real = int(counts.at[code, "reported"]) if code in counts.index else 0
        sample = int(counts.at[code, "sample"]) if code in counts.index else 0
        rows.append({
            t("col_code", lang): code, t("col_indicator", lang): ind.name(lang),
            t("col_group", lang): cat.groups[ind.group].name(lang), t("col_unit", lang): ind.unit(lang),
            t("col_kind_ind", lang): ind.kind, t("col_aggregation", lang): t(f"agg_{ind.aggregation}", lang),
            t("col_definition", lang): ind.description(lang),
            t("col_figures", lang): f"{fmt.number(real, lang)} / {fmt.number(sample, lang)}",
        })
    return pd.DataFrame(rows)


def load_figures_sources(codes: tuple[str, ...], province: str, province_2025: str, source: str, with_sample: bool,
                         lang: str, *, user: User, path: Path | None = None) -> pd.DataFrame:
    """Every figure the user may see (as reported, at its own unit level: districts and sensitive
    indicators within the user's scope, core.access) with its source title, publisher, date, file,
    the number phrase as printed and its locator; values formatted as printed."""
    cat = load_catalogue()
    df = warehouse.query("pages/figures_sources", {
        "indicators": cat.checked(access.visible_codes(user, codes)), "province": province,
        "province_2025": province_2025, "source": source, "with_sample": bool(with_sample), "limit": FIGURE_LIMIT,
        **access.detail_params(user)}, path=path)
    name = df.unit_name_vi if lang == "vi" else df.unit_name_en
    title = df.source_title if lang == "vi" else df.source_title_en.fillna(df.source_title)
    return pd.DataFrame({
        t("col_indicator", lang): [cat[c].name(lang) for c in df.indicator_code],
        t("col_unit_name", lang): name.fillna(df.unit_code) + " (" + df.unit_code + ")",
        t("col_breakdown", lang): [cat[c].breakdowns[b].name(lang) if b in cat[c].breakdowns else (b or "")
                                   for c, b in zip(df.indicator_code, df.breakdown.fillna(""), strict=True)],
        t("col_period", lang): [fmt.period(s if pd.notna(s) else None, e, lang)
                                for s, e in zip(df.period_start, df.period_end, strict=True)],
        t("col_kind", lang): [t(f"kind_{k}", lang) for k in df.period_kind],
        t("col_value", lang): [fmt.value(v, cat[c].kind, q, lang) for v, c, q in
                               zip(df.value, df.indicator_code, df.qualifier, strict=True)],
        t("col_evidence", lang): df.evidence.fillna(""),
        t("col_locator", lang): df.locator.fillna(""),
        t("col_source", lang): title.fillna(df.source_id),
        t("col_publisher", lang): df.publisher.fillna(""),
        t("col_published", lang): [fmt.day(d) if pd.notna(d) else "" for d in df.published],
        t("col_file", lang): df.source_file.fillna(""),
        t("col_sample", lang): [t("sample_short", lang) if s else "" for s in df.is_sample],
    })
