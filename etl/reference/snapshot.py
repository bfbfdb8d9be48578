"""Fetch the upstream files of the manifest into a local mirror (OWNER/REPO/COMMIT/PATH), verified.

A file already in the mirror with the right size and SHA-256 is kept. Otherwise it is downloaded
into ``PATH.part`` (an interrupted download resumes from there with an HTTP Range request), tried
once more on a network error or a checksum mismatch, and only a verified file takes its final name.
"""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core import buildcache
from etl.reference.manifest import Manifest, UpstreamFile

CHUNK = 1 << 16
TIMEOUT = 30  # seconds without data before a download attempt fails
ATTEMPTS = 2  # one try and one retry
NOT_TRIED = "not tried (the host could not be reached)"


class ChecksumError(ValueError):
    """A downloaded or cached file has the wrong size or SHA-256."""


@dataclass
class FetchReport:
    fetched: list[UpstreamFile] = field(default_factory=list)  # downloaded now
    cached: list[UpstreamFile] = field(default_factory=list)  # already there, verified
    failed: dict[str, str] = field(default_factory=dict)  # mirror path → reason
    offline: bool = False  # the host could not be reached: the remaining files were not tried
    bytes_downloaded: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def verify(f: UpstreamFile, path: Path) -> None:
    """Raise ChecksumError unless ``path`` is exactly the manifest's file."""
    size = path.stat().st_size
    if size != f.bytes:
        raise ChecksumError(f"{f.mirror_path}: {size:,} bytes, expected {f.bytes:,} (upstream.yaml)")
    digest = buildcache.file_digest(path)
    if digest != f.sha256:
        raise ChecksumError(f"{f.mirror_path}: SHA-256 {digest} does not match the expected {f.sha256} "
                            "(upstream.yaml); the file was not used")


def is_verified(f: UpstreamFile, path: Path) -> bool:
    try:
        verify(f, path)
    except (OSError, ChecksumError):
        return False
    return True


def _download(url: str, part: Path, expected: int) -> int:
    """Download into ``part``, continuing a partial file; returns the bytes received."""
    start = part.stat().st_size if part.is_file() else 0
    if start >= expected:
        part.unlink()
        start = 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={start}-"} if start else {})
    received = 0
    with urllib.request.urlopen(request, timeout=TIMEOUT) as resp:  # noqa: S310 (manifest URL)
        resumed = start and getattr(resp, "status", 200) == 206
        with open(part, "ab" if resumed else "wb") as fh:
            while block := resp.read(CHUNK):
                fh.write(block)
                received += len(block)
    return received


def _network_error(exc: BaseException) -> bool:
    """The host is unreachable (no point trying other files), as opposed to an HTTP answer."""
    if isinstance(exc, urllib.error.HTTPError):
        return False
    return isinstance(exc, (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError))


def fetch(manifest: Manifest, mirror_dir: Path, origin: str | None = None,
          log: Callable[[str], None] = print) -> FetchReport:
    """Make ``mirror_dir`` hold every file of the manifest, verified; logs one progress line per file."""
    report = FetchReport()
    files = manifest.files
    total = manifest.total_bytes
    done = 0
    for i, f in enumerate(files, 1):
        target = mirror_dir / f.mirror_path
        if is_verified(f, target):
            report.cached.append(f)
            done += f.bytes
            continue
        if report.offline:
            report.failed[f.mirror_path] = NOT_TRIED
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(target.name + ".part")
        url = f.url(origin)
        failure: BaseException | None = None
        for _attempt in range(ATTEMPTS):
            try:
                report.bytes_downloaded += _download(url, part, f.bytes)
                verify(f, part)
                os.replace(part, target)
                failure = None
                break
            except ChecksumError as exc:
                part.unlink(missing_ok=True)  # corrupt: start over, never resume onto it
                failure = exc
            except (OSError, urllib.error.URLError) as exc:
                if isinstance(exc, urllib.error.HTTPError):
                    part.unlink(missing_ok=True)
                failure = exc
        if failure is not None:
            reason = str(failure) if isinstance(failure, ChecksumError) else f"{url}: {failure}"
            report.failed[f.mirror_path] = reason
            report.offline = _network_error(failure)
            log(f"  [{i:>2}/{len(files)}] FAILED {reason}")
            continue
        report.fetched.append(f)
        done += f.bytes
        log(f"  [{i:>2}/{len(files)}] {done / 1e6:5.1f}/{total / 1e6:.1f} MB  {f.repo}/{f.commit[:7]}/{f.path}")
    return report
