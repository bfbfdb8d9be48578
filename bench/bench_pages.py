"""Time to the first chart in a real browser (Playwright + Debian chromium) for a new and a returning
visitor of four dashboard pages at their default URLs, next to a bare Streamlit page with one plotly bar
chart measured in the same run; and the time a widget change takes to redraw each page's chart.

    python bench/bench_pages.py [--rounds 7] [--pages / /compare /districts /map] [--json out.json]

Both servers run (`streamlit run dashboard.py` and the bare page). Each round, for each page, the bare
page and the dashboard page are measured one after the other (the order alternates between rounds): a new
browser context opens the page and waits until the first plotly chart is drawn (the new visitor), then
opens it again in the same context (the returning visitor). A page's ratio is the median of the rounds'
ratios app / bare. Rerun: on an open page, a control that changes the chart is switched back and forth;
the time runs from the click on the option to the chart drawn with its new data (median and max of 6).
A page that times out or fails is reported as an error in its row; the other pages are still measured.
With /map, a third server holds a bare page drawing one plotly map of the same boundaries, measured in the
same rounds: the map page is also compared with it (what a map costs in the framework, whatever the page).

Goals: new visitor ≤ 1.2× the bare page, returning visitor ≤ 1.5×, widget rerun ≤ 300 ms.
Prints one table; copy it into bench/RESULTS.md under "## Pages".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from core.i18n import t  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, start_streamlit, stop, wait_until_idle  # noqa: E402

BARE = '''
import plotly.express as px
import streamlit as st
st.title("Bare")
unit = st.radio("Quy đổi", ["Như báo cáo", "Bình quân mỗi năm"], horizontal=True)
title = "Đơn vị tính: đợt/năm" if unit == "Bình quân mỗi năm" else "Đơn vị tính: đợt"
st.plotly_chart(px.bar(x=["Kon Tum", "Điện Biên", "Nghệ An"], y=[2053, 1845, 16375], title=title))
'''
# The framework's own floor for a map: one plotly choropleth of the boundaries the map page opens on (the 63
# provinces, simplified as the page draws them) drawn as the page draws it (SVG geo subplot, no base layer, plotly's
# topojson inline), a radio that recolours it. Measured with /map in the same rounds, so the map page is also
# compared with a bare page drawing the same map.
BARE_MAP = '''
import sys
sys.path.insert(0, {root!r})
import numpy as np
import plotly.graph_objects as go
import streamlit as st
from core import geo, maps

shapes = st.cache_resource(geo.load_shapes)("63", "country")
st.title("Bare map")
unit = st.radio("Quy đổi", ["Như báo cáo", "Bình quân mỗi năm"], horizontal=True)
z = np.arange(len(shapes.units)) % (5 if unit == "Như báo cáo" else 3)
fig = go.Figure(go.Choropleth(geojson=shapes.geojson, locations=shapes.units["code"], featureidkey="id", z=z))
fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator")
fig.update_layout(width=760, height=900, title=unit)
st.plotly_chart(fig, width="content", config=maps.PLOT_CONFIG)
'''
# bench/bench_load.py loads this deep link with many browsers at once and waits for a drawn bar
LINK = "compare?provinces=62,11,40&indicators=campaign_launches&norm=reported&chart=bars"
CHART = ".js-plotly-plot .barlayer .point"
VIEWPORT = {"width": 1400, "height": 1000}
GOALS = {"new": 1.2, "returning": 1.5, "rerun_ms": 300.0}
RERUNS = 6  # control changes per page (back and forth)

# A plotly chart is drawn, per kind of chart (JS predicates run on every animation frame):
# bars: the `.js-plotly-plot` is visible and holds a drawn bar (`.barlayer .point`);
# map: the `.js-plotly-plot` is visible and its geo subplot has drawn the choropleth's areas (SVG paths).
# A visit waits for the page's first chart; a rerun waits until the charts' data or title changed and one chart
# is drawn (a normalisation may leave one of several charts empty).
CHART_JS = """
window.__benchChart = (kind, gd) => {
  if (!gd || !gd.offsetParent || !gd._fullData || !gd._fullData.length) return false;
  if (kind === 'bars') return !!gd.querySelector('.barlayer .point');
  return !!gd.querySelector('.geolayer .choroplethlocation');
};
// what every chart of the page shows: title and the traces' data (not the geojson, too big to compare)
window.__benchSignature = () => [...document.querySelectorAll('.js-plotly-plot')].map(gd => JSON.stringify([
  gd.layout && gd.layout.title,
  (gd.data || []).map(d => [d.type, d.x, d.y, d.z, d.text, d.locations, d.marker && d.marker.color, d.colorscale])
])).join('|');
"""
_JS = CHART_JS.strip()
DRAWN = "(kind) => { " + _JS + "; return window.__benchChart(kind, document.querySelector('.js-plotly-plot')); }"
CHANGED = ("([kind, before]) => { " + _JS + "; const s = window.__benchSignature(); "
           "return !!s && s !== before && [...document.querySelectorAll('.js-plotly-plot')]"
           ".some(gd => window.__benchChart(kind, gd)); }")
SIGNATURE = "() => { " + _JS + "; return window.__benchSignature(); }"
CHART_TEXT = {"bars": "first `.js-plotly-plot` visible with a drawn bar (`.barlayer .point`)",
              "map": "first `.js-plotly-plot` visible whose geo subplot has drawn its areas (`.choroplethlocation`)"}


@dataclass(frozen=True)
class Control:
    """A widget found by its label; switching to ``options[0]`` and back to ``options[1]`` changes the chart."""

    kind: str  # "radio" or "select"
    label: str
    options: tuple[str, str]
    box: str | None = None  # label of the closed box that holds the widget, opened first

    def describe(self) -> str:
        where = f" in the box “{self.box}”" if self.box else ""
        return f"{self.kind} “{self.label}”{where}: “{self.options[0]}” ↔ “{self.options[1]}”"


@dataclass(frozen=True)
class Target:
    path: str  # URL path of the page, "/" for the default page
    chart: str  # a key of CHART_TEXT
    control: Control


NORM = Control("radio", t("w_norm"), (t("norm_per_year"), t("norm_reported")))
PAGES = {
    "/": Target("/", "bars", Control("select", t("w_scope"), ("Nghệ An", t("whole_country")))),
    "/compare": Target("/compare", "bars", NORM),
    "/districts": Target("/districts", "bars", NORM),
    "/map": Target("/map", "map", Control("select", t("map_method"),
                                          (t("map_method_equal"), t("map_method_quantiles")),
                                          box=t("map_display_box"))),
}
BARE_PAGE = Target("/", "bars", Control("radio", "Quy đổi", ("Bình quân mỗi năm", "Như báo cáo")))
BARE_MAP_PAGE = Target("/", "map", BARE_PAGE.control)


def _problem(page, exc: Exception) -> str:
    """The error's first line, with what the page shows in an exception or alert box (e.g. a stale warehouse)."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    try:
        box = page.locator("[data-testid='stException'], [data-testid='stAlert']").first
        if box.count():
            msg += f" — page shows: {box.inner_text(timeout=2000).strip()[:200]!r}"
    except PlaywrightError:
        pass
    return msg


class PageFailed(Exception):
    pass


def visit_ms(ctx, url: str, target: Target, timeout_ms: int) -> float:
    """Open ``url`` in a new tab of ``ctx``; ms from navigation to the first chart drawn."""
    page = ctx.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, timeout=timeout_ms)
        page.wait_for_function(DRAWN, arg=target.chart, timeout=timeout_ms)
        return (time.perf_counter() - start) * 1000
    except PlaywrightError as exc:
        raise PageFailed(_problem(page, exc)) from exc
    finally:
        page.close()


def visitor_ms(browser, url: str, target: Target, timeout_ms: int) -> tuple[float, float]:
    """A new visitor (fresh context) and then a returning one (same context: cache and cookies kept)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        return visit_ms(ctx, url, target, timeout_ms), visit_ms(ctx, url, target, timeout_ms)
    finally:
        ctx.close()


def _switch(page, control: Control, option: str, timeout_ms: int) -> float:
    """Pick ``option`` of ``control``; returns perf_counter() taken just before the click that changes it."""
    if control.kind == "radio":
        label = page.get_by_text(control.label, exact=True)
        choice = page.locator("[data-testid='stRadio']").filter(has=label).get_by_text(option, exact=True)
        choice.wait_for(timeout=timeout_ms)
    else:
        box = page.get_by_role("combobox", name=control.label, exact=True)  # Streamlit's selectbox input
        box.click(timeout=timeout_ms)
        box.fill(option, timeout=timeout_ms)  # filters the list down to the option
        choice = page.get_by_role("option", name=option, exact=True)
        choice.wait_for(timeout=timeout_ms)
    start = time.perf_counter()
    choice.click(timeout=timeout_ms)
    return start


def rerun_ms(browser, url: str, target: Target, timeout_ms: int) -> list[float]:
    """Switch the page's control back and forth; ms from the click to the chart drawn with new data."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    try:
        page.goto(url, timeout=timeout_ms)
        page.wait_for_function(DRAWN, arg=target.chart, timeout=timeout_ms)
        wait_until_idle(page, timeout=timeout_ms)
        if target.control.box:  # open the box and let its widgets come before the first change
            page.get_by_text(target.control.box, exact=True).click(timeout=timeout_ms)
            wait_until_idle(page, timeout=timeout_ms)
        out = []
        for n in range(RERUNS):
            before = page.evaluate(SIGNATURE)
            start = _switch(page, target.control, target.control.options[n % 2], timeout_ms)
            page.wait_for_function(CHANGED, arg=[target.chart, before], timeout=timeout_ms)
            out.append((time.perf_counter() - start) * 1000)
            wait_until_idle(page, timeout=timeout_ms)  # the next change starts from a finished run
        return out
    except PlaywrightError as exc:
        raise PageFailed(_problem(page, exc)) from exc
    finally:
        ctx.close()


def _summary(app: list[float], bare: list[float], ratios: list[float], goal: float) -> dict:
    if not ratios:
        return {"app_ms": app, "bare_ms": bare, "ratios": ratios}
    ratio = statistics.median(ratios)
    return {"app_ms": app, "bare_ms": bare, "ratios": ratios, "app_median_ms": statistics.median(app),
            "bare_median_ms": statistics.median(bare), "ratio": ratio, "goal": goal, "met": ratio <= goal}


def measure(browser, app_base: str, bare_base: str, paths: list[str], rounds: int, timeout_ms: int,
            bare_map_base: str | None = None) -> dict:
    bare_url = bare_base + "/"
    res = {p: {"url": p, "chart": CHART_TEXT[PAGES[p].chart], "control": PAGES[p].control.describe(),
               "errors": [], "pairs": []} for p in paths}

    def runs_of(p: str) -> list[tuple[str, str, Target]]:
        runs = [("bare", bare_url, BARE_PAGE), ("app", app_base + p, PAGES[p])]
        if bare_map_base and PAGES[p].chart == "map":
            runs.insert(1, ("bare_map", bare_map_base + "/", BARE_MAP_PAGE))
        return runs

    for p in paths:  # warm the servers and the page's code paths (not counted)
        for who, url, target in runs_of(p):
            try:
                visitor_ms(browser, url, target, timeout_ms)
            except PageFailed as exc:
                res[p]["errors"].append(f"warm-up, {who}: {exc}")
    unusable = [f"{p} {e}" for p in paths for e in res[p]["errors"]]
    if unusable:  # e.g. a warehouse built by other code: say so now, not after every round has failed
        raise SystemExit("a page did not draw in the warm-up; nothing measured:\n  " + "\n  ".join(unusable))
    for r in range(rounds):
        for p in paths:
            runs = runs_of(p)
            got = {}
            for who, url, target in runs if r % 2 == 0 else runs[::-1]:
                try:
                    got[who] = visitor_ms(browser, url, target, timeout_ms)
                except PageFailed as exc:
                    res[p]["errors"].append(f"round {r + 1}, {who}: {exc}")
            if len(got) == len(runs):
                res[p]["pairs"].append(got)
            print(f"  round {r + 1}/{rounds} {p}: " + (", ".join(
                f"{who} {new:.0f}/{back:.0f} ms" for who, (new, back) in sorted(got.items())) or "failed"),
                file=sys.stderr, flush=True)
    for p in paths:
        pairs = res[p].pop("pairs")
        for i, key in enumerate(("new", "returning")):
            res[p][key] = _summary([x["app"][i] for x in pairs], [x["bare"][i] for x in pairs],
                                   [x["app"][i] / x["bare"][i] for x in pairs], GOALS[key])
            if pairs and "bare_map" in pairs[0]:
                res[p].setdefault("vs_bare_map", {})[key] = _summary(
                    [x["app"][i] for x in pairs], [x["bare_map"][i] for x in pairs],
                    [x["app"][i] / x["bare_map"][i] for x in pairs], GOALS[key])
        res[p]["rounds_measured"] = len(pairs)
        try:
            res[p]["rerun_ms"] = rerun_ms(browser, app_base + p, PAGES[p], timeout_ms)
        except PageFailed as exc:
            res[p]["rerun_ms"] = []
            res[p]["errors"].append(f"rerun: {exc}")
    bare = {"url": "bare page", "control": BARE_PAGE.control.describe(), "errors": []}
    try:
        bare["rerun_ms"] = rerun_ms(browser, bare_url, BARE_PAGE, timeout_ms)
    except PageFailed as exc:
        bare["rerun_ms"] = []
        bare["errors"].append(f"rerun: {exc}")
    out = {"pages": res, "bare": bare}
    if bare_map_base and any(PAGES[p].chart == "map" for p in paths):
        bare_map = {"url": "bare map page", "control": BARE_MAP_PAGE.control.describe(), "errors": []}
        try:
            bare_map["rerun_ms"] = rerun_ms(browser, bare_map_base + "/", BARE_MAP_PAGE, timeout_ms)
        except PageFailed as exc:
            bare_map["rerun_ms"] = []
            bare_map["errors"].append(f"rerun: {exc}")
        out["bare_map"] = bare_map
    return out


def _cell(s: dict) -> str:
    if "ratio" not in s:
        return "error"
    return f"{s['app_median_ms']:.0f} / {s['bare_median_ms']:.0f} / {s['ratio']:.3f}"


def _rerun_cell(ms: list[float]) -> str:
    return f"{statistics.median(ms):.0f} ({max(ms):.0f})" if ms else "error"


def _goals(row: dict) -> str:
    def verdict(ok: bool | None) -> str:
        return "—" if ok is None else ("met" if ok else "not met")

    ms = row["rerun_ms"]
    return " / ".join([verdict(row["new"].get("met")), verdict(row["returning"].get("met")),
                       verdict(statistics.median(ms) <= GOALS["rerun_ms"] if ms else None)])


def render(out: dict, rounds: int) -> str:
    lines = [f"{rounds} interleaved rounds; ratio = median of the rounds' ratios app / bare; rerun: median (max) "
             f"of {RERUNS} control changes",
             "",
             "| page | new visitor app ms / bare ms / ratio | returning visitor app ms / bare ms / ratio "
             "| rerun median ms (max) | goals (≤ 1.2× / ≤ 1.5× / ≤ 300 ms) |",
             "|---|---|---|---|---|"]
    for p, row in out["pages"].items():
        lines.append(f"| {p} | {_cell(row['new'])} | {_cell(row['returning'])} | {_rerun_cell(row['rerun_ms'])} "
                     f"| {_goals(row)} |")
    lines.append(f"| bare page (reference) | — | — | {_rerun_cell(out['bare']['rerun_ms'])} | — |")
    if "bare_map" in out:
        lines += ["", "Map pages against the bare one-map page (same boundaries, same rounds):", "",
                  "| page | new visitor app ms / bare map ms / ratio | returning visitor app ms / bare map ms / ratio "
                  "| rerun median ms (max) |", "|---|---|---|---|"]
        for p, row in out["pages"].items():
            if "vs_bare_map" in row:
                lines.append(f"| {p} | {_cell(row['vs_bare_map']['new'])} | {_cell(row['vs_bare_map']['returning'])} "
                             f"| {_rerun_cell(row['rerun_ms'])} |")
        lines.append(f"| bare map page (reference) | — | — | {_rerun_cell(out['bare_map']['rerun_ms'])} |")
    lines += ["", "first chart drawn / control switched:"]
    for p, row in out["pages"].items():
        lines.append(f"- {p}: {row['chart']}; {row['control']} (rounds measured: {row['rounds_measured']})")
    lines.append(f"- bare page: {CHART_TEXT['bars']}; {out['bare']['control']}")
    refs = [("bare page", out["bare"])] + ([("bare map page", out["bare_map"])] if "bare_map" in out else [])
    errors = [(p, e) for p, row in [*out["pages"].items(), *refs] for e in row["errors"]]
    if errors:
        lines += ["", "errors:"] + [f"- {p}: {e}" for p, e in errors]
    return "\n".join(lines)


def _page_path(text: str) -> str:
    path = "/" + text.strip("/")
    if path not in PAGES:
        raise argparse.ArgumentTypeError(f"unknown page {text!r}; choose from {', '.join(PAGES)}")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    ap.add_argument("--pages", nargs="+", type=_page_path, default=list(PAGES),
                    help=f"pages to measure (default all: {' '.join(PAGES)})")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--timeout", type=float, default=60, help="seconds a page may take before it is an error")
    args = ap.parse_args()
    paths = list(dict.fromkeys(args.pages))
    timeout_ms = int(args.timeout * 1000)
    load = os.getloadavg()
    maps = any(PAGES[p].chart == "map" for p in paths)
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as servers:
        bare, bare_map = Path(tmp) / "bare.py", Path(tmp) / "bare_map.py"
        bare.write_text(BARE, encoding="utf-8")
        bare_map.write_text(BARE_MAP.format(root=str(ROOT)), encoding="utf-8")
        app_port, bare_port, map_port = free_port(), free_port(), free_port()
        for port, script in [(app_port, None), (bare_port, bare), *([(map_port, bare_map)] if maps else [])]:
            servers.callback(stop, start_streamlit(port, script=script))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                out = measure(browser, f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}",
                              paths, args.rounds, timeout_ms, f"http://127.0.0.1:{map_port}" if maps else None)
            finally:
                browser.close()
    out.update(rounds=args.rounds, reruns=RERUNS, goals=GOALS, load_average_before=load,
               load_average_after=os.getloadavg(), measured_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    print(f"load average before / after: {load[0]:.1f} / {out['load_average_after'][0]:.1f} "
          f"({os.cpu_count()} cores)")
    print(render(out, args.rounds))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
