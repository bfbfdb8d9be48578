"""The five reports' figures as kept in data/input: provenance, consistency with the printed
number phrase, and the paragraph the locator points to."""

import pandas as pd
import pytest
import yaml

from core import config
from core.text import fold
from core.vnnum import numbers_in

FIGURES = config.INPUT_DIR / "reports_2018_2024.parquet"
AT_LEAST_WORDS = ("hon ", "tren ")
ABOUT_WORDS = ("gan ", "khoang ", "xap xi ")


def _figures() -> pd.DataFrame:
    return pd.read_parquet(FIGURES)


def _sources() -> dict:
    doc = yaml.safe_load(config.SOURCES_PATH.read_text(encoding="utf-8"))
    return {s["source_id"]: s for s in doc["sources"]}


def _paragraphs(path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_about_fifty_figures_for_the_six_provinces():
    df = _figures()
    assert 45 <= len(df) <= 60
    provinces = set(df.unit_code[df.unit_code.str.len() == 2])
    assert provinces == {"62", "11", "87", "40", "60", "84"}
    assert not df.is_sample.any()
    assert df.source_id.isin(_sources()).all()


def test_value_equals_the_number_printed_in_the_evidence():
    for r in _figures().itertuples():
        nums = [n for n, _, _ in numbers_in(r.evidence)]
        if not nums:  # a single model named without a number ("mô hình ... huyện Tương Dương")
            assert r.value == 1 and fold(r.evidence).startswith("mo hinh"), r
            continue
        assert r.value in nums, (r.evidence, r.value)


def test_qualifier_follows_the_words_before_the_number():
    for r in _figures().itertuples():
        head = fold(r.evidence)
        expected = "at_least" if head.startswith(AT_LEAST_WORDS) else "about" if head.startswith(ABOUT_WORDS) \
            else "exact"
        assert r.qualifier == expected, (r.evidence, r.qualifier)


def test_evidence_is_a_phrase_of_the_located_paragraph(shared_dir):
    sources = _sources()
    for r in _figures().itertuples():
        paras = _paragraphs(shared_dir / "reports" / sources[r.source_id]["file"])
        n = int(r.locator.removeprefix("p"))
        assert r.evidence in paras[n - 1], (r.source_id, r.locator, r.evidence)
        assert len(r.evidence) < 100, "keep the number phrase, not the sentence"


def test_named_districts_sit_on_their_district(shared_dir):
    df = _figures()
    districts = df[df.unit_code.str.len() == 3]
    assert set(districts.unit_code) == {"428", "418"}  # Thanh Chương, Tương Dương (Nghệ An)
    text = (shared_dir / "reports" / _sources()["rep002_nghean"]["file"]).read_text(encoding="utf-8")
    assert "Thanh Chương" in text and "Tương Dương" in text


@pytest.mark.parametrize("source_id, start_year, end_year", [
    ("rep001_dienbien_dongthap", 2013, 2023),
    ("rep000_kontum", 2019, 2024),
])
def test_periods_span_the_years_the_report_reviews(source_id, start_year, end_year):
    df = _figures()
    flows = df[(df.source_id == source_id) & df.period_start.notna()]
    assert len(flows) > 0
    assert {d.year for d in flows.period_start} == {start_year}
    assert {d.year for d in flows.period_end} == {end_year}


def test_yearly_statements_are_per_year():
    df = _figures()
    kontum = df[df.source_id == "rep000_kontum"]
    assert set(kontum.period_kind) == {"per_year"}  # "Hằng năm ..."
