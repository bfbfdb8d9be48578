"""Reviewing a text from the command line: decisions applied, checked, stored and logged."""

from __future__ import annotations

import pandas as pd
import pytest

from core.reader.decisions import DecisionError, apply, text_language, value_in_evidence
from core.reader.quality import load_logs, score_logs
from etl.__main__ import main

TEXT = """Kết quả phong trào năm 2023 ở tỉnh Kon Tum

Năm 2023, Công an tỉnh Kon Tum tổ chức 1.390 đợt phát động phong trào với hơn 155.033 lượt người tham gia.

Hiện nay toàn tỉnh duy trì 48 mô hình tự quản; nhân dân cung cấp 312 nguồn tin có giá trị.
"""
SOURCE = """source_id: kontum_test_2023
title: "Kết quả phong trào năm 2023"
url: https://example.org/kon-tum-2023
publisher: Công an tỉnh Kon Tum
published: 2024-01-05
kind: portal
provinces: ["62"]
province: "62"
"""


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    f = tmp_path / "collect" / "kontum_test_2023"
    f.mkdir(parents=True)
    (f / "text.txt").write_text(TEXT, encoding="utf-8")
    (f / "source.yaml").write_text(SOURCE, encoding="utf-8")
    assert main(["read-report", str(f / "text.txt"), "--province", "62", "--source-id", "kontum_test_2023",
                 "--out", str(f / "candidates.csv")]) == 0
    monkeypatch.setenv("ANTQ_INPUT_DIR", str(tmp_path / "data" / "input"))
    return f


def _candidates(folder) -> pd.DataFrame:
    return pd.read_csv(folder / "candidates.csv", dtype=str, keep_default_na=False)


def test_review_stores_figures_source_and_log(folder, tmp_path, capsys):
    cand = _candidates(folder)
    n = len(cand)
    models = int(cand.index[cand.value.astype(float) == 48][0]) + 1
    rows = [{"candidate": i, "decision": "accept"} for i in range(1, n + 1) if i != models]
    rows.append({"candidate": models, "decision": "correct", "indicator_code": "models_active",
                 "period_kind": "stock", "period_start": "-", "period_end": "2024-01-05"})   # the publication
    pd.DataFrame(rows).to_csv(folder / "decisions.csv", index=False)
    assert main(["review", str(folder)]) == 0, capsys.readouterr().err
    stored = pd.read_parquet(tmp_path / "data" / "input" / "reviewed" / "kontum_test_2023.parquet")
    assert len(stored) == n and "models_active" in set(stored.indicator_code)
    assert (tmp_path / "data" / "input" / "reviewed" / "kontum_test_2023.sources.yaml").is_file()
    q = score_logs(load_logs(tmp_path / "data" / "reviews"))
    assert (q.candidates, q.corrected, q.rejected, q.added) == (n, 1, 0, 0)
    assert q.recall == 1.0 and q.exact_precision == (n - 1) / n


def test_every_problem_is_named_and_nothing_is_written(folder, tmp_path, capsys):
    cand = _candidates(folder)
    pd.DataFrame([
        {"candidate": 1, "decision": "reject", "reason": ""},
        {"candidate": 1, "decision": "accept"},
        {"candidate": 99, "decision": "accept"},
        {"candidate": "", "decision": "add", "unit_code": "62", "indicator_code": "citizen_tips",
         "period_end": "2023-12-31", "period_kind": "total", "value": "321", "qualifier": "exact",
         "evidence": "312 nguồn tin có giá trị", "locator": "p3"},
        {"candidate": "", "decision": "maybe"},
    ]).to_csv(folder / "decisions.csv", index=False)
    assert main(["review", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'reason': say why candidate 1 is rejected" in err
    assert "row 3, column 'candidate': candidate 1 was already decided in row 2" in err
    assert "row 4, column 'candidate': '99' is not a row of candidates.csv" in err
    assert "row 5, column 'value': 321 is not printed in the evidence '312 nguồn tin có giá trị'" in err
    assert "row 6, column 'decision': 'maybe'" in err
    assert f"no decision for candidate(s) {', '.join(str(i) for i in range(2, len(cand) + 1))}" in err
    assert not (tmp_path / "data").exists()


def test_a_text_without_figures_keeps_its_log_only(folder, tmp_path):
    n = len(_candidates(folder))
    pd.DataFrame([{"candidate": i, "decision": "reject", "reason": "not a catalogue figure"}
                  for i in range(1, n + 1)]).to_csv(folder / "decisions.csv", index=False)
    assert main(["review", str(folder)]) == 0
    assert not (tmp_path / "data" / "input").exists()
    q = score_logs(load_logs(tmp_path / "data" / "reviews"))
    assert (q.candidates, q.rejected, q.figures) == (n, n, 0)


def test_a_malformed_decisions_file_is_named(folder, capsys):
    (folder / "decisions.csv").write_text("candidate,decision,reason\n1,reject,too many, commas here\n",
                                          encoding="utf-8")
    assert main(["review", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "decisions.csv, line 2: 4 cells for 3 columns; quote cells that hold commas" in err


def test_evidence_must_stand_in_the_located_paragraph():
    cand = pd.DataFrame([{"unit_code": "62", "indicator_code": "citizen_tips", "period_end": "2023-12-31",
                          "period_kind": "total", "value": 312.0, "qualifier": "exact",
                          "evidence": "312 nguồn tin", "locator": "p2", "source_id": "x"}])
    with pytest.raises(DecisionError, match="'312 nguồn tin' is not in paragraph p2"):
        apply(cand, pd.DataFrame([{"candidate": "1", "decision": "accept"}]), TEXT)
    kept = apply(cand, pd.DataFrame([{"candidate": "1", "decision": "accept", "locator": "p3"}]), TEXT)
    assert kept.log.decision.tolist() == ["corrected"] and kept.log.changed.tolist() == ["locator"]


@pytest.mark.parametrize("value, evidence, ok", [
    (2053, "hơn 2.053 đợt phát động", True), (96.5, "96,5% hộ gia đình", True),
    (3_000_000, "3 triệu lượt người", True), (845, "845/879 xã", True), (2053, "2.035 đợt", False),
    (20.53, "2.053 đợt", False),
])
def test_value_is_read_from_the_phrase_the_vietnamese_way(value, evidence, ok):
    assert value_in_evidence(value, evidence) is ok


EN_TEXT = """Kon Tum builds self-management models

By the end of 2023 the province maintained 4,131 self-management models and received 1.250 tips.
"""


def _en_candidate(value: float, evidence: str) -> pd.DataFrame:
    return pd.DataFrame([{"unit_code": "62", "indicator_code": "citizen_tips", "period_end": "2023-12-31",
                          "period_kind": "total", "value": value, "qualifier": "exact",
                          "evidence": evidence, "locator": "p2", "source_id": "x"}])


def test_an_english_text_may_print_thousands_either_way():
    accept = pd.DataFrame([{"candidate": "1", "decision": "accept"}])
    for value, evidence in ((4131, "4,131 self-management models"), (1250, "1.250 tips")):
        kept = apply(_en_candidate(value, evidence), accept, EN_TEXT)
        assert kept.log.decision.tolist() == ["accepted"] and float(kept.figures.value[0]) == value
    vietnamese = "Tổng kết\n\nToàn tỉnh duy trì 4,131 mô hình tự quản.\n"
    with pytest.raises(DecisionError, match="4131 is not printed in the evidence '4,131 mô hình'"):
        apply(_en_candidate(4131, "4,131 mô hình"), accept, vietnamese)


@pytest.mark.parametrize("value, evidence, language, ok", [
    (4131, "4,131 models", "en", True), (4131, "4.131 models", "en", True), (96.5, "96.5% of households", "en", True),
    (3_000_000, "3 million people", "en", True), (4131, "4,131 mô hình", "vi", False), (4.131, "4,131", "vi", True),
])
def test_value_is_read_from_the_phrase_in_the_texts_language(value, evidence, language, ok):
    assert value_in_evidence(value, evidence, language) is ok


def test_the_language_of_a_text():
    assert text_language(EN_TEXT) == "en" and text_language(TEXT) == "vi" and text_language("845/879") == "vi"
