"""Reviewed figures: accepted candidates → data/input/reviewed/<source_id>.parquet (+
<source_id>.sources.yaml), and the tables of candidates and figures in the input format
(core.intake.schema) that the reader writes and the reviewer edits.

Nothing reaches the warehouse unreviewed: only rows a person accepted are written, by an editor of
their units or an admin, after the ETL's own validation has passed on the future state of the
inputs (core.intake.store). A refused review writes nothing.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core import access, config
from core.auth import User
from core.intake import schema
from core.intake.bounds import Refused
from core.intake.store import Stored, StoreRefused, Submission, is_missing, save
from core.text import fold

REVIEWED = "reviewed"
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]{2,80}$")


class ReviewRefused(Refused):
    """The accepted rows cannot be stored; ``problems`` lists each one (row, column, reason)."""

    separator = "; "


def review_source_id(path: Path | str) -> str:
    """A source id made from a reviewed text's file name: 'Báo cáo 2024.txt' → 'review_bao_cao_2024'."""
    stem = re.sub(r"[^a-z0-9]+", "_", fold(Path(str(path)).stem)).strip("_")
    return f"review_{stem[:50] or 'text'}"


def typed(df: pd.DataFrame, extra_types: dict[str, str] | None = None) -> pd.DataFrame:
    """Columns typed as the input schema says (``extra_types``: the types of other columns, DOUBLE
    or BIGINT): text as text (codes keep their leading zeros, empty is ''), numbers as numbers,
    dates as text or null (never '')."""
    types = {**schema.SCHEMA.types, **(extra_types or {})}
    out = df.copy()
    for col in out.columns:
        kind = types.get(col, "VARCHAR")
        if kind == "DOUBLE":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        elif kind == "BIGINT":
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        elif kind == "DATE":
            out[col] = out[col].astype("string").replace("", pd.NA)
        else:
            out[col] = out[col].astype("string").fillna("")
    return out


def write_table(df: pd.DataFrame, out: Path) -> Path:
    """Write ``df`` to ``out`` (.csv or .parquet) atomically: a temp file, then os.replace."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{out}: the output must end in .csv or .parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8")
        else:
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _text(v: object) -> str:
    if is_missing(v):
        return ""
    if isinstance(v, pd.Timestamp | date):
        return v.isoformat()[:10]
    return str(v).strip()


def prepare(rows: pd.DataFrame, source_id: str) -> tuple[pd.DataFrame, list[str]]:
    """The accepted rows in the ETL's input format, and the problems a person must fix first.

    Rows are numbered as on the page (index named 'row'), else 1 = first row given."""
    spec = schema.SCHEMA
    columns = spec.reviewed_columns
    problems: list[str] = []
    if not SOURCE_ID_RE.match(source_id or ""):
        problems.append(f"source_id '{source_id}': use 3-80 lower-case letters, digits or _")
    out = pd.DataFrame({c: [_text(v) for v in rows[c]] if c in rows else [""] * len(rows)
                        for c in columns if c != "value"})
    out["source_id"] = source_id
    for col in (c for c, kind in spec.types.items() if kind == "DATE" and c in out):
        out[col] = out[col].map(lambda v: v or None)
    values = pd.to_numeric(rows["value"] if "value" in rows else pd.Series([None] * len(rows)), errors="coerce")
    out.insert(columns.index("value"), "value", values.astype("float64").to_numpy())
    labels = list(rows.index) if rows.index.name == "row" else range(1, len(out) + 1)
    for i, r in zip(labels, out.itertuples(index=False), strict=True):
        for col in spec.reviewed_required:
            v = getattr(r, col)
            if (col == "value" and pd.isna(v)) or (col != "value" and not v):
                problems.append(f"row {i}, column '{col}': empty; fill it or reject the row")
        if r.qualifier and r.qualifier not in spec.qualifiers:
            problems.append(f"row {i}, column 'qualifier': '{r.qualifier}' is not one of {', '.join(spec.qualifiers)}")
        if r.period_kind and r.period_kind not in spec.period_kinds:
            problems.append(f"row {i}, column 'period_kind': '{r.period_kind}' is not one of "
                            f"{', '.join(spec.period_kinds)}")
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
    (``source``, see source_entry) in <source_id>.sources.yaml, through core.intake.store: the user must be
    an editor of the rows' units or an admin (AccessDenied otherwise; the command line is an admin),
    the ETL's rules must pass on the inputs as they would be (ReviewRefused), the previous version of
    the same source goes to the history folder."""
    input_dir = Path(input_dir or globals()["input_dir"]())
    sid = str(source.get("source_id") or "")
    if access.why_not_write(user):  # before anything else; the rows' units are checked by core.intake.store
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
