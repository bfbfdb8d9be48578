"""Map figures: size of the figure JSON and server build time per level.

    python bench/bench_maps.py [--warehouse PATH] [--repeat N]

Per level it prints the one-off preparation of the shapes (read + join + simplify, cached
afterwards), then the median time to build the figure when only the indicator or the year
changes (values query + classification + figure, shapes from the cache) and the JSON size sent
to the browser. Budgets: whole-country district map ≤ 2.5 MB and ≤ 1.5 s; one province's
districts ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import geo, maps  # noqa: E402
from core.auth import User  # noqa: E402

LEVELS = [("provinces (63)", "provinces", None, 2020), ("districts (705)", "districts", None, 2020),
          ("districts of Nghệ An (21)", "province_districts", "40", 2020),
          ("districts of Kon Tum (10)", "province_districts", "62", 2020),
          ("provinces34 (34)", "provinces34", None, 2020), ("provinces 2025 (34)", "provinces", None, 2025)]
INDICATORS = ("campaign_launches", "community_meetings", "citizen_tips")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--warehouse", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print("| level | shapes prepared once (s) | figure build, warm (ms, median) | figure JSON (MB) | "
          "to_json (ms) |")
    print("|---|---|---|---|---|")
    for label, level, province, year in LEVELS:
        vintage, scope = maps.layer_for(level, year, province)
        geo.clear_caches()
        t0 = time.perf_counter()
        geo.load_shapes(vintage, scope)
        prep = time.perf_counter() - t0
        times, sizes, dumps = [], [], []
        for i in range(args.repeat):
            code = INDICATORS[i % len(INDICATORS)]
            t0 = time.perf_counter()
            fig, _ = maps.make_indicator_map(code, year - (i % 2), level, province, path=args.warehouse,
                                             user=User.command_line())
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            sizes.append(len(fig.to_json()))
            dumps.append(time.perf_counter() - t0)
        print(f"| {label} | {prep:.2f} | {statistics.median(times) * 1000:.0f} | {max(sizes) / 1e6:.2f} | "
              f"{statistics.median(dumps) * 1000:.0f} |")


if __name__ == "__main__":
    main()
