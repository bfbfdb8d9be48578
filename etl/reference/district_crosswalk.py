"""The 705 districts of the GSO list of 01/05/2024 → the 696 of the list of 01/03/2025.

Each 2024 district's communes are looked up by code in the 2025 list; the districts they lie in
are its successors (share = share of its communes). A district whose code is gone was merged into
its main successor; one keeping its code but losing communes was split; one receiving communes of
others absorbed them. Districts without communes (islands) keep their code.
"""

from __future__ import annotations

import pandas as pd

from etl.reference import Context
from etl.reference.gso import province_table, read_code_list
from etl.reference.province_layer import provinces_2025


def successors(codes_2024, codes_2025) -> dict[str, list[tuple[str, float]]]:
    """2024 district code → [(2025 district code, share of its communes)], largest share first."""
    where = dict(zip(codes_2025.communes.code, codes_2025.communes.district_code, strict=True))
    existing = set(codes_2025.districts.code)
    out = {}
    for code, communes in codes_2024.communes.groupby("district_code"):
        moved = pd.Series([where[c] for c in communes.code if c in where])
        shares = moved.value_counts(normalize=True) if len(moved) else pd.Series(dtype=float)
        out[code] = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    for code in codes_2024.districts.code:
        if not out.get(code) and code in existing:
            out[code] = [(code, 1.0)]
    return out


def crosswalk(ctx: Context) -> pd.DataFrame:
    codes_2024 = read_code_list(ctx.raw("gso_units_2024", "data/dvhcvn.json"))
    codes_2025 = read_code_list(ctx.raw("gso_units_2025", "data/dvhcvn.json"))
    to = successors(codes_2024, codes_2025)
    names_2025 = codes_2025.district_names()
    received: dict[str, list[str]] = {}
    for code, targets in to.items():
        for target, _ in targets:
            if target != code:
                received.setdefault(target, []).append(code)
    provinces = province_table(codes_2024).set_index("code")
    _, old = provinces_2025()
    rows = []
    for r in codes_2024.districts.itertuples(index=False):  # in the list's order
        targets = to.get(r.code)
        if not targets:
            raise ValueError(f"GSO list of 01/05/2024: district {r.code} {r.full_name} has no successor in the "
                             "list of 01/03/2025")
        main = r.code if r.code in names_2025 and r.code in dict(targets) else targets[0][0]
        others = [t for t, _ in targets if t != main]
        if main != r.code:
            change = f"merged into {main}"
        elif others:
            change = f"split (part moved to {','.join(others)})"
        elif received.get(r.code):
            change = f"absorbed {','.join(sorted(received[r.code]))}"
        else:
            change = "unchanged"
        ordered = sorted(targets, key=lambda ts: (-ts[1], ts[0] != r.code, ts[0]))  # a tie: its own code first
        shares = ";".join(f"{t}:{round(s * 100)}%" for t, s in ordered) if len(targets) > 1 else ""
        rows.append({"district_code_2024": r.code, "full_name_2024": r.full_name, "province_code": r.province_code,
                     "province_name_vi": provinces.at[r.province_code, "name_vi"], "district_code_2025_03": main,
                     "full_name_2025_03": names_2025[main], "change_to_2025_03": change,
                     "ward_share_by_successor": shares,
                     "province_code_2025": old.at[r.province_code, "successor_code"]})
    return pd.DataFrame(rows)


def run(ctx: Context) -> None:
    crosswalk(ctx).to_csv(ctx.output("geo", "district_crosswalk_2024_2025.csv"), index=False)
