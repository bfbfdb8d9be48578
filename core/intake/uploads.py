"""Uploads of figures (Parquet or Excel in the documented template): checked before anything
is written, validated by the ETL's own rules (the check build), then stored under
data/input/uploads (core.intake.store); etl.publish stores one and rebuilds the warehouse.

Refused with a clear message, writing nothing: a file that is not what its name claims, a file
over the size or row limits, files that expand beyond the bounds of core.intake.bounds (zip bombs, a
sheet declaring a huge dimension, Parquet texts expanding beyond the limit), Excel formulas and
cells that would run as formulas (starting with = + - @), path-like names ("../../x"), rows the
user may not write (core.access). An upload of the same file name replaces the earlier version
(kept in data/history/uploads).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from core import access, config
from core.auth import User
from core.catalogue import load_catalogue
from core.excel import to_excel_bytes
from core.intake import schema
from core.intake.bounds import FileRefused, Problem, Refused, check_parquet
from core.intake.store import Submission, check_access, save, validate
from core.intake.tables import read_excel
from core.text import fold

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
UPLOAD_DIR = config.INPUT_DIR / "uploads"
SAFE_NAME = re.compile(r"^[\w][\w .()\-]{0,100}\.(parquet|xlsx)$", re.UNICODE)

Refusal = Problem  # file, row, column, reason


class UploadRefused(Refused):
    """The upload is refused before anything is written; ``problems`` lists each."""


def check_name(name: str) -> str:
    """The upload's file name, refused when path-like or unexpected."""
    if not name or "/" in name or "\\" in name or ".." in name or name.startswith(".") or "\x00" in name:
        raise UploadRefused([Refusal(repr(name)[:80], None, None, "path-like or hidden file names are refused; "
                                     "upload a plain file name such as 'nghe_an_2024.xlsx'")])
    if not SAFE_NAME.match(name):
        raise UploadRefused([Refusal(name[:80], None, None, "name must end in .parquet or .xlsx and use letters, "
                                     "digits, spaces, dots, dashes or underscores")])
    return name


def _sniff(data: bytes) -> str:
    if len(data) >= 12 and data[:4] == b"PAR1" and data[-4:] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    return "unknown"


def _frame(header: list[str], rows: list[list], numbers: list[int]) -> pd.DataFrame:
    """Text cells as a frame of strings; the index holds each row's number in the file ('row')."""
    keep = [i for i, c in enumerate(header) if c]
    df = pd.DataFrame({header[i]: pd.array([r[i] if i < len(r) else None for r in rows], dtype="string")
                       for i in keep}, index=pd.Index(numbers, name="row", dtype="int64"))
    return df


def _read_xlsx(name: str, data: bytes) -> pd.DataFrame:
    table = read_excel(data, name, max_rows=MAX_ROWS)
    return _frame(table.header, table.rows, table.numbers)


def _read_parquet(name: str, data: bytes) -> pd.DataFrame:
    try:
        buf = io.BytesIO(data)
        check_parquet(buf, name)
        pf = pq.ParquetFile(buf)
        if pf.metadata.num_rows > MAX_ROWS:
            raise UploadRefused([Refusal(name, None, None, f"{pf.metadata.num_rows} rows (limit {MAX_ROWS})")])
        df = pf.read().to_pandas()
    except FileRefused as exc:
        raise UploadRefused(exc.problems) from exc
    except UploadRefused:
        raise
    except Exception as exc:  # pyarrow raises several kinds for damaged files
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UploadRefused([Refusal(name, None, None, f"not a readable Parquet file ({reason})")]) from exc
    if schema.SCHEMA.row_column in df:
        df = df.drop(columns=schema.SCHEMA.row_column)
    df.index = pd.RangeIndex(1, len(df) + 1, name="row")
    return df


def read_upload(name: str, data: bytes) -> pd.DataFrame:
    """Check and read an uploaded file into a frame (index: each row's number in the file); raises
    UploadRefused. Bounded before any work (core.intake.bounds): size, rows, an Excel sheet's declared and
    real dimensions, Parquet texts once expanded; formulas refused naming their cell. A file without
    rows is refused (there is nothing to import)."""
    name = check_name(name)
    if len(data) > MAX_BYTES:
        raise UploadRefused([Refusal(name, None, None, f"{len(data) / 1e6:.1f} MB (limit {MAX_BYTES // 2**20} MB)")])
    claimed = name.rsplit(".", 1)[-1].lower()
    actual = _sniff(data)
    if actual != claimed:
        raise UploadRefused([Refusal(name, None, None, f"the file is not what its name claims (.{claimed}; content "
                                     f"looks like {actual})")])
    try:
        df = _read_xlsx(name, data) if actual == "xlsx" else _read_parquet(name, data)
    except FileRefused as exc:
        raise UploadRefused(exc.problems) from exc
    if df.empty:
        raise UploadRefused([Refusal(name, None, None, "no rows (empty, or a header only): nothing to import")])
    return df


def upload_source_id(name: str) -> str:
    """The source id given to an upload without one: 'upload_' + the file's stem, as an identifier."""
    stem = re.sub(r"[^0-9a-zA-Z_]+", "_", fold(Path(check_name(name)).stem)).strip("_")
    return f"upload_{stem or 'file'}"[:60]


def _submission(name: str, df: pd.DataFrame, source: dict, dest: Path | None) -> Submission:
    dest = dest or UPLOAD_DIR
    rows = df.copy()
    if rows.index.name != "row":
        rows.index = pd.RangeIndex(1, len(rows) + 1, name="row")
    return Submission(rows, dest / (Path(check_name(name)).stem + ".parquet"), source, name)


def build_inputs(dest: Path) -> list[Path]:
    """The inputs of the build that reads ``dest`` besides data/input."""
    return [] if dest.resolve().is_relative_to(config.INPUT_DIR.resolve()) else [dest]


def validate_upload(name: str, df: pd.DataFrame, extra_sources: list[dict] | None = None,
                    dest: Path | None = None) -> list[str]:
    """The ETL's own validation of the upload together with the current inputs, the upload in place
    of an earlier version of the same file; [] when valid. Problems name the uploaded file."""
    dest = dest or UPLOAD_DIR
    source = (extra_sources or [None])[0] or {"source_id": upload_source_id(name), "title": name}
    return validate(_submission(name, df, source, dest), build_inputs(dest), include_default_inputs=True)


def check_upload(name: str, df: pd.DataFrame, source: dict, user: User, dest: Path | None = None) -> list[str]:
    """Everything that stands between the upload and the warehouse, for the preview: the user's
    right to write its rows (and to replace an earlier version), then the ETL's validation."""
    try:
        check_access(_submission(name, df, source, dest), user)
    except access.AccessDenied as exc:
        return exc.problems
    return validate_upload(name, df, [source], dest)


def store_upload(name: str, df: pd.DataFrame, user: User, source: dict | None = None, dest: Path | None = None,
                 history: Path | None = None) -> Path:
    """Store an accepted upload under data/input/uploads (it enters every later build): access
    checked, validated, an earlier version of the same file kept in the history folder, replaced
    atomically (core.intake.store). Raises AccessDenied or StoreRefused, writing nothing."""
    dest = dest or UPLOAD_DIR
    source = source or {"source_id": upload_source_id(name), "title": name, "kind": "report"}
    return save(_submission(name, df, source, dest), user, build_inputs(dest), include_default_inputs=True,
                history=history).path


def make_template_xlsx() -> bytes:
    """The documented template: a data sheet with one example row, and sheets explaining the
    columns and listing the indicator codes."""
    cat = load_catalogue()
    template = schema.SCHEMA.template
    example = pd.DataFrame([{c: ex for c, (_, ex) in template.items()}])
    columns = pd.DataFrame([{"cot": c, "y_nghia": doc} for c, (doc, _) in template.items()])
    indicators = pd.DataFrame([{"ma": i.code, "ten": i.name_vi, "don_vi": i.unit_vi, "loai": i.kind,
                                "cong_don": i.aggregation, "phan_to": ", ".join(i.breakdowns)} for i in cat])
    return to_excel_bytes({"so_lieu": example, "cot": columns, "chi_tieu": indicators})
