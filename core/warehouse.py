"""Read access to the warehouse: read-only cursors on one shared DuckDB instance per published
file, retried while a file is being swapped in, and queries kept as .sql files in core/sql with
bound parameters.

A build publishes a new file with ``os.replace`` (etl/build.py). Every ``connect()`` looks at the
file now at the path (device, inode, modification time, size); when it changed, the new file is
attached in a new in-memory DuckDB instance and new queries read it, while queries still running
on the old file finish there (the old instance closes with its last cursor). A server process thus
holds one open warehouse per published file instead of opening it for every query, and never
serves an old file after a new one is published: DuckDB's own instance cache would hand out the
old file for as long as any connection to it stayed open.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from core import config

RETRY_SECONDS = 10.0
RETRY_PAUSE = 0.05
KEEP_PATHS = 4  # distinct warehouse paths kept open per process (tests use many)
ALIAS = "warehouse"


class WarehouseMissing(FileNotFoundError):
    """No warehouse file yet: run `python -m etl build`."""


class WarehouseOutdated(WarehouseMissing):
    """The file was built by other code than the one running: rebuild it."""


FileId = tuple[int, int, int, int]

_lock = threading.Lock()
_open: OrderedDict[str, tuple[FileId, duckdb.DuckDBPyConnection]] = OrderedDict()


def file_id(path: Path | None = None) -> FileId | None:
    """Identity of the file now at ``path`` (device, inode, mtime, size); None when absent."""
    try:
        st = os.stat(path or config.warehouse_path())
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


@lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of the build's source files (config.BUILD_CODE): a build writes it into build_info and
    a reader refuses a file written by other code, whose tables may not be what the pages expect."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in config.BUILD_CODE for p in config.ROOT.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(config.ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _check_code_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    try:
        row = con.execute(f"SELECT value FROM {ALIAS}.build_info WHERE key = 'code_version'").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is None or row[0] != code_version():
        raise WarehouseOutdated(f"{path} was built by another version of the code; "
                                "rebuild it with `python -m etl build`")


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory instance with the file attached read-only (never DuckDB's instance cache),
    refused when another version of the code built it."""
    con = duckdb.connect(":memory:", config={"memory_limit": os.environ.get("ANTQ_DUCKDB_READ_MEMORY", "1GB")})
    try:
        con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {ALIAS} (READ_ONLY)")
        _check_code_version(con, path)
    except BaseException:
        con.close()
        raise
    return con


def _instance(path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    key = os.path.abspath(path)
    deadline = time.monotonic() + timeout
    while True:
        fid = file_id(path)
        if fid is None:
            raise WarehouseMissing(f"{path} does not exist; build it with `python -m etl build`")
        with _lock:
            held = _open.get(key)
            if held and held[0] == fid:
                _open.move_to_end(key)
                return held[1]
        try:
            con = _attach(path)
        except (duckdb.IOException, duckdb.InvalidInputException) as exc:
            if time.monotonic() > deadline:
                raise TimeoutError(f"warehouse {path} stayed unreadable for {timeout:.0f} s: {exc}") from exc
            time.sleep(RETRY_PAUSE)
            continue
        if file_id(path) != fid:  # replaced while attaching: attach the newer file
            con.close()
            continue
        with _lock:
            # the old instance is dropped, not closed: queries running on it finish, it closes with them
            _open[key] = (fid, con)
            _open.move_to_end(key)
            while len(_open) > KEEP_PATHS:
                _open.popitem(last=False)
        return con


def connect(path: Path | None = None, timeout: float = RETRY_SECONDS) -> duckdb.DuckDBPyConnection:
    """A read-only cursor on the warehouse file now published at ``path``; close it after use."""
    instance = _instance(Path(path or config.warehouse_path()), timeout)
    with _lock:  # one thread at a time asks the shared instance for a cursor
        cur = instance.cursor()
    cur.execute(f"USE {ALIAS}")
    return cur


def release(path: Path | None = None) -> None:
    """Forget the open instance of ``path`` (all paths when None); running queries finish."""
    with _lock:
        if path is None:
            _open.clear()
        else:
            _open.pop(os.path.abspath(path), None)


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


def version(path: Path | None = None) -> FileId | int:
    """Changes whenever a new warehouse file is published at the path: a cache key for page queries."""
    return file_id(path) or 0
