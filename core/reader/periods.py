"""Dates and periods in report prose: the document's date and the period phrases of paragraphs.

Phrases understood (compared without diacritics): "giai đoạn 2019 - 2024", "(2013 – 2023)",
"từ năm 2014 đến nay", "từ 2015 đến 2020", "10 năm qua", "qua 05 năm", "năm 2023",
"năm 2018, 2019", "6 tháng đầu năm (2024)", "9 tháng", "quý I/2024", "tháng 12/2014",
"từ đầu năm đến nay", "đến nay", "đến hết năm 2024", "tính đến 30/6/2024", and the per-year
markers "hằng năm", "hàng năm", "mỗi năm", "bình quân mỗi năm".
The document's date comes from a date line ("Cập nhật ngày: 2-02-2018", "Thứ 3, 26 Tháng 11
2019", "19/05/2023 08:15") or from the opening sentence ("Sáng 19/5, ... tổng kết 10 năm
(2013 – 2023)" → 19/05/2023).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

YEAR = r"((?:19|20)\d{2})"
DASH = r"\s*[-–—]\s*"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
PER_YEAR_RE = re.compile(r"\b(hang nam|moi nam|binh quan (moi )?nam|trung binh (moi )?nam|thuong nien|"
                         r"binh quan hang nam|trung binh hang nam)\b")
STOCK_RE = re.compile(r"\b(hien co|hien nay co|den nay co|dang duy tri|duy tri|cung co, duy tri|toan tinh co|"
                      r"dia ban (tinh )?co|tong so)\b")


@dataclass(frozen=True)
class Period:
    start: int               # span in the paragraph
    end: int
    first: date | None       # period_start (None: not stated)
    last: date | None        # period_end (None: the document's date, unknown here)
    kind: str                # range | since | year | part_year | back | until


def _eoy(y: int) -> date:
    return date(y, 12, 31)


def _eom(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _cap(last: date | None, doc_date: date | None) -> date | None:
    """A period ending in the document's year ends on the document's date, not on 31/12."""
    if last and doc_date and last.year == doc_date.year and last > doc_date:
        return doc_date
    return last


def _cap_in_month(last: date, doc_date: date | None) -> date:
    """A period of months ending in the month of the text ("8 tháng đầu năm" on 19/8) ends on its date."""
    if doc_date and (doc_date.year, doc_date.month) == (last.year, last.month) and doc_date < last:
        return doc_date
    return last


DATE_LINE_RES = (
    re.compile(r"(?<!\d)(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,|nam)?\s*(\d{4})(?!\d)"),
    re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"),
)
DATE_LINE_HINT = re.compile(r"^(cap nhat|ngay dang|dang ngay|dang luc|ngay|thu (hai|ba|tu|nam|sau|bay|\d)|"
                            r"chu nhat|\d{1,2}[/\-.]\d{1,2}[/\-.]\d{4}|xuat ban|ban tin|posted|thoi gian)")
EVENT_RE = re.compile(r"\b(sang|chieu|toi|trua|hom nay|hom qua|vua qua|^\W*ngay|^\W*\(?[a-z ]{0,30}\)?\W*ngay)"
                      r"\s+(?:ngay\s+)?(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{4}))?(?![\d/])")


def _line_date(folded: str) -> date | None:
    for rx in DATE_LINE_RES:
        for m in rx.finditer(folded):
            d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if d:
                return d
    return None


# Years that do not date the text: birth years, terms of office, targets ahead.
NOT_CURRENT_YEAR_RE = re.compile(rf"\b(sinh nam|sinh|nhiem ky|khoa)\s+(?:nam\s+)?{YEAR}(?:{DASH}{YEAR})?|"
                                 rf"\b(den|toi|tam nhin|phan dau|dinh huong)\s+(?:nam\s+)?{YEAR}|"
                                 rf"{YEAR}{DASH}(20[3-9]\d)")
REVIEW_OF_YEAR_RE = re.compile(rf"\b(tong ket|so ket|nhin lai|ket qua)\b[^.;]{{0,200}}?\bnam\s+{YEAR}")


def text_years(folded: str) -> list[int]:
    """Years a paragraph names that can date it (not birth years, terms, targets ahead)."""
    cleaned = NOT_CURRENT_YEAR_RE.sub(" ", folded)
    return [int(y) for y in re.findall(rf"(?<![\d/.-]){YEAR}(?![\d/])", cleaned)]


def _event_year(paragraphs, p, month: int) -> int | None:
    """The year of an event date printed without one ("Sáng 16-7"): the end of a period range in
    its paragraph, else its latest year, else the latest year of the title. A review
    of year Y ("tổng kết ... năm Y") held in the first quarter is held in Y + 1."""
    cleaned = NOT_CURRENT_YEAR_RE.sub(" ", p.folded)
    ranges = re.findall(rf"{YEAR}{DASH}{YEAR}", cleaned)
    years = [int(ranges[0][1])] if ranges else text_years(p.folded)
    if not years:
        years = [y for q in paragraphs if q.role == "header" for y in text_years(q.folded)]
    if not years:
        return None
    year = max(years)
    review = REVIEW_OF_YEAR_RE.search(p.folded)
    if review and int(review.group(2)) == year and month <= 3:
        year += 1
    return year


EVENT_UNTIL_RE = re.compile(r"\s*(?:den|toi)\s+(?:ngay\s+)?(\d{1,2})\s*[/\-.]\s*(\d{1,2})"
                            r"(?:\s*[/\-.]\s*(\d{4}))?(?![\d/])")


def document_date(paragraphs) -> tuple[date | None, str]:
    """The date the text was published or the event it reports took place, and where it was read.

    In order: a dateline (a line that is a date, a byline) before the running text (or right
    after a title read as text), the last one (nearest the text: a site's banner clock comes
    first); a dateline after it; a header line
    with a date; the event date of the opening ("Sáng 16-7", "Ngày 15/1", "Từ ngày 09/8 đến
    ngày 13/8/2024" → its end)."""
    body_at = [i for i, p in enumerate(paragraphs) if p.role == "body"]
    first_body = body_at[1] if len(body_at) > 1 else len(paragraphs)
    datelines = [(i, p) for i, p in enumerate(paragraphs) if p.role == "dateline"]
    before = [(i, p) for i, p in datelines if i < first_body]
    for _, p in (before[-1:] or datelines[:1]):
        d = _line_date(p.folded)
        if d:
            return d, p.locator
    for p in paragraphs[:8]:
        if p.role in ("furniture",):
            continue
        if p.role in ("header", "headline") or DATE_LINE_HINT.match(p.folded):
            if len(p.folded) > 120 and p.role == "body":
                continue
            d = _line_date(p.folded)
            if d:
                return d, p.locator
    body = [p for p in paragraphs if p.role == "body"][:2]
    for p in body:
        m = EVENT_RE.search(p.folded[:300])
        if not m:
            continue
        day, month, year = int(m.group(2)), int(m.group(3)), m.group(4)
        until = EVENT_UNTIL_RE.match(p.folded, m.end())
        if until:
            day, month, year = int(until.group(1)), int(until.group(2)), until.group(3) or year
        if year is None:
            year = _event_year(paragraphs, p, month)
            if year is None:
                continue
        d = _safe_date(int(year), month, day)
        if d:
            return d, p.locator
    return None, ""


def report_year(doc_date: date | None) -> int | None:
    """The year a text reports on when it says "trong năm" without one: its own year, the year
    before for a text of January–March (the review of the year just ended)."""
    if not doc_date:
        return None
    return doc_date.year - 1 if doc_date.month <= 3 else doc_date.year


def _patterns(doc_date: date | None, year: int | None = None):
    """(regex, builder) pairs; a builder turns a match into (first, last, kind) or None. ``year``:
    the year of phrases that name none ("6 tháng đầu năm") when the text has no date."""
    dy = doc_date.year if doc_date else year

    def rng(m):
        a, b = int(m.group("a")), int(m.group("b"))
        return (date(a, 1, 1), _cap(_eoy(b), doc_date), "range") if a <= b else None

    def since(m):
        y = int(m.group("y"))
        month = int(m.group("m")) if m.groupdict().get("m") else 1
        if not 1 <= month <= 12:
            return None
        return date(y, month, 1), doc_date, "since"

    def since_month(m):
        y, mo = int(m.group("y")) if m.group("y") else dy, int(m.group("m"))
        return (date(y, mo, 1), doc_date, "since") if y and 1 <= mo <= 12 else None

    def since_start_of_year(m):
        return (date(dy, 1, 1), doc_date, "since") if dy else None

    def back(m):
        n = int(m.group("n"))
        if not doc_date or not 1 <= n <= 50:
            return None
        return date(doc_date.year - n, 1, 1), doc_date, "back"     # "10 năm qua" (2013 – 2023)

    def years_list(m):
        ys = [int(y) for y in re.findall(YEAR, m.group(0))]
        return date(min(ys), 1, 1), _cap(_eoy(max(ys)), doc_date), "range"

    def one_year(m):
        y = int(m.group("y"))
        return date(y, 1, 1), _cap(_eoy(y), doc_date), "year"

    def months_of_year(m):
        y = int(m.group("y")) if m.group("y") else dy
        n = int(m.group("n"))
        if not y or not 1 <= n <= 12:
            return None
        return date(y, 1, 1), _cap_in_month(_eom(y, n), doc_date), "part_year"

    def quarter(m):
        q = ROMAN.get(m.group("q"))
        y = int(m.group("y")) if m.group("y") else dy
        if not q or not y:
            return None
        return date(y, 3 * q - 2, 1), _cap_in_month(_eom(y, 3 * q), doc_date), "part_year"

    def month(m):
        mo, y = int(m.group("m")), int(m.group("y"))
        return (date(y, mo, 1), _cap_in_month(_eom(y, mo), doc_date), "part_year") if 1 <= mo <= 12 else None

    def year_and_months(m):
        a, n, b = int(m.group("a")), int(m.group("n")), int(m.group("b") or m.group("a"))
        if not 1 <= n <= 12 or b < a:
            return None
        return date(a, 1, 1), _cap(_eom(b, n), doc_date), "range"

    def one_year_now(m):
        return (date(dy, 1, 1), doc_date, "year") if dy else None

    def this_year(m):
        y = report_year(doc_date)
        return (date(y, 1, 1), _cap(_eoy(y), doc_date), "year") if y else None

    def until_date(m):
        d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return (None, d, "until") if d else None

    def until_year(m):
        y = int(m.group("y"))
        mo = int(m.group("m")) if m.group("m") else 12
        return (None, _eom(y, mo), "until") if 1 <= mo <= 12 else None

    def until_now(m):
        return None, doc_date, "until"

    return [
        (rf"(?:tu nam|tu|nam)\s+(?P<a>{YEAR[1:-1]})\s*(?:[-–—]|den|toi)\s*(?:nam\s+)?(?P<b>{YEAR[1:-1]})", rng),
        (rf"(?P<a>{YEAR[1:-1]}){DASH}(?P<b>{YEAR[1:-1]})", rng),
        (rf"(?:tu|ke tu|bat dau tu)\s+(?:thang\s+(?P<m>\d{{1,2}})\s*[/\-]\s*|nam\s+|thang \d{{1,2}} nam\s+)?"
         rf"(?P<y>{YEAR[1:-1]})(?!\s*[-–—]\s*\d)(?:\s*(?:den|toi)\s+(?:nay|hien nay|nam nay|thoi diem nay))?", since),
        (r"tu dau nam(?: den nay)?|(?:nhung|may|cac) thang dau nam(?!\s+\d)", since_start_of_year),
        (rf"tu dau thang\s+(?P<m>\d{{1,2}})(?:\s*[/\-]\s*(?P<y>{YEAR[1:-1]}))?", since_month),
        (r"(?:qua|trong|sau|gan|hon)?\s*(?P<n>\d{1,2})\s+nam\s+(?:qua|vua qua|gan day|thuc hien|trien khai|"
         r"(?=\())", back),
        (r"(?:qua|trong|sau)\s+(?P<n>\d{1,2})\s+nam\b", back),
        (rf"nam\s+(?P<a>{YEAR[1:-1]})\s*(?:,|va)\s*(?P<n>\d{{1,2}})\s+thang\s+(?:dau\s+)?nam"
         rf"(?:\s+(?P<b>{YEAR[1:-1]}))?", year_and_months),
        (rf"nam\s+{YEAR}(?:\s*(?:,|va)\s*{YEAR})+", years_list),
        (rf"(?P<n>\d{{1,2}})\s+thang\s+(?:dau\s+)?nam(?:\s+(?P<y>{YEAR[1:-1]}))?", months_of_year),
        (rf"quy\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:[/\-]|nam)?\s*(?P<y>{YEAR[1:-1]})?", quarter),
        (rf"(?:tinh )?(?:den|toi)\s+(?:het\s+|cuoi\s+)?(?:ngay\s+)?(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})\s*/\s*"
         rf"(?P<y>{YEAR[1:-1]})", until_date),
        (rf"(?:tinh )?(?:den|toi)\s+(?:het\s+|cuoi\s+)?(?:nam\s+|thang\s+(?P<m>\d{{1,2}})\s*[/\-]\s*)"
         rf"(?P<y>{YEAR[1:-1]})", until_year),
        (rf"thang\s+(?P<m>\d{{1,2}})\s*[/\-]\s*(?P<y>{YEAR[1:-1]})", month),
        (rf"(?:trong\s+|cua\s+)?nam\s+(?P<y>{YEAR[1:-1]})", one_year),
        (r"\b(?:den nay|den thoi diem nay|hien nay|den nam nay)\b", until_now),
        (r"\btrong nam nay\b", one_year_now),
        (r"\btrong nam(?: qua)?(?!\s*(?:\d|thu|hoc|nay))\b", this_year),
    ]


def find_periods(folded: str, doc_date: date | None, year: int | None = None) -> list[Period]:
    """Period phrases of one paragraph, left to right (overlaps: the earlier, longer one wins)."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for rx, build in _patterns(doc_date, year):
        for m in re.finditer(rx, folded):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if re.search(r"(?:so|/)\s*$", folded[max(0, s - 4):s]) or re.match(r"\s?[/-][a-z]", folded[e:e + 3]):
                continue    # inside a document number
            try:
                built = build(m)
            except (ValueError, TypeError):
                built = None
            if built is None:
                continue
            first, last, kind = built
            found.append(Period(s, e, first, last, kind))
            taken.append((s, e))
    return sorted(found, key=lambda p: p.start)


NOW_RE = re.compile(r"\b(hien co|hien nay|hien tai|den nay|den thoi diem nay|toi nay|"
                    r"dang (duy tri|hoat dong|van hanh))\b|(?:^\s*|[,.;:(]\s*)hien\b")


def says_now(clause_folded: str) -> bool:
    """Does the clause speak of the present ("hiện có", "đến nay", "đang duy trì")?"""
    return bool(NOW_RE.search(clause_folded))


def is_per_year(sentence_folded: str) -> bool:
    return bool(PER_YEAR_RE.search(sentence_folded))


def looks_like_stock(clause_folded: str) -> bool:
    return bool(STOCK_RE.search(clause_folded))
