"""The reader's precision and recall on reviewed texts, recomputed from the stored review logs.

Each log (data/reviews/<source_id>.csv, core.reader.decisions) says, per candidate, whether the
reviewer accepted it unchanged, corrected it or rejected it, and which figures were added by hand.

- precision: candidates that are real figures (accepted or corrected) / all candidates;
- exact precision: candidates kept with every field unchanged / all candidates;
- recall: real figures the reader found (accepted or corrected) / every reviewed figure
  (accepted + corrected + added);
- per field, among the figures found: the share the reader had right.

`python -m etl reader-quality` prints them from the logs as stored (the reader as it was when each
text was reviewed). With ``--texts DIR`` (review folders holding text.txt and source.yaml, kept
outside the repository) it reads the texts again with today's reader, given each source's province
and publication date (``--text-only``: the province only), and scores its candidates against the
same reviewed figures: a candidate stands for the reviewed figure of its paragraph with its value
(else with its number phrase); one that stands for none counts as rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from core.reader.decisions import FIELDS, reviews_dir
from core.text import fold

COMPARED = {"value": ("value", "qualifier"), "indicator": ("indicator_code", "breakdown"), "unit": ("unit_code",),
            "period": ("period_start", "period_end", "period_kind")}


@dataclass(frozen=True)
class Quality:
    texts: int
    candidates: int
    accepted: int
    corrected: int
    rejected: int
    added: int
    right: dict[str, int]    # per COMPARED field group, found figures the reader had right

    @property
    def found(self) -> int:
        return self.accepted + self.corrected

    @property
    def figures(self) -> int:
        return self.found + self.added

    @property
    def precision(self) -> float:
        return self.found / self.candidates if self.candidates else float("nan")

    @property
    def exact_precision(self) -> float:
        return self.accepted / self.candidates if self.candidates else float("nan")

    @property
    def recall(self) -> float:
        return self.found / self.figures if self.figures else float("nan")


def load_logs(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    folder = Path(folder) if folder else reviews_dir()
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(folder.glob("*.csv"))}


def _same(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def _right(reader: dict, final: dict) -> dict[str, int]:
    return {k: int(all(_same(reader[f], final[f]) for f in cols)) for k, cols in COMPARED.items()}


def score_logs(logs: dict[str, pd.DataFrame]) -> Quality:
    """Quality as stored: the decisions made on the reader's candidates at review time."""
    counts = {"accepted": 0, "corrected": 0, "rejected": 0, "added": 0}
    right = dict.fromkeys(COMPARED, 0)
    for log in logs.values():
        for r in log.to_dict("records"):
            counts[r["decision"]] += 1
            if r["decision"] in ("accepted", "corrected"):
                reader = {f: r[f"reader_{f}"] for f in FIELDS}
                for k, v in _right(reader, r).items():
                    right[k] += v
    candidates = counts["accepted"] + counts["corrected"] + counts["rejected"]
    return Quality(len(logs), candidates, right=right, **counts)


def _match(cand: dict, figures: list[dict], taken: set[int]) -> int | None:
    """The reviewed figure a new candidate stands for: same paragraph and value (else the same
    number phrase), preferring the same indicator."""
    options = [i for i, f in enumerate(figures) if i not in taken and f["locator"] == cand["locator"]]
    by_value = [i for i in options if _same(figures[i]["value"], cand["value"])]
    if not by_value:
        ev = fold(str(cand.get("evidence") or ""))
        by_value = [i for i in options if ev and (ev in fold(figures[i]["evidence"]) or
                                                   fold(figures[i]["evidence"]) in ev)]
    same_ind = [i for i in by_value if figures[i]["indicator_code"] == cand["indicator_code"]]
    pick = same_ind or by_value
    return pick[0] if pick else None


def _published(source: dict):
    from core.reader.output import parse_date

    value = source.get("published")
    if not value:
        return None
    try:
        return value if isinstance(value, date) else parse_date(str(value))
    except ValueError:
        return None


def score_rerun(logs: dict[str, pd.DataFrame], texts: Path, with_dates: bool = True) -> Quality:
    """Today's reader on the stored texts, scored against the reviewed figures of the logs; given
    each source's province and (``with_dates``) publication date, as `read-report --province
    --published` would be."""
    from core import config
    from core.reader.output import to_frame
    from core.reader.reader import read_text

    counts = {"accepted": 0, "corrected": 0, "rejected": 0, "added": 0}
    right = dict.fromkeys(COMPARED, 0)
    n = 0
    for sid, log in logs.items():
        folder = Path(texts) / sid
        if not (folder / "text.txt").is_file():
            continue
        n += 1
        source = config.parse_yaml((folder / "source.yaml").read_text(encoding="utf-8")) or {}
        text = (folder / "text.txt").read_text(encoding="utf-8")
        reading = read_text(text, province=source.get("province"),
                            published=_published(source) if with_dates else None)
        cands = to_frame(reading, sid).astype(object).where(lambda d: d.notna(), "").to_dict("records")
        figures = [r for r in log.to_dict("records") if r["decision"] != "rejected"]
        taken: set[int] = set()
        for c in cands:
            c = {k: ("" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                 for k, v in c.items()}
            i = _match(c, figures, taken)
            if i is None:
                counts["rejected"] += 1
                continue
            taken.add(i)
            got = _right(c, figures[i])
            exact = all(got.values())
            counts["accepted" if exact else "corrected"] += 1
            for k, v in got.items():
                right[k] += v
        counts["added"] += len(figures) - len(taken)
    candidates = counts["accepted"] + counts["corrected"] + counts["rejected"]
    return Quality(n, candidates, right=right, **counts)


def table(q: Quality, title: str) -> list[str]:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.0f}%" if b else "–"

    lines = [f"{title}: {q.texts} texts, {q.candidates} candidates, {q.figures} reviewed figures",
             "| measure | value |", "|---|---:|",
             f"| accepted unchanged | {q.accepted} |", f"| corrected | {q.corrected} |",
             f"| rejected | {q.rejected} |", f"| added by hand | {q.added} |",
             f"| precision (candidates that are figures) | {pct(q.found, q.candidates)} |",
             f"| exact precision (kept unchanged) | {pct(q.accepted, q.candidates)} |",
             f"| recall (figures the reader found) | {pct(q.found, q.figures)} |"]
    lines += [f"| right {k} among found | {pct(v, q.found)} |" for k, v in q.right.items()]
    return lines


def print_quality(logs_dir: Path | None = None, texts: Path | None = None, with_dates: bool = True) -> int:
    """`python -m etl reader-quality [--logs DIR] [--texts DIR [--text-only]]`: print the tables; 2
    without logs."""
    logs = load_logs(logs_dir)
    if not logs:
        print(f"no review log in {logs_dir or reviews_dir()}")
        return 2
    print("\n".join(table(score_logs(logs), "As reviewed (reader at review time)")))
    if texts:
        print()
        given = "province and publication date given" if with_dates else "province given, date read from the text"
        print("\n".join(table(score_rerun(logs, texts, with_dates), f"Today's reader on the same texts ({given})")))
    return 0
