"""Sample data, clearly marked: yearly district figures 2013–2024 for the catalogue's main
indicators, and a sample register of models (see etl/models.py).

Deterministic (fixed seed): the same register, catalogue and census figures give the same rows.
Magnitudes are rates per inhabitant taken from the order of the real reports (Kon Tum > 2.053
campaign launches a year, Đồng Tháp > 32.000 in ten years, Nghệ An 38.578 self-management groups
and 96,5% of households in them, ...), scaled by each district's 2019 census population and
households, or — without the census — by the district's number of communes in the register.

The sample is a world of its own, for demonstrations and training: it covers every district, year
and main indicator whatever the real figures are, and the dashboard never shows it beside them
(real mode reads only real figures, sample mode only sample ones; core.mode).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from core.catalogue import load_catalogue

SEED = 20130801
YEARS = range(2013, 2025)
SOURCE_ID = "sample_antq"
SQL = Path(__file__).resolve().parent / "sql" / "sample"
#: Without census figures a district counts this many inhabitants per commune (2019: 96,2 million
#: people in 11.165 communes).
PEOPLE_PER_COMMUNE = 8600
PEOPLE_PER_HOUSEHOLD = 3.58

#: Flow indicators: yearly rate per 100.000 inhabitants and yearly trend.
FLOW_RATES = {
    "campaign_launches": (300.0, 0.02),
    "campaign_participants": (35000.0, 0.02),
    "models_new": (2.5, 0.03),
    "models_replicated": (3.5, 0.03),
    "citizen_tips": (250.0, 0.0),
    "offenders_reeducated": (150.0, -0.02),
    "mediations": (90.0, 0.01),
}
#: Flows that are a share of another flow: (base indicator, lowest share, highest share).
SHARES = {
    "offenders_progressed": ("offenders_reeducated", 0.35, 0.55),
    "mediations_successful": ("mediations", 0.60, 0.85),
}
#: Stock indicators (levels at the end of the year).
STOCKS = ("mass_security_orgs", "self_mgmt_groups")
#: Percent indicators: (lowest start in 2013, highest start, yearly rise, cap).
PERCENTS = {
    "households_in_groups_pct": (80.0, 94.0, 0.7, 99.5),
    "safe_units_pct": (70.0, 90.0, 0.9, 99.0),
}

SOURCE_ROW = {
    "source_id": SOURCE_ID,
    "title": "DỮ LIỆU MẪU — minh họa (sinh tự động, không phải số liệu báo cáo)",
    "title_en": "SAMPLE DATA — illustration (generated, not reported figures)",
    "publisher": "ANTQ dashboard (etl/sample.py)",
    "published": None,
    "kind": "sample",
    "file": None,
    "note": f"Deterministic sample (seed {SEED}): district figures 2013–2024 scaled by the 2019 census; "
            "register of models. Replaced by real figures where they exist.",
    "provinces": "",
    "declared_in": "etl/sample.py",
}


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")


def sample_districts(con) -> pd.DataFrame:
    """Districts valid for whole calendar years of the sample, with population and households
    (census 2019, or communes × PEOPLE_PER_COMMUNE when the census is absent)."""
    d = con.execute(_sql("districts")).df()
    if d["population"].notna().any():
        d = d[d["population"].fillna(0) > 0].copy()  # e.g. Hoàng Sa: not enumerated, no sample
        d["basis"] = "census_2019"
    else:
        d["population"] = d["communes"].clip(lower=1) * PEOPLE_PER_COMMUNE
        d["households"] = (d["population"] / PEOPLE_PER_HOUSEHOLD).round()
        d["basis"] = "communes_in_register"
    return d.sort_values("code").reset_index(drop=True)


def make_sample_observations(districts: pd.DataFrame, indicators: list[str], seed: int = SEED) -> pd.DataFrame:
    """Yearly sample figures for every district × year × indicator (before suppression by real data)."""
    rng = np.random.default_rng(seed)
    n, years = len(districts), np.array(list(YEARS))
    pop = districts["population"].to_numpy(float)
    hh = districts["households"].to_numpy(float)
    provinces = sorted(districts["province_code"].unique())
    prov_idx = districts["province_code"].map({p: i for i, p in enumerate(provinces)}).to_numpy()
    t = years - years[0]
    values: dict[str, np.ndarray] = {}  # indicator -> (districts × years)

    def level(sigma_p: float, sigma_d: float) -> np.ndarray:
        """Province and district multipliers (lognormal around 1)."""
        return (rng.lognormal(0, sigma_p, len(provinces))[prov_idx] * rng.lognormal(0, sigma_d, n))[:, None]

    def noise(sigma: float) -> np.ndarray:
        return rng.lognormal(0, sigma, (n, len(years)))

    for code, (rate, trend) in FLOW_RATES.items():
        values[code] = pop[:, None] / 1e5 * rate * level(0.3, 0.15) * (1 + trend) ** t * noise(0.08)
    for code, (base, lo, hi) in SHARES.items():
        share = rng.uniform(lo, hi, n)[:, None] + rng.uniform(-0.03, 0.03, (n, len(years)))
        values[code] = np.round(values[base]) * np.clip(share, lo, hi)
    values["mass_security_orgs"] = pop[:, None] / 1e5 * 650 * level(0.25, 0.1) * 1.01 ** t * noise(0.02)
    values["self_mgmt_groups"] = (hh[:, None] / rng.uniform(18, 30, n)[:, None] * level(0.1, 0.05)
                                  * 1.01 ** t * noise(0.02))
    for code, (lo, hi, rise, cap) in PERCENTS.items():
        start = rng.uniform(lo, hi, len(provinces))[prov_idx] + rng.uniform(-3, 3, n)
        raw = start[:, None] + rise * t + rng.normal(0, 0.4, (n, len(years)))
        values[code] = np.clip(raw, 0, cap)

    frames = []
    for code in indicators:
        if code not in values:
            continue
        v = values[code]
        v = np.round(v, 1) if code in PERCENTS else np.round(np.maximum(v, 0))
        frames.append(pd.DataFrame({
            "unit_code": np.repeat(districts["code"].to_numpy(), len(years)),
            "indicator_code": code,
            "year": np.tile(years, n),
            "period_kind": "stock" if code in STOCKS or code in PERCENTS else "total",
            "value": v.ravel(),
        }))
    return pd.concat(frames, ignore_index=True)


def add_to_warehouse(con) -> int:
    """Add the sample source, sample observations and the sample register of models; returns the
    number of sample observations added."""
    from etl import models

    con.execute("INSERT INTO sources BY NAME SELECT * FROM (SELECT " + ", ".join(
        f"${k}::{'DATE' if k == 'published' else 'VARCHAR'} AS {k}" for k in SOURCE_ROW) + ")", SOURCE_ROW).fetchall()
    main = [i.code for i in load_catalogue().main]
    districts = sample_districts(con)
    frame = make_sample_observations(districts, main)
    before = con.execute("SELECT count(*) FROM observation_rows").fetchall()[0][0]
    con.register("sample_frame", frame)
    try:
        con.execute(_sql("insert_sample"), {"source_id": SOURCE_ID}).fetchall()
    finally:
        con.unregister("sample_frame")
    added = con.execute("SELECT count(*) FROM observation_rows").fetchall()[0][0] - before
    models.add_sample_models(con)
    return added
