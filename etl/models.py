"""The register of models (mô hình): declared types (data/model_types.yaml), warehouse tables
`model_types`, `model_partners` and `models`, and the deterministic sample register.

Table `models` (one row per model):
  model_id VARCHAR ('S000001' for sample rows), name, type_code (→ model_types.code), type (name_vi),
  commune_code (NULL when the model works for a whole district), district_code, province_code
  (old 63), province_2025_code, year_started INTEGER, status ('active' | 'inactive' | 'merged'),
  year_ended INTEGER (year it stopped working, was found to exist only on paper, or was merged;
  NULL when active), merged_into (model_id of the model a duplicate was merged into), partner_code,
  partner (name_vi), is_sample BOOLEAN.
A model counts as active in year Y when year_started <= Y and (year_ended IS NULL or Y < year_ended).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from core import buildcache, config

MODEL_TYPES_PATH = config.DATA_DIR / "model_types.yaml"
SQL = Path(__file__).resolve().parent / "sql"
SEED = 20130802
STATUSES = ("active", "inactive", "merged")
FIRST_YEAR, LAST_YEAR = 2005, 2024
#: Share of models found inactive (stopped, or only on paper) and of duplicates merged.
INACTIVE_SHARE = 0.09
MERGED_SHARE_OF_DUPLICATES = 0.6

MODEL_COLUMNS = [
    "model_id", "name", "type_code", "type", "commune_code", "district_code", "province_code",
    "province_2025_code", "year_started", "status", "year_ended", "merged_into", "partner_code", "partner",
    "is_sample",
]


@lru_cache(maxsize=1)
def load_model_types(path: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(types, partners) declared in data/model_types.yaml."""
    with open(path or MODEL_TYPES_PATH, encoding="utf-8") as fh:
        doc = config.parse_yaml(fh)
    partners = pd.DataFrame([{"code": k, **v} for k, v in doc["partners"].items()],
                            columns=["code", "name_vi", "name_en"])
    types = pd.DataFrame([{**t, "partners": "|".join(t["partners"])} for t in doc["types"]],
                         columns=["code", "name_vi", "name_en", "partners", "weight"])
    unknown = {p for ps in types.partners for p in ps.split("|")} - set(partners.code)
    if unknown or not types.code.is_unique:
        raise ValueError(f"{path or MODEL_TYPES_PATH}: unknown partners {sorted(unknown)} or duplicate type codes")
    return types, partners


def create_tables(con) -> None:
    """The model tables, empty (declared types and partners filled in)."""
    types, partners = load_model_types()
    con.register("types_frame", types.drop(columns=["weight"]))
    con.register("partners_frame", partners)
    try:
        con.execute("CREATE TABLE IF NOT EXISTS model_types AS SELECT * FROM types_frame")
        con.execute("CREATE TABLE IF NOT EXISTS model_partners AS SELECT * FROM partners_frame")
    finally:
        con.unregister("types_frame")
        con.unregister("partners_frame")
    con.execute((SQL / "models_table.sql").read_text(encoding="utf-8"))


def _census_path() -> Path:
    return config.refdata_dir() / "reference" / "population_2019_commune.csv"


def _commune_weights(communes: pd.DataFrame) -> np.ndarray:
    """Relative size of each commune: census population when available (by commune code), else 1."""
    path = _census_path()
    if not path.is_file():
        return np.ones(len(communes))
    census = pd.read_csv(path, dtype={"commune_code_2019": str}, usecols=["commune_code_2019", "population"])
    census = census.dropna(subset=["commune_code_2019"])  # districts without communes have no code
    pop = communes["code"].map(census.set_index("commune_code_2019")["population"])
    pop = pop.fillna(pop.median() if pop.notna().any() else 1).to_numpy(float)
    return np.clip(pop / np.median(pop), 0.3, 4.0)


def make_sample_models(communes: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """Sample register: communes (code, name, district_code, province_code, province_2025_code) → models."""
    types, partners = load_model_types()
    partner_names = partners.set_index("code")["name_vi"]
    rng = np.random.default_rng(seed)
    communes = communes.sort_values("code").reset_index(drop=True)
    provinces = sorted(communes.province_code.unique())
    districts = sorted(communes.district_code.unique())
    # models per commune ~ Poisson(λ): λ varies by province (coverage 45–97%) and district
    lam_p = dict(zip(provinces, rng.uniform(0.6, 3.2, len(provinces)), strict=True))
    lam_d = dict(zip(districts, rng.lognormal(0, 0.25, len(districts)), strict=True))
    lam = (communes.province_code.map(lam_p) * communes.district_code.map(lam_d)).to_numpy()
    lam = lam * _commune_weights(communes) ** 0.3
    counts = rng.poisson(lam)
    idx = np.repeat(np.arange(len(communes)), counts)
    n = len(idx)
    w = types.weight.to_numpy(float)
    type_idx = rng.choice(len(types), size=n, p=w / w.sum())
    # more models started recently: years back from LAST_YEAR ~ exponential (mean 7 years)
    started = np.clip(LAST_YEAR - np.floor(rng.exponential(7.0, n)), FIRST_YEAR, LAST_YEAR).astype(int)
    partner_pick = rng.random(n)
    inactive_draw = rng.random(n)
    merge_draw = rng.random(n)
    ended_draw = rng.random(n)

    c = communes.iloc[idx].reset_index(drop=True)
    df = pd.DataFrame({
        "commune_code": c.code, "commune_name": c.full_name_vi, "district_code": c.district_code,
        "province_code": c.province_code, "province_2025_code": c.province_2025_code,
        "type_code": types.code.to_numpy()[type_idx], "type": types.name_vi.to_numpy()[type_idx],
        "year_started": started,
    })
    options = types.partners.str.split("|").to_numpy()[type_idx]
    # the first partner of a type is the most common (60%), the others share the rest
    pick = [opts[0] if len(opts) == 1 or p < 0.6 else opts[1 + int((p - 0.6) / 0.4 * (len(opts) - 1))]
            for opts, p in zip(options, partner_pick, strict=True)]
    df["partner_code"] = pick
    df["partner"] = df.partner_code.map(partner_names)
    df = df.sort_values(["commune_code", "type_code", "year_started"], kind="stable").reset_index(drop=True)
    df["model_id"] = [f"S{i:06d}" for i in range(1, len(df) + 1)]
    df["status"] = "active"
    df["year_ended"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["merged_into"] = None
    # duplicates: a second model of the same type in the same commune; most are merged into the first
    first = df.groupby(["commune_code", "type_code"]).model_id.transform("first")
    dup = (df.model_id != first).to_numpy()
    merged = dup & (merge_draw[: len(df)] < MERGED_SHARE_OF_DUPLICATES)
    years_left = (LAST_YEAR + 1 - df.year_started).to_numpy()
    ended = df.year_started.to_numpy() + 1 + np.floor(ended_draw[: len(df)] * years_left).astype(int)
    ended = np.minimum(ended, LAST_YEAR + 1)
    df.loc[merged, "status"] = "merged"
    df.loc[merged, "merged_into"] = first[merged]
    inactive = ~merged & (inactive_draw[: len(df)] < INACTIVE_SHARE)
    df.loc[inactive, "status"] = "inactive"
    gone = merged | inactive
    df.loc[gone, "year_ended"] = ended[gone]
    number = df.groupby(["commune_code", "type_code"]).cumcount() + 1
    df["name"] = df.type + " — " + df.commune_name + np.where(number > 1, " (" + number.astype(str) + ")", "")
    df["is_sample"] = True
    return df[MODEL_COLUMNS]


def _sample_models_key(communes: pd.DataFrame) -> str:
    """Digest of everything the sample register is drawn from: the communes, the seed, the declared
    types, the census and this code (numpy's and pandas' versions: their draws and types)."""
    census = _census_path()
    rows = hashlib.sha256(pd.util.hash_pandas_object(communes, index=False).to_numpy().tobytes()).hexdigest()
    return buildcache.key(SEED, np.__version__, pd.__version__, rows, buildcache.file_digest(MODEL_TYPES_PATH),
                          buildcache.file_digest(census) if census.is_file() else "no census",
                          buildcache.file_digest(Path(__file__)))


def sample_models(communes: pd.DataFrame) -> pd.DataFrame:
    """make_sample_models, kept between builds by the digest of what it is drawn from (core.buildcache)."""
    key = _sample_models_key(communes)
    frame = buildcache.load_frame("sample_models", key)
    if frame is None or list(frame.columns) != MODEL_COLUMNS:
        frame = make_sample_models(communes)
        buildcache.store_frame("sample_models", key, frame)
    return frame


def add_sample_models(con) -> int:
    """Create the model tables and add the sample register; returns the number of models added."""
    create_tables(con)
    communes = con.execute((SQL / "sample" / "communes.sql").read_text(encoding="utf-8")).df()
    frame = sample_models(communes)
    con.register("models_frame", frame)
    try:
        con.execute("INSERT INTO models BY NAME SELECT * FROM models_frame").fetchall()
    finally:
        con.unregister("models_frame")
    return len(frame)
