"""Publishing an upload: store it among the inputs (core.intake.uploads), then rebuild the warehouse;
if the build is refused after all, the previous version (or nothing) is put back."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from core import scratch
from core.auth import User
from core.intake.store import sources_path
from core.intake.uploads import UPLOAD_DIR, build_inputs, check_name, store_upload
from etl import build


def store_and_build(name: str, df: pd.DataFrame, source: dict, user: User, dest: Path | None = None,
                    out: Path | None = None, history: Path | None = None) -> tuple[Path, build.BuildReport]:
    """Store an accepted upload with its source (store_upload), then rebuild the warehouse into
    ``out`` (default data/warehouse.duckdb). Returns the stored file and the build's report; raises
    what either raises, with the inputs as they were."""
    dest = dest or UPLOAD_DIR
    target = dest / (Path(check_name(name)).stem + ".parquet")
    sources_file = sources_path(target)
    previous = target.read_bytes() if target.is_file() else None
    previous_sources = sources_file.read_bytes() if sources_file.is_file() else None
    path = store_upload(name, df, user, source, dest, history)
    try:
        report = build.run(out=out, inputs=build_inputs(dest))
    except Exception:
        for file, data in ((path, previous), (sources_file, previous_sources)):
            if data is None:
                file.unlink(missing_ok=True)
            else:
                tmp = scratch.tmp_path(file)
                tmp.write_bytes(data)
                os.replace(tmp, file)
        raise
    return path, report
