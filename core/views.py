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
from core.semantics import aggregation, labels, periods, qualifiers
from core.units import load_register
from core.urlstate import Allowed, ViewState

REGIONS_PATH = config.DATA_DIR / "regions.yaml"
ALL_YEARS = (1900, 2100)
NORM_DENOMINATOR = {"per_1000_pop": ("population", 1000.0), "per_1000_hh": ("households", 1000.0),
                    "per_commune": ("communes", 1.0)}


# --- register, catalogue, regions ------------------------------------------------------------

def provinces(vintage: str) -> pd.DataFrame:
    """Provinces of one vintage ('63' or '34') from the register, indexed by code (a copy: callers may
    change it)."""
    return _provinces(vintage).copy()


@lru_cache(maxsize=4)
def _provinces(vintage: str) -> pd.DataFrame:
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
    return _unit_names(vintage, lang).get(code, code)


@lru_cache(maxsize=16)
def _unit_names(vintage: str, lang: str) -> dict[str, str]:
    """Code -> name of the provinces of a vintage ('63', '34'; else of every unit, first row per code)."""
    table = (_provinces(vintage) if vintage in ("63", "34")
             else load_register().drop_duplicates("code").set_index("code"))
    return {code: str(name) for code, name in zip(table.index, table["name_vi" if lang == "vi" else "name_en"],
                                                  strict=True)}


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


def allowed(catalogue: Catalogue | None = None, source_ids: frozenset[str] = frozenset(),
            has_real: bool = True) -> Allowed:
    """What URL parameters may name (for core.urlstate.parse_state), and whether the warehouse holds
    real figures (core.mode.has_real: then a link without ``sample`` opens in real mode)."""
    cat = catalogue or load_catalogue()
    old = provinces("63")
    return Allowed(
        provinces={"63": frozenset(old.index), "34": frozenset(provinces("34").index)},
        successors=dict(zip(old.index, old.successor_code, strict=True)),
        indicators=frozenset(cat.codes), groups=frozenset(cat.groups), sources=source_ids,
        has_real=has_real,
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
                          vintage: str, year_range: tuple[int, int] = ALL_YEARS,
                          path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Province figures of the chosen provinces in one mode (real figures, or with ``sample`` the
    sample data: never both), of the indicators the user may see (core.access). For '63' as reported;
    for '34' figures of the old provinces summed into the new ones where that is allowed (see
    aggregate_to_34).
    Columns: unit_code, indicator_code, breakdown, period_start, period_end, period_kind,
    period_years, value, qualifier, is_sample, source_id, sources, agreement, members,
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
        "year_from": int(year_range[0]), "year_to": int(year_range[1]), "sample": bool(sample)}, path=path)
    raw["breakdown"] = raw["breakdown"].fillna("")
    raw = mark_partial_district_sums(attach_alternatives(dedupe_sources(raw), sample, path))
    if vintage == "34":
        return aggregate_to_34(raw, cat)
    return raw.drop(columns=["unit_vintage", "province_2025_code", "parts", "evidence", "locator"])


FIGURE_KEY = ["unit_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind"]


def dedupe_sources(df: pd.DataFrame) -> pd.DataFrame:
    """One figure per unit, indicator, breakdown and period. The warehouse reads a figure given by
    several sources once already (figure_sources: its counted row, the others listed in
    ``sources``); rows that still share a key (several rows of one figure) become one, the first
    source's, listing every source. ``sources`` becomes a list of source ids, preferred first."""
    if df.empty:
        return df.assign(sources=pd.Series(dtype=object))
    key = [*FIGURE_KEY[:1], "unit_vintage", *FIGURE_KEY[1:]] if "unit_vintage" in df else FIGURE_KEY
    df = df.assign(sources=[source_list(s, p) for s, p in zip(df.get("sources", df.source_id), df.source_id,
                                                              strict=True)])
    ordered = df.sort_values(["source_id"], kind="stable")
    out = ordered.drop_duplicates(key, keep="first")
    if len(out) < len(df):  # merge the source lists of the rows that were dropped
        text = pd.Series(["|".join(map(str, r)) for r in ordered[key].itertuples(index=False)], index=ordered.index)
        joined: dict[str, list[str]] = {}
        for k, ids in zip(text, ordered.sources, strict=True):
            joined[k] = list(dict.fromkeys([*joined.get(k, []), *ids]))
        out = out.assign(sources=[joined[k] for k in text[out.index]])
    return out.sort_index().reset_index(drop=True)


def mark_partial_district_sums(df: pd.DataFrame) -> pd.DataFrame:
    """Add members / members_total / note: a province figure that is the sum of only some of its
    districts (core.semantics.aggregation: those valid at the period's end) is a lower bound
    ('> …', note 'districts_partial'): listed apart with the reason, never drawn beside complete
    figures."""
    df = df.assign(members=1, members_total=1, note="")
    rows = df.index[df.basis.eq("sum_of_districts")] if len(df) else []
    if not len(rows):
        return df
    got = df.loc[rows, "districts_summed"].astype(int).tolist()
    total = [max(g, int(e)) for g, e in zip(got, df.loc[rows, "districts_expected"], strict=True)]
    df.loc[rows, "members"], df.loc[rows, "members_total"] = got, total
    df.loc[rows, "qualifier"] = [qualifiers.of_sum([q], g, e) for q, g, e in
                                 zip(df.loc[rows, "qualifier"], got, total, strict=True)]
    df.loc[rows[[g < n for g, n in zip(got, total, strict=True)]], "note"] = "districts_partial"
    return df


def load_conflicts(units: list[str] | tuple[str, ...] = (), indicators: list[str] | tuple[str, ...] = (),
                   path: Path | None = None, *, sample: bool = False) -> pd.DataFrame:
    """Figures that sources give differently, one row per source (the counted one first), in one
    mode; all of them, or those of ``units`` and ``indicators``."""
    return warehouse.query("pages/conflicts", {"unit_codes": list(units), "indicators": list(indicators),
                                               "sample": bool(sample)}, path=path)


def attach_alternatives(df: pd.DataFrame, sample: bool, path: Path | None = None) -> pd.DataFrame:
    """Add ``alternatives``: for a figure that sources give differently, every source's
    (value, qualifier, source_id), the counted one first; [] otherwise."""
    df = df.assign(alternatives=[[] for _ in range(len(df))])
    if df.empty or "agreement" not in df or not df.agreement.eq("conflict").any():
        return df
    found = load_conflicts(tuple(df.unit_code.unique()), tuple(df.indicator_code.unique()), path, sample=sample)
    if found.empty:
        return df
    found["breakdown"] = found["breakdown"].fillna("")
    by_key = {k: list(zip(g.value, g.qualifier, g.source_id, strict=True))
              for k, g in found.groupby(["unit_code", "indicator_code", "breakdown", "period_end", "period_kind"],
                                        sort=False)}
    for i, r in enumerate(df.itertuples()):
        if r.agreement == "conflict":
            key = (r.unit_code, r.indicator_code, r.breakdown, pd.Timestamp(r.period_end), r.period_kind)
            df.at[df.index[i], "alternatives"] = by_key.get(key, [])
    return df


def conflict_text(alternatives: list, ind, lang: str, titles: dict[str, str], limit: int = 60) -> str:
    """'2.053 (Báo A) ≠ 2.100 (Cổng B)': every source's value, the counted one first."""
    parts = []
    for value, qualifier, source in alternatives:
        title = titles.get(source, source)
        title = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
        parts.append(f"{label(value, qualifier, ind, lang)} ({title})")
    return " ≠ ".join(parts)


def source_list(sources: object, first: object = "") -> list[str]:
    """Source ids from a comma-separated text (several rows' lists joined), the counted source first."""
    ids = [s for s in str(sources or "").split(",") if s]
    lead = [s for s in str(first or "").split(",") if s]
    return list(dict.fromkeys([*lead, *ids]))


def aggregate_to_34(raw: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Figures of the 63 old provinces carried to the 34 new ones through the register.

    A new province made of one old province takes its figures unchanged. Otherwise only figures
    with the same indicator, breakdown, period kind and period sum, and only for additive
    indicators (aggregation: sum); a sum covering fewer old provinces than the new one has is
    a lower bound (qualifier at_least) and says which it covers. Non-additive figures of merged
    provinces are not summed: they are returned with value NaN and a note saying why."""
    cols = ["unit_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind",
            "period_years", "value", "qualifier", "is_sample", "source_id", "sources", "agreement", "alternatives",
            "basis", "members", "members_total", "note", "member_codes"]
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
    fields = ["unit_code", "period_years", "is_sample", "source_id", "sources", "agreement", "basis", "value",
              "qualifier", "alternatives"]
    col = {f: olds[f].tolist() for f in fields}  # plain lists: the loop below runs once per group
    for key, idx in olds.groupby(keys, dropna=False, sort=False).indices.items():
        part = {f: [col[f][i] for i in idx] for f in fields}
        new_code, code = key[0], key[1]
        total = int(size.get(new_code, 1))
        members = len(set(part["unit_code"]))
        base = dict(zip(keys, key, strict=True))
        base.update(unit_code=new_code, period_years=part["period_years"][0], is_sample=any(part["is_sample"]),
                    source_id=",".join(sorted(set(part["source_id"]))), members=members,
                    sources=list(dict.fromkeys(s for ids in part["sources"] for s in ids)),
                    agreement=_merged_agreement(part["agreement"]),
                    basis="sum_of_districts" if "sum_of_districts" in part["basis"] else "reported",
                    members_total=total, member_codes=",".join(sorted(part["unit_code"])))
        if total == 1:
            rows.append({**base, "value": part["value"][0], "qualifier": part["qualifier"][0], "note": "",
                         "alternatives": part["alternatives"][0]})
        elif cat[code].additive:
            summed = aggregation.sum_children(part["value"], part["qualifier"], total)
            rows.append({**base, "value": summed.value, "qualifier": summed.qualifier,
                         "note": "reform_partial" if summed.partial else "reform_sum"})
        else:
            rows.append({**base, "value": float("nan"), "qualifier": "exact", "note": "reform_not_additive"})
    out = pd.concat([pd.DataFrame(rows), direct.drop(columns=["unit_vintage", "province_2025_code", "parts"])],
                    ignore_index=True)
    for col in cols:
        if col not in out:
            out[col] = ""
    out["alternatives"] = [a if isinstance(a, list) else [] for a in out["alternatives"]]
    return out[cols].reset_index(drop=True)


def _merged_agreement(agreements: list[str]) -> str:
    """Of figures summed into one: 'conflict' when any part's sources differ, 'corroborated' when
    every part is corroborated, else ''."""
    kinds = set(agreements)
    return "conflict" if "conflict" in kinds else ("corroborated" if kinds == {"corroborated"} else "")


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
        elif getattr(r, "note", "") in ("reform_partial", "districts_partial"):
            reason = "sep_partial"  # a lower bound: listed, never drawn beside complete figures
        elif norm == "per_year" and not ind.is_percent and ind.kind != "ratio":
            if r.period_kind == "total":
                if pd.isna(r.period_years) or not r.period_years:
                    value, reason = float("nan"), "sep_open_total"
                else:
                    n = periods.length(r.period_years)
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


label = labels.figure


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


short_period = labels.short_period


def period_text(rows: pd.DataFrame, lang: str) -> str:
    """The period of a set of figures: one period, or first start – last end."""
    periods = {fmt.period(s if pd.notna(s) else None, e, lang) for s, e in zip(rows.period_start, rows.period_end,
                                                                                   strict=True)}
    if len(periods) == 1:
        return periods.pop()
    starts = rows.period_start.dropna()
    return fmt.period(starts.min() if len(starts) == len(rows) else None, rows.period_end.max(), lang)


# --- districts -----------------------------------------------------------------------------------

def load_district_figures(province_code: str, indicators: list[str], year_range: tuple[int, int] = ALL_YEARS,
                          path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Figures of the districts of one old province in one mode (real, or sample); AccessDenied
    outside the user's scope (core.access)."""
    access.check_detail(user, province_code)
    cat = load_catalogue()
    df = warehouse.query("pages/district_figures", {
        "province": province_code, "indicators": cat.checked(access.visible_codes(user, indicators)),
        "year_from": int(year_range[0]), "year_to": int(year_range[1]), "sample": bool(sample)}, path=path)
    df["breakdown"] = df["breakdown"].fillna("")
    return attach_alternatives(dedupe_sources(df), sample, path)


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


def load_catalogue_table(codes: tuple[str, ...], lang: str, path: Path | None = None, *,
                         sample: bool = False, user: User) -> pd.DataFrame:
    """Each indicator the user may see: definition, unit, kind and aggregation, with its number of
    figures in the mode."""
    cat = load_catalogue()
    counts = warehouse.query("pages/indicator_counts", {"sample": bool(sample)}, path=path).set_index("indicator_code")
    rows = []
    for code in access.visible_codes(user, codes):
        ind = cat[code]
        n = int(counts.at[code, "figures"]) if code in counts.index else 0
        rows.append({
            t("col_code", lang): code, t("col_indicator", lang): ind.name(lang),
            t("col_group", lang): cat.groups[ind.group].name(lang), t("col_unit", lang): ind.unit(lang),
            t("col_kind_ind", lang): ind.kind, t("col_aggregation", lang): t(f"agg_{ind.aggregation}", lang),
            t("col_definition", lang): ind.description(lang),
            t("col_figures_sample" if sample else "col_figures", lang): fmt.number(n, lang),
        })
    return pd.DataFrame(rows)


def load_figures_sources(codes: tuple[str, ...], province: str, province_2025: str, source: str, lang: str,
                         path: Path | None = None, *, sample: bool = False, user: User) -> pd.DataFrame:
    """Every figure of one mode (real, or sample) that the user may see (as reported, at its own
    unit level: districts and sensitive indicators within the user's scope, core.access), one row per
    source, with its source title, publisher, date, file, the number phrase as printed, its
    locator, and whether other sources confirm it or give it differently; values as printed."""
    cat = load_catalogue()
    df = warehouse.query("pages/figures_sources", {
        "indicators": cat.checked(access.visible_codes(user, codes)), "province": province,
        "province_2025": province_2025, "source": source, "sample": bool(sample), "limit": FIGURE_LIMIT,
        **access.detail_params(user)}, path=path)
    name = df.unit_name_vi if lang == "vi" else df.unit_name_en
    return pd.DataFrame({
        t("col_indicator", lang): [cat[c].name(lang) for c in df.indicator_code],
        t("col_unit_name", lang): name.fillna(df.unit_code) + " (" + df.unit_code + ")",
        t("col_breakdown", lang): breakdown_names(df.indicator_code, df.breakdown, cat, lang),
        t("col_period", lang): labels.period_column(df.period_start, df.period_end, lang),
        t("col_kind", lang): [t(f"kind_{k}", lang) for k in df.period_kind],
        t("col_value", lang): [fmt.value(v, cat[c].kind, q, lang) for v, c, q in
                               zip(df.value, df.indicator_code, df.qualifier, strict=True)],
        t("col_evidence", lang): df.evidence.fillna(""),
        t("col_locator", lang): df.locator.fillna(""),
        t("col_source", lang): labels.source_title_column(df, lang),
        t("col_publisher", lang): df.publisher.fillna(""),
        t("col_published", lang): [fmt.day(d) if pd.notna(d) else "" for d in df.published],
        t("col_file", lang): df.source_file.fillna(""),
        t("col_agreement", lang): [agreement_text(a, len(source_list(s)), lang) for a, s in
                                   zip(df.agreement.fillna(""), df.sources, strict=True)],
        **labels.sample_column([sample] * len(df), lang, sample),
    })


def conflicts_table(codes: tuple[str, ...], lang: str, path: Path | None = None, *, sample: bool = False,
                    user: User) -> pd.DataFrame:
    """The figures of ``codes`` that sources give differently and ``user`` may see (core.access), one
    row per source (the one used by charts and sums first), with the source's title, publisher and date."""
    cat = load_catalogue()
    df = load_conflicts((), cat.checked(access.visible_codes(user, codes)), path, sample=sample)
    df = access.keep_detail(user, df, "unit_code").reset_index(drop=True)
    name = df.unit_name_vi if lang == "vi" else df.unit_name_en
    return pd.DataFrame({
        t("col_indicator", lang): [cat[c].name(lang) for c in df.indicator_code],
        t("col_unit_name", lang): name.fillna(df.unit_code) + " (" + df.unit_code + ")",
        t("col_breakdown", lang): breakdown_names(df.indicator_code, df.breakdown, cat, lang),
        t("col_period", lang): labels.period_column(df.period_start, df.period_end, lang),
        t("col_value", lang): [fmt.value(v, cat[c].kind, q, lang) for v, c, q in
                               zip(df.value, df.indicator_code, df.qualifier, strict=True)],
        t("col_counted", lang): [t("counted_yes", lang) if c else "" for c in df.counted],
        t("col_source", lang): labels.source_title_column(df, lang),
        t("col_publisher", lang): df.publisher.fillna(""),
        t("col_published", lang): [fmt.day(d) if pd.notna(d) else "" for d in df.published],
        t("col_url", lang): df.url.fillna(""),
    })


def breakdown_names(codes: pd.Series, breakdowns: pd.Series, cat: Catalogue, lang: str) -> list[str]:
    """Each row's breakdown by its catalogue name ('' for none)."""
    return [cat[c].breakdowns[b].name(lang) if b in cat[c].breakdowns else (b or "")
            for c, b in zip(codes, breakdowns.fillna(""), strict=True)]


def agreement_text(agreement: str, n_sources: int, lang: str) -> str:
    """'2 nguồn khớp nhau' / '⚠ các nguồn khác nhau' / '' for a figure with one source."""
    if agreement == "conflict":
        return t("agreement_conflict", lang, n=n_sources)
    if agreement == "corroborated":
        return t("agreement_corroborated", lang, n=n_sources)
    return ""
