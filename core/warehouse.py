"""Read access to the warehouse: short-lived read-only connections, retried while a build
swaps the file, and queries kept as .sql files in core/sql with bound parameters."""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from core import config

RETRY_SECONDS = 10.0
RETRY_PAUSE = 0.05


class WarehouseMissing(FileNotFoundError):
    """No warehouse file yet: run `python -m etl build`."""


def connect(path: Path | None = None, timeout: float = RETRY_SECONDS) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, retrying while another process holds the lock."""
    path = Path(path or config.warehouse_path())
    deadline = time.monotonic() + timeout
    while True:
        if not path.exists():
            raise WarehouseMissing(f"{path} does not exist; build it with `python -m etl build`")
        try:
            return duckdb.connect(str(path), read_only=True)
        except (duckdb.IOException, duckdb.InvalidInputException) as exc:
            if time.monotonic() > deadline:
                raise TimeoutError(f"warehouse {path} stayed locked for {timeout:.0f} s: {exc}") from exc
            time.sleep(RETRY_PAUSE)


@lru_cache(maxsize=256)
def sql_text(name: str) -> str:
    """The text of core/sql/<name>.sql (names come from code, never from users)."""
    if not all(part.replace("_", "").isalnum() for part in name.split("/")):
        raise ValueError(f"bad query name {name!r}")
    return (config.SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query(name: str, params: dict | None = None, path: Path | None = None) -> pd.DataFrame:
    """Run core/sql/<name>.sql with bound parameters and return a DataFrame."""
    con = connect(path)
    try:
        return con.execute(sql_text(name), params or {}).df()
    finally:
        con.close()


def version(path: Path | None = None) -> int:
    """Changes whenever the warehouse file is replaced: a cache key for page queries."""
    path = Path(path or config.warehouse_path())
    try:
        st = path.stat()
    except FileNotFoundError:
        return 0
    return st.st_mtime_ns ^ st.st_ino
