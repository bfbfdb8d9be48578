"""The register of administrative units valid over time, and name → code resolution.

Built from the `vietnamadminunits` package (63-province and 34-province datasets and their
mapping) plus data/unit_changes.yaml for the 2024-25 district changes the package lacks.
Codes are GSO codes kept as text with leading zeros. Province codes are reused across the
2025 reform (old '51' Quảng Ngãi and new '51' Quảng Ngãi), so a unit version is identified by
its code together with its validity dates.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from core import buildcache, config
from core.semantics import reform
from core.text import fold, name_key

PROVINCES_63_FROM = date(2008, 8, 1)
PROVINCES_63_TO = reform.LAST_DAY_BEFORE
PROVINCES_34_FROM = reform.REFORM
FAR_FUTURE = date(9999, 12, 31)
#: The whole country: the unit of a national source's figures (level 'country', vintage 'vn').
COUNTRY_CODE = "00"
COUNTRY = dict(code=COUNTRY_CODE, level="country", vintage="vn", name_vi="Cả nước", full_name_vi="Toàn quốc",
               type_vi="Quốc gia", name_en="Whole country", parent_code=None, valid_from=None, valid_to=None,
               successor_code=None, province_2025_code=None,
               alt_names=["Việt Nam", "Viet Nam", "Vietnam", "toàn quốc", "cả nước"], lat=16.0, lon=106.0,
               date_precision="exact")

REGISTER_COLUMNS = [
    "code", "level", "vintage", "name_vi", "full_name_vi", "type_vi", "name_ascii", "name_en",
    "parent_code", "valid_from", "valid_to", "successor_code", "province_2025_code",
    "alt_names", "lat", "lon", "date_precision",
]


def _package_data() -> Path:
    """The package's data folder, found without importing it (its import parses large JSON files)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed (pip install -r requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _package_db() -> Path:
    return _package_data() / "dataset.db"


def _package_province_mapping() -> dict[str, list[str]]:
    path = _package_data() / "converter_2025.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["DICT_PROVINCE"]


@cache
def _ascii(name: str) -> str:
    """Name without diacritics, words capitalised as in the original."""
    folded = fold(name)
    words = zip(folded.split(), name.split(), strict=False)
    return " ".join(w.capitalize() if original[:1].isupper() else w for w, original in words)


def build_register(changes_path: Path | None = None) -> pd.DataFrame:
    """Build the register (one row per unit version) from the package and the declared changes."""
    with open(changes_path or config.UNIT_CHANGES_PATH, encoding="utf-8") as fh:
        changes = config.parse_yaml(fh)
    english = {str(k): v for k, v in (changes.get("english_names") or {}).items()}
    extra_names: dict[str, list[str]] = {}
    for section in ("former_names", "aliases"):
        for code, names in (changes.get(section) or {}).items():
            extra_names.setdefault(str(code), []).extend(names)

    con = sqlite3.connect(f"file:{_package_db()}?mode=ro", uri=True)
    try:
        legacy = pd.read_sql_query(
            "SELECT provinceCode, province, provinceShort, provinceKey, provinceLat, provinceLon,"
            " districtCode, district, districtShort, districtType, districtLat, districtLon,"
            " wardCode, ward, wardShort, wardType, wardLat, wardLon"
            " FROM admin_units_legacy",
            con,
        )
        new_wards = pd.read_sql_query(
            "SELECT provinceCode, province, provinceShort, provinceKey, provinceLat, provinceLon,"
            " wardCode, ward, wardShort, wardType, wardLat, wardLon"
            " FROM admin_units",
            con,
        )
        new = new_wards.drop_duplicates("provinceCode")
    finally:
        con.close()
    # plain Python values: fast row iteration
    legacy, new, new_wards = legacy.astype(object), new.astype(object), new_wards.astype(object)

    old_key_to_code = dict(zip(legacy.provinceKey, legacy.provinceCode, strict=False))
    new_key_to_code = dict(zip(new.provinceKey, new.provinceCode, strict=False))
    successor: dict[str, str] = {}
    for new_key, old_keys in _package_province_mapping().items():
        for old_key in old_keys:
            successor[old_key_to_code[old_key]] = new_key_to_code[new_key]

    rows: list[dict] = [dict(COUNTRY)]

    def province_type(full: str) -> str:
        return "Thành phố" if full.startswith("Thành phố") else "Tỉnh"

    provinces_from = date.fromisoformat(str(changes.get("provinces_valid_from") or PROVINCES_63_FROM))
    changed_2008 = {str(c) for c in changes.get("provinces_changed_2008") or []}
    old_prov = legacy.drop_duplicates("provinceCode").sort_values("provinceCode")
    for r in old_prov.itertuples():
        rows.append(dict(
            code=r.provinceCode, level="province", vintage="63", name_vi=r.provinceShort,
            full_name_vi=r.province, type_vi=province_type(r.province),
            name_en=english.get(r.provinceCode, _ascii(r.provinceShort)),
            parent_code=None, valid_to=PROVINCES_63_TO,
            valid_from=PROVINCES_63_FROM if r.provinceCode in changed_2008 else provinces_from,
            successor_code=successor[r.provinceCode], province_2025_code=successor[r.provinceCode],
            alt_names=extra_names.get(r.provinceCode, []), lat=r.provinceLat, lon=r.provinceLon,
            date_precision="exact",
        ))
    for r in new.sort_values("provinceCode").itertuples():
        rows.append(dict(
            code=r.provinceCode, level="province", vintage="34", name_vi=r.provinceShort,
            full_name_vi=r.province, type_vi=province_type(r.province),
            name_en=english.get(r.provinceCode, _ascii(r.provinceShort)),
            parent_code=None, valid_from=PROVINCES_34_FROM, valid_to=None, successor_code=None,
            province_2025_code=r.provinceCode, alt_names=[], lat=r.provinceLat, lon=r.provinceLon,
            date_precision="exact",
        ))

    new_from = {str(d["code"]): d for d in changes.get("new_districts") or []}
    districts = legacy.drop_duplicates("districtCode").sort_values("districtCode")
    for r in districts.itertuples():
        created = new_from.get(r.districtCode)
        rows.append(dict(
            code=r.districtCode, level="district", vintage="2024", name_vi=r.districtShort,
            full_name_vi=r.district, type_vi=r.districtType, name_en=_ascii(r.districtShort),
            parent_code=r.provinceCode,
            valid_from=date.fromisoformat(created["valid_from"]) if created else None,
            valid_to=PROVINCES_63_TO, successor_code=None,
            province_2025_code=successor[r.provinceCode],
            alt_names=extra_names.get(r.districtCode, []), lat=r.districtLat, lon=r.districtLon,
            date_precision="gso_list_bounds" if created else "exact",
        ))
    coords = districts.set_index("districtCode")[["districtLat", "districtLon"]]
    for d in changes.get("merged_districts") or []:
        full = d["full_name_vi"]
        type_vi = next(t for t in ("Thành phố", "Thị xã", "Quận", "Huyện") if full.startswith(t))
        bare = full[len(type_vi):].strip()
        lat, lon = coords.loc[d["successor_code"]] if d["successor_code"] in coords.index else (None, None)
        rows.append(dict(
            code=str(d["code"]), level="district", vintage="2024", name_vi=bare, full_name_vi=full,
            type_vi=type_vi, name_en=_ascii(bare), parent_code=str(d["province_code"]),
            valid_from=None, valid_to=date.fromisoformat(d["valid_to"]),
            successor_code=str(d["successor_code"]), province_2025_code=successor[str(d["province_code"])],
            alt_names=extra_names.get(str(d["code"]), []), lat=lat, lon=lon,
            date_precision="gso_list_bounds",
        ))

    # Communes (xã, phường, thị trấn) before the reform, from the package's legacy list (~2025);
    # five island districts have no commune level (no ward rows).
    for r in legacy.dropna(subset=["wardCode"]).sort_values("wardCode").itertuples():
        rows.append(dict(
            code=r.wardCode, level="commune", vintage="2024", name_vi=r.wardShort, full_name_vi=r.ward,
            type_vi=r.wardType, name_en=_ascii(r.wardShort), parent_code=r.districtCode,
            valid_from=None, valid_to=PROVINCES_63_TO, successor_code=None,
            province_2025_code=successor[r.provinceCode], alt_names=[], lat=r.wardLat, lon=r.wardLon,
            date_precision="package_list",
        ))

    # Communes since the reform (vintage 2025, two-level government: parent = the new province). GSO
    # reused old commune codes for most of them, so like provinces a code names two versions told
    # apart by their validity.
    for r in new_wards.dropna(subset=["wardCode"]).sort_values("wardCode").itertuples():
        rows.append(dict(
            code=r.wardCode, level="commune", vintage="2025", name_vi=r.wardShort, full_name_vi=r.ward,
            type_vi=r.wardType, name_en=_ascii(r.wardShort), parent_code=r.provinceCode,
            valid_from=PROVINCES_34_FROM, valid_to=None, successor_code=None,
            province_2025_code=r.provinceCode, alt_names=[], lat=r.wardLat, lon=r.wardLon,
            date_precision="exact",
        ))

    reg = pd.DataFrame(rows, columns=REGISTER_COLUMNS)
    reg["name_ascii"] = reg["name_vi"].map(_ascii)
    reg["alt_names"] = reg["alt_names"].map(lambda names: "|".join(names))
    for col in ("valid_from", "valid_to"):
        reg[col] = pd.Series([d if isinstance(d, date) else None for d in reg[col]], dtype=object)
    return reg.sort_values(["level", "vintage", "code"], ascending=[False, False, True]).reset_index(drop=True)


def _register_key() -> str:
    """Digest of everything the register is built from: the package's data, the declared changes,
    and the code that builds it."""
    here = Path(__file__).resolve().parent
    files = [_package_db(), _package_data() / "converter_2025.json", config.UNIT_CHANGES_PATH,
             here / "units.py", here / "text.py", here / "semantics" / "reform.py", here / "config.py"]
    return buildcache.key(pd.__version__, *(buildcache.file_digest(f) for f in files))


@lru_cache(maxsize=1)
def load_register() -> pd.DataFrame:
    """The register, built once per process (the package is the source of truth) and kept between
    runs by the digest of what it is built from (core.buildcache)."""
    key = _register_key()
    reg = buildcache.load_frame("register", key)
    if reg is None or list(reg.columns) != REGISTER_COLUMNS:
        reg = build_register()
        buildcache.store_frame("register", key, reg)
    return reg


def valid_on(reg: pd.DataFrame, day: date) -> pd.Series:
    """Boolean mask of unit versions valid on ``day`` (core.semantics.reform.valid_on)."""
    return pd.Series([reform.valid_on(a, b, day) for a, b in zip(reg["valid_from"], reg["valid_to"], strict=True)],
                     index=reg.index, dtype=bool)


def _level_from_prefix(text: str) -> str | None:
    """'tỉnh X' names a province; 'huyện/quận/thị xã X' a district; otherwise unknown."""
    folded = fold(text)
    if re.match(r"^(tinh)\b", folded):
        return "province"
    if re.match(r"^(huyen|quan|thi xa|tx\.?|h\.|q\.)\s", folded):
        return "district"
    if re.match(r"^(xa|phuong|thi tran)\s", folded):
        return "commune"
    return None


@dataclass(frozen=True)
class Resolution:
    """Result of resolving a unit reference: a code, or a reason with suggestions."""

    code: str | None
    reason: str = ""
    suggestions: tuple[str, ...] = ()


class UnitResolver:
    """Resolve unit names (with or without diacritics and prefixes) or codes to GSO codes."""

    def __init__(self, register: pd.DataFrame):
        self.reg = register
        self._keys: dict[str, list[int]] = {}
        for idx, r in register.iterrows():
            names = {r["name_vi"], r["full_name_vi"], r["name_ascii"], r["name_en"]}
            names.update(n for n in str(r["alt_names"] or "").split("|") if n)
            for n in names:
                key = name_key(n)
                if key and idx not in self._keys.setdefault(key, []):
                    self._keys[key].append(idx)
        self._codes = set(register["code"])

    def label(self, idx: int) -> str:
        r = self.reg.loc[idx]
        parent = self.reg[(self.reg.code == r.parent_code) & self.reg.vintage.isin(["63", "2024"])
                          & (self.reg.level != r.level)]
        suffix = f", {parent.iloc[0].name_vi}" if len(parent) else ""
        return f"{r.full_name_vi}{suffix} ({r.code})"

    def resolve(self, text: str, on: date | None = None, level: str | None = None) -> Resolution:
        """Resolve ``text`` (a code, a name, or "District, Province") valid on date ``on``."""
        raw = str(text).strip()
        if raw.isdigit() and raw in self._codes:
            return Resolution(raw)
        if raw.isdigit():
            return Resolution(None, f"no unit has code '{raw}'")
        parent_code = None
        if "," in raw:
            head, tail = raw.rsplit(",", 1)
            parent = self.resolve(tail, on=on, level="province")
            if parent.code:
                raw, parent_code = head.strip(), parent.code
        level = level or _level_from_prefix(raw)
        candidates = list(self._keys.get(name_key(raw), []))
        if level:
            candidates = [i for i in candidates if self.reg.at[i, "level"] == level]
        if parent_code:
            candidates = [i for i in candidates if self.reg.at[i, "parent_code"] == parent_code]
        if not level:  # a name without a prefix means the largest unit of that name
            for lvl in ("country", "province", "district"):
                wider = [i for i in candidates if self.reg.at[i, "level"] == lvl]
                if wider:
                    candidates = wider
                    break
        if on is not None and len(candidates) > 1:
            dated = [i for i in candidates if valid_on(self.reg.loc[[i]], on).iloc[0]]
            candidates = dated or candidates
        codes = sorted({self.reg.at[i, "code"] for i in candidates})
        if len(codes) == 1:
            return Resolution(codes[0])
        if len(codes) > 1:
            options = tuple(dict.fromkeys(self.label(i) for i in candidates))
            return Resolution(None, f"'{text}' is ambiguous; add the province, e.g. '{raw}, <tỉnh>'", options)
        return Resolution(None, f"no unit named '{text}'", self.suggest(raw, level=level))

    def suggest(self, text: str, level: str | None = None, n: int = 3) -> tuple[str, ...]:
        """Closest unit names, for error messages."""
        keys = list(self._keys)
        if level:
            keys = [k for k in keys if any(self.reg.at[i, "level"] == level for i in self._keys[k])]
        close = difflib.get_close_matches(name_key(text), keys, n=n, cutoff=0.6)
        out: list[str] = []
        for k in close:
            for i in self._keys[k]:
                label = self.label(i)
                if label not in out:
                    out.append(label)
        return tuple(out[:n])


@lru_cache(maxsize=1)
def load_resolver() -> UnitResolver:
    return UnitResolver(load_register())
