"""Accepted candidates → data/input/reviewed/<source_id>.parquet (+ <source_id>.sources.yaml).

Nothing reaches the warehouse unreviewed: only rows a person accepted are written, after the
ETL's own validation has passed on the future state of the inputs (the current inputs with the
new file in place, built into a throw-away warehouse). Files are written atomically (temp file +
os.replace); a refused review writes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from core import config
from core.reader.output import INPUT_COLUMNS

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


@dataclass(frozen=True)
class Stored:
    path: Path
    rows: int
    sources_file: Path
    summary: str


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


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    fields = [pa.field(c, pa.float64() if c == "value" else pa.string()) for c in df.columns]
    table = pa.Table.from_pandas(df, schema=pa.schema(fields), preserve_index=False)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_text(text: str, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _sources_doc(entry: dict) -> str:
    header = ("# Source of figures read from a report and accepted by a reviewer (core/reader/review.py).\n"
              "# The text itself stays outside the repository: only figures, phrases and locators enter it.\n")
    return header + yaml.safe_dump({"sources": [entry]}, allow_unicode=True, sort_keys=False)


def sources_path(folder: Path, source_id: str) -> Path:
    """Each reviewed source declares itself in its own file beside its figures."""
    return folder / f"{source_id}.sources.yaml"


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


def store(rows: pd.DataFrame, source: dict, input_dir: Path | None = None) -> Stored:
    """Validate the accepted ``rows`` with the ETL and write them under ``input_dir``/reviewed.

    ``source`` is a sources.yaml entry (see source_entry). Raises ReviewRefused, writing nothing."""
    input_dir = Path(input_dir or globals()["input_dir"]())
    sid = str(source.get("source_id") or "")
    frame, problems = prepare(rows, sid)
    if frame.empty:
        problems.append("no accepted row: accept at least one candidate")
    if problems:
        raise ReviewRefused(problems)
    from etl.build import run
    from etl.errors import BuildFailed

    target_dir = input_dir / REVIEWED
    target = target_dir / f"{sid}.parquet"
    sources_file = sources_path(target_dir, sid)
    sources_text = _sources_doc(source)
    with tempfile.TemporaryDirectory(prefix="antq-review-") as tmp:
        staged_root = Path(tmp) / "input"
        if input_dir.exists():
            shutil.copytree(input_dir, staged_root, ignore=lambda d, names: [
                n for n in names if (Path(d) / n) in (target, sources_file) or n.startswith(".")])
        staged_dir = staged_root / REVIEWED
        staged_dir.mkdir(parents=True, exist_ok=True)
        staged = staged_dir / target.name
        _write_parquet(frame, staged)
        sources_path(staged_dir, sid).write_text(sources_text, encoding="utf-8")
        try:
            report = run(inputs=[staged_root], out=Path(tmp) / "check.duckdb", with_sample=False,
                         include_default_inputs=False)
        except BuildFailed as exc:
            raise ReviewRefused([str(e).replace(str(staged_root), str(input_dir)) for e in exc.errors]) from exc
    target_dir.mkdir(parents=True, exist_ok=True)
    _write_text(sources_text, sources_file)     # a declared source without rows is harmless
    _write_parquet(frame, target)
    return Stored(target, len(frame), sources_file,
                  f"{len(frame)} row(s) written to {target}; the check build read {report.observations} "
                  "observation(s). They enter the warehouse at the next `python -m etl build`.")
