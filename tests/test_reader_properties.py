"""Property tests of the report reader: any text gives candidates or a clear error, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.reader import read_text
from core.reader.document import fold_chars
from core.reader.numbers import scan
from core.vnnum import parse_number

WORDS = ["tỉnh", "Kon Tum", "huyện", "Thanh Chương", "hơn", "trên", "gần", "khoảng", "hàng", "ngàn", "triệu",
         "tổ tự quản", "lượt người", "đợt phát động", "năm", "tháng", "ngày", "số", "Chỉ thị", "/", "-", "%",
         ",", ".", ";", ":", "(", ")", "“", "”", "\n", "Tin liên quan", "hòa giải", "vụ", "hằng năm", "đến nay",
         "giai đoạn", "Phấn đấu", "Ảnh:", "Đồng Tháp", "TP", "tuổi", "thứ", "0912 345 678"]
TOKENS = st.one_of(st.sampled_from(WORDS), st.integers(0, 10_000_000).map(str),
                   st.from_regex(r"\d{1,3}(\.\d{3}){0,2}(,\d)?", fullmatch=True),
                   st.from_regex(r"\d{1,2}/\d{1,2}(/\d{4})?", fullmatch=True), st.text(max_size=5))
FIELDS = ("value", "qualifier", "indicator_code", "unit_code", "period_end", "period_kind", "evidence", "locator")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(TOKENS, max_size=60).map(" ".join), st.sampled_from([None, "40", "11", "428"]))
def test_any_text_gives_well_formed_candidates(text, province):
    reading = read_text(text, province=province)
    paragraphs = {p.locator: p for p in reading.paragraphs}
    for c in reading.candidates:
        assert all(hasattr(c, f) for f in FIELDS)
        assert c.qualifier in ("exact", "at_least", "about")
        assert c.period_kind in ("total", "per_year", "stock")
        assert c.value >= 0 and 0 < c.confidence < 1
        p = paragraphs[c.locator]
        assert 0 <= c.span_start < c.span_end <= len(p.text)
        assert p.text[c.span_start:c.span_end] == c.evidence
        if c.period_start and c.period_end:
            assert c.period_start <= c.period_end


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    read_text(text)


@SETTINGS
@given(st.integers(0, 999_999_999))
def test_vietnamese_thousands_round_trip(n):
    written = f"{n:,}".replace(",", ".")
    text = f"Toàn tỉnh Nghệ An có {written} tổ tự quản."
    (c,) = read_text(text).candidates
    assert c.value == n == parse_number(written)


@SETTINGS
@given(st.integers(1, 28), st.integers(1, 12), st.integers(1990, 2030))
def test_dates_are_never_figures(d, m, y):
    for written in (f"{d}/{m}/{y}", f"{d:02d}-{m:02d}-{y}", f"ngày {d}/{m}"):
        text = f"Sáng {written}, tỉnh Hà Nam có 12 tổ tự quản."
        found = [n for n in scan(text, fold_chars(text)) if n.is_figure]
        assert [n.value for n in found] == [12], written
