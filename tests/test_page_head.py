"""How the dashboard is served (core.serving): Streamlit's page gets the script that tells its front end
where the server is (assets, APIs and compressed answers pass through unchanged), and Streamlit's
front-end files are answered from memory, only those, byte for byte; the maps' shapes are answered at the
URL their figure names (the digest of their content), and a figure sent to the page names them."""

import asyncio
import gzip
import json
from concurrent.futures import ThreadPoolExecutor

from core import serving

PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"


def _serve(path: str, body: bytes, content_type: bytes = b"text/html", encoding: bytes | None = None,
           chunks: int = 1, status: int = 200):
    """Run a request through PageHead around an app answering ``body``; returns what the inner app saw
    and the messages sent to the client."""
    seen, sent = {}, []

    async def inner(scope, receive, send):
        seen.update(scope)
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        if encoding:
            headers.append((b"content-encoding", encoding))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        step = max(1, len(body) // chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)] or [b""]
        for n, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": n < len(parts) - 1})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", b"gzip"), (b"host", b"x")],
             "extensions": {"http.response.pathsend": {}}}
    middleware = serving.PageHead(inner, pages=["overview", "compare"])
    with ThreadPoolExecutor(1) as pool:  # its own event loop (a browser test's may be running in this thread)
        pool.submit(asyncio.run, middleware(scope, receive, send)).result()
    return seen, sent


def _answer(sent):
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return dict(start["headers"]), body


def test_a_page_gets_the_head_script_plain_and_with_its_new_length():
    for path in ("/", "/compare", "/prefix/compare/", "/overview"):
        seen, sent = _serve(path, PAGE, chunks=3)
        headers, body = _answer(sent)
        assert body.count(b"BACKEND_BASE_URL") == 1 and body.index(b"BACKEND_BASE_URL") < body.index(b"</head>")
        assert int(headers[b"content-length"]) == len(body)
        assert b"accept-encoding" not in dict(seen["headers"])  # asked for plain, so it can be rewritten
        assert "http.response.pathsend" not in seen["extensions"]
        assert b'["compare", "overview"]' in body  # the page names it strips from a deep link's path


def test_assets_apis_and_compressed_or_failed_answers_pass_unchanged():
    for path, ctype in (("/static/js/index.js", b"application/javascript"), ("/_stcore/health", b"text/html"),
                        ("/compare/_stcore/health", b"text/html"), ("/favicon.png", b"image/png"),
                        ("/media/abc.html", b"text/html")):
        seen, sent = _serve(path, PAGE, content_type=ctype)
        assert _answer(sent)[1] == PAGE, path
        assert dict(seen["headers"])[b"accept-encoding"] == b"gzip", path
    zipped = gzip.compress(PAGE)
    _, sent = _serve("/compare", zipped, encoding=b"gzip")
    assert _answer(sent)[1] == zipped
    _, sent = _serve("/compare", b"<html><head></head></html>", status=404)
    assert _answer(sent)[1] == b"<html><head></head></html>"
    _, sent = _serve("/compare", b"{}", content_type=b"application/json")
    assert _answer(sent)[1] == b"{}"


def test_the_dashboard_serves_every_page_through_the_head():
    """`streamlit run dashboard.py` serves the st.App named ``app``, which carries PageHead for every
    page in PAGES."""
    import importlib

    dashboard = importlib.import_module("dashboard")
    layer = next(m for m in dashboard.app._user_middleware if m.cls is serving.PageHead)
    assert sorted(layer.kwargs["pages"]) == sorted(url for _, url, *_ in dashboard.PAGES)
    assets = next(m for m in dashboard.app._user_middleware if m.cls is serving.StaticAssets)
    assert (assets.kwargs["root"] / "index.html").is_file()  # Streamlit's own front end


def _through(middleware, path: str, method: str = "GET", headers=()):
    """A request through ``middleware(inner app)`` whose inner app answers 404; returns (inner app called,
    messages sent to the client)."""
    called, sent = [], []

    async def inner(scope, receive, send):
        called.append(scope["path"])
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": method, "path": path, "headers": [(b"host", b"x"), *headers]}
    with ThreadPoolExecutor(1) as pool:  # its own event loop (a browser test's may be running in this thread)
        pool.submit(asyncio.run, middleware(inner)(scope, receive, send)).result()
    return called, sent


def _assets(tmp_path, path: str, method: str = "GET", headers=()):
    """A request through StaticAssets over a small front-end folder; returns (inner app called, sent)."""
    (tmp_path / "static" / "js").mkdir(parents=True, exist_ok=True)
    (tmp_path / "static" / "js" / "index.abc.js").write_bytes(b"export const a = 1;\n" * 100)
    (tmp_path / "index.html").write_bytes(PAGE)
    return _through(lambda inner: serving.StaticAssets(inner, root=tmp_path), path, method, headers)


def test_front_end_files_come_from_memory_byte_for_byte_with_their_caching(tmp_path):
    for path in ("/static/js/index.abc.js", "/antq/static/js/index.abc.js"):  # also under a base URL path
        called, sent = _assets(tmp_path, path)
        headers, body = _answer(sent)
        assert not called and sent[0]["status"] == 200
        assert body == (tmp_path / "static/js/index.abc.js").read_bytes()
        assert int(headers[b"content-length"]) == len(body) and b"javascript" in headers[b"content-type"]
        assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    called, sent = _assets(tmp_path, "/static/js/index.abc.js", method="HEAD")
    assert not called and _answer(sent)[1] == b"" and int(_answer(sent)[0][b"content-length"]) > 0


def test_anything_else_goes_to_streamlit(tmp_path):
    for path, method, headers in (("/static/js/other.js", "GET", ()),  # not a file of the folder
                                  ("/static/../index.html", "GET", ()), ("/static/js/../../index.html", "GET", ()),
                                  ("/index.html", "GET", ()), ("/compare", "GET", ()),
                                  ("/static/js/index.abc.js", "POST", ()),
                                  ("/static/js/index.abc.js", "GET", ((b"range", b"bytes=0-10"),))):
        called, _ = _assets(tmp_path, path, method, headers)
        assert called == [path], (path, method)



SHAPES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "40", "properties": {"name": "Nghệ An"},
     "geometry": {"type": "Polygon", "coordinates": [[[104.0, 19.0], [105.0, 19.0], [105.0, 20.0], [104.0, 19.0]]]}}]}


def _geo(store, path: str, method: str = "GET", gzipped: bool = True):
    """A request through GeoJsonAssets; returns (inner app called, sent)."""
    headers = [(b"accept-encoding", b"gzip, br")] if gzipped else []
    return _through(lambda inner: serving.GeoJsonAssets(inner, store=store), path, method, headers)


def test_shapes_are_answered_at_the_url_of_their_content_under_any_prefix():
    store = serving.GeoJsonStore()
    url, body = store.encode(SHAPES)
    assert url.startswith("_geo/") and json.loads(body) == SHAPES
    assert store.encode(json.loads(body))[0] == url  # same content, same URL
    assert store.encode({**SHAPES, "features": []})[0] != url
    store.keep(url, body)
    for path in (f"/{url}", f"/antq/{url}", f"/map/{url}"):  # resolved against a page's path, a proxy's prefix
        called, sent = _geo(store, path)
        headers, got = _answer(sent)
        assert not called and sent[0]["status"] == 200
        assert gzip.decompress(got) == body and headers[b"content-encoding"] == b"gzip"
        assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    _, sent = _geo(store, f"/{url}", gzipped=False)
    assert _answer(sent)[1] == body and b"content-encoding" not in _answer(sent)[0]
    _, sent = _geo(store, f"/{url}", method="HEAD")
    assert _answer(sent)[1] == b"" and int(_answer(sent)[0][b"content-length"]) > 0


def test_unknown_shapes_are_a_404_and_other_paths_go_to_streamlit():
    store = serving.GeoJsonStore(max_entries=2)
    urls = [store.encode({**SHAPES, "n": n}) for n in range(3)]
    for url, body in urls:
        store.keep(url, body)
    _, sent = _geo(store, f"/{urls[0][0]}")  # the least recently used one went
    assert sent[0]["status"] == 404
    assert _answer(_geo(store, f"/{urls[2][0]}")[1])[1]
    for path, method in (("/_geo/../index.html", "GET"), (f"/{urls[2][0]}x", "GET"), ("/_geo/ABC.json", "GET"),
                         (f"/{urls[2][0]}", "POST"), ("/map", "GET")):
        called, _ = _geo(store, path, method)
        assert called == [path], (path, method)
    try:
        store.keep("/etc/passwd", b"")
    except ValueError:
        pass
    else:
        raise AssertionError("a path that is not a shapes URL was kept")


def test_the_map_figure_names_its_shapes_and_the_dashboard_answers_them():
    import plotly.graph_objects as go

    import dashboard
    from pages import _map_ui

    fig = go.Figure([go.Choropleth(geojson=SHAPES, locations=["40"], z=[1], featureidkey="id"),
                     go.Scattergeo(lon=[104.5], lat=[19.5])])
    bodies = _map_ui.shapes_by_url(fig)
    (url, body), = bodies.items()
    assert fig.data[0].geojson == url and json.loads(body) == SHAPES
    assert "104.0" not in fig.to_json() and fig.data[1].lon == (104.5,)  # shapes named, not carried
    assert any(m.cls is serving.GeoJsonAssets for m in dashboard.app._user_middleware)


def test_figures_are_serialised_with_the_standard_json_engine():
    """st.plotly_chart serialises with plotly's default engine; orjson, when installed, is several times
    slower on a map's figure (pages/_draw sets the engine for every page)."""
    import plotly.io as pio

    import pages._draw  # noqa: F401

    assert pio.json.config.default_engine == "json"
