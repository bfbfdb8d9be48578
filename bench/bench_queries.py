"""Page-query benchmark: p50 / p95 of EVERY query the pages run (core/sql, the build's intake/ aside), as
the pages run them (through core.warehouse.query: a read-only connection per query), on warehouses of
1M, 10M, 50M rows.

    python bench/bench_queries.py bench/out/warehouse_1000000.duckdb bench/out/warehouse_10000000.duckdb
        [--runs 20]

Build the warehouses first (bench/bench_etl.py leaves bench/out/warehouse_<N>.duckdb). Each
warehouse is answered by ONE child process, like one dashboard process; its peak memory (max RSS)
is printed with the latencies. Parameters are representative values chosen by parameter name
(PARAMS below); a query with a parameter not listed there stops the benchmark with its name.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from core.views import FIGURE_LIMIT  # noqa: E402 - the limit the pages really use

MAIN = ["campaign_launches", "campaign_participants", "models_new", "models_replicated", "mass_security_orgs",
        "self_mgmt_groups", "households_in_groups_pct", "citizen_tips", "offenders_reeducated",
        "offenders_progressed", "mediations", "mediations_successful", "safe_units_pct"]
#: Representative value of each bound parameter, by name (the default view: Nghệ An, the trio, 2013–2024).
PARAMS = {
    "measure": "coverage_pct", "level": "district", "vintage": "2024", "year": 2020, "name": "coverage",
    "indicator": "campaign_launches", "additive": True, "province": "40", "indicators": MAIN,
    "year_from": 2013, "year_to": 2024, "province_2025": "", "source": "", "sample": True,
    "limit": FIGURE_LIMIT, "old_codes": ["62", "11", "40"], "new_codes": [], "codes": ["62", "11", "40"],
    "all_detail": True, "detail_provinces": [],  # a national user (core.access.detail_params)
    "unit_codes": ["62", "11", "40"], "units": "63", "by_indicator": True, "by_year": False,
}
#: Extra variants of some queries (name → parameter overrides), e.g. the province layer of a map.
VARIANTS = {
    "map/indicator_year": [{"level": "province", "vintage": "63"}],
    "map/coverage_year": [{"level": "province", "vintage": "63"}],
    "pages/figures_sources": [{"province": ""}, {"province": "", "all_detail": False, "detail_provinces": ["40"]}],
}

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from core import warehouse
cases = json.loads(sys.argv[2]); runs = int(sys.argv[3]); path = Path(sys.argv[1])
out = []
for label, name, params in cases:
    warehouse.query(name, params, path)  # warm-up (first read of the file's blocks)
    times = []
    for _ in range(runs):
        t = time.perf_counter(); df = warehouse.query(name, params, path); times.append(time.perf_counter() - t)
    times.sort()
    out.append({"label": label, "rows": len(df), "p50": times[len(times) // 2],
                "p95": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]})
print("RESULT " + json.dumps({"results": out, "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def cases() -> list[tuple[str, str, dict]]:
    found = []
    for path in sorted((ROOT / "core" / "sql").rglob("*.sql")):
        name = path.relative_to(ROOT / "core" / "sql").with_suffix("").as_posix()
        if name.startswith("intake/"):  # the build's own statements (bench/bench_etl.py), not the pages'
            continue
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        wanted = sorted(set(re.findall(r"\$([a-z_][a-z0-9_]*)", text)))
        missing = [p for p in wanted if p not in PARAMS]
        if missing:
            raise SystemExit(f"{name}: no representative value for ${', $'.join(missing)} (add it to PARAMS)")
        params = {p: PARAMS[p] for p in wanted}
        found.append((name, name, params))
        for extra in VARIANTS.get(name, []):
            label = f"{name} ({', '.join(f'{a}={b!r}' for a, b in extra.items())})"
            found.append((label, name, {**params, **{a: b for a, b in extra.items() if a in params}}))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("warehouses", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    todo = cases()
    table: dict[str, dict[str, dict]] = {}
    memory = {}
    for wh in args.warehouses:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(wh), json.dumps(todo), str(args.runs)], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-3000:])
        res = json.loads(proc.stdout.rsplit("RESULT ", 1)[1])
        memory[wh.name] = res["maxrss_mib"]
        for r in res["results"]:
            table.setdefault(r["label"], {})[wh.name] = r
    names = [wh.name for wh in args.warehouses]
    print("| query | " + " | ".join(f"{n} p50 / p95 ms (rows)" for n in names) + " |")
    print("|---|" + "---:|" * len(names))
    for label, by in table.items():
        cells = [f"{by[n]['p50'] * 1000:.0f} / {by[n]['p95'] * 1000:.0f} ({by[n]['rows']})" for n in names]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| peak memory of the answering process (MiB) | "
          + " | ".join(f"{memory[n]:.0f}" for n in names) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
