"""How the dashboard is served: ASGI middleware of the st.App in dashboard.py.

``PageHead``: Streamlit's front end finds its server by trying the page's own path first (a deep link
such as /compare?… asks /compare/_stcore/health, gets a 404, waits and only then connects at /). The
middleware writes into the page's <head> where the server is: the page's path without its last segment
when that segment names one of the dashboard's pages, so a deep link connects at once, under any prefix
a proxy adds. A host that embeds the app and sets ``window.__streamlit`` itself keeps its own setting.
Only page routes are touched (no file extension, nothing under Streamlit's own paths), and only an
uncompressed text/html answer: its encoding request is dropped so the page comes back plain, and it is
answered with its new length. Everything else passes through unchanged.

``StaticAssets``: Streamlit's front-end files from memory.

``GeoJsonAssets``: the maps' boundary shapes by URL (``GeoJsonStore``), so a map's figure does not carry them."""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

HEAD_END = b"</head>"
# Streamlit's own paths (API, assets, media, components): never a page
RESERVED = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/")


def head_script(pages: Sequence[str]) -> str:
    """The <script> that sets Streamlit's backend base URL from the page's own path."""
    names = json.dumps(sorted(set(pages)))
    return ("<script>(() => { if (window.__streamlit) return;"
            " const parts = location.pathname.replace(/\\/+$/, '').split('/');"
            f" if ({names}.includes(parts[parts.length - 1])) parts.pop();"
            " window.__streamlit = {BACKEND_BASE_URL: location.origin + parts.join('/') + '/'}; })()</script>")


def is_page_route(path: str) -> bool:
    """A path Streamlit answers with its index.html (a page of the app), not an asset or an API."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return not any(part in f"{path}/" for part in RESERVED) and "." not in last


class PageHead:
    """ASGI middleware: put ``head_script(pages)`` before the </head> of every page Streamlit serves."""

    def __init__(self, app, pages: Sequence[str]) -> None:
        self.app = app
        self.snippet = head_script(pages).encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not is_page_route(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        # the page plain (no gzip) and as body messages (no path-send extension), so it can be rewritten
        extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
        scope = dict(scope, extensions=extensions,
                     headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
        start: dict = {}
        body: list[bytes] = []
        passing = False

        async def send_page(message) -> None:
            nonlocal passing
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                passing = (message.get("status") != 200 or b"content-encoding" in headers
                           or not headers.get(b"content-type", b"").startswith(b"text/html"))
                if passing:
                    await send(message)
                else:
                    start.update(message)
                return
            if passing or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            if HEAD_END in page:
                page = page.replace(HEAD_END, self.snippet + HEAD_END, 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, send_page)


CACHE_CONTROL = b"public, immutable, max-age=31536000"  # Streamlit's own for its hashed files: a year


async def respond(send, scope, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    """Answer a GET or HEAD request from memory: ``headers`` and the body's length (no body for HEAD)."""
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})


class StaticAssets:
    """ASGI middleware: Streamlit's hashed front-end files (``<static dir>/static/…``, ≈ 120 of them for a
    new visitor) answered from memory, each read from disk once, with Streamlit's own caching headers
    (immutable, a year). Streamlit streams every one from disk through a worker thread; on a loaded server
    that cost shows in every new visitor's wait. Only files that exist in that folder are served (the
    request path is looked up in the list made at start, never joined to a directory); ranges, other
    methods and every other path go to Streamlit."""

    def __init__(self, app, root: str | Path) -> None:
        self.app = app
        root = Path(root)
        self.files = {f"/{p.relative_to(root).as_posix()}": p for p in (root / "static").rglob("*") if p.is_file()}
        self.cache: dict[str, bytes] = {}

    def asset(self, path: str) -> str | None:
        """The asset a request path names, under any prefix (a base URL path, a proxy's), or None."""
        at = path.find("/static/")
        key = path[at:] if at >= 0 else ""
        return key if key in self.files else None

    async def __call__(self, scope, receive, send) -> None:
        key = self.asset(scope.get("path", "")) if scope["type"] == "http" else None
        headers = dict(scope.get("headers", [])) if key else {}
        if key is None or scope.get("method") not in ("GET", "HEAD") or b"range" in headers:
            await self.app(scope, receive, send)
            return
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = self.files[key].read_bytes()
        ctype = mimetypes.guess_type(key)[0] or "application/octet-stream"
        await respond(send, scope, 200, body, [(b"content-type", ctype.encode()), (b"cache-control", CACHE_CONTROL)])


class GeoJsonStore:
    """The maps' boundary GeoJSON, kept once per content and fetched by the browser from its URL: a figure
    then names its areas' shapes instead of carrying them (the 63 provinces are ≈ 265 kB of a 285 kB map),
    so a control change sends and parses a few kB, and plotly fetches each set of shapes once per page
    (then from the browser's cache: the URL is the digest of the content, so it never changes meaning).
    Bounded: the least recently used set goes first; pages put back what they draw (``keep``)."""

    PREFIX = "_geo/"  # relative URL: resolved against the page's own path, under any proxy prefix

    def __init__(self, max_entries: int = 256) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[str, tuple[bytes, bytes]] = OrderedDict()  # digest → (JSON, gzip of it)
        self.lock = threading.Lock()

    @staticmethod
    def encode(geojson: dict) -> tuple[str, bytes]:
        """(URL, body) of a GeoJSON object: compact JSON, named by the digest of its bytes."""
        body = json.dumps(geojson, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
        return f"{GeoJsonStore.PREFIX}{hashlib.sha256(body).hexdigest()[:24]}.json", body

    def keep(self, url: str, body: bytes) -> None:
        """Serve ``body`` at ``url`` (from encode()); cheap when it is already kept."""
        digest = self.digest(url)
        if digest is None:
            raise ValueError(f"not a GeoJSON URL of this store: {url!r}")
        with self.lock:
            if digest in self.entries:
                self.entries.move_to_end(digest)
                return
        packed = (body, gzip.compress(body, compresslevel=6, mtime=0))
        with self.lock:
            self.entries[digest] = packed
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def digest(self, path: str) -> str | None:
        """The digest a request path or URL names (``…/_geo/<digest>.json`` under any prefix), or None."""
        match = _GEO_PATH.search(path)
        return match.group(1) if match else None

    def get(self, path: str, gzipped: bool = False) -> bytes | None:
        """The body kept for a request path or URL, or None."""
        digest = self.digest(path)
        with self.lock:
            packed = self.entries.get(digest) if digest else None
            if packed is not None:
                self.entries.move_to_end(digest)
        return None if packed is None else packed[1 if gzipped else 0]


_GEO_PATH = re.compile(r"(?:^|/)_geo/([0-9a-f]{24})\.json$")
GEOJSON = GeoJsonStore()  # the process's store, shared by every session's map page and the middleware


class GeoJsonAssets:
    """ASGI middleware: answers ``…/_geo/<digest>.json`` from a GeoJsonStore (gzip when the browser takes it,
    cached a year: the digest names the content); a digest the store does not hold is a 404. Every other
    request goes to Streamlit."""

    def __init__(self, app, store: GeoJsonStore | None = None) -> None:
        self.app = app
        self.store = store or GEOJSON

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path or self.store.digest(path) is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        accepts = dict(scope.get("headers", [])).get(b"accept-encoding", b"")
        gzipped = b"gzip" in accepts
        body = self.store.get(path, gzipped=gzipped)
        if body is None:
            await respond(send, scope, 404, b"not found", [(b"content-type", b"text/plain")])
            return
        headers = [(b"content-type", b"application/json"), (b"cache-control", CACHE_CONTROL),
                   (b"vary", b"Accept-Encoding"), *([(b"content-encoding", b"gzip")] if gzipped else [])]
        await respond(send, scope, 200, body, headers)
