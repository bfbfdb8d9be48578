"""Uploads of figures (Parquet or Excel in the documented template): checked before anything
is written, validated by the ETL's own rules, then stored under data/input/uploads and built.

Refused with a clear message, writing nothing: a file that is not what its name claims, a file
over the size or row limits, an Excel workbook whose zip expands too much (zip bomb), Excel
cells that would run as formulas (starting with = + - @), and path-like names ("../../x").
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from core import config
from core.catalogue import load_catalogue
from core.excel import to_excel_bytes
from core.text import fold
from core.units import load_register, load_resolver

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 500
UPLOAD_DIR = config.INPUT_DIR / "uploads"
FORMULA_START = ("=", "+", "-", "@")
SAFE_NAME = re.compile(r"^[\w][\w .()\-]{0,100}\.(parquet|xlsx)$", re.UNICODE)

TEMPLATE_COLUMNS = {
    "unit_code": ("Mã đơn vị (GSO, dạng chữ: '40', '428')", "40"),
    "unit_name": ("Tên đơn vị, nếu không có mã (có hoặc không dấu)", "Nghệ An"),
    "indicator_code": ("Mã chỉ tiêu (sheet 'chi_tieu')", "mediations"),
    "period_start": ("Ngày đầu kỳ YYYY-MM-DD (để trống nếu không rõ)", "2024-01-01"),
    "period_end": ("Ngày cuối kỳ YYYY-MM-DD", "2024-12-31"),
    "period_kind": ("total | per_year | stock", "total"),
    "value": ("Số liệu (dấu chấm thập phân, không phân cách hàng nghìn)", "1250"),
    "qualifier": ("exact | at_least (hơn, trên) | about (gần, khoảng)", "exact"),
    "source_id": ("Mã nguồn (sheet 'nguon' hoặc nguồn mới)", "upload"),
    "breakdown": ("Phân tổ (nếu chỉ tiêu có, ví dụ cấp khen thưởng)", ""),
    "evidence": ("Cụm số như trong văn bản", "hòa giải 1.250 vụ"),
    "locator": ("Vị trí trong văn bản (đoạn)", "p3"),
}


@dataclass(frozen=True)
class Refusal:
    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file] + ([f"row {self.row}"] if self.row else []) + \
            ([f"column '{self.column}'"] if self.column else [])
        return f"{', '.join(where)}: {self.reason}"


class UploadRefused(ValueError):
    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__("\n".join(str(r) for r in refusals))


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


def _check_zip(name: str, data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise UploadRefused([Refusal(name, None, None, f"not a valid Excel workbook ({exc})")]) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UploadRefused([Refusal(name, None, None, f"workbook has {len(infos)} parts (limit {MAX_ZIP_ENTRIES})")])
    total = sum(i.file_size for i in infos)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if total > MAX_UNZIPPED_BYTES or worst > MAX_ZIP_RATIO:
        raise UploadRefused([Refusal(name, None, None, f"workbook expands to {total / 1e6:.0f} MB (ratio up to "
                                     f"{worst:.0f}×): refused as a possible zip bomb (limits "
                                     f"{MAX_UNZIPPED_BYTES // 2**20} MB, {MAX_ZIP_RATIO}×)")])
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise UploadRefused([Refusal(name, None, None, "not an Excel workbook (.xlsx): no worksheet inside")])
    if any(n.startswith("/") or ".." in n for n in names):
        raise UploadRefused([Refusal(name, None, None, "workbook contains path-like part names")])


def _read_xlsx(name: str, data: bytes) -> pd.DataFrame:
    from openpyxl import load_workbook

    _check_zip(name, data)
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    ws = wb.worksheets[0]
    rows = ws.iter_rows()
    try:
        header = [str(c.value).strip() if c.value is not None else "" for c in next(rows)]
    except StopIteration:
        raise UploadRefused([Refusal(name, None, None, "the first sheet is empty")]) from None
    refusals: list[Refusal] = []
    records = []
    for i, cells in enumerate(rows, start=1):
        if i > MAX_ROWS:
            raise UploadRefused([Refusal(name, None, None, f"more than {MAX_ROWS} rows (limit)")])
        record = {}
        for col, cell in zip(header, cells, strict=False):
            v = cell.value
            if cell.data_type == "f" or (isinstance(v, str) and v.startswith(FORMULA_START)):
                refusals.append(Refusal(name, i, col or cell.coordinate,
                                        f"cell {cell.coordinate} starts with '{str(v)[:1]}': formulas are refused"))
                continue
            record[col] = None if v is None else str(v).strip() if not isinstance(v, int | float) else v
        if any(v not in (None, "") for v in record.values()):
            records.append(record)
        if len(refusals) >= 20:
            break
    if refusals:
        raise UploadRefused(refusals)
    df = pd.DataFrame.from_records(records, columns=[h for h in header if h])
    if "value" in df:
        df["value"] = df["value"].map(lambda v: v if v is None or isinstance(v, int | float) else str(v))
    return df.astype({c: "string" for c in df.columns if c != "value"}).astype({"value": "string"}
                                                                              if "value" in df else {})


def _read_parquet(name: str, data: bytes) -> pd.DataFrame:
    try:
        pf = pq.ParquetFile(io.BytesIO(data))
        meta = pf.metadata
    except Exception as exc:  # pyarrow raises several kinds for damaged files
        raise UploadRefused([Refusal(name, None, None, f"not a readable Parquet file ({exc})")]) from exc
    if meta.num_rows > MAX_ROWS:
        raise UploadRefused([Refusal(name, None, None, f"{meta.num_rows} rows (limit {MAX_ROWS})")])
    unzipped = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UploadRefused([Refusal(name, None, None, f"expands to {unzipped / 1e6:.0f} MB (limit "
                                     f"{MAX_UNZIPPED_BYTES // 2**20} MB)")])
    try:
        return pf.read().to_pandas()
    except Exception as exc:
        raise UploadRefused([Refusal(name, None, None, f"not a readable Parquet file ({exc})")]) from exc


def read_upload(name: str, data: bytes) -> pd.DataFrame:
    """Check and read an uploaded file into a frame; raises UploadRefused."""
    name = check_name(name)
    if len(data) > MAX_BYTES:
        raise UploadRefused([Refusal(name, None, None, f"{len(data) / 1e6:.1f} MB (limit {MAX_BYTES // 2**20} MB)")])
    claimed = name.rsplit(".", 1)[-1].lower()
    actual = _sniff(data)
    if actual != claimed:
        raise UploadRefused([Refusal(name, None, None, f"the file is not what its name claims (.{claimed}; content "
                                     f"looks like {actual})")])
    return _read_xlsx(name, data) if actual == "xlsx" else _read_parquet(name, data)


def _to_parquet(df: pd.DataFrame, path: Path) -> None:
    text = {c: df[c].astype("string") for c in df.columns if c != "value"}
    frame = pd.DataFrame(text)
    if "value" in df:
        frame["value"] = df["value"].astype("string")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def source_id_for(name: str) -> str:
    """The source id given to an upload without one: 'upload_' + the file's stem, as an identifier."""
    stem = re.sub(r"[^0-9a-zA-Z_]+", "_", fold(Path(check_name(name)).stem)).strip("_")
    return f"upload_{stem or 'file'}"[:60]


def rows_outside_scope(df: pd.DataFrame, user) -> list[int]:
    """1-based rows whose unit lies outside what the user may import (User.may_import_province)."""
    reg = load_register()
    province_of = {r.code: (r.parent_code if r.level == "district" else r.code) for r in reg.itertuples()}
    resolver = load_resolver()
    outside = []
    for i, r in enumerate(df.to_dict("records"), start=1):
        code = str(r.get("unit_code") or "").strip() or resolver.resolve(str(r.get("unit_name") or "")).code
        province = province_of.get(code or "")
        if not user.may_import_province(province):
            outside.append(i)
    return outside


def _write_sources(folder: Path, sources: list[dict]) -> None:
    path = folder / "sources.yaml"
    known = config.parse_yaml(path.read_text(encoding="utf-8")).get("sources", []) if path.is_file() else []
    ids = {s["source_id"] for s in sources}
    merged = [s for s in known if s.get("source_id") not in ids] + sources
    tmp = path.with_name(f".sources.yaml.{os.getpid()}.tmp")
    tmp.write_text(yaml.safe_dump({"sources": merged}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.replace(tmp, path)


def validate_upload(name: str, df: pd.DataFrame, extra_sources: list[dict] | None = None) -> list[str]:
    """Run the ETL's own validation on the upload together with the current inputs; [] when valid."""
    from etl.build import run
    from etl.errors import BuildFailed

    with tempfile.TemporaryDirectory(prefix="antq-upload-") as tmp:
        staged = Path(tmp) / "in" / (Path(name).stem + ".parquet")
        staged.parent.mkdir()
        _to_parquet(df, staged)
        if extra_sources:
            _write_sources(staged.parent, extra_sources)
        try:
            run(inputs=[staged.parent], out=Path(tmp) / "check.duckdb", with_sample=False)
        except BuildFailed as exc:
            return [str(e).replace(str(staged), name).replace(staged.name, name) for e in exc.errors]
    return []


def store_upload(name: str, df: pd.DataFrame, dest: Path | None = None) -> Path:
    """Write an accepted upload under data/input/uploads atomically (it enters every later build)."""
    dest = dest or UPLOAD_DIR
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / (Path(check_name(name)).stem + ".parquet")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _to_parquet(df, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def store_and_build(name: str, df: pd.DataFrame, source: dict, dest: Path | None = None,
                    out: Path | None = None) -> tuple[Path, str]:
    """Store an accepted upload with its source, then rebuild the warehouse; if the build is
    refused after all, the stored file is taken back so nothing half-done stays."""
    from etl.build import run

    dest = dest or UPLOAD_DIR
    dest.mkdir(parents=True, exist_ok=True)
    sources_path = dest / "sources.yaml"
    previous_sources = sources_path.read_bytes() if sources_path.is_file() else None
    target = dest / (Path(check_name(name)).stem + ".parquet")
    previous = target.read_bytes() if target.is_file() else None
    _write_sources(dest, [source])
    path = store_upload(name, df, dest)
    try:
        report = run(out=out, inputs=[] if dest.is_relative_to(config.INPUT_DIR) else [dest])
    except Exception:
        if previous is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(previous)
        if previous_sources is None:
            sources_path.unlink(missing_ok=True)
        else:
            sources_path.write_bytes(previous_sources)
        raise
    return path, report.summary()


def make_template_xlsx() -> bytes:
    """The documented template: a data sheet with one example row, and sheets explaining the
    columns and listing the indicator codes."""
    cat = load_catalogue()
    example = pd.DataFrame([{c: ex for c, (_, ex) in TEMPLATE_COLUMNS.items()}])
    columns = pd.DataFrame([{"cot": c, "y_nghia": doc} for c, (doc, _) in TEMPLATE_COLUMNS.items()])
    indicators = pd.DataFrame([{"ma": i.code, "ten": i.name_vi, "don_vi": i.unit_vi, "loai": i.kind,
                                "cong_don": i.aggregation, "phan_to": ", ".join(i.breakdowns)} for i in cat])
    return to_excel_bytes({"so_lieu": example, "cot": columns, "chi_tieu": indicators})
