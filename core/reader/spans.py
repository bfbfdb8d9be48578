"""Where things stand in a paragraph's text: sentences and clauses, the thing a number counts
and the evidence phrase around it, chains of places ("xã X, huyện Y, tỉnh Z") and the unit later
figures refer back to."""

from __future__ import annotations

import re
from datetime import date

from core.reader.document import fold_chars
from core.reader.places import Mention

NOUN_STOP_RE = re.compile(r"[,;.:()\[\]!?…]|\d|\s(va|voi|trong do|trong|tai|o|cua|duoc|de|nham|gom|la)\s")
ABBREVIATION_RE = re.compile(r"(?:^|\s)(tp|tx|tt|đ\.c|t\.l|ths|ts|pgs|gs|q|h|p|đ/c|mr|ông|bà)$", re.IGNORECASE)
MAX_NOUN_WORDS = 10
EVIDENCE_STOP = {"và", "với", "của", "trong", "được", "đã", "có", "là", "để", "cho", "tại", "ở", "về", "từ", "đến"}
# Between the places of a chain "xã X, huyện Y, TP.Z": punctuation and at most a prefix.
CHAIN_GAP_RE = re.compile(r"[\s,()\-–]*(?:(?:tỉnh|Tỉnh|TP\.?|tp\.?|thành phố|Thành phố)\s*)?", re.IGNORECASE)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph."""
    out, start = [], 0
    for m in re.finditer(r"[.!?…]+[\"”»)]?(?=\s+[\"“«(*\-–•]?\s*[A-ZÀ-ỸĐ0-9])|[.!?…]+[\"”»)]?\s*$", text):
        if ABBREVIATION_RE.search(text[start:m.start()]) and m.group(0) == ".":
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def clause_start(folded: str, sent_start: int, pos: int) -> int:
    cut = max(folded.rfind(";", sent_start, pos), folded.rfind(":", sent_start, pos))
    return cut + 1 if cut >= 0 else sent_start


def clause_end(folded: str, pos: int, sent_end: int) -> int:
    cuts = [i for i in (folded.find(";", pos, sent_end),) if i >= 0]
    return min(cuts) if cuts else sent_end


def noun(folded: str, text: str, start: int, limit: int) -> tuple[str, str, int]:
    """The counted thing after a number: (folded words, original words, end position)."""
    seg = folded[start:limit]
    m = NOUN_STOP_RE.search(seg + " ")
    end = start + (m.start() if m else len(seg))
    words = folded[start:end].split()
    if len(words) > MAX_NOUN_WORDS:
        keep = " ".join(words[:MAX_NOUN_WORDS])
        end = start + folded[start:end].find(keep) + len(keep)
    noun = re.sub(r"[\"“”«»']", "", folded[start:end]).strip()
    return re.sub(r"\s+", " ", noun), text[start:end].strip(" \"“”"), end


def evidence_end(text: str, folded: str, start: int, limit: int) -> int:
    """End of the evidence phrase: the number and up to six words of what it counts."""
    seg_end = start
    for _ in range(6):
        m = re.match(r"\s*[\"“]?([^\W\d_][\w\-/]*)[\"”]?", text[seg_end:limit])
        if not m or m.group(1).lower() in EVIDENCE_STOP:
            break
        seg_end += m.end()
    return seg_end


def carry(current: str | None, m: Mention, gaz, on: date | None = None) -> str | None:
    """The unit that later figures refer to after a mention: a province replaces the context,
    unless the context lies within it (a district or commune report naming its province)."""
    if m.place.level != "province":
        return current
    if current and current != m.place.code and gaz.province_of(current, on) == m.place.code:
        return current
    return m.place.code


def specific(mentions: list[Mention], text: str, gaz) -> list[Mention]:
    """Mentions with each chain "xã X, huyện Y, tỉnh Z" kept as its first, most specific place."""
    out: list[Mention] = []
    for m in mentions:
        gap = text[out[-1].end:m.start] if out else ""
        if out and len(gap) <= 16 and CHAIN_GAP_RE.fullmatch(gap) and gaz.contains(m.place, out[-1].place):
            out[-1] = Mention(out[-1].start, m.end, out[-1].place)
            continue
        out.append(m)
    return out


def head(noun: str) -> str:
    """The first word of a counted noun ("mô hình tự quản" → "mo"), folded."""
    words = fold_chars(noun).split()
    return " ".join(words[:2])


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""
