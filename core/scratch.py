"""Temporary files and folders, named so that the leftovers of a killed process are recognisable
and removed at the next start (only when the process that made them is gone).

- Beside a file being replaced atomically: ``.<name>.<pid>.tmp`` (DuckDB adds ``.wal`` to it),
  e.g. ``data/.warehouse.duckdb.4242.tmp``; renamed over ``<name>`` when complete.
- Work folders in the system's temporary folder (``$TMPDIR``, else /tmp):
  ``antq-<purpose>-<pid>-<random>``, e.g. ``/tmp/antq-etl-4242-x1y2`` (converted CSV/Excel, DuckDB's
  spill files), ``antq-store-…`` (a review or upload checked before it is stored).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

TMP_FILE = re.compile(r"^\..+\.(\d+)\.tmp(\.wal)?$")
WORK_DIR = re.compile(r"^antq-[a-z]+-(\d+)-")


def tmp_path(target: Path) -> Path:
    """The temporary file written before it is renamed over ``target``."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


@contextmanager
def work_dir(purpose: str) -> Iterator[Path]:
    """A work folder ``antq-<purpose>-<pid>-…`` in the system temporary folder, removed on exit."""
    with tempfile.TemporaryDirectory(prefix=f"antq-{purpose}-{os.getpid()}-") as tmp:
        yield Path(tmp)


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean_stale(folders: Iterable[Path], recursive: bool = False) -> list[str]:
    """Remove the temporary files of dead processes in ``folders`` (and below when ``recursive``)
    and their work folders in the system temporary folder; returns what was removed."""
    removed: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob(".*.tmp*") if recursive else folder.glob(".*.tmp*"):
            m = TMP_FILE.match(path.name)
            if m and not pid_alive(int(m.group(1))):
                try:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
                    removed.append(str(path))
                except OSError:
                    pass
    base = Path(tempfile.gettempdir())
    for path in base.glob("antq-*-*-*"):
        m = WORK_DIR.match(path.name)
        if m and path.is_dir() and not pid_alive(int(m.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(str(path))
    return removed
