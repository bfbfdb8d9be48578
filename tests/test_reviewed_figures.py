"""Provenance of the reviewed real figures (data/input/reviewed) and of their review logs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from core import config
from core.reader.decisions import EVIDENCE_MAX, reviews_dir, value_in_evidence
from core.units import load_register, valid_on

REVIEWED = config.INPUT_DIR / "reviewed"
PARQUETS = sorted(REVIEWED.glob("*.parquet"))
KINDS = {"press", "portal", "report"}


def _source(path: Path) -> dict:
    doc = yaml.safe_load(path.with_name(f"{path.stem}.sources.yaml").read_text(encoding="utf-8"))
    (entry,) = doc["sources"]
    return entry


def _all_rows() -> pd.DataFrame:
    return pd.concat([pd.read_parquet(p).assign(file=p.name) for p in PARQUETS], ignore_index=True)


def test_there_are_reviewed_figures():
    assert PARQUETS, "no reviewed figures under data/input/reviewed"


@pytest.mark.parametrize("path", PARQUETS, ids=lambda p: p.stem)
def test_every_source_says_where_when_and_by_whom(path):
    src = _source(path)
    assert src["source_id"] == path.stem
    assert src["kind"] in KINDS, src["kind"]
    assert src.get("url") or src.get("file")
    if src.get("url"):
        assert re.match(r"^https?://[^\s/]+\.[^\s/]+/\S*$", src["url"]), src["url"]
    assert src["publisher"] and src["title"]
    published = date.fromisoformat(str(src["published"]))
    assert date(2005, 1, 1) <= published <= date.today()
    precision = src.get("published_precision", "day")
    assert precision in ("day", "month", "year")
    if precision != "day":  # the first day stands for the month or year, and the note says how it was found
        assert published.day == 1 and (precision == "month" or published.month == 1) and src.get("note")


def test_every_figure_has_its_phrase_and_locator():
    rows = _all_rows()
    assert (rows.source_id + ".parquet" == rows.file).all()
    for r in rows.itertuples():
        where = (r.file, r.locator, r.evidence)
        assert r.evidence and len(r.evidence) <= EVIDENCE_MAX, where
        assert re.fullmatch(r"p\d+", r.locator), where
        one_in_words = r.value == 1 and not re.search(r"\d", r.evidence)
        assert value_in_evidence(r.value, r.evidence) or one_in_words, where


def test_units_are_valid_at_period_end():
    reg = load_register()
    rows = _all_rows()
    for r in rows.itertuples():
        versions = reg[reg.code == r.unit_code]
        assert valid_on(versions, r.period_end).sum() == 1, (r.file, r.unit_code, r.period_end)


@pytest.mark.parametrize("path", PARQUETS, ids=lambda p: p.stem)
def test_period_dates_are_stored_as_dates(path):
    """Stored as Parquet dates, the build reads them as they are; one file of text dates makes it read
    and cast every date of every input (text and dates only meet as text)."""
    import pyarrow.parquet as pq

    types = {f.name: str(f.type) for f in pq.ParquetFile(path).schema_arrow}
    assert types["period_end"] == "date32[day]" and types["period_start"] in ("date32[day]", "null"), types


def test_review_logs_match_the_stored_figures():
    logs = reviews_dir(config.INPUT_DIR)
    stored_ids = {p.stem for p in PARQUETS}
    for path in sorted(logs.glob("*.csv")):  # a text whose every candidate was rejected has a log only
        log = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert (path.stem in stored_ids) == log.decision.isin(["accepted", "corrected", "added"]).any(), path.stem
    for path in PARQUETS:
        stored = pd.read_parquet(path)
        log = pd.read_csv(logs / f"{path.stem}.csv", dtype=str, keep_default_na=False)
        kept = log[log.decision.isin(["accepted", "corrected", "added"])]
        assert set(log.decision) <= {"accepted", "corrected", "rejected", "added"}
        assert len(kept) == len(stored), path.stem
        assert sorted(kept.value.astype(float)) == sorted(stored.value), path.stem
        assert (log[log.decision == "rejected"].reason != "").all(), path.stem


def _url_key(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").lower()


def test_no_source_names_a_reserved_evaluation_text(shared_dir):
    reserved = {_url_key(u) for u in (shared_dir / "evaluation" / "RESERVED_URLS.txt").read_text().split() if u}
    assert reserved
    for path in sorted(config.DATA_DIR.rglob("*")):
        if path.suffix in (".yaml", ".csv", ".md", ".txt"):
            text = path.read_text(encoding="utf-8", errors="ignore")
        elif path.suffix == ".parquet":
            text = pd.read_parquet(path).astype(str).to_csv()
        else:
            continue
        named = {_url_key(u) for u in re.findall(r"https?://[^\s'\",)]+", text)}
        assert not named & reserved, (path, named & reserved)
