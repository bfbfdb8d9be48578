"""Real-browser helpers: `streamlit run dashboard.py` on a free loopback port (stopped by PID)
and Playwright driving Debian's chromium. Nothing is downloaded: no `playwright install`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from core import config

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(port: int, env: dict | None = None, script: Path | None = None,
                    args: list[str] | None = None) -> subprocess.Popen:
    """`streamlit run dashboard.py` on 127.0.0.1:port, usage stats off; waits until it answers.
    ``args``: more options, e.g. ["--secrets.files", path] for sign-in."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(script or config.ROOT / "dashboard.py"), "--server.address",
           "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.headless", "true", *(args or [])]
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


def no_exceptions(page) -> None:
    """The page shows no Streamlit exception box."""
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


def wait_until_idle(page, timeout: int = 120_000) -> None:
    """Wait until the app has finished its current run (Streamlit's 'running' indicator is gone)."""
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidgetRunningIcon']\")",
                           timeout=timeout)
