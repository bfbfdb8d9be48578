"""`python -m etl synth --rows N --out DIR`: national-scale synthetic input for benchmarks.

Writes N observation rows in the input format (communes × indicators × months, codes of the
register, valid for the validation rules, dates before the reform) as Parquet files partitioned by
year (DIR/y2013/part-00000.parquet, ...), plus DIR/sources.yaml declaring the synthetic source.
Every row is marked is_sample = true. Streams in chunks: memory stays bounded up to 50 million
rows and more. Deterministic for a given N.

Which rows: with N up to communes × main indicators × 150 months (~19,6 million) the series are
the catalogue's main indicators, else every (indicator, breakdown) of the catalogue; the months are
spread evenly over 01/2013–06/2025 so that every size spans the years; the last month may be partial.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from core.catalogue import load_catalogue
from core.units import load_register

SEED = 20250701
SOURCE_ID = "synthetic_scale"
FIRST_MONTH = (2013, 1)
MONTHS = 150  # 01/2013 … 06/2025, the last month before the reform
ROWS_PER_FILE = 2_000_000
ROW_GROUP = 500_000
MAX_ROWS = 200_000_000

SCHEMA = pa.schema([
    ("unit_code", pa.string()), ("indicator_code", pa.string()), ("breakdown", pa.string()),
    ("period_start", pa.date32()), ("period_end", pa.date32()), ("period_kind", pa.string()),
    ("value", pa.float64()), ("qualifier", pa.string()), ("source_id", pa.string()), ("is_sample", pa.bool_()),
])

#: Monthly figure of an average commune (≈ 8.600 inhabitants) by indicator kind; stocks are levels.
MONTHLY_PER_COMMUNE = {"count": 2.0, "persons": 60.0}
STOCK_INDICATORS = {"mass_security_orgs", "self_mgmt_groups", "self_mgmt_steering_boards", "self_mgmt_boards",
                    "self_mgmt_board_members", "places_with_models", "model_types", "district_boards_with_plan"}


@dataclass(frozen=True)
class Series:
    indicator: str
    breakdown: str
    kind: str          # indicator kind: count, persons, percent, ratio
    period_kind: str   # total (flow) or stock (level)
    max_value: float


def _series(all_series: bool) -> list[Series]:
    cat = load_catalogue()
    chosen = list(cat) if all_series else list(cat.main)
    out = []
    for i in chosen:
        pk = "stock" if i.is_percent or i.code in STOCK_INDICATORS else "total"
        for b in (list(i.breakdowns) or [""]):
            out.append(Series(i.code, b, i.kind, pk, float(i.max)))
    return out


def _month(k: int) -> tuple[date, date]:
    y, m = divmod(FIRST_MONTH[1] - 1 + k, 12)
    start = date(FIRST_MONTH[0] + y, m + 1, 1)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, date.fromordinal(nxt.toordinal() - 1)


def plan(rows: int, communes: int) -> tuple[list[Series], list[int]]:
    """The series and the month indices (0 = 01/2013) needed for ``rows`` rows."""
    main = _series(all_series=False)
    series = main if rows <= communes * len(main) * MONTHS else _series(all_series=True)
    months = math.ceil(rows / (communes * len(series)))
    if months > MONTHS:
        raise ValueError(f"at most {communes * len(series) * MONTHS:,} rows (communes × series × months)")
    return series, sorted({round(x) for x in np.linspace(0, MONTHS - 1, months)})


def _chunks(rows: int, communes: np.ndarray, weights: np.ndarray) -> Iterator[tuple[int, pa.Table]]:
    series, months = plan(rows, len(communes))
    codes = pa.array(communes, pa.string())
    left = rows
    for k in months:
        start, end = _month(k)
        for s_idx, s in enumerate(series):
            if left <= 0:
                return
            n = min(len(communes), left)
            rng = np.random.default_rng([SEED, k, s_idx])
            if s.kind == "percent":
                value = np.round(np.clip(rng.normal(88, 7, n), 0, 100), 1)
            elif s.period_kind == "stock":
                value = np.round(weights[:n] * 12 * rng.lognormal(0, 0.2, n))
            else:
                base = MONTHLY_PER_COMMUNE.get(s.kind, 1.0)
                value = rng.poisson(base * weights[:n]).astype(float)
            value = np.minimum(value, s.max_value)

            def const(text: str, n: int = n) -> pa.Array:
                return pa.repeat(pa.scalar(text, pa.string()), n)

            yield start.year, pa.Table.from_arrays([
                codes.slice(0, n), const(s.indicator), const(s.breakdown),
                pa.array(np.full(n, start, dtype="datetime64[D]"), pa.date32()),
                pa.array(np.full(n, end, dtype="datetime64[D]"), pa.date32()),
                const(s.period_kind), pa.array(value, pa.float64()), const("exact"), const(SOURCE_ID),
                pa.array(np.ones(n, dtype=bool)),
            ], schema=SCHEMA)
            left -= n


def _commune_weights(codes: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return np.clip(rng.lognormal(0, 0.5, len(codes)), 0.2, 5.0)


def write(rows: int, out: Path, rows_per_file: int = ROWS_PER_FILE) -> list[Path]:
    """Write ``rows`` synthetic rows under ``out``; returns the Parquet files written."""
    if not 0 < rows <= MAX_ROWS:
        raise ValueError(f"--rows must be between 1 and {MAX_ROWS:,}")
    out = Path(out)
    if out.exists() and any(out.rglob("*.parquet")):
        raise FileExistsError(f"{out} already holds Parquet files; choose an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    reg = load_register()
    communes = np.array(sorted(reg[(reg.level == "commune") & (reg.vintage == "2024")].code))
    weights = _commune_weights(communes)
    files: list[Path] = []
    buffer: list[pa.Table] = []
    writer: pq.ParquetWriter | None = None
    year_open, in_file = None, 0

    def flush() -> None:
        if buffer:
            writer.write_table(pa.concat_tables(buffer), row_group_size=ROW_GROUP)
            buffer.clear()

    try:
        for year, table in _chunks(rows, communes, weights):
            if writer is None or year != year_open or in_file >= rows_per_file:
                if writer is not None:
                    flush()
                    writer.close()
                (out / f"y{year}").mkdir(exist_ok=True)
                path = out / f"y{year}" / f"part-{len(files):05d}.parquet"
                writer = pq.ParquetWriter(path, SCHEMA, compression="zstd")
                files.append(path)
                year_open, in_file = year, 0
            buffer.append(table)
            in_file += table.num_rows
            if sum(t.num_rows for t in buffer) >= ROW_GROUP:
                flush()
        if writer is not None:
            flush()
    finally:
        if writer is not None:
            writer.close()
    (out / "sources.yaml").write_text(
        "sources:\n"
        f"  - source_id: {SOURCE_ID}\n"
        "    title: \"DỮ LIỆU MẪU — dữ liệu tổng hợp để đo hiệu năng (python -m etl synth)\"\n"
        "    title_en: \"SAMPLE DATA — synthetic national-scale data for benchmarks (python -m etl synth)\"\n"
        "    kind: sample\n", encoding="utf-8")
    return files
