"""Concurrent visitors in real browsers: K visitors at once (Playwright's async API driving Debian
chromium) each open the comparison page, wait for its first chart, change one control (the
normalisation) and wait for the redraw. The same load runs against a bare Streamlit page with one
chart and one radio, in the same run, interleaved round by round, since client and server share
the machine's cores: the ratio is what counts. Then N sessions in sequence, to see whether the
server's memory comes back.

    python bench/bench_load.py [--levels 1 5 10 20] [--visits 20] [--sessions 200]

Prints, per level: p50/p95 time to first chart and to redraw for the dashboard and the bare page,
the ratio of the p95s, errors, the server's memory (RSS) per live session, and the CPU time one visit
costs the server and the browsers (all of chromium's processes: what the visitors' own machines do in a
real deployment, here on the same cores); then the memory before, during and after the sessions in
sequence.

Goals: at 10 concurrent visitors p95 first chart ≤ 1.5 × the bare page, no errors; ≤ 30 MB of
server memory per live session; memory back within 10 % of its start after the sessions end.
Results in bench/RESULTS.md under "Load".
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from bench.bench_pages import BARE, CHART, LINK  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop  # noqa: E402

#: disconnected sessions are kept this long for a reconnect (Streamlit's default is 120 s); shorter here so
#: that the run need not wait two minutes before memory can come back
SESSION_TTL = 10
GOTO_MS = 120_000  # a loaded machine: a navigation may take long; what counts is the time measured
REDRAW_SCRIPT = ("() => (document.querySelector('.js-plotly-plot .gtitle')?.textContent || '')"
                 ".includes('đợt/năm')")


@dataclass
class Round:
    first_ms: list[float] = field(default_factory=list)
    redraw_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mb_per_session: list[float] = field(default_factory=list)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process (MiB), from /proc."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    return kb / 1024


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().rsplit(")", 1)[1].split()  # fields from the state on (3rd field of proc(5))


def cpu_s(pid: int) -> float:
    """CPU time (user + system) a process has used, in seconds, from /proc."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_cpu_s(servers: tuple[int, ...]) -> float:
    """CPU time used so far by the browsers this process drives: every live process descending from it
    (Playwright's driver and chromium's processes) outside the servers', each with its waited-for children
    (a closed tab's renderer counts in its parent once it has exited)."""
    parent, used = {}, {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = _stat(int(entry.name))
            except OSError:  # exited meanwhile
                continue
            parent[int(entry.name)] = int(fields[1])
            used[int(entry.name)] = sum(int(f) for f in fields[11:15])
    me, total = os.getpid(), 0
    for pid, ticks in used.items():
        p = parent.get(pid)
        while p is not None and p != me and p not in servers and p != 0:
            p = parent.get(p)
        if p == me and pid not in servers:
            total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of the values; nan when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


async def visit(browser, url: str, out: Round, redraw: bool, ready: list, release: asyncio.Event | None) -> None:
    """One visitor: open the page, wait for the first chart, switch to "Bình quân mỗi năm", wait for the
    redrawn title; then keep the page (its server session) open until ``release`` is set."""
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await ctx.new_page()
        start = time.perf_counter()
        await page.goto(url, timeout=GOTO_MS)
        await page.wait_for_selector(CHART, timeout=90_000)
        out.first_ms.append((time.perf_counter() - start) * 1000)
        if redraw:
            start = time.perf_counter()
            await page.get_by_text("Bình quân mỗi năm", exact=True).click()
            await page.wait_for_function(REDRAW_SCRIPT, timeout=60_000)
            out.redraw_ms.append((time.perf_counter() - start) * 1000)
        boxes = await page.locator("[data-testid='stException']").count()
        if boxes:
            out.errors.append(f"exception box on {url}")
    except Exception as exc:  # noqa: BLE001 - every failure of a visitor is counted and shown
        out.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        ready.append(1)
        if release is not None:
            await release.wait()
        await ctx.close()


async def load_round(browser, url: str, k: int, pid: int, out: Round, servers: tuple[int, ...]) -> None:
    """K visitors at once; the server's memory is read while all K sessions are live."""
    idle, cpu, client = rss_mb(pid), cpu_s(pid), client_cpu_s(servers)
    ready: list = []
    release = asyncio.Event()
    tasks = [asyncio.create_task(visit(browser, url, out, True, ready, release)) for _ in range(k)]
    while len(ready) < k:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # the last redraw's messages settle
    out.mb_per_session.append((rss_mb(pid) - idle) / k)
    release.set()
    await asyncio.gather(*tasks)
    out.server_cpu_s += cpu_s(pid) - cpu
    out.client_cpu_s += client_cpu_s(servers) - client
    await asyncio.sleep(1.0)


async def sequence(browser, url: str, n: int, pid: int) -> tuple[list[tuple[int, float]], list[str]]:
    """n sessions one after the other: a tab opens the page, waits for the chart and closes (one browser
    context, so the front-end code comes from its cache: the server's side of a session is the same).
    Memory every n/4 sessions, and once the closed sessions have expired."""
    marks, errors = [(0, rss_mb(pid))], []
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    for i in range(1, n + 1):
        page = await ctx.new_page()
        try:
            await page.goto(url, timeout=GOTO_MS)
            await page.wait_for_selector(CHART, timeout=90_000)
        except Exception as exc:  # noqa: BLE001 - counted and shown
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        await page.close()
        if i % max(1, n // 4) == 0:
            marks.append((i, rss_mb(pid)))
            print(f"  {i} sessions in sequence: server RSS {marks[-1][1]:.0f} MiB", flush=True)
    await ctx.close()
    await asyncio.sleep(SESSION_TTL + 2)
    await visit(browser, url, Round(), False, [], None)  # a disconnect reaps the expired sessions
    await asyncio.sleep(SESSION_TTL + 2)
    marks.append((-1, rss_mb(pid)))
    return marks, errors


async def run(args, app_url: str, bare_url: str, app_pid: int, bare_pid: int) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in (app_url, bare_url):  # warm both servers (caches, first script run): not counted
            await visit(browser, url, Round(), True, [], None)
        start_mb = {"app": rss_mb(app_pid), "bare": rss_mb(bare_pid)}
        print(f"server memory after warm-up: dashboard {start_mb['app']:.0f} MiB, bare {start_mb['bare']:.0f} MiB; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("K = concurrent visitors; times in ms (p50 / p95); ratio = dashboard p95 / bare p95; "
              "MB/session = server RSS growth with K live sessions / K; server CPU = the server's CPU time per "
              "visit (page, chart, redraw), which no background load inflates much; browser CPU = the same for "
              "chromium's processes (and Playwright's driver)")
        print(f"{'K':>3} {'visits':>6} | {'first chart app':>16} {'bare':>12} {'ratio':>6} | "
              f"{'redraw app':>12} {'bare':>11} | {'errors':>6} | {'MB/session app':>14} {'bare':>5} | "
              f"{'server CPU ms app':>17} {'bare':>5} | {'browser CPU ms app':>18} {'bare':>5}")
        for k in args.levels:
            rounds = max(1, math.ceil(args.visits / k))
            app, bare = Round(), Round()
            servers = (app_pid, bare_pid)
            for _ in range(rounds):  # interleaved: background load hits both alike
                await load_round(browser, bare_url, k, bare_pid, bare, servers)
                await load_round(browser, app_url, k, app_pid, app, servers)
            ratio = pct(app.first_ms, 0.95) / pct(bare.first_ms, 0.95)
            print(f"{k:>3} {len(app.first_ms):>6} | {pct(app.first_ms, .5):>7.0f} / {pct(app.first_ms, .95):>6.0f} "
                  f"{pct(bare.first_ms, .5):>5.0f} / {pct(bare.first_ms, .95):>4.0f} {ratio:>6.2f} | "
                  f"{pct(app.redraw_ms, .5):>5.0f} / {pct(app.redraw_ms, .95):>4.0f} "
                  f"{pct(bare.redraw_ms, .5):>4.0f} / {pct(bare.redraw_ms, .95):>4.0f} | "
                  f"{len(app.errors):>2} / {len(bare.errors):<2} | {max(app.mb_per_session):>14.1f} "
                  f"{max(bare.mb_per_session):>5.1f} | {1000 * app.server_cpu_s / max(1, len(app.first_ms)):>17.0f} "
                  f"{1000 * bare.server_cpu_s / max(1, len(bare.first_ms)):>5.0f} | "
                  f"{1000 * app.client_cpu_s / max(1, len(app.first_ms)):>18.0f} "
                  f"{1000 * bare.client_cpu_s / max(1, len(bare.first_ms)):>5.0f}")
            for e in (app.errors + bare.errors)[:3]:
                print(f"    error: {e}")
        if args.sessions:
            marks, errors = await sequence(browser, app_url, args.sessions, app_pid)
            start, end = marks[0][1], marks[-1][1]
            shown = ", ".join(f"{'after' if i < 0 else i}: {mb:.0f}" for i, mb in marks)
            print(f"{args.sessions} sessions in sequence (dashboard, RSS MiB after n sessions): {shown}; "
                  f"after/before {end / start:.3f} (goal ≤ 1.10); errors {len(errors)}")
            for e in errors[:3]:
                print(f"    error: {e}")
        await browser.close()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 5, 10, 20])
    ap.add_argument("--visits", type=int, default=10, help="visits per level and page (rounds of K)")
    ap.add_argument("--sessions", type=int, default=200, help="sessions in sequence (0: skip)")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a timeout still stops the servers (finally)
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL)}
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        app_port, bare_port = free_port(), free_port()
        app = start_streamlit(app_port, env=env)
        bare_proc = start_streamlit(bare_port, env=env, script=bare)
        try:
            asyncio.run(run(args, f"http://127.0.0.1:{app_port}/{LINK}", f"http://127.0.0.1:{bare_port}/",
                            app.pid, bare_proc.pid))
        finally:
            stop(app)
            stop(bare_proc)


if __name__ == "__main__":
    main()
