"""Provinces, districts and communes named in a text, through the unit register
(diacritics-insensitive).

A province is found by its name with or without a prefix ("tỉnh Điện Biên", "Điện Biên",
"TP Cần Thơ", "CÔNG AN TRA VINH"); a bare name must be written with capitals and not be part
of a person's name ("Nguyễn Thái Bình"). A district needs its prefix ("huyện Thanh Chương",
"thị xã Cửa Lò", "TP. Vinh", "quận Hoàn Kiếm"; "thành phố Nam Định" is the city, a district,
since the province of that name is a tỉnh); a district name shared by several provinces is
settled by the province of the context. A commune needs its prefix and capitals ("xã Gia
Đông", "phường Lạch Tray", "thị trấn Mù Cang Chải"); its many namesakes are settled by the
district or province named right after it ("xã Hòa Sơn, huyện Hữu Lũng"), else by the
context; communes of 2024 before the reform (core.semantics.reform), of 2025 from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from core.reader.document import fold_chars
from core.semantics import reform

REFORM = reform.REFORM
PREFIX = r"(?P<prefix>tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?|h\.|q\.)"
NEEDS_PREFIX = {"ho chi minh"}   # bare, it is the president's name ("Đoàn TNCS Hồ Chí Minh")
SURNAMES = {
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô",
    "dương", "lý", "văn", "thị", "đức", "hữu", "minh", "ngọc", "thanh", "quang", "công", "đình", "xuân",
    "mạnh", "tiến", "trọng", "thành", "kim", "lò", "hà", "đào", "đinh", "lương", "mai", "trịnh", "cao",
    "lâm", "tạ", "vương", "chu", "kiều", "quách", "thái", "tô", "triệu", "lưu", "đoàn", "khổng", "la",
}


COMMUNE_PREFIX_RE = re.compile(r"(?<![a-z0-9])(?:(xa|phuong|thi tran)\s+|(p)\.\s*)")
NAME_TOKEN_RE = re.compile(r"\s*([^\W_][\w\'’-]*)")
MAX_COMMUNE_WORDS = 4


@dataclass(frozen=True)
class Place:
    code: str
    level: str           # province | district | commune
    parent: str | None   # a district's province; a commune's district (2024) or province (2025)
    vintage: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    place: Place


def _names(r) -> set[str]:
    """A unit's names: its name, alternative names, and a name without the kind that tells
    namesakes apart ("Hồng Ngự (Huyện)" → "Hồng Ngự"; the prefix in the text settles which)."""
    names = {r.name_vi} | {n for n in str(r.alt_names or "").split("|") if n}
    return names | {re.sub(r"\s*\([^)]*\)\s*$", "", n) for n in names}


PREFIX_KIND = {"huyen": "huyen", "h": "huyen", "quan": "quan", "q": "quan", "thi xa": "thi xa", "tx": "thi xa",
               "thanh pho": "thanh pho", "tp": "thanh pho", "xa": "xa", "phuong": "phuong", "thi tran": "thi tran",
               "p": "phuong"}


def _key(name: str) -> str:
    text = fold_chars(name)
    text = re.sub(r"[.\-–,()']", " ", text)
    return re.sub(r"\s+", " ", text).strip()


class Gazetteer:
    """Names of provinces and districts → register versions; finds them in paragraphs."""

    def __init__(self, register):
        self.names: dict[str, list[tuple[Place, date | None, date | None]]] = {}
        self.communes: dict[str, list[tuple[Place, date | None, date | None]]] = {}
        self.parents: dict[str, str] = {}
        self._commune_codes: dict[str, list[Place]] = {}
        self.kinds: dict[tuple[str, str], str] = {}    # (code, vintage) → kind folded: "huyen", "thi xa", "phuong"...
        self.cities = set(register.loc[(register["level"] == "province") & (register["type_vi"] == "Thành phố"),
                                       "code"].astype(str))
        for r in register[register["level"] == "commune"].itertuples():
            place = Place(str(r.code), "commune", str(r.parent_code), str(r.vintage))
            self._commune_codes.setdefault(place.code, []).append(place)
            self.kinds[(place.code, place.vintage)] = _key(str(r.type_vi or ""))
            for name in _names(r):
                key = _key(name)
                if len(key) >= 2 and not key.isdigit():
                    self.communes.setdefault(key, []).append((place, r.valid_from, r.valid_to))
        units = register[register["level"].isin(["province", "district"])]
        for r in units.itertuples():
            place = Place(str(r.code), r.level, str(r.parent_code) if isinstance(r.parent_code, str) else None,
                          str(r.vintage))
            if place.parent:
                self.parents[place.code] = place.parent
            self.kinds[(place.code, place.vintage)] = _key(str(r.type_vi or ""))
            for name in _names(r) | {r.name_ascii}:
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

    def contains(self, outer: Place, inner: Place) -> bool:
        """Is ``inner`` within ``outer`` (a commune in its district or province, a district in its province)?"""
        up = inner.parent
        for _ in range(2):
            if not up:
                return False
            if up == outer.code:
                return True
            up = self.parent_of(up)
        return False

    def province_of(self, code: str | None, on: date | None = None) -> str | None:
        """The province of a unit code (itself for a province; a commune through its district)."""
        if not code:
            return None
        if len(code) == 5:
            vint = "2025" if on and on >= REFORM else "2024"
            parents = [p.parent for p in self._commune_codes.get(code, []) if p.vintage == vint]
            code = parents[0] if parents else None
            if not code:
                return None
        if len(code) == 3:
            return self.parent_of(code)
        return code

    def _pick_commune(self, key: str, on: date | None, context: list[str], prefix: str | None = None) -> Place | None:
        options = self.communes.get(key, [])
        vint = "2025" if on and on >= REFORM else "2024"
        options = self._by_kind([o for o in options if o[0].vintage == vint], prefix)
        for ctx in context:
            if len({o[0].code for o in options}) <= 1:
                break
            near = [o for o in options if o[0].parent == ctx or self.parent_of(o[0].parent or "") == ctx
                    or o[0].code == ctx]
            options = near or options
        codes = {o[0].code for o in options}
        return options[0][0] if len(codes) == 1 else None

    def _communes(self, text: str, folded: str, on: date | None, taken: list[tuple[int, int]]):
        """(start, end, key candidates longest first) of communes named with their prefix."""
        out = []
        for m in COMMUNE_PREFIX_RE.finditer(folded):
            if any(s <= m.start() < e for s, e in taken):
                continue
            pos, words, ends = m.end(), [], []
            for _ in range(MAX_COMMUNE_WORDS):
                t = NAME_TOKEN_RE.match(text, pos)
                if not t or not (t.group(1)[:1].isupper() or t.group(1)[:1].isdigit()):
                    break
                if t.start(1) > pos + 1:
                    break
                words.append(t.group(1))
                ends.append(t.end(1))
                pos = t.end(1)
            keys = [(_key(" ".join(words[:k])), ends[k - 1]) for k in range(len(words), 0, -1)]
            keys = [(k, e) for k, e in keys if k in self.communes]
            if keys:
                out.append((m.start(), keys, m.group(1) or m.group(2)))
        return out

    def _by_kind(self, options, prefix: str | None):
        kind = PREFIX_KIND.get(prefix or "")
        if kind and len({o[0].code for o in options}) > 1:
            return [o for o in options if self.kinds.get((o[0].code, o[0].vintage)) == kind] or options
        return options

    def _pick(self, key: str, level: str | None, on: date | None, context: str | None,
              prefix: str | None = None) -> Place | None:
        options = self.names.get(key, [])
        if level:
            options = [o for o in options if o[0].level == level]
        options = self._by_kind(options, prefix)
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
        prefixes: list[str] = []
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
            prefixes.append(prefix)
        provinces = {}
        for i, (_s, _e, key, level) in enumerate(raw):
            if level in ("province", None):
                provinces[i] = self._pick(key, "province", on, None)
                if level is None and provinces[i] and provinces[i].code not in self.cities:
                    provinces[i] = None     # "thành phố Nam Định": the city, not the tỉnh
        out: list[Mention] = []
        for i, (start, end, key, level) in enumerate(raw):
            place = provinces.get(i)
            if place is None and level in ("district", None):
                following = next((provinces[j].code for j in range(i + 1, len(raw))
                                  if provinces.get(j) and raw[j][0] - end <= 40), None)
                place = self._pick(key, "district", on, following or context, prefixes[i])
            if place is None:
                continue
            if place.level == "district" and on is not None and on >= REFORM:
                continue
            context = place.parent or place.code
            out.append(Mention(start, end, place))
        communes = []
        for start, keys, prefix in self._communes(text, folded, on, [(m.start, m.end) for m in out]):
            end0 = keys[0][1]
            after = [m.place.code for m in out if 0 <= m.start - end0 <= 40]
            before = [m.place.code for m in out if m.end <= start][::-1]
            ctx = after + before + ([context] if context else [])
            for key, end in keys:
                place = self._pick_commune(key, on, ctx, prefix)
                if place:
                    communes.append(Mention(start, end, place))
                    break
        return sorted(out + communes, key=lambda m: m.start)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    from core.units import load_register

    return Gazetteer(load_register())
