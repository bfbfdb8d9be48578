"""Property tests of the report reader: any text gives candidates or a clear error, never a traceback."""

from __future__ import annotations

import unicodedata

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
FIGURE_LINE = st.integers(0, 10_000_000).map(lambda n: f"Toàn tỉnh Nghệ An có {n:,} tổ tự quản.".replace(",", "."))
FIELDS = ("value", "qualifier", "indicator_code", "unit_code", "period_end", "period_kind", "evidence", "locator")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(TOKENS, max_size=60).map(" ".join), st.sampled_from([None, "40", "11", "428"]))
def test_any_text_gives_well_formed_candidates(text, province):
    assert_well_formed(read_text(text, province=province))


def assert_well_formed(reading):
    """Every candidate complete, bounded, and its evidence the very span of its paragraph."""
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
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.one_of(st.text(max_size=60), FIGURE_LINE), max_size=8).map("\n".join)))
def test_arbitrary_unicode_gives_its_paragraphs_and_no_figure_without_a_digit(text):
    reading = read_text(text)
    assert_well_formed(reading)
    clean = unicodedata.normalize("NFC", text.replace("\ufeff", "").replace("\xa0", " "))
    lines = [ln.strip() for ln in clean.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()]
    assert [p.text for p in reading.paragraphs] == lines
    assert [p.locator for p in reading.paragraphs] == [f"p{i}" for i in range(1, len(lines) + 1)]
    if not any(ch.isdigit() for ch in text):
        assert not reading.candidates
    for c in reading.candidates:
        assert any(ch.isdigit() for ch in c.evidence)


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
