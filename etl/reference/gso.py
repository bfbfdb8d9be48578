"""GSO administrative code lists (danhmuchanhchinh.gso.gov.vn, as kept by dvhcvn) and the name
keys used to match unit names across sources."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from core.text import ascii_name

# Old-style tone placement ("Hoà", "Thuý") → the GSO list's style ("Hòa", "Thúy"), so that the two
# spellings of one name compare equal while other diacritics still count.
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![a-zA-Zđ])")
_TYPE_CASE = re.compile(r"^(Thành Phố|Thị Xã|Thị Trấn)\b")
_COMMUNE_TYPES = ("thị trấn ", "phường ", "xã ")

PROVINCE_TYPES = {"Thành phố Trung ương": "Thành phố trực thuộc trung ương", "Tỉnh": "Tỉnh"}


@cache
def tone_style(text: str) -> str:
    """NFC text with the tone mark of oa/oe/uy on the first vowel ("Hoà" → "Hòa")."""
    decomposed = unicodedata.normalize("NFD", str(text))
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(r"\1\3\2", decomposed))


@cache
def exact_key(name: str) -> str:
    """Key of a commune's name that keeps every diacritic but ignores case, tone-mark placement,
    spacing and the type word (a "Xã" that became "Phường" is the same place)."""
    text = " ".join(tone_style(name).lower().split())
    for prefix in _COMMUNE_TYPES:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


@cache
def full_key(name: str) -> str:
    """Key of a full name ("Tỉnh Thanh Hoá" = "tỉnh thanh hóa"): case, spacing and tone placement ignored."""
    return " ".join(tone_style(name).lower().split())


def clean_name(name: str) -> str:
    """A GSO name with its typos normalised: one space between words, "Thành Phố" → "Thành phố"."""
    text = " ".join(str(name).split())
    return _TYPE_CASE.sub(lambda m: m.group(1)[0] + m.group(1)[1:].lower(), text)


def bare_name(full_name: str, type_vi: str) -> str:
    """ "Huyện Mỹ Lộc" → "Mỹ Lộc" (the type word removed)."""
    return full_name[len(type_vi) + 1:] if full_name.startswith(type_vi + " ") else full_name


@dataclass(frozen=True)
class CodeList:
    """One GSO list: provinces, districts and communes as tables (codes are text)."""

    provinces: pd.DataFrame  # code, full_name, type
    districts: pd.DataFrame  # code, full_name, type, province_code
    communes: pd.DataFrame  # code, full_name, type, district_code, province_code

    def district_names(self) -> dict[str, str]:
        return dict(zip(self.districts.code, self.districts.full_name, strict=True))


@cache
def _read(path: str) -> CodeList:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    data = data["data"] if isinstance(data, dict) else data
    provinces, districts, communes = [], [], []
    for p in data:
        provinces.append((p["level1_id"], clean_name(p["name"]), p["type"]))
        for d in p["level2s"]:
            districts.append((d["level2_id"], clean_name(d["name"]), d["type"], p["level1_id"]))
            for c in d.get("level3s") or []:
                communes.append((c["level3_id"], clean_name(c["name"]), c["type"], d["level2_id"], p["level1_id"]))
    return CodeList(pd.DataFrame(provinces, columns=["code", "full_name", "type"]),
                    pd.DataFrame(districts, columns=["code", "full_name", "type", "province_code"]),
                    pd.DataFrame(communes, columns=["code", "full_name", "type", "district_code", "province_code"]))


def read_code_list(path: Path) -> CodeList:
    """Parse a dvhcvn JSON list (``{"data": [...]}`` or a bare list), cached per file."""
    return _read(str(path))


def province_table(codes: CodeList) -> pd.DataFrame:
    """code, name_vi, full_name_vi, type_vi, name_ascii of the provinces of a list."""
    p = codes.provinces
    type_vi = p["type"].map(PROVINCE_TYPES)
    name_vi = [bare_name(f, "Thành phố" if t == "Thành phố Trung ương" else t)
               for f, t in zip(p.full_name, p["type"], strict=True)]
    return pd.DataFrame({"code": p.code, "name_vi": name_vi, "full_name_vi": p.full_name, "type_vi": type_vi,
                         "name_ascii": [ascii_name(n) for n in name_vi]})


def district_table(codes: CodeList) -> pd.DataFrame:
    """code, name_vi, type_vi, full_name_vi, name_ascii, province_code of the districts of a list."""
    d = codes.districts
    name_vi = [bare_name(f, t) for f, t in zip(d.full_name, d["type"], strict=True)]
    return pd.DataFrame({"code": d.code, "name_vi": name_vi, "type_vi": d["type"], "full_name_vi": d.full_name,
                         "name_ascii": [ascii_name(n) for n in name_vi], "province_code": d.province_code})
