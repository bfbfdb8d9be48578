"""Figures carried up the unit hierarchy by the one rule of core.semantics.aggregation: partial
district sums marked, the 63 old provinces summed into the 34 new ones, district gaps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from core.catalogue import Catalogue
from core.semantics import aggregation, qualifiers
from core.views.places import provinces


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


def sum_districts(district_rows: pd.DataFrame, cat: Catalogue,
                  expected: int | Callable[[date], int]) -> pd.DataFrame:
    """The sum of a province's districts per additive indicator, breakdown and period by the one
    rule (core.semantics.aggregation): the districts that reported, a lower bound when fewer than
    ``expected`` (a number, or a function of the period's last day: places.districts_expected)."""
    key = ["indicator_code", "breakdown", "period_start", "period_end", "period_kind"]
    cols = [*key, "districts_value", "districts_qualifier", "districts_reported", "districts_total", "d_sample"]
    additive = [c for c in district_rows.indicator_code.unique() if cat[c].additive] if len(district_rows) else []
    d = district_rows[district_rows.indicator_code.isin(additive)] if additive else district_rows.iloc[0:0]
    rows = []
    for k, g in d.groupby(key, dropna=False, sort=False):
        n = expected(pd.Timestamp(k[3]).date()) if callable(expected) else expected
        summed = aggregation.sum_children(g.value, g.get("qualifier", pd.Series("exact", index=g.index)), n)
        rows.append([*k, summed.value, summed.qualifier, summed.reported, summed.expected, bool(g.is_sample.any())])
    return pd.DataFrame(rows, columns=cols)


def district_gaps(province_rows: pd.DataFrame, district_rows: pd.DataFrame,
                  n_districts: int | Callable[[date], int], cat: Catalogue) -> pd.DataFrame:
    """The province figure beside the sum of its districts (sum_districts), where both exist for
    the same additive indicator, breakdown, period kind and period. ``gap`` = province − districts;
    ``flag`` when they differ (more than 0.5%) or not all districts reported."""
    key = ["indicator_code", "breakdown", "period_start", "period_end", "period_kind"]
    cols = [*key, "province_value", "province_qualifier", "districts_value", "districts_qualifier",
            "districts_reported", "districts_total", "gap", "flag", "is_sample"]
    if province_rows.empty or district_rows.empty:
        return pd.DataFrame(columns=cols)
    sums = sum_districts(district_rows, cat, n_districts)
    p = province_rows[key + ["value", "qualifier", "is_sample"]].rename(
        columns={"value": "province_value", "qualifier": "province_qualifier"})
    both = p.merge(sums, on=key, how="inner")
    if both.empty:
        return pd.DataFrame(columns=cols)
    both["gap"] = both.province_value - both.districts_value
    tol = 0.005 * both.province_value.abs()
    both["flag"] = (both.gap.abs() > tol) | (both.districts_reported < both.districts_total)
    both["is_sample"] = both.is_sample | both.d_sample
    return both[cols].reset_index(drop=True)
