"""A reviewer's decisions on the reader's candidates: applied, checked, stored and logged.

A review folder holds what one staff member needs to review one text:

    source.yaml      the source: source_id, title, url (or file), publisher, published (and
                     published_precision: day | month | year, when the page gives less than the day),
                     kind, provinces
    text.txt         the text as read (kept outside the repository: only figures enter it)
    candidates.csv   the reader's candidates (`python -m etl read-report ... --out candidates.csv`)
    decisions.csv    one row per candidate, and one per figure the reader missed:
                     candidate (its row in candidates.csv, 1 = first; empty for an added figure),
                     decision (accept | correct | reject | add), reason (why a row is rejected;
                     for other rows a note, kept in the log like `note`),
                     and any input column to change (an empty cell keeps the candidate's value,
                     '-' empties it)

`python -m etl review FOLDER` applies the decisions (every candidate needs one), checks each kept
figure (its value printed in its evidence phrase, the phrase in the located paragraph, at most
EVIDENCE_MAX characters), stores the figures through the review path (core.intake.reviewed.store)
and writes the review log, data/reviews/<source_id>.csv: per candidate what the reader said and
what the reviewer kept, from which the reader's precision and recall are recomputed
(core.reader.quality).
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core import config
from core.auth import User
from core.intake import schema
from core.intake.bounds import Refused
from core.reader.output import typed_candidates
from core.text import fold
from core.vnnum import numbers_in

DECISIONS = ("accept", "correct", "reject", "add")
#: Fields compared between the reader's candidate and the reviewed figure.
FIELDS = ("unit_code", "indicator_code", "breakdown", "period_start", "period_end", "period_kind", "value",
          "qualifier", "locator")
LOG_COLUMNS = ["candidate", "decision", "changed", "reason",
               *[f"reader_{f}" for f in FIELDS], *FIELDS, "evidence"]
EVIDENCE_MAX = 120
EMPTY = "-"


class DecisionError(Refused):
    """The decisions cannot be applied; ``problems`` names file, row, column and reason."""


@dataclass(frozen=True)
class Reviewed:
    figures: pd.DataFrame   # the kept figures in the input format
    log: pd.DataFrame       # LOG_COLUMNS, one row per candidate and per added figure


def reviews_dir(input_dir: Path | None = None) -> Path:
    """Where review logs go: data/reviews (beside the input folder, never inside it)."""
    base = Path(input_dir) if input_dir else Path(os.environ.get("ANTQ_INPUT_DIR", config.INPUT_DIR))
    return base.parent / "reviews"


def _cell(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _same(field: str, a: str, b: str) -> bool:
    if field == "value" and a and b:
        try:
            return float(a) == float(b)
        except ValueError:
            return False
    return a == b


# Numbers printed the English way ('4,131', '96.5', '3 million'), read besides the Vietnamese way in
# an English text (a Vietnamese outlet's English edition prints either).
EN_NUMBER_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
EN_MULTIPLIER_RE = re.compile(r"^\s*(thousand|million|billion)\b", re.IGNORECASE)
EN_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
# Letters only Vietnamese writes (its vowels with a hat, horn or breve, đ, and tone marks).
VI_LETTERS = set("ăâđêôơư" "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def text_language(text: str) -> str:
    """'en' when ``text`` has letters and at most 2% of them are letters only Vietnamese writes, else
    'vi' (the product's language, also for a phrase of digits only)."""
    letters = [c for c in unicodedata.normalize("NFC", text.lower()) if c.isalpha()]
    return "en" if letters and sum(c in VI_LETTERS for c in letters) <= 0.02 * len(letters) else "vi"


def _english_numbers(text: str) -> list[float]:
    out = []
    for m in EN_NUMBER_RE.finditer(text):
        mult = EN_MULTIPLIER_RE.match(text[m.end():m.end() + 10])
        out.append(float(m.group(0).replace(",", "")) * (EN_MULTIPLIERS[mult.group(1).lower()] if mult else 1))
    return out


def value_in_evidence(value: float, evidence: str, language: str = "vi") -> bool:
    """Whether ``value`` is printed in ``evidence`` the Vietnamese way ('2.053', '96,5%', '3 triệu'),
    or as 'a/b' whose either side it is; in an English text (``language`` 'en') the English way too
    ('4,131', '96.5%', '3 million')."""
    found = [n for n, _, _ in numbers_in(evidence)] + (_english_numbers(evidence) if language == "en" else [])
    return any(abs(n - value) < 1e-9 for n in found)


def paragraphs(text: str) -> list[str]:
    """The text's non-empty lines: the reader's paragraphs, so locator 'p3' is the third."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _read_csv(path: Path) -> pd.DataFrame:
    """A review table as text; a row with more or fewer cells than the header (an unquoted comma)
    is named with its line."""
    if not path.is_file():
        raise DecisionError([f"{path.name}: missing"])
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DecisionError([f"{path.name}: not a readable UTF-8 CSV table ({exc})"]) from exc
    if not rows:
        raise DecisionError([f"{path.name}: empty (a header line is needed)"])
    header, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    bad = [f"{path.name}, line {i}: {len(r)} cells for {len(header)} columns; quote cells that hold commas"
           for i, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r) and len(r) != len(header)]
    if bad:
        raise DecisionError(bad)
    return pd.DataFrame(body, columns=header, dtype=str)


def apply(candidates: pd.DataFrame, decisions: pd.DataFrame, text: str | None = None,
          name: str = "decisions.csv") -> Reviewed:
    """The kept figures and the review log; raises DecisionError listing every problem."""
    problems: list[str] = []
    columns = schema.SCHEMA.reviewed_columns
    cand = [{c: _cell(r.get(c)) for c in columns} for r in candidates.to_dict("records")]
    for col in ("candidate", "decision"):
        if col not in decisions.columns:
            problems.append(f"{name}: column '{col}' is missing")
    unknown = set(decisions.columns) - {"candidate", "decision", "reason", "note", *columns}
    if unknown:
        problems.append(f"{name}: unknown column(s) {', '.join(sorted(unknown))}")
    if problems:
        raise DecisionError(problems)
    paras = paragraphs(text) if text is not None else None
    language = text_language(text) if text is not None else None  # else the evidence's own
    decided: dict[int, int] = {}
    log: list[dict] = []
    kept: list[dict] = []
    for i, r in enumerate(decisions.to_dict("records"), start=2):  # row 1 is the header
        where = f"{name}, row {i}"
        decision = _cell(r.get("decision")).lower()
        number = _cell(r.get("candidate"))
        if decision not in DECISIONS:
            problems.append(f"{where}, column 'decision': '{decision}' is not one of {', '.join(DECISIONS)}")
            continue
        base = {c: "" for c in columns}
        if decision == "add":
            if number:
                problems.append(f"{where}, column 'candidate': an added figure has no candidate number")
                continue
        else:
            if not number.isdigit() or not 1 <= int(number) <= len(cand):
                problems.append(f"{where}, column 'candidate': '{number}' is not a row of candidates.csv "
                                f"(1–{len(cand)})")
                continue
            if int(number) in decided:
                problems.append(f"{where}, column 'candidate': candidate {number} was already decided in row "
                                f"{decided[int(number)]}")
                continue
            decided[int(number)] = i
            base = cand[int(number) - 1]
        reason = _cell(r.get("reason")) or _cell(r.get("note"))  # a reviewer's note is kept in the log
        if decision == "reject":
            if not reason:
                problems.append(f"{where}, column 'reason': say why candidate {number} is rejected")
            log.append(_log_row(number, "rejected", base, None, reason))
            continue
        final = dict(base)
        for c in columns:
            v = _cell(r.get(c))
            if v == EMPTY:
                final[c] = ""
            elif v:
                final[c] = v
        changed = [f for f in FIELDS if not _same(f, base[f], final[f])]
        state = "added" if decision == "add" else "corrected" if changed else "accepted"
        problems += _check(final, where, paras, language)
        kept.append(final)
        log.append(_log_row(number, state, base if decision != "add" else None, final, reason, changed))
    missing = [str(n) for n in range(1, len(cand) + 1) if n not in decided]
    if missing:
        problems.append(f"{name}: no decision for candidate(s) {', '.join(missing)}: accept, correct or reject each")
    if problems:
        raise DecisionError(problems)
    figures = pd.DataFrame(kept, columns=columns)
    return Reviewed(figures, pd.DataFrame(log, columns=LOG_COLUMNS))


def _check(row: dict, where: str, paras: list[str] | None, language: str | None) -> list[str]:
    out = []
    evidence, locator = row["evidence"], row["locator"]
    if not evidence:
        out.append(f"{where}, column 'evidence': give the number phrase as printed")
    elif len(evidence) > EVIDENCE_MAX:
        out.append(f"{where}, column 'evidence': {len(evidence)} characters; keep the number phrase "
                   f"(at most {EVIDENCE_MAX}), not the sentence")
    try:
        value = float(row["value"])
    except ValueError:
        out.append(f"{where}, column 'value': '{row['value']}' is not a number")
        value = None
    one_in_words = value == 1 and not any(ch.isdigit() for ch in evidence)  # "một mô hình"
    language = language or text_language(evidence)  # without the text, the phrase's own language
    if value is not None and evidence and not value_in_evidence(value, evidence, language) and not one_in_words:
        out.append(f"{where}, column 'value': {row['value']} is not printed in the evidence '{evidence}'")
    if not locator.startswith("p") or not locator[1:].isdigit():
        out.append(f"{where}, column 'locator': '{locator}' should be pN, the N-th paragraph (non-empty line)")
    elif paras is not None and evidence:
        n = int(locator[1:])
        if not 1 <= n <= len(paras):
            out.append(f"{where}, column 'locator': the text has {len(paras)} paragraphs, not {n}")
        elif fold(evidence) not in fold(paras[n - 1]):
            out.append(f"{where}, column 'evidence': '{evidence}' is not in paragraph {locator}")
    return out


def _log_row(number: str, state: str, reader: dict | None, final: dict | None, reason: str,
             changed: list[str] | None = None) -> dict:
    row = {"candidate": number, "decision": state, "changed": " ".join(changed or []), "reason": reason}
    for f in FIELDS:
        row[f"reader_{f}"] = reader[f] if reader else ""
        row[f] = final[f] if final else ""
    row["evidence"] = final["evidence"] if final else (reader or {}).get("evidence", "")
    return row


def read_folder(folder: Path) -> tuple[dict, Reviewed]:
    """The source entry and the applied decisions of a review folder."""
    folder = Path(folder)
    src_path = folder / "source.yaml"
    if not src_path.is_file():
        raise DecisionError([f"{src_path}: missing (source_id, title, url or file, publisher, published, kind)"])
    source = config.parse_yaml(src_path.read_text(encoding="utf-8")) or {}
    if not isinstance(source, dict):
        raise DecisionError([f"{src_path}: a mapping of the source's fields is expected"])
    problems = [f"source.yaml, field '{f}': missing" for f in ("source_id", "title", "publisher", "published", "kind")
                if not source.get(f)]
    if not (source.get("url") or source.get("file")):
        problems.append("source.yaml, field 'url': give the address of the text (or 'file' for a document)")
    if problems:
        raise DecisionError(problems)
    text_path = folder / "text.txt"
    text = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
    candidates = typed_candidates(_read_csv(folder / "candidates.csv"))
    reviewed = apply(candidates, _read_csv(folder / "decisions.csv"), text)
    return source, reviewed


def source_entry(source: dict, rows: int) -> dict:
    """The sources.yaml entry of a reviewed source (fields of core/intake/sources.py)."""
    published = source.get("published")
    return {
        "source_id": str(source["source_id"]), "title": str(source["title"]), "title_en": source.get("title_en"),
        "publisher": source.get("publisher"), "published": str(published) if published else None,
        "published_precision": source.get("published_precision") or "day",
        "kind": source.get("kind"), "url": source.get("url"), "file": source.get("file"),
        "provinces": [str(p) for p in source.get("provinces") or []],
        "note": source.get("note") or f"{rows} số liệu đã rà soát.",
    }


def write_log(log: pd.DataFrame, source_id: str, input_dir: Path | None = None) -> Path:
    folder = reviews_dir(input_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{source_id}.csv"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        log.to_csv(tmp, index=False, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def review_folder(folder: Path, input_dir: Path | None = None) -> list[str]:
    """`python -m etl review FOLDER`: store the kept figures and the log; lines to print.

    Raises DecisionError (or core.intake.reviewed.ReviewRefused) and writes nothing on a problem."""
    from core.intake.reviewed import store

    source, reviewed = read_folder(folder)
    sid = str(source["source_id"])
    counts = reviewed.log["decision"].value_counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("accepted", "corrected", "rejected", "added"))
    if reviewed.figures.empty:  # nothing to store, but the reader's candidates were judged: keep the log
        if reviewed.log.empty:
            raise DecisionError([f"{folder}: no candidate and no added figure: nothing to review"])
        log = write_log(reviewed.log, sid, input_dir)
        return [f"{sid}: {summary}; no figure to store.", f"Review log: {log}"]
    stored = store(reviewed.figures, source_entry(source, len(reviewed.figures)), User.command_line(),
                   input_dir=input_dir)  # the command line, run on the server, is an admin tool
    log = write_log(reviewed.log, sid, input_dir)
    return [f"{sid}: {summary}.", stored.summary, f"Review log: {log}"]
