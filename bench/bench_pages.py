"""Time to the first chart in a real browser (Playwright + Debian chromium) for a new and a
returning visitor of the comparison page, next to a bare Streamlit page with one plotly chart
measured in the same run; and the time a widget change takes to redraw the chart.

    python bench/bench_pages.py [--runs 5]

Goals: new visitor ≤ 1.2× the bare page, returning visitor ≤ 1.5×, widget rerun ≤ 300 ms.
Prints the figures; copy them into bench/RESULTS.md under "## Pages".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop  # noqa: E402

BARE = '''
import plotly.express as px
import streamlit as st
st.title("Bare")
unit = st.radio("Quy đổi", ["Như báo cáo", "Bình quân mỗi năm"], horizontal=True)
title = "Đơn vị tính: đợt/năm" if unit == "Bình quân mỗi năm" else "Đơn vị tính: đợt"
st.plotly_chart(px.bar(x=["Kon Tum", "Điện Biên", "Nghệ An"], y=[2053, 1845, 16375], title=title))
'''
LINK = "compare?provinces=62,11,40&indicators=campaign_launches&norm=reported&chart=bars"
CHART = ".js-plotly-plot .barlayer .point"


def first_chart_ms(browser, url: str, context=None) -> float:
    ctx = context or browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(CHART, timeout=60_000)
    ms = (time.perf_counter() - start) * 1000
    page.close()
    if context is None:
        ctx.close()
    return ms


def rerun_ms(browser, url: str) -> list[float]:
    """Click a normalisation option and wait until the chart says so; back and forth."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector(CHART, timeout=60_000)
    out = []
    for label, unit in [("Bình quân mỗi năm", "đợt/năm"), ("Như báo cáo", "Đơn vị tính: đợt<")] * 3:
        start = time.perf_counter()
        page.get_by_text(label, exact=True).click()
        if unit.endswith("<"):
            page.wait_for_function("() => { const t = document.querySelector('.js-plotly-plot .gtitle');"
                                   " return t && !t.textContent.includes('đợt/năm'); }", timeout=30_000)
        else:
            page.wait_for_function(f"() => (document.querySelector('.js-plotly-plot .gtitle')?.textContent || '')"
                                   f".includes('{unit}')", timeout=30_000)
        out.append((time.perf_counter() - start) * 1000)
    ctx.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE, encoding="utf-8")
        app_port, bare_port = free_port(), free_port()
        app = start_streamlit(app_port)
        bare_proc = start_streamlit(bare_port, script=bare)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                app_url, bare_url = f"http://127.0.0.1:{app_port}/{LINK}", f"http://127.0.0.1:{bare_port}/"
                first_chart_ms(browser, app_url)  # warm the servers (not counted)
                first_chart_ms(browser, bare_url)
                # interleaved pairs (bare, app) so that background load hits both alike; the ratio is the
                # median of the pairs' ratios
                new = [(first_chart_ms(browser, bare_url), first_chart_ms(browser, app_url)) for _ in range(args.runs)]
                ctxs = {u: browser.new_context(viewport={"width": 1400, "height": 1000}) for u in (bare_url, app_url)}
                for u, c in ctxs.items():
                    first_chart_ms(browser, u, c)  # the visit that fills the browser cache
                back = [(first_chart_ms(browser, bare_url, ctxs[bare_url]),
                         first_chart_ms(browser, app_url, ctxs[app_url])) for _ in range(args.runs)]
                for c in ctxs.values():
                    c.close()
                res = {"bare_new": statistics.median(b for b, _ in new),
                       "app_new": statistics.median(a for _, a in new),
                       "ratio_new": statistics.median(a / b for b, a in new),
                       "bare_back": statistics.median(b for b, _ in back),
                       "app_back": statistics.median(a for _, a in back),
                       "ratio_back": statistics.median(a / b for b, a in back)}
                reruns = rerun_ms(browser, app_url)
                bare_reruns = rerun_ms(browser, bare_url)
                browser.close()
        finally:
            stop(app)
            stop(bare_proc)
    print(f"time to first chart, new visitor:       app {res['app_new']:.0f} ms, bare {res['bare_new']:.0f} ms, "
          f"ratio {res['ratio_new']:.3f} (median of {args.runs} interleaved pairs; goal ≤ 1.2)")
    print(f"time to first chart, returning visitor: app {res['app_back']:.0f} ms, bare {res['bare_back']:.0f} ms, "
          f"ratio {res['ratio_back']:.3f} (median of {args.runs} interleaved pairs; goal ≤ 1.5)")
    print(f"widget change → chart redrawn (median of {len(reruns)}): {statistics.median(reruns):.0f} ms "
          f"(max {max(reruns):.0f}; goal ≤ 300); bare page, same change: {statistics.median(bare_reruns):.0f} ms")


if __name__ == "__main__":
    main()
