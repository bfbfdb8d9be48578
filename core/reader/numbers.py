"""Numbers in a paragraph: which are figures, their value and qualifier, and why the others are not.

Works on one paragraph's text (NFC) and its ``fold_chars`` twin (same length, no diacritics).
A figure is a count or a share: a Vietnamese number ("2.053", "96,5%", "3 triệu", "03",
"845/879") followed by the thing counted. Not figures: dates and times, years and year ranges,
document numbers ("09-CT/TW", "Kế hoạch số 4070"), ordinals ("thứ 3"), durations ("10 năm"),
ages ("65 tuổi"), phone numbers, codes glued to letters ("V05", "CT07"), targets ("phấn đấu ...
trên 95%"), ranges ("2-3 người") and numbers with nothing counted after them ("Quân khu 4 ở").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.vnnum import parse_number

# A run of digits with inner separators; never glued to a letter or digit on the left.
CHUNK_RE = re.compile(r"(?<![\w])\d+(?:[.,:/\-]\d+)*")
MULTIPLIERS = {"nghin": 1e3, "ngan": 1e3, "van": 1e4, "trieu": 1e6, "ty": 1e9, "ti": 1e9, "tram": 1e2}
MULT_RE = re.compile(r"^\s+(nghin|ngan|van|trieu|ty|ti|tram)(?![a-z])")
PERCENT_RE = re.compile(r"^\s?(%|phan tram(?![a-z]))")
# Qualifier words right before the number (folded); longest first.
QUALIFIERS = (
    ("tren duoi", "about"), ("xap xi", "about"), ("khoang gan", "about"), ("uoc tinh", "about"),
    ("uoc dat", "about"), ("ngot nghet", "about"), ("it nhat", "at_least"), ("toi thieu", "at_least"),
    ("hon", "at_least"), ("tren", "at_least"), ("gan", "about"), ("khoang", "about"), ("chung", "about"),
    ("ngot", "about"), ("uoc", "about"), ("hang", "about"),
)
QUALIFIER_WORDS = {w for q, _ in QUALIFIERS for w in q.split()} | {"nam", "thang", "ngay", "quy", "dat", "co"}
QUALIFIER_AFTER_RE = re.compile(r"^[^,;.]{0,40}?\btro len\b")
# Words that say the number is a time, a date part or an age, when they follow it (lower case,
# with diacritics: folding would confuse "quý" (quarter) with "quy chế", "năm" with "nam").
TIME_UNITS = ("năm", "tháng", "ngày", "tuần", "quý", "quí", "giờ", "phút", "giây", "tuổi", "thế kỷ", "thế kỉ",
              "thập kỷ", "thập kỉ", "thập niên", "nhiệm kỳ", "nhiệm kì", "kỳ họp", "đêm", "h")
# Words after a number that do not start the name of a counted thing.
STOP_AFTER = {
    "của", "và", "với", "là", "được", "đã", "sẽ", "đang", "có", "tại", "ở", "trên", "trong", "theo", "về",
    "đến", "từ", "cho", "thì", "mà", "nhưng", "hoặc", "hay", "nên", "để", "do", "bởi", "vì", "khi", "này",
    "đó", "kia", "như", "gồm", "trở", "sau", "trước", "giữa", "nhằm", "thuộc", "qua", "bằng", "ra", "vào",
    "lên", "xuống", "lần", "tăng", "giảm", "số", "hơn", "kém", "ngoài", "đạt", "cũng", "không", "chưa",
    "vẫn", "các", "những", "mỗi", "từng", "ít", "nhiều", "rất", "đều", "bị", "phải", "cần", "so", "tới",
    "cùng", "lại", "đi", "nói", "thêm", "còn", "chỉ", "riêng", "tính", "trừ", "kể", "nay", "rồi", "đây",
}
NOUN_COMPOUNDS = ("bằng khen",)   # a stop word that starts a noun here
# Words right before a number that make it a name, an ordinal or an identifier (lower case).
ID_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(thứ|lần thứ|số|khóa|khoá|điều|khoản|chương|mục|phần|quân khu|tầng|thôn|ấp|khóm|xóm|"
    r"khu phố|tổ dân phố|phường|quận|đội|tiểu đội|trung đội|đại đội|tiểu đoàn|trung đoàn|sư đoàn|lô|căn hộ|"
    r"(?<!biên )(?<!dân )(?<!tự )phòng|xe|biển số|tuyến|quốc lộ|tỉnh lộ|đường|km|cột mốc|mốc|mã số|mã|kỳ|khu|"
    r"tổ|đợt|giai đoạn|lần|"
    r"vòng|hạng|(?<!cung )cấp|loại|nhóm|kênh|trang|tập|hộp thư|bước|lớp|khối|version|phiên bản|"
    r"ban chỉ đạo|bcđ|bch)\s*$")
# "77 trong tổng số 89 làng": a count out of a total, like "77/89".
OUT_OF_RE = re.compile(r"^\s+trong\s+(?:tong\s+)?so\s+(\d+(?:[.,]\d+)*)")
QUOTE_NAME_CHARS = 50       # a quoted name ("5 không, 3 sạch") is short; longer quotes are speech
DOC_TYPES_RE = re.compile(
    r"(?:^|[^a-z])(chi thi|quyet dinh|nghi quyet|nghi dinh|thong tu|ke hoach|cong van|chuong trinh"
    r"(?: phoi hop)?|de an|ket luan|luat|bao cao|huong dan|thong bao|to trinh|van ban|quy dinh|quy che|"
    r"phap lenh|cv|qd|nq|kh|ct|tt|nd|ctr|ctph)(?: lien tich)?(?: so)?\s*$")
PHONE_WORDS_RE = re.compile(r"(dien thoai|dt|sdt|hotline|duong day nong|tel|fax|zalo|so may)\W{0,3}$")
DATE_BEFORE_RE = re.compile(r"(?:^|[^a-z])(ngay|sang|chieu|trua|toi|dem|hom|thang|dau thang|cuoi thang|"
                            r"tu ngay|den ngay|luc)\s*$")
TARGET_RE = re.compile(r"\b(phan dau|chi tieu|muc tieu (la|dat|den|de ra)|du kien|du tinh|quyet tam dat|"
                       r"nham dat|ke hoach de ra|se dat|theo ke hoach,|se (trien khai|xay dung|lap dat|to chuc|"
                       r"thanh lap|ra mat|bo sung|nhan rong))")
CHANGE_RE = re.compile(r"(?:^|[^\w])(tăng|giảm)( thêm)?\s*$")
# A list of levels over the years: "năm 2012 có 212 mô hình; năm 2015 có 228; đến tháng 8-2022 có 305".
ELLIPSIS_BEFORE_RE = re.compile(r"(?:nam\s+(?:19|20)\d{2}|thang\s+\d{1,2}\s*[/\-.]\s*(?:19|20)\d{2}|den nay|hien nay)"
                                r"\s*,?\s*(?:co|la|dat|len)\s*$")
LABEL_BEFORE_RE = re.compile(r"(:|\b(la|dat|gom|tong so|tong cong|con so|so luong|ty le|chiem))\s*$")
DOC_SUFFIX_RE = re.compile(r"^\s?[-/–]\s?[A-ZĐ]")


@dataclass
class Number:
    """One number found in a paragraph: a figure (reason '') or a rejected number (reason)."""

    start: int                  # span of the number phrase (qualifier .. multiplier / %)
    end: int
    num_start: int              # span of the digits only
    num_end: int
    value: float | None = None
    total: float | None = None  # denominator of "845/879"
    qualifier: str = "exact"
    percent: bool = False
    multiplier: str = ""
    reason: str = ""            # why it is not a figure ('' for figures)
    after: int = 0              # where the counted noun starts
    change: bool = False        # "tăng 15%": a change, not a level
    elliptic: bool = False      # "năm 2015 có 228": counts what the figure before it counts

    @property
    def is_figure(self) -> bool:
        return not self.reason


def fold_word(word: str) -> str:
    from core.reader.document import fold_chars

    return fold_chars(word).lower()


def _count_like_a_year(folded: str, s: int, e: int) -> bool:
    """ "hơn 2000 tin có giá trị": a qualifier before and a counted noun after make it a count."""
    before = folded[max(0, s - 12):s].rstrip()
    qualified = any(re.search(rf"(?:^|[^a-z]){w}$", before) for w, _ in QUALIFIERS if w != "hang")
    after = folded[e:e + 30]
    return qualified and bool(re.match(r"\s+[a-z]", after)) and not re.match(r"\s*(nam|thang|ngay)\b", after)


def _digits(chunk: str) -> str:
    return re.sub(r"\D", "", chunk)


def _is_year(s: str) -> bool:
    return len(s) == 4 and s.isdigit() and 1900 <= int(s) <= 2099


def _time_unit(low_after: str) -> str | None:
    m = re.match(r"\s*([^\W\d_]+(?: [^\W\d_]+)?)", low_after)
    if not m:
        return None
    two = m.group(1)
    for unit in TIME_UNITS:
        if two == unit or two.startswith(unit + " "):
            return unit
    return None


def _counted_noun(low_after: str) -> bool:
    """Is a counted thing named right after the number (a word that is not a function word)?"""
    m = re.match(r"\s*[\"“(]?\s*([^\W\d_]+)( [^\W\d_]+)?", low_after)
    if not m:
        return False
    if m.group(1) in STOP_AFTER:
        return (m.group(1) + (m.group(2) or "")) in NOUN_COMPOUNDS
    return True


def scan(text: str, folded: str) -> list[Number]:
    """Every number in one paragraph, classified."""
    out: list[Number] = []
    for m in CHUNK_RE.finditer(text):
        if out and out[-1].is_figure and m.start() < out[-1].end:   # the total of "77 trong tổng số 89"
            out.append(Number(m.start(), m.end(), m.start(), m.end(), reason="the total of the figure before it"))
            continue
        out.append(_classify(text, folded, m.start(), m.end()))
    return out


def _classify(text: str, folded: str, s: int, e: int) -> Number:
    low = text.lower()
    if len(low) != len(text):   # a few characters change length when lower-cased
        low = folded
    chunk = text[s:e]
    n = Number(start=s, end=e, num_start=s, num_end=e)
    before = folded[max(0, s - 60):s]
    after_text = text[e:e + 40]
    after = low[e:e + 60]
    low_before = low[max(0, s - 60):s]

    def reject(reason: str) -> Number:
        n.reason = reason
        return n

    if e < len(text) and (text[e].isalpha() or text[e] == "_"):
        return reject("code glued to letters")
    if s > 0 and text[s - 1] in "-_" and s > 1 and text[s - 2].isalpha():
        return reject("code glued to letters")
    if s > 0 and text[s - 1] in "+#№":
        return reject("code or offset")
    if DOC_SUFFIX_RE.match(after_text) or re.match(r"^/\d{4}/", text[e:e + 6]):
        return reject("document number")
    if ":" in chunk:
        return reject("time of day")
    name = re.search(r"(?:^|[^\w.!?:;])\s*\w+[ \t]+([^\W\d_][\w]*)[ \t]+$", text[max(0, s - 40):s])
    if name and name.group(1)[:1].isupper() and not name.group(1).isupper() and \
            fold_word(name.group(1)) not in QUALIFIER_WORDS:
        return reject("part of a name (\"Hải Châu 1\", \"Quân khu 4\")")
    parts = re.split(r"[/\-]", chunk)
    if "/" in chunk and re.search(r"/\s?[A-ZĐ]", text[s:e + 4]):
        return reject("document number")
    if len(parts) >= 3:
        return reject("date")
    if _in_quoted_name(text, s, e) and not _is_year(chunk):
        return reject("part of a name in quotes (“5 không, 3 sạch”)")
    if "-" in chunk:
        a, b = parts
        if _is_year(a) and _is_year(b):
            return reject("year range")
        if re.fullmatch(r"\d{1,2}-\d{1,2}", chunk) and DATE_BEFORE_RE.search(before):
            return reject("date")
        return reject("range of numbers")
    if re.search(r"\d\.\d{4}$", chunk) and len(chunk.split(".")) == 3:
        return reject("date")
    if PHONE_WORDS_RE.search(before.rstrip(" :")) or (chunk.startswith("0") and len(_digits(chunk)) >= 4):
        return reject("phone number or code")
    if re.match(r"^[\s.]\d{3}[\s.]\d{3}", text[e:e + 9]) and chunk.startswith("0"):
        return reject("phone number or code")
    if "/" in chunk:
        a, b = parts
        if _is_year(b) or DATE_BEFORE_RE.search(before):
            return reject("date")
        if not _counted_noun(after) and len(a) <= 2 and len(b) <= 2 and 1 <= int(a) <= 31 and 1 <= int(b) <= 12:
            return reject("date")
        try:
            n.value, n.total = parse_number(a), parse_number(b)
        except ValueError:
            return reject("not a Vietnamese number")
        if n.total and n.value > n.total:
            if len(a) <= 2 and len(b) <= 2 and int(b) <= 12:
                return reject("date")
            return reject("fraction above one")
    else:
        if _is_year(chunk) and not _count_like_a_year(folded, s, e):
            return reject("year")
        if len(_digits(chunk)) >= 7 and "." not in chunk and "," not in chunk:
            return reject("identifier or counter (no thousands separators)")
        try:
            n.value = parse_number(chunk)
        except ValueError:
            return reject("not a Vietnamese number")
    # what follows: "trong tổng số N", multiplier, percent
    pos = e
    out_of = OUT_OF_RE.match(folded[pos:pos + 40]) if n.total is None else None
    if out_of:
        try:
            n.total = parse_number(out_of.group(1))
            pos += out_of.end()
        except ValueError:
            pass
    mm = MULT_RE.match(folded[pos:pos + 12])
    if mm:
        n.multiplier = text[pos:pos + mm.end()].strip()
        n.value *= MULTIPLIERS[mm.group(1)]
        if n.total is not None:
            n.total *= MULTIPLIERS[mm.group(1)]
        pos += mm.end()
    pm = PERCENT_RE.match(folded[pos:pos + 12])
    if pm:
        n.percent = True
        pos += pm.end()
    n.end = pos
    n.after = pos
    rest = folded[pos:pos + 60]
    low_rest = low[pos:pos + 60]
    # qualifier before the number
    head = before.rstrip()
    for word, qual in QUALIFIERS:
        if re.search(rf"(?:^|[^a-z]){word}$", head):
            if word == "hang" and _time_unit(low_rest):
                break
            if word == "tren" and n.total is not None:
                break     # "trên 20/20 xã": "on", not "more than"
            n.qualifier = qual
            n.start = s - (len(before) - len(head)) - len(word)
            break
    if n.qualifier == "exact" and QUALIFIER_AFTER_RE.match(rest):
        n.qualifier = "at_least"
    # what the number is about
    if not n.percent:
        unit = _time_unit(low_rest)
        if unit == "tuoi":
            return reject("age")
        if unit:
            return reject("duration or date")
    if DATE_BEFORE_RE.search(before) and not n.percent and (n.value or 0) <= 31 and not _counted_noun(low_rest):
        return reject("date")
    if re.search(r"(?:^|[^a-z])thu\s*$", before) or re.search(r"(?:^|[^a-z])lan thu\s*$", before):
        return reject("ordinal")
    if DOC_TYPES_RE.search(before):
        return reject("document number")
    counted = re.search(r"(tong|voi|co|gom|dat) so\s*$", before)
    if ID_BEFORE_RE.search(low_before) and not counted and not n.percent:
        return reject("name or number of a thing (not a count)")
    labelled = LABEL_BEFORE_RE.search(before) and re.match(r"\s*([,.;)\n]|$)", rest)
    ellipsis = ELLIPSIS_BEFORE_RE.search(before)
    if not n.percent and not _counted_noun(low_rest) and ellipsis and re.match(r"\s*([,.;)\n]|$)", rest):
        n.elliptic = True
        n.start = min(n.start, s - (len(before) - ellipsis.start()))   # the evidence: "năm 2015 có 228"
        return n
    if not n.percent and not _counted_noun(low_rest) and not labelled:
        return reject("nothing counted after it")
    if CHANGE_RE.search(low_before) or re.match(r"\s*so\s+(voi\s+)?(cung ky|nam truoc|ky truoc|thang truoc)", rest):
        n.change = True
    return n


def _in_quoted_name(text: str, s: int, e: int) -> bool:
    """Is text[s:e] inside a short quotation: a name such as “5 không, 3 sạch” or "4 an toàn"?"""
    head = text[max(0, s - QUOTE_NAME_CHARS):s]
    tail = text[e:e + QUOTE_NAME_CHARS]
    open_at = max(head.rfind("“"), head.rfind("«"))
    if open_at >= 0 and open_at > max(head.rfind("”"), head.rfind("»")):
        close_at = min((i for i in (tail.find("”"), tail.find("»")) if i >= 0), default=-1)
    elif text[:s].count('"') % 2 == 1:
        open_at, close_at = head.rfind('"'), tail.find('"')
    else:
        return False
    if open_at < 0 or close_at < 0:
        return False
    quoted = head[open_at + 1:] + text[s:e] + tail[:close_at]
    return len(quoted) <= QUOTE_NAME_CHARS and not re.search(r"[.;!?]", quoted)


def is_target(sentence_before: str) -> bool:
    """Does the sentence so far announce a target ("phấn đấu", "chỉ tiêu") rather than a result?"""
    return bool(TARGET_RE.search(sentence_before))
