"""Accepted candidates → data/input/reviewed/<source_id>.parquet (+ <source_id>.sources.yaml).

Nothing reaches the warehouse unreviewed: only rows a person accepted are written, by an editor of
their units or an admin, after the ETL's own validation has passed on the future state of the
inputs (core.store). A refused review writes nothing.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pandas as pd

from core import access, config
from core.auth import User
from core.reader.output import INPUT_COLUMNS
from core.store import Stored, StoreRefused, Submission, save

REVIEWED = "reviewed"
REQUIRED = ("unit_code", "indicator_code", "period_end", "period_kind", "value", "qualifier")
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]{2,80}$")
QUALIFIERS = ("exact", "at_least", "about")
PERIOD_KINDS = ("total", "per_year", "stock")


class ReviewRefused(ValueError):
    """The accepted rows cannot be stored; ``problems`` lists each one (row, column, reason)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp | date):
        return v.isoformat()[:10]
    return str(v).strip()


def prepare(rows: pd.DataFrame, source_id: str) -> tuple[pd.DataFrame, list[str]]:
    """The accepted rows in the ETL's input format, and the problems a person must fix first.

    Rows are numbered as on the page (index named 'row'), else 1 = first row given."""
    problems: list[str] = []
    if not SOURCE_ID_RE.match(source_id or ""):
        problems.append(f"source_id '{source_id}': use 3-80 lower-case letters, digits or _")
    out = pd.DataFrame({c: [_text(v) for v in rows[c]] if c in rows else [""] * len(rows)
                        for c in INPUT_COLUMNS if c != "value"})
    out["source_id"] = source_id
    for col in ("period_start", "period_end"):
        out[col] = out[col].map(lambda v: v or None)
    values = pd.to_numeric(rows["value"] if "value" in rows else pd.Series([None] * len(rows)), errors="coerce")
    out.insert(INPUT_COLUMNS.index("value"), "value", values.astype("float64").to_numpy())
    labels = list(rows.index) if rows.index.name == "row" else range(1, len(out) + 1)
    for i, r in zip(labels, out.itertuples(index=False), strict=True):
        for col in REQUIRED:
            v = getattr(r, col)
            if (col == "value" and pd.isna(v)) or (col != "value" and not v):
                problems.append(f"row {i}, column '{col}': empty; fill it or reject the row")
        if r.qualifier and r.qualifier not in QUALIFIERS:
            problems.append(f"row {i}, column 'qualifier': '{r.qualifier}' is not one of {', '.join(QUALIFIERS)}")
        if r.period_kind and r.period_kind not in PERIOD_KINDS:
            problems.append(f"row {i}, column 'period_kind': '{r.period_kind}' is not one of "
                            f"{', '.join(PERIOD_KINDS)}")
    return out, problems


def source_entry(source_id: str, title: str, file: str = "", published: date | None = None,
                 provinces: list[str] | None = None, rows: int = 0) -> dict:
    return {
        "source_id": source_id, "title": title or source_id, "title_en": None, "publisher": None,
        "published": published.isoformat() if published else None, "kind": "review", "url": None,
        "file": file or None,
        "provinces": sorted(set(provinces or [])),
        "note": f"Rà soát ngày {date.today():%d/%m/%Y}: {rows} số liệu được người rà soát chấp nhận.",
    }


def input_dir() -> Path:
    """Where reviewed rows go: data/input (``ANTQ_INPUT_DIR`` overrides, e.g. in tests)."""
    return Path(os.environ.get("ANTQ_INPUT_DIR", config.INPUT_DIR))


def store(rows: pd.DataFrame, source: dict, user: User, input_dir: Path | None = None,
          history: Path | None = None) -> Stored:
    """Store the accepted ``rows`` as ``input_dir``/reviewed/<source_id>.parquet with its source
    (``source``, see source_entry) in <source_id>.sources.yaml, through core.store: the user must be
    an editor of the rows' units or an admin (AccessDenied otherwise; the command line is an admin),
    the ETL's rules must pass on the inputs as they would be (ReviewRefused), the previous version of
    the same source goes to the history folder."""
    input_dir = Path(input_dir or globals()["input_dir"]())
    sid = str(source.get("source_id") or "")
    if access.why_not_write(user):  # before anything else; the rows' units are checked by core.store
        access.check_write(user, rows)
    frame, problems = prepare(rows, sid)
    if frame.empty:
        problems.append("no accepted row: accept at least one candidate")
    if problems:
        raise ReviewRefused(problems)
    frame.index = rows.index if rows.index.name == "row" else pd.RangeIndex(1, len(frame) + 1, name="row")
    sub = Submission(frame, input_dir / REVIEWED / f"{sid}.parquet", source, sid)
    try:
        return save(sub, user, inputs=[input_dir], include_default_inputs=False, history=history)
    except StoreRefused as exc:
        raise ReviewRefused(exc.problems) from exc
