"""Read figures out of a report's text: one candidate row per figure, for a person to review."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

from core.reader import numbers as nums
from core.reader import phrases as ph
from core.reader import spans
from core.reader.candidates import Candidate, Reading, Rejected
from core.reader.document import Paragraph, check_text, read_document, split_paragraphs
from core.reader.periods import (
    Period,
    document_date,
    find_periods,
    is_per_year,
    looks_like_stock,
    says_now,
    text_years,
)
from core.reader.places import REFORM, Mention, load_gazetteer
from core.reader.rules import Rules, load_rules
from core.units import COUNTRY_CODE


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
                code = self.gaz.province_of(m.place.code if m.place.level != "commune" else m.place.parent,
                                            doc_date) if m.place.level != "province" else m.place.code
                if not code:
                    continue
                counts[code] += 2 if p.role == "header" else 1
                first_seen.setdefault(code, p.number)
        province = default
        if province is None and counts:
            province = sorted(counts, key=lambda c: (-counts[c], first_seen[c]))[0]
        subject = self._subject(paras, doc_date, province)
        if subject and (province is None or self.gaz.province_of(subject.code, doc_date) == province
                        or self.gaz.province_of(province, doc_date) == self.gaz.province_of(subject.code, doc_date)):
            province = subject.code
        doc_period: Period | None = None
        opening = [p for p in paras if p.role == "header"] + [p for p in paras if p.role == "body"][:1]
        for p in opening:
            for q in find_periods(p.folded, doc_date):
                if doc_date and q.last and q.last.year > doc_date.year:
                    continue      # a plan ("giai đoạn 2021 - 2030"), not the period reported
                if q.kind == "year" and not (ph.REVIEW_WORDS_RE.search(p.folded[max(0, q.start - 80):q.start])
                                             or not p.folded[:q.start].strip(" -–(")):
                    continue      # the year of an event ("Ngày hội ... năm 2023"), not a period reviewed
                if q.kind in ("range", "since", "back", "year") and doc_period is None:
                    doc_period = q
        return province, doc_period

    def _subject(self, paras: list[Paragraph], doc_date, province: str | None):
        """The district or commune a text is about: the one its title names (with nothing but its
        own province beside it), else the one acting at the start of its first sentence
        ("Huyện Đăk Tô tổ chức...", "..., xã Cẩm Nhượng đã tổ chức..."; not "tại xã X")."""
        header = [m for p in paras if p.role == "header"
                  for m in spans.specific(self.gaz.find(p.text, p.folded, on=doc_date, context=province), p.text,
                                          self.gaz)]
        below = {m.place.code: m.place for m in header if m.place.level != "province"}
        if len(below) == 1:
            place = next(iter(below.values()))
            others = [m.place for m in header if m.place.level == "province"
                      and m.place.code != self.gaz.province_of(place.code, doc_date)]
            if not others:
                return place
        if below:
            return None
        body = [p for p in paras if p.role == "body"][:1]
        for p in body:
            first_sentence = spans.sentences(p.text)[0]
            for m in spans.specific(self.gaz.find(p.text, p.folded, on=doc_date, context=province), p.text, self.gaz):
                if m.start >= first_sentence[1]:
                    break
                if ph.PLACE_LOCATIVE_RE.search(p.folded[max(0, m.start - 20):m.start]):
                    continue
                if m.place.level == "province":
                    return None
                others = [o for o in self.gaz.find(p.text, p.folded, on=doc_date, context=province)
                          if o.start < first_sentence[1] and o.place.level != "province"
                          and o.place.code != m.place.code and not self.gaz.contains(o.place, m.place)]
                return None if others else m.place
        return None

    def _fallback_end(self, paras: list[Paragraph]) -> date | None:
        """No date in the text: the latest year it names (not a birth year, a term, a target)."""
        years = [y for p in paras if p.role == "body" for y in text_years(p.folded)]
        return date(max(years), 12, 31) if years else None

    # ------------------------------------------------------------------ reading
    def read(self, text: str, province: str | None = None, published: date | None = None) -> Reading:
        """``published``: the text's date (its publication) when the user knows it; it replaces the
        date read from the text."""
        paras = split_paragraphs(text)
        doc_date, doc_date_at = (published, "given") if published else document_date(paras)
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
        named = self._named_from(province, doc_date)     # the last unit named, per level
        section_period: Period | None = None   # the period that opened an earlier paragraph
        explicit: list[bool] = []              # per candidate: its own sentence dates it
        for p in paras:
            found = nums.scan(p.text, p.folded)
            if p.role != "body":
                for n in found:
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end,
                                             n.reason or f"not in running text ({p.role})"))
                continue
            mentions = self.gaz.find(p.text, p.folded, on=doc_date, context=current)
            chains = spans.specific(mentions, p.text, self.gaz)
            periods = find_periods(p.folded, doc_date, fallback_end.year if fallback_end else None)
            carried = section_period or doc_period
            wholes: list[tuple] = []      # figures of the paragraph: where, indicator, noun, unit
            previous_code: str | None = None
            previous_noun: tuple[str, str] | None = None
            previous_end = 0
            previous_sentence = -1
            for n in found:
                if not n.is_figure:
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end, n.reason))
                    continue
                s_idx, (s_start, s_end) = next(((i, sp) for i, sp in enumerate(spans.sentences(p.text))
                                                if sp[0] <= n.num_start < sp[1]), (0, (0, len(p.text))))
                if s_idx != previous_sentence:
                    previous_code, previous_end, previous_sentence = None, s_start, s_idx
                    previous_noun = None
                sentence = p.folded[s_start:s_end]
                if nums.is_target(p.folded[s_start:n.start]):
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end, "target, not a result"))
                    continue
                c_start = spans.clause_start(p.folded, s_start, n.start)
                c_end = spans.clause_end(p.folded, n.end, s_end)
                near_start = max(c_start, previous_end)
                noun, phrase, noun_end = spans.noun(p.folded, p.text, n.after, c_end)
                if n.elliptic and previous_noun:   # "năm 2015 có 228": what the figure before counts
                    noun, phrase = previous_noun
                elif not noun and not n.percent:   # "Số tổ tự quản: 1.234" - the thing is named before
                    l_start = c_start if p.folded[c_start:n.start].strip() else s_start
                    label = re.sub(r"\s*(:|\bla|\bdat|\bgom|\bchiem)\s*$", "", p.folded[l_start:n.start]).strip()
                    noun = re.sub(r"^(tong so|so luong|so)\s+", "", label.split(",")[-1].strip())
                    phrase = p.text[l_start:n.start].strip(" :")
                windows = {"noun": noun, "near": p.folded[near_start:n.start], "clause": p.folded[c_start:n.start],
                           "sentence": sentence, "rest": p.folded[n.after:s_end]}
                code = None if n.change else self.rules.indicator(windows, previous_code, n.percent)
                if n.elliptic:
                    code = (previous_code or None) if previous_noun else None
                why = self.rules.not_a_figure(windows, previous_code, n.percent, matched=code is not None)
                if not why and n.change:
                    why = "a change (\"tăng\", \"giảm\"), not a level"
                if why:
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end, why))
                    previous_code, previous_end, previous_noun = code or "", n.end, (noun, phrase)
                    continue
                if (code is None and not n.percent and n.qualifier == "exact" and (n.value or 0) <= 5
                        and ph.PARTIES_RE.match(noun)):
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end,
                                             "the parties of the text (\"2 đơn vị\"), not a figure"))
                    continue
                # place
                named_now = dict(named)
                for m in mentions:
                    if m.end <= n.start:
                        current = spans.carry(current, m, self.gaz, doc_date)
                        named_now[m.place.level] = m.place.code
                unit, unit_source = self._unit(p, n, chains, c_start, c_end, current, named_now, doc_date)
                if unit is None and province_default:
                    unit, unit_source = province_default, "default"
                if ph.NATIONAL_RE.search(windows["clause"]):   # "cả nước có hơn 2.500 mô hình": the country's
                    unit, unit_source = COUNTRY_CODE, "text"
                if self._part_of_whole(p.folded[s_start:n.start], s_start, wholes, code, noun, unit):
                    rejected.append(Rejected(p.locator, p.text[n.start:n.end], n.start, n.end,
                                             "a part of the figure before it (\"trong đó\"), counted there"))
                    previous_code, previous_end, previous_noun = code or "", n.end, (noun, phrase)
                    continue
                # period
                own = self._period(periods, n, s_start, s_end)
                period = own or (None if says_now(windows["clause"]) else carried)   # "Hiện, ... có": until now
                per_year = is_per_year(sentence)
                first = period.first if period else None
                last = (period.last if period else None) or doc_date
                if code in ph.AWARDS and doc_date and not any(q.start < n.num_start for q in periods) and not own:
                    first = last = doc_date        # awarded at the event the text reports
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
                    dated = period is not None and period.kind in ("until", "part_year")
                    if doc_date and says_now(windows["clause"]) and not dated:
                        last = doc_date            # "hiện có", "đến nay": a level on the text's date
                ind = self.rules.breakdowns and code
                breakdown = ""
                if ind and self._has_breakdowns(code):
                    after_text = p.folded[n.end:c_end]
                    breakdown = self.rules.breakdown(windows["near"], after_text, windows["clause"]) or ""
                ev_end = max(spans.evidence_end(p.text, p.folded, n.end, c_end), n.end)
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
                    period_start=spans.iso(first), period_end=spans.iso(last), period_kind=kind, evidence=evidence,
                    locator=p.locator, paragraph=p.number, span_start=n.start, span_end=ev_end,
                    total=n.total, confidence=round(min(0.99, max(0.05, conf)), 2), note="; ".join(notes),
                ))
                previous_code, previous_end, previous_noun = code or "", n.end, (noun, phrase)
                wholes.append((n.start, code, spans.head(noun), unit))
                explicit.append(own is not None and not (own.kind == "until" and own.last == doc_date))
            for m in mentions:
                current = spans.carry(current, m, self.gaz, doc_date)
                named[m.place.level] = m.place.code
            opening = next((q for q in periods if q.start <= ph.OPENING_CHARS), None)
            if opening and opening.kind in ("range", "year", "since", "back", "part_year") and not (
                    doc_date and opening.last and opening.last.year > doc_date.year):
                section_period = opening
        candidates = self._without_repeats(candidates, explicit, rejected)
        return Reading(candidates, rejected, paras, doc_date, doc_date_at, province, warnings)

    @staticmethod
    def _part_of_whole(before: str, s_start: int, wholes, code: str | None, noun: str, unit: str | None) -> bool:
        """A figure after "trong đó" that counts what the figure before "trong đó" counts, on the
        same unit, is a part of it ("1.577 tổ ... Trong đó có 880 tổ ..."), not a figure of its
        own (a district's share of a province's total is that district's figure)."""
        at = max((m.start() for m in ph.PART_RE.finditer(before)), default=-1)
        if at < 0:
            return False
        whole = [w for w in wholes if w[0] < s_start + at]
        if not whole:
            return False
        _, whole_code, whole_head, whole_unit = whole[-1]
        if unit != whole_unit:
            return False
        same_head = bool(noun) and spans.head(noun) == whole_head
        return bool(code and code == whole_code) or (not code and not whole_code and spans.head(noun) == whole_head) \
            or (not code and whole_code is not None and same_head)

    @staticmethod
    def _without_repeats(candidates: list[Candidate], explicit: list[bool], rejected: list[Rejected]):
        """One candidate per figure the text repeats (a lead paragraph, a photo caption): the first,
        or the one whose own sentence dates it."""
        keep: dict[tuple, int] = {}
        drop: set[int] = set()
        for i, c in enumerate(candidates):
            key = (c.value, c.total, c.unit_code, c.breakdown, c.indicator_code or spans.head(c.phrase.lower()))
            j = keep.get(key)
            if j is None or candidates[j].paragraph == c.paragraph:
                keep.setdefault(key, i)
                continue
            if explicit[i] and not explicit[j]:
                drop.add(j)
                keep[key] = i
            elif not (explicit[i] and explicit[j] and (c.period_start, c.period_end) != (
                    candidates[j].period_start, candidates[j].period_end)):
                drop.add(i)
        for i in sorted(drop):
            c = candidates[i]
            rejected.append(Rejected(c.locator, c.evidence, c.span_start, c.span_end,
                                     "the text repeats this figure; its candidate is kept once"))
        return [c for i, c in enumerate(candidates) if i not in drop]

    def _has_breakdowns(self, code: str) -> bool:
        from core.catalogue import load_catalogue

        cat = load_catalogue()
        return code in cat and bool(cat[code].breakdowns)

    def _named_from(self, code: str | None, on: date | None) -> dict[str, str]:
        """The units a text's own unit stands in: a commune's district (2024) and province."""
        named: dict[str, str] = {}
        if not code:
            return named
        level = {2: "province", 3: "district", 5: "commune"}.get(len(code))
        if level:
            named[level] = code
        if level == "commune" and not (on and on >= REFORM):
            parent = next((pl.parent for pl in self.gaz._commune_codes.get(code, []) if pl.vintage == "2024"), None)
            if parent:
                named["district"] = parent
        if (province := self.gaz.province_of(code, on)):
            named["province"] = province
        return named

    def _anaphor(self, p: Paragraph, c_start: int, n, chains: list[Mention], named: dict[str, str],
                 current: str | None, on: date | None) -> tuple[int, str | None]:
        """The unit a level word before the figure refers back to ("toàn huyện", "xã đã"), and where."""
        spans = [(m.start, m.end) for m in chains]
        for m in reversed(list(ph.ANAPHOR_RE.finditer(p.folded, c_start, n.start))):
            if any(s <= m.start(0) + 1 < e for s, e in spans):
                continue
            group = next(i for i, g in enumerate(m.groups(), start=1) if g)
            if p.text[m.start(group):m.end(group)].lower() not in ph.LEVEL_WORDS_VI:
                continue
            level = ph.LEVEL_OF_WORD[m.group(group)]
            if level == "city":
                level = "district" if current and len(current) == 3 else "province"
            if level == "province":
                return m.end(0), named.get("province") or self.gaz.province_of(current, on)
            if named.get(level):
                return m.end(0), named[level]
        return -1, None

    def _unit(self, p: Paragraph, n, mentions: list[Mention], c_start: int, c_end: int,
              current: str | None, named: dict[str, str] | None = None,
              on: date | None = None) -> tuple[str | None, str]:
        at, referred = self._anaphor(p, c_start, n, mentions, named or {}, current, on)
        # a place named right after the figure, in its clause: "02 mô hình ... tại huyện X"
        for m in mentions:
            if n.end <= m.start < c_end and not referred:
                gap = p.folded[n.end:m.start]
                limit = 250 if m.place.level in ("district", "commune") else 60
                if (len(gap) <= limit and not re.search(r"\d", gap[1:]) and ph.LOCATIVE_RE.search(gap)
                        and not ph.EXAMPLE_RE.search(gap)):
                    return m.place.code, "text"
                break
        near = [m for m in mentions if c_start <= m.start and m.end <= n.start]
        if near and near[-1].end > at and not ph.WHOLE_PROVINCE_RE.search(p.folded[near[-1].end:n.start]):
            return near[-1].place.code, "text"
        if referred:
            return referred, "text"
        # a district or commune acting at the start of an earlier sentence of the paragraph
        # ("Huyện X đã tổ chức ... . Người dân cung cấp 70 nguồn tin")
        for m in reversed([m for m in mentions if m.end <= c_start and m.place.level in ("district", "commune")]):
            s_start = max((a for a, _ in spans.sentences(p.text) if a <= m.start), default=0)
            if m.start - s_start <= ph.SUBJECT_WITHIN and not ph.PLACE_LOCATIVE_RE.search(p.folded[s_start:m.start]):
                return m.place.code, "text"
        same_para = [m for m in mentions if m.end <= n.start and m.place.level == "province"]
        if same_para and same_para[-1].place.code != self.gaz.province_of(current, on):
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


def read_text(text: str, province: str | None = None, published: date | None = None) -> Reading:
    """Candidates of every figure in ``text`` (a report), with the numbers set aside and why.
    ReadError beyond the reader's bounds (characters, paragraphs: core.intake)."""
    check_text(text)
    return Reader().read(text, province=province, published=published)


def read_file(path: Path, province: str | None = None, published: date | None = None) -> Reading:
    return read_text(read_document(Path(path)), province=province, published=published)


