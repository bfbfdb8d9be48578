"""Read figures out of a report's text: one candidate row per figure, for a person to review."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.reader import numbers as nums
from core.reader.document import Paragraph, check_text, read_document, split_paragraphs
from core.reader.periods import Period, document_date, find_periods, is_per_year, looks_like_stock
from core.reader.places import Mention, load_gazetteer
from core.reader.rules import Rules, load_rules

LOCATIVE_RE = re.compile(r"(tai|o|tren dia ban|thuoc|cua|trong)\s+(dia ban\s+)?$")
WHOLE_PROVINCE_RE = re.compile(r"\b(toan tinh|ca tinh|tren dia ban tinh|trong tinh|toan thanh pho)\b")
NOUN_STOP_RE = re.compile(r"[,;.:()\[\]!?…]|\d|\s(va|voi|trong do|trong|tai|o|cua|duoc|de|nham|gom|la)\s")
ABBREVIATION_RE = re.compile(r"(?:^|\s)(tp|tx|tt|đ\.c|t\.l|ths|ts|pgs|gs|q|h|p|đ/c|mr|ông|bà)$", re.IGNORECASE)
MAX_NOUN_WORDS = 10
EVIDENCE_STOP = {"và", "với", "của", "trong", "được", "đã", "có", "là", "để", "cho", "tại", "ở", "về", "từ", "đến"}
# "giữa 2 lực lượng", "2 đơn vị đã ký kết": the parties the text speaks of, not a reported count.
PARTIES_RE = re.compile(r"^(luc luong|don vi|ben|co quan|nganh|to chuc|tinh|dia phuong|doan|phia|cap)\b")


@dataclass
class Candidate:
    value: float
    qualifier: str
    indicator_code: str
    phrase: str
    unit_code: str
    unit_source: str          # text | context | default | none
    breakdown: str
    period_start: str         # ISO date or ''
    period_end: str
    period_kind: str
    evidence: str
    locator: str
    paragraph: int
    span_start: int           # character span of the evidence in its paragraph
    span_end: int
    total: float | None       # denominator of "845/879"
    confidence: float
    note: str = ""


@dataclass
class Rejected:
    locator: str
    text: str
    span_start: int
    span_end: int
    reason: str


@dataclass
class Reading:
    candidates: list[Candidate]
    rejected: list[Rejected]
    paragraphs: list[Paragraph]
    document_date: date | None
    document_date_at: str
    province: str | None
    warnings: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, int]]:
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


def _clause_start(folded: str, sent_start: int, pos: int) -> int:
    cut = max(folded.rfind(";", sent_start, pos), folded.rfind(":", sent_start, pos))
    return cut + 1 if cut >= 0 else sent_start


def _clause_end(folded: str, pos: int, sent_end: int) -> int:
    cuts = [i for i in (folded.find(";", pos, sent_end),) if i >= 0]
    return min(cuts) if cuts else sent_end


def _noun(folded: str, text: str, start: int, limit: int) -> tuple[str, str, int]:
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


def _evidence_end(text: str, folded: str, start: int, limit: int) -> int:
    """End of the evidence phrase: the number and up to six words of what it counts."""
    seg_end = start
    for _ in range(6):
        m = re.match(r"\s*[\"“]?([^\W\d_][\w\-/]*)[\"”]?", text[seg_end:limit])
        if not m or m.group(1).lower() in EVIDENCE_STOP:
            break
        seg_end += m.end()
    return seg_end


def _carry(current: str | None, m: Mention, gaz) -> str | None:
    """The unit that later figures refer to after a mention: a province replaces the context,
    unless the context is one of its districts (a district report naming its province)."""
    if m.place.level != "province":
        return current
    if current and current != m.place.code and gaz.parent_of(current) == m.place.code:
        return current
    return m.place.code


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


class Reader:
    def __init__(self, rules: Rules | None = None, gazetteer=None):
        self.rules = rules or load_rules()
        self.gaz = gazetteer or load_gazetteer()

    # ------------------------------------------------------------------ document context
    def _document_context(self, paras: list[Paragraph], doc_date, default: str | None):
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for p in paras:
            if p.role not in ("header", "body"):
                continue
            for m in self.gaz.find(p.text, p.folded, on=doc_date):
                code = m.place.parent or m.place.code
                counts[code] += 2 if p.role == "header" else 1
                first_seen.setdefault(code, p.number)
        province = default
        if province is None and counts:
            province = sorted(counts, key=lambda c: (-counts[c], first_seen[c]))[0]
        if default is None:   # a report about one district: its title names the district
            header = [m.place for p in paras if p.role == "header"
                      for m in self.gaz.find(p.text, p.folded, on=doc_date)]
            districts = {pl.code for pl in header if pl.level == "district"}
            parents = {pl.parent for pl in header if pl.level == "district"}
            others = {pl.code for pl in header if pl.level == "province"} - parents
            if len(districts) == 1 and not others:
                province = districts.pop()
        doc_period: Period | None = None
        opening = [p for p in paras if p.role == "header"] + [p for p in paras if p.role == "body"][:1]
        for p in opening:
            for q in find_periods(p.folded, doc_date):
                if q.kind in ("range", "since", "back", "year") and doc_period is None:
                    doc_period = q
        return province, doc_period

    def _fallback_end(self, paras: list[Paragraph]) -> date | None:
        years = []
        for p in paras:
            if p.role == "body":
                years += [int(y) for y in re.findall(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])", p.folded)]
        return date(max(years), 12, 31) if years else None

    # ------------------------------------------------------------------ reading
    def read(self, text: str, province: str | None = None) -> Reading:
        paras = split_paragraphs(text)
        doc_date, doc_date_at = document_date(paras)
        province_default = province
        province, doc_period = self._document_context(paras, doc_date, province)
        warnings = []
        fallback_end = None
        if doc_date is None:
            fallback_end = self._fallback_end(paras)
            warnings.append("no date found in the text: periods without an end use the latest year named"
                            + (f" ({fallback_end.year})" if fallback_end else " (none: fill period_end)"))
        if province is None:
            warnings.append("no province named in the text: give --province (or fill unit_code)")
        candidates: list[Candidate] = []
        rejected: list[Rejected] = []
        current = province
        for p in paras:
            found = nums.scan(p.text, p.folded)
            if p.role != "body":
                for n in found:
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end,
                                             n.reason or f"not in running text ({p.role})"))
                continue
            mentions = self.gaz.find(p.text, p.folded, on=doc_date, context=current)
            periods = find_periods(p.folded, doc_date)
            previous_code: str | None = None
            previous_end = 0
            previous_sentence = -1
            for n in found:
                if not n.is_figure:
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end, n.reason))
                    continue
                s_idx, (s_start, s_end) = next(((i, sp) for i, sp in enumerate(_sentences(p.text))
                                                if sp[0] <= n.num_start < sp[1]), (0, (0, len(p.text))))
                if s_idx != previous_sentence:
                    previous_code, previous_end, previous_sentence = None, s_start, s_idx
                sentence = p.folded[s_start:s_end]
                if nums.is_target(p.folded[s_start:n.start]):
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end, "target, not a result"))
                    continue
                c_start = _clause_start(p.folded, s_start, n.start)
                c_end = _clause_end(p.folded, n.end, s_end)
                near_start = max(c_start, previous_end)
                noun, phrase, noun_end = _noun(p.folded, p.text, n.after, c_end)
                if not noun and not n.percent:   # "Số tổ tự quản: 1.234" - the thing is named before
                    l_start = c_start if p.folded[c_start:n.start].strip() else s_start
                    label = re.sub(r"\s*(:|\bla|\bdat|\bgom|\bchiem)\s*$", "", p.folded[l_start:n.start]).strip()
                    noun = re.sub(r"^(tong so|so luong|so)\s+", "", label.split(",")[-1].strip())
                    phrase = p.text[l_start:n.start].strip(" :")
                windows = {"noun": noun, "near": p.folded[near_start:n.start], "clause": p.folded[c_start:n.start],
                           "sentence": sentence}
                code = None if n.change else self.rules.indicator(windows, previous_code, n.percent)
                if (code is None and not n.percent and n.qualifier == "exact" and (n.value or 0) <= 3
                        and PARTIES_RE.match(noun)):
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end,
                                             "the parties of the text (\"2 đơn vị\"), not a figure"))
                    continue
                # place
                for m in mentions:
                    if m.end <= n.start:
                        current = _carry(current, m, self.gaz)
                unit, unit_source = self._unit(p, n, mentions, c_start, c_end, current)
                if unit is None and province_default:
                    unit, unit_source = province_default, "default"
                # period
                period = self._period(periods, n, s_start, s_end) or doc_period
                per_year = is_per_year(sentence)
                first = period.first if period else None
                last = (period.last if period else None) or doc_date
                guessed = False
                if last is None:
                    last, guessed = fallback_end, True
                if per_year:
                    kind = "per_year"
                elif code in self.rules.stock or (code is None and looks_like_stock(windows["clause"])):
                    kind = "stock"
                else:
                    kind = "total"
                if kind == "stock":
                    first = None
                ind = self.rules.breakdowns and code
                breakdown = ""
                if ind and self._has_breakdowns(code):
                    after_text = p.folded[n.end:c_end]
                    breakdown = self.rules.breakdown(windows["near"], after_text, windows["clause"]) or ""
                ev_end = max(_evidence_end(p.text, p.folded, n.end, c_end), n.end)
                evidence = p.text[n.start:ev_end].strip()
                notes = []
                if n.total is not None:
                    notes.append(f"phân số {n.value:g}/{n.total:g}")
                if n.change:
                    notes.append("mức tăng/giảm, không phải số lượng")
                if guessed:
                    notes.append("kỳ số liệu đoán theo năm gần nhất trong văn bản")
                conf = 0.35 + (0.35 if code else 0) + {"text": 0.15, "context": 0.1, "default": 0.05}.get(
                    unit_source, 0) + (0.1 if period else 0.0) + (0.05 if doc_date else 0.0)
                if code is None and (n.value or 0) < 5 and not n.percent:
                    conf -= 0.15
                if guessed:
                    conf -= 0.1
                candidates.append(Candidate(
                    value=float(n.value), qualifier=n.qualifier, indicator_code=code or "",
                    phrase=phrase, unit_code=unit or "", unit_source=unit_source, breakdown=breakdown,
                    period_start=_iso(first), period_end=_iso(last), period_kind=kind, evidence=evidence,
                    locator=p.locator, paragraph=p.number, span_start=n.start, span_end=ev_end,
                    total=n.total, confidence=round(min(0.99, max(0.05, conf)), 2), note="; ".join(notes),
                ))
                previous_code, previous_end = code, n.end
            for m in mentions:
                current = _carry(current, m, self.gaz)
        return Reading(candidates, rejected, paras, doc_date, doc_date_at, province, warnings)

    def _has_breakdowns(self, code: str) -> bool:
        from core.catalogue import load_catalogue

        cat = load_catalogue()
        return code in cat and bool(cat[code].breakdowns)

    def _unit(self, p: Paragraph, n, mentions: list[Mention], c_start: int, c_end: int,
              current: str | None) -> tuple[str | None, str]:
        # a place named right after the figure, in its clause: "02 mô hình ... tại huyện X"
        for m in mentions:
            if n.end <= m.start < c_end:
                gap = p.folded[n.end:m.start]
                limit = 250 if m.place.level == "district" else 60
                if len(gap) <= limit and not re.search(r"\d", gap[1:]) and LOCATIVE_RE.search(gap):
                    return m.place.code, "text"
                break
        near = [m for m in mentions if c_start <= m.start and m.end <= n.start]
        if near and not WHOLE_PROVINCE_RE.search(p.folded[near[-1].end:n.start]):
            return near[-1].place.code, "text"
        same_para = [m for m in mentions if m.end <= n.start and m.place.level == "province"]
        if same_para:
            return same_para[-1].place.code, "text"
        if current:
            return current, "context"
        return None, "none"

    @staticmethod
    def _period(periods: list[Period], n, s_start: int, s_end: int) -> Period | None:
        before = [q for q in periods if q.end <= n.num_start]
        in_sentence = [q for q in before if q.start >= s_start]
        if in_sentence:
            return in_sentence[-1]
        if before:
            return before[-1]
        after = [q for q in periods if n.end <= q.start < s_end and q.kind in ("range", "since", "back", "year")]
        return after[0] if after else None


def read_text(text: str, province: str | None = None) -> Reading:
    """Candidates of every figure in ``text`` (a report), with the numbers set aside and why.
    ReadError beyond the reader's bounds (characters, paragraphs: core.intake)."""
    check_text(text)
    return Reader().read(text, province=province)


def read_file(path: Path, province: str | None = None) -> Reading:
    return read_text(read_document(Path(path)), province=province)


