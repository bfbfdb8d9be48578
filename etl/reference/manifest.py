"""The upstream manifest (upstream.yaml) as typed records: which raw file comes from where."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core import config

MANIFEST_PATH = Path(__file__).with_name("upstream.yaml")
#: The raw-file host; ANTQ_UPSTREAM_URL replaces this origin (e.g. a local mirror).
RAW_ORIGIN = "https://raw.githubusercontent.com"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class ManifestError(ValueError):
    """upstream.yaml is malformed (the message names the entry and field)."""


@dataclass(frozen=True)
class UpstreamFile:
    source: str  # id of its Source
    repo: str  # OWNER/NAME
    commit: str
    path: str  # path inside the repository
    sha256: str
    bytes: int

    @property
    def mirror_path(self) -> str:
        """OWNER/REPO/COMMIT/PATH: the file's place on the raw host and in a local mirror."""
        return f"{self.repo}/{self.commit}/{self.path}"

    def url(self, origin: str | None = None) -> str:
        """Download URL; ``origin`` replaces https://raw.githubusercontent.com."""
        base = (origin or RAW_ORIGIN).rstrip("/")
        return f"{base}/{urllib.parse.quote(self.mirror_path, safe='/')}"


@dataclass(frozen=True)
class Source:
    id: str
    repo: str
    commit: str
    title: str
    licence: str
    attribution: str
    files: tuple[UpstreamFile, ...]

    def file(self, path: str) -> UpstreamFile:
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(f"{self.id}: no file {path!r} in {MANIFEST_PATH.name}")


@dataclass(frozen=True)
class Manifest:
    sources: tuple[Source, ...]

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(f"no source {source_id!r} in {MANIFEST_PATH.name}")

    @property
    def files(self) -> list[UpstreamFile]:
        return [f for s in self.sources for f in s.files]

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)


def _text(entry: dict, key: str, where: str, pattern: re.Pattern | None = None) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{MANIFEST_PATH.name}: {where}: field {key!r} missing or not text")
    if pattern is not None and not pattern.match(value):
        raise ManifestError(f"{MANIFEST_PATH.name}: {where}: field {key!r} = {value!r} is malformed")
    return value


def parse_manifest(data: dict) -> Manifest:
    """Typed manifest from the parsed YAML; every field is checked."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise ManifestError(f"{MANIFEST_PATH.name}: top-level 'sources' list missing")
    sources, seen_ids, seen_paths = [], set(), set()
    for i, entry in enumerate(data["sources"]):
        where = f"source #{i + 1}"
        sid = _text(entry, "id", where)
        where = f"source {sid!r}"
        if sid in seen_ids:
            raise ManifestError(f"{MANIFEST_PATH.name}: {where}: duplicate id")
        seen_ids.add(sid)
        repo = _text(entry, "repo", where, _REPO)
        commit = _text(entry, "commit", where, _COMMIT)
        files = []
        for j, f in enumerate(entry.get("files") or []):
            fwhere = f"{where}, file #{j + 1}"
            path = _text(f, "path", fwhere)
            if path.startswith("/") or ".." in path.split("/"):
                raise ManifestError(f"{MANIFEST_PATH.name}: {fwhere}: path {path!r} leaves the repository")
            size = f.get("bytes")
            if not isinstance(size, int) or size <= 0:
                raise ManifestError(f"{MANIFEST_PATH.name}: {fwhere}: 'bytes' must be a positive integer")
            uf = UpstreamFile(sid, repo, commit, path, _text(f, "sha256", fwhere, _SHA256), size)
            if uf.mirror_path in seen_paths:
                raise ManifestError(f"{MANIFEST_PATH.name}: {fwhere}: duplicate file {uf.mirror_path}")
            seen_paths.add(uf.mirror_path)
            files.append(uf)
        if not files:
            raise ManifestError(f"{MANIFEST_PATH.name}: {where}: no files")
        sources.append(Source(sid, repo, commit, _text(entry, "title", where), _text(entry, "licence", where),
                              _text(entry, "attribution", where), tuple(files)))
    return Manifest(tuple(sources))


@cache
def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    with open(path, encoding="utf-8") as fh:
        return parse_manifest(config.parse_yaml(fh))
