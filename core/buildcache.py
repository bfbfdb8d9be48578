"""What the build computes again from the same inputs on every run (the unit register, the bounds
check of an input file), kept between runs in a git-ignored folder and keyed by a digest of every
input it depends on, the code that computes it included: a changed input or changed code is a new
key, so a stale entry is never read.

The folder is data/.cache (``ANTQ_BUILD_CACHE_DIR`` overrides it; ``ANTQ_BUILD_CACHE=0`` turns the
cache off). A folder that cannot be written is no error: the value is computed as without a cache.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from core import config


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    if os.environ.get("ANTQ_BUILD_CACHE", "1").strip() in ("0", "false", "no", "off"):
        return None
    return Path(os.environ.get("ANTQ_BUILD_CACHE_DIR", config.DATA_DIR / ".cache"))


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (read once per process while its size and modification time hold)."""
    st = os.stat(path)
    return _digest(str(Path(path).resolve()), st.st_size, st.st_mtime_ns, st.st_ino)


@lru_cache(maxsize=4096)
def _digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def key(*parts: object) -> str:
    """One digest of several parts (text, numbers, file digests)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _entry(kind: str, digest: str, suffix: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / f"{digest}{suffix}"


def has_mark(kind: str, digest: str) -> bool:
    """Whether ``mark(kind, digest)`` was recorded (e.g. a file that passed a check)."""
    path = _entry(kind, digest, ".ok")
    return path is not None and path.is_file()


def mark(kind: str, digest: str) -> None:
    path = _entry(kind, digest, ".ok")
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass


def load_frame(kind: str, digest: str) -> pd.DataFrame | None:
    """A frame stored by ``store_frame`` under this key, or None."""
    path = _entry(kind, digest, ".parquet")
    if path is None or not path.is_file():
        return None
    try:
        return pd.read_parquet(path)
    except Exception:  # a damaged entry (an interrupted write) is computed again
        return None


def store_frame(kind: str, digest: str, frame: pd.DataFrame) -> None:
    """Store a frame (written beside, then renamed: a reader never sees half an entry)."""
    path = _entry(kind, digest, ".parquet")
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except (OSError, ValueError, TypeError):
        tmp.unlink(missing_ok=True)
