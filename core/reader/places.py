"""Provinces and districts named in a text, through the unit register (diacritics-insensitive).

A province is found by its name with or without a prefix ("tỉnh Điện Biên", "Điện Biên",
"TP Cần Thơ", "CÔNG AN TRA VINH"); a bare name must be written with capitals and not be part
of a person's name ("Nguyễn Thái Bình"). A district needs its prefix ("huyện Thanh Chương",
"thị xã Cửa Lò", "TP. Vinh", "quận Hoàn Kiếm"); a district name shared by several provinces
is settled by the province of the context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from core.reader.document import fold_chars

REFORM = date(2025, 7, 1)
PREFIX = r"(?P<prefix>tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?|h\.|q\.)"
NEEDS_PREFIX = {"ho chi minh"}   # bare, it is the president's name ("Đoàn TNCS Hồ Chí Minh")
SURNAMES = {
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
    "dương", "lý", "văn", "thị", "đức", "hữu", "minh", "ngọc", "thanh", "quang", "công", "đình", "xuân",
    "mạnh", "tiến", "trọng", "thành", "kim", "lò", "hà", "đào", "đinh", "lương", "mai", "trịnh", "cao",
    "lâm", "tạ", "vương", "chu", "kiều", "quách", "thái", "tô", "triệu", "lưu", "đoàn", "khổng", "la",
}


@dataclass(frozen=True)
class Place:
    code: str
    level: str           # province | district
    parent: str | None   # a district's province
    vintage: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    place: Place


def _key(name: str) -> str:
    text = fold_chars(name)
    text = re.sub(r"[.\-–,()']", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class Gazetteer:
    """Names of provinces and districts → register versions; finds them in paragraphs."""

    def __init__(self, register):
        self.names: dict[str, list[tuple[Place, date | None, date | None]]] = {}
        self.parents: dict[str, str] = {}
        units = register[register["level"].isin(["province", "district"])]
        for r in units.itertuples():
            place = Place(str(r.code), r.level, str(r.parent_code) if isinstance(r.parent_code, str) else None,
                          str(r.vintage))
            if place.parent:
                self.parents[place.code] = place.parent
            names = {r.name_vi, r.name_ascii} | {n for n in str(r.alt_names or "").split("|") if n}
            for name in names:
                key = _key(name)
                key = re.sub(r"^(tinh|thanh pho|huyen|quan|thi xa) ", "", key) if r.level == "province" else key
                for k in {key, re.sub(r"^(tinh|thanh pho|huyen|quan|thi xa) ", "", key)}:
                    if len(k) >= 2 and not k.isdigit():
                        entry = (place, r.valid_from, r.valid_to)
                        if entry not in self.names.setdefault(k, []):
                            self.names[k].append(entry)
        alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in
                               sorted(self.names, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![a-z0-9])(?:{PREFIX}\s+)?(?P<name>{alternation})(?![a-z0-9])")

    def parent_of(self, code: str) -> str | None:
        return self.parents.get(code)

    def _pick(self, key: str, level: str | None, on: date | None, context: str | None) -> Place | None:
        options = self.names.get(key, [])
        if level:
            options = [o for o in options if o[0].level == level]
        if on is not None and len(options) > 1:
            dated = [o for o in options if (o[1] or date.min) <= on <= (o[2] or date.max)]
            options = dated or options
        if len({o[0].code for o in options}) > 1 and context:
            near = [o for o in options if o[0].parent == context or o[0].code == context]
            options = near or options
        if len({o[0].code for o in options}) > 1:
            vint = "34" if on and on >= REFORM else "63"
            options = [o for o in options if o[0].level == "district" or o[0].vintage == vint] or options
        codes = {o[0].code for o in options}
        return options[0][0] if len(codes) == 1 else None

    def find(self, text: str, folded: str, on: date | None = None, context: str | None = None) -> list[Mention]:
        """Places named in one paragraph (``folded`` = fold_chars(text)), in order."""
        upper_line = text.upper() == text
        raw: list[tuple[int, int, str, str | None]] = []   # start, end, key, level
        for m in self.pattern.finditer(folded):
            key = re.sub(r"\s+", " ", m.group("name"))
            prefix = (m.group("prefix") or "").rstrip(".")
            if not prefix:
                if key in NEEDS_PREFIX:
                    continue
                original = text[m.start("name"):m.end("name")]
                if not all(w[:1].isupper() for w in original.split()):
                    continue
                prev = re.search(r"([^\W\d_]+)(\s*)$", text[:m.start()])
                if prev and not upper_line and (prev.group(1).lower() in SURNAMES or (
                        prev.group(1)[:1].isupper() and not prev.group(1).isupper())):
                    continue      # part of a longer proper name ("Nguyễn Thái Bình", "Hội Nông dân")
                level = "province"
            elif prefix in ("huyen", "quan", "thi xa", "tx", "h", "q"):
                level = "district"
            elif prefix == "tinh":
                level = "province"
            else:                 # thành phố / TP: a city of province level, else a district-level city
                level = None
            raw.append((m.start(), m.end(), key, level))
        provinces = {}
        for i, (_s, _e, key, level) in enumerate(raw):
            if level in ("province", None):
                provinces[i] = self._pick(key, "province", on, None)
        out: list[Mention] = []
        for i, (start, end, key, level) in enumerate(raw):
            place = provinces.get(i)
            if place is None and level in ("district", None):
                following = next((provinces[j].code for j in range(i + 1, len(raw))
                                  if provinces.get(j) and raw[j][0] - end <= 40), None)
                place = self._pick(key, "district", on, following or context)
            if place is None:
                continue
            if place.level == "district" and on is not None and on >= REFORM:
                continue
            context = place.parent or place.code
            out.append(Mention(start, end, place))
        return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    from core.units import load_register

    return Gazetteer(load_register())
