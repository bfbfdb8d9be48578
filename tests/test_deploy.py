"""Replicas behind nginx (deploy/): the launcher starts one builder, two replicas and nginx on
127.0.0.1; pages open through the proxy in chromium; a rebuild published by the builder is served
by both replicas without restarting them or dropping their sessions; with one replica stopped, new
visitors still get pages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import sync_playwright

from core import config
from core.intake import uploads
from deploy import launch
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port
from tests.conftest import GOOD_ROW, write_input

pytestmark = pytest.mark.deploy


def require_nginx() -> str:
    binary = launch.nginx_binary()
    if binary:
        return binary
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed: .ci/run installs Debian's nginx")
    pytest.skip("nginx is not installed (Debian: apt-get install nginx)")


def test_site_config_has_websocket_upgrade_stickiness_and_the_upload_limit(tmp_path):
    site = launch.site_config(["127.0.0.1:8601", "127.0.0.1:8602"], 8080)
    assert "server 127.0.0.1:8601 max_fails=" in site and "server 127.0.0.1:8602 max_fails=" in site
    assert "hash $antq_route consistent;" in site
    stream = site[site.index("location = /_stcore/stream"):]
    assert "proxy_read_timeout 1d;" in stream.split("}")[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in site and "proxy_set_header Connection $antq_connection;" in site
    assert f"client_max_body_size {uploads.MAX_BYTES // 2**20 + 1}m;" in site
    assert "{{" not in site
    binary = require_nginx()
    conf = launch.write_standalone(tmp_path, ["127.0.0.1:8601", "127.0.0.1:8602"], free_port())
    check = subprocess.run([binary, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_builder_publishes_on_new_input_and_keeps_the_warehouse_on_refused_input(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "pub" / "warehouse.duckdb"
    write_input(inputs, [GOOD_ROW])
    builder = launch.Builder(out, [inputs], with_sample=False, work=tmp_path / "work")
    (tmp_path / "work").mkdir()
    assert builder.stale()
    assert builder.build()
    assert not builder.stale()
    first = build_id(out)
    write_input(inputs, [dict(GOOD_ROW, value=-5.0)], name="bad.parquet")
    assert builder.stale()
    assert builder.build() is False
    assert build_id(out) == first, "a refused build leaves the published warehouse as it was"
    assert not builder.stale(), "a refused input is not rebuilt until the inputs change again"
    (inputs / "bad.parquet").unlink()
    assert builder.stale() and builder.build()
    assert build_id(out) != first
    assert not list(out.parent.glob(".*publish")), "no temporary file left beside the published one"


def build_id(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT value FROM build_info WHERE key = 'build_id'").fetchone()[0]
    finally:
        con.close()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def get(url: str, cookie: str | None = None) -> int:
    req = urllib.request.Request(url, headers={"Cookie": f"antq_route={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()
            return r.status
    except OSError:
        return 0


@pytest.fixture
def served(tmp_path):
    require_nginx()
    inputs = tmp_path / "in"
    write_input(inputs, [GOOD_ROW])
    prefix, warehouse = tmp_path / "run", tmp_path / "pub" / "warehouse.duckdb"
    listen, ports = free_port(), [free_port(), free_port()]
    cmd = [sys.executable, "-m", "deploy.launch", "serve", "--ports", ",".join(map(str, ports)),
           "--listen", str(listen), "--prefix", str(prefix), "--warehouse", str(warehouse), "--input", str(inputs),
           "--watch", "1", "--without-sample", "--no-restart"]
    log = open(tmp_path / "launch.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=config.ROOT, env={**os.environ, "PYTHONPATH": str(config.ROOT)},
                            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        wait_for(lambda: (prefix / "state.json").exists() and get(f"http://127.0.0.1:{listen}/_stcore/health") == 200,
                 180, "the launcher to serve")
        state = json.loads((prefix / "state.json").read_text())
        yield {"base": f"http://127.0.0.1:{listen}", "prefix": prefix, "warehouse": warehouse, "inputs": inputs,
               "replicas": {int(p): pid for p, pid in state["replicas"].items()}, "log": tmp_path / "launch.log"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def route_cookies(base: str, prefix: Path, ports: list[int]) -> dict[int, str]:
    """A routing cookie value per replica, found by asking nginx (its access log names the upstream)."""
    found: dict[int, str] = {}
    for i in range(64):
        cookie = f"probe{i}"
        assert get(f"{base}/", cookie) == 200
        line = wait_for(lambda c=cookie: next((x for x in (prefix / "access.log").read_text().splitlines()
                                                if f"route={c} " in x), None), 10, "the access log")
        port = int(line.rsplit(":", 1)[1])
        found.setdefault(port, cookie)
        if len(found) == len(ports):
            return found
    raise AssertionError(f"64 cookies all went to {sorted(found)}")


def caption(build: str, lang: str = "vi") -> str:
    return f"bản {build}" if lang == "vi" else f"build {build}"


def test_two_replicas_serve_a_published_rebuild_and_survive_one_stopping(served):
    # in a thread of its own: Playwright's sync API refuses a thread where an earlier test left an asyncio loop
    with ThreadPoolExecutor(1) as pool:
        pool.submit(check_replicas, served).result()


def check_replicas(served) -> None:
    base, ports = served["base"], sorted(served["replicas"])
    cookies = route_cookies(base, served["prefix"], ports)
    old = build_id(served["warehouse"])
    closed: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def visitor(port: int | None):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            if port is not None:
                ctx.add_cookies([{"name": "antq_route", "value": cookies[port], "url": base}])
            page = ctx.new_page()
            page.on("websocket", lambda ws: ws.on("close", lambda w: closed.append(w.url)))
            page.goto(f"{base}/")  # the overview
            return ctx, page

        # one open session on each replica, showing the first build
        sessions = {port: visitor(port) for port in ports}
        for _, page in sessions.values():
            page.get_by_text(caption(old)).wait_for(timeout=90_000)
            assert page.locator("[data-testid='stException']").count() == 0

        # the builder publishes a rebuild when an input arrives
        write_input(served["inputs"], [dict(GOOD_ROW, unit_code="40", value=77.0)], name="more.parquet")
        new = wait_for(lambda: (b := build_id(served["warehouse"])) != old and b, 120, "the builder to publish")
        published = time.monotonic()

        # open sessions: the next rerun reads the new build, on the same websocket (no reload, no new session)
        reruns = []
        for _, page in sessions.values():
            page.locator("[data-testid='stRadio']").first.wait_for(timeout=120_000)
            start = time.monotonic()
            page.get_by_text("English", exact=True).click()
            page.get_by_text(caption(new, "en")).wait_for(timeout=30_000)
            reruns.append(time.monotonic() - start)
        # new visitors of each replica get the new build
        for port in ports:
            ctx, page = visitor(port)
            page.get_by_text(caption(new)).wait_for(timeout=90_000)
            ctx.close()
        assert not closed, f"websockets closed during the rebuild: {closed}"
        print(f"build {new}: open sessions showed it {', '.join(f'{s:.1f}' for s in reruns)} s after a click; "
              f"new visitors of both replicas got it; {time.monotonic() - published:.0f} s in all")

        # one replica stops: new visitors, and visitors whose cookie names it, still get pages
        stopped = ports[0]
        os.killpg(served["replicas"][stopped], signal.SIGTERM)
        wait_for(lambda: not launch.healthy("127.0.0.1", stopped), 30, "the replica to stop")
        for port in (stopped, None, None, None):
            ctx, page = visitor(port)
            page.get_by_text(caption(new)).wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            ctx.close()
        for ctx, _ in sessions.values():
            ctx.close()
        browser.close()
