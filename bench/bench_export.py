"""Slide export: time to export 10 images and one deck.

    python bench/bench_export.py [--warehouse PATH] [--skip-libreoffice]

Images: 10 views of the comparison Kon Tum / Điện Biên / Nghệ An (9 charts of the main indicators
+ 1 map of the 63 provinces) as PNG 1920×1080 through core.images — one kept chromium (cold: the
browser starts inside the measurement; warm: browser already open, image cache cleared). Baseline in
the same run: the naive way, one kaleido call per image, each starting its own chromium (what
``fig.write_image`` does without a kept server), measured on 2 images and scaled to 10. Goal: 10
images ≤ 10 s. Deck: build the .pptx of the 13 main indicators + the map (native charts, one
picture), then the .xlsx beside it; optionally LibreOffice's conversion of the deck to PDF. Page: the
script time of a comparison-page rerun with and without the deck buttons (nothing rendered on rerun).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import fonts, images, slides, warehouse  # noqa: E402
from core.auth import User  # noqa: E402

TRIO = ["62", "11", "40"]
MAP = {"source": "indicator", "code": "campaign_launches", "year": 2024, "level": "provinces", "lang": "vi"}


def clock(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def naive(fig) -> bytes:
    import kaleido

    return kaleido.calc_fig_sync(images.prepared(fig, images.ImageOptions()),
                                 opts={"format": "png", "width": images.WIDTH, "height": images.HEIGHT, "scale": 1.5},
                                 kopts={"path": images.chromium_path(), "mathjax": False},
                                 topojson=images.TOPOJSON_URL)


def page_rerun_ms(with_buttons: bool, runs: int = 15) -> float:
    """Median script time of a comparison-page rerun (4 charts), with or without the deck
    buttons and image menus under each chart (AppTest, same process)."""
    import statistics

    from streamlit.testing.v1 import AppTest

    from pages import _draw as _ui  # render_chart draws the actions under each chart

    real = _ui.render_chart_actions
    if not with_buttons:
        _ui.render_chart_actions = lambda spec, key=None: None
    try:
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages" / "compare.py"),
                               default_timeout=60)
        at.query_params.update({"indicators": "campaign_launches,models_new,citizen_tips,mediations"})
        at.run()
        at.run()
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000
    finally:
        _ui.render_chart_actions = real


BUTTONS_SCRIPT = """
import time, streamlit as st, pandas as pd
from core.charts import ChartSpec
from pages import _deck_ui
spec = ChartSpec(kind="column", title="Đợt phát động", unit="đợt", period="2024", source="S",
                 data=pd.DataFrame({"category": ["Kon Tum"], "series": "s", "value": [1.0], "label": ["1"]}))
t0 = time.perf_counter()
for n in range(20):
    _deck_ui.render_chart_actions(spec, key=f"c{n}")
st.session_state.setdefault("t", []).append((time.perf_counter() - t0) / 20)
"""


def buttons_ms_per_chart() -> float:
    """Script time of the deck buttons + image menu under one chart, measured inside the script."""
    import statistics

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(BUTTONS_SCRIPT, default_timeout=60)
    for _ in range(10):
        at.run()
    return statistics.median(at.session_state["t"][2:]) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--warehouse", type=Path, default=None)
    ap.add_argument("--skip-libreoffice", action="store_true")
    args = ap.parse_args()
    if args.warehouse:
        os.environ["ANTQ_WAREHOUSE"] = str(args.warehouse)
    fonts.register()

    t_items, items = clock(lambda: slides.compare_items(TRIO, user=User.command_line()))
    t_map, (map_fig, map_spec) = clock(lambda: images.make_map(MAP, user=User.command_line()))
    figs = [images.make_image_figure(i.spec) for i in items if not i.spec.data.dropna(subset=["value"]).empty][:9]
    figs.append(map_fig)
    opts = images.ImageOptions("1920x1080")
    assert len(figs) == 10

    t_base, _ = clock(lambda: [naive(f) for f in figs[:2]])
    t_cold, pngs = clock(lambda: images.render(figs, opts))
    images._cache.clear()
    t_warm, _ = clock(lambda: images.render(figs, opts))
    t_one, _ = clock(lambda: images.render([figs[0]], images.ImageOptions("1280x720")))

    deck_items = items + [slides.DeckItem(map_spec, MAP)]
    images._cache.clear()
    t_deck, deck = clock(lambda: slides.build_deck(deck_items, "Hội nghị sơ kết", "19/05/2023", "Công an tỉnh",
                                                     user=User.command_line()))
    t_xlsx, book = clock(lambda: slides.build_workbook(deck_items, "vi", warehouse.query("pages/sources")))
    t_lo = None
    if not args.skip_libreoffice and shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "deck.pptx"
            path.write_bytes(deck)
            env = {**fonts.env(), "HOME": tmp}
            t_lo, _ = clock(lambda: subprocess.run(
                ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
                 "--outdir", tmp, str(path)], env=env, check=True, capture_output=True, timeout=300))
    images.close()

    base10 = t_base / 2 * 10
    print(f"views prepared from the warehouse: {len(items)} charts in {t_items:.2f} s; map figure {t_map:.2f} s")
    print("| measure | seconds | note |")
    print("|---|---|---|")
    print(f"| 10 images, baseline: one chromium per image (2 measured × 5) | {base10:.1f} | "
          f"{t_base / 2:.2f} s per image |")
    print(f"| 10 images, one kept browser, cold (browser start included) | {t_cold:.1f} | "
          f"ratio to baseline {t_cold / base10:.2f}; goal ≤ 10 s |")
    print(f"| 10 images, browser already open | {t_warm:.1f} | ratio to baseline {t_warm / base10:.2f} |")
    print(f"| 1 image 1280×720, browser open | {t_one:.2f} | what a click on the page waits |")
    print(f"| deck: {len(deck_items)} views (native charts + 1 map picture) | {t_deck:.1f} | "
          f"{len(deck) / 1e6:.2f} MB .pptx |")
    print(f"| data workbook (.xlsx) | {t_xlsx:.2f} | {len(book) / 1e3:.0f} kB |")
    if t_lo is not None:
        print(f"| LibreOffice: deck → PDF | {t_lo:.1f} | projector PC without PowerPoint |")
    plain = [page_rerun_ms(False), page_rerun_ms(True), page_rerun_ms(False), page_rerun_ms(True)]
    off, on = min(plain[0], plain[2]), min(plain[1], plain[3])
    print(f"| comparison page rerun, 4 charts, without deck buttons (ms, AppTest median) | {off:.0f} | baseline |")
    print(f"| ... with 'Thêm vào bộ slide' + image menu under each chart (ms) | {on:.0f} | "
          f"ratio {on / off:.2f}; images are made only on click |")
    print(f"| deck buttons + image menu, script time per chart (ms, measured in the script) | "
          f"{buttons_ms_per_chart():.2f} | the AppTest difference above also counts the test harness |")
    print(f"PNG sizes: {min(map(len, pngs)) / 1e3:.0f}–{max(map(len, pngs)) / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
