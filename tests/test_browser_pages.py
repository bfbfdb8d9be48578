"""Real browser (Playwright + Debian's chromium): a comparison link opens its chart. The
screenshot is saved in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core import config

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LINK = ("compare?lang=vi&units=63&provinces=62,11,40,87&indicators=campaign_launches,citizen_tips"
        "&period=all&norm=per_year&chart=bars")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(port: int, env: dict | None = None, script: Path | None = None) -> subprocess.Popen:
    """`streamlit run dashboard.py` on 127.0.0.1:port, usage stats off; waits until it answers."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(script or config.ROOT / "dashboard.py"), "--server.address",
           "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.headless", "true"]
    proc = subprocess.Popen(cmd, cwd=config.ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("streamlit did not start within 60 s")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)  # its own session: only the server we started
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.browser
def test_comparison_link_opens_its_chart(warehouse):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")  # .ci/run installs it
    port = free_port()
    proc = start_streamlit(port, {"ANTQ_WAREHOUSE": str(warehouse)})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/{LINK}")
            page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)
            page.wait_for_timeout(1500)
            title = page.locator(".js-plotly-plot .gtitle").first.text_content()
            assert "Đợt phát động phong trào" in title
            assert "Kon Tum" in page.content() and "Đồng Tháp" in page.content()
            assert "đợt/năm" in page.content()  # converted per year, and says so
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "compare_link.png"), full_page=True)
            assert "provinces=62%2C11%2C40%2C87" in page.url or "provinces=62,11,40,87" in page.url
            browser.close()
    finally:
        stop(proc)
