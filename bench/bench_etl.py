"""ETL benchmark: `python -m etl build` of N generated rows against DuckDB's own
`CREATE TABLE ... AS SELECT * FROM read_parquet(...)` of the same files, in the same run.

    python bench/bench_etl.py --rows 1000000 10000000 [--repeat 2] [--delete-after 50000000]

Generates the input with `python -m etl synth` under bench/out/ (git-ignored) when absent. Each
measurement runs in its own process; wall time, CPU time (user + system) and peak memory (max RSS,
from wait4) are taken for the whole process, Python start-up included, for both. Prints one Markdown
row per size; the fastest of --repeat runs counts (the machine is shared), and the CPU ratio (median
of each) tells how much more work the build does when other processes make the wall times vary.
Leaves bench/out/warehouse_<N>.duckdb for bench/bench_queries.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

CTAS = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE raw AS SELECT * FROM read_parquet($f)", {"f": sys.argv[2] + "/**/*.parquet"})
con.execute("CHECKPOINT")
print(con.execute("SELECT count(*) FROM raw").fetchall()[0][0])
con.close()
"""


def run(cmd: list[str]) -> tuple[float, str]:
    """(wall seconds, stdout) of one child process."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    return wall, proc.stdout


def run_measured(cmd: list[str]) -> tuple[float, float, float, str]:
    """Wall time, the child's own peak RSS (MiB, GNU time's %M), its CPU seconds (%U + %S) and its stdout."""
    rss_file = OUT / ".maxrss"
    wall, out = run(["/usr/bin/time", "-f", "%M %U %S", "-o", str(rss_file), *cmd])
    rss_kib, user, system = rss_file.read_text().strip().splitlines()[-1].split()
    return wall, int(rss_kib) / 1024, float(user) + float(system), out


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
               if ln.startswith("MemTotal"))
    import duckdb

    return (f"{os.cpu_count()} cores ({cpu}), {mem / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}, "
            f"DuckDB {duckdb.__version__}, {platform.system()} {platform.release()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--delete-after", type=int, nargs="*", default=[],
                    help="sizes whose generated Parquet files are deleted after measuring (disk is limited)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}")
    print("| rows | synth s | input MiB | CTAS s | CTAS peak MiB | build s | build peak MiB | build / CTAS "
          "| CTAS CPU s | build CPU s | CPU build / CTAS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.rows:
        data = OUT / f"synth_{n}"
        synth_s = float("nan")
        if not data.exists():
            synth_s, _ = run([sys.executable, "-m", "etl", "synth", "--rows", str(n), "--out", str(data)])
        size = sum(p.stat().st_size for p in data.rglob("*.parquet")) / 2**20
        ctas, build = [], []
        for _ in range(args.repeat):
            db = OUT / f"ctas_{n}.duckdb"
            db.unlink(missing_ok=True)
            wall, rss, cpu, out = run_measured([sys.executable, "-c", CTAS, str(db), str(data)])
            assert int(out.strip().splitlines()[-1]) == n, out[-300:]
            ctas.append((wall, rss, cpu))
            db.unlink(missing_ok=True)
            wh = OUT / f"warehouse_{n}.duckdb"
            wall, rss, cpu, out = run_measured([sys.executable, "-m", "etl", "build", "--input", str(data),
                                                "--out", str(wh)])
            build.append((wall, rss, cpu))
            print(f"  run: CTAS {ctas[-1][0]:.2f} s ({ctas[-1][2]:.2f} CPU s), build {wall:.2f} s ({cpu:.2f} CPU s) — "
                  f"{out.strip()}", file=sys.stderr)
        c, b = min(ctas), min(build)
        c_cpu, b_cpu = statistics.median(r[2] for r in ctas), statistics.median(r[2] for r in build)
        print(f"| {n:,} | {synth_s:.1f} | {size:.0f} | {c[0]:.2f} | {max(r[1] for r in ctas):.0f} | {b[0]:.2f} | "
              f"{max(r[1] for r in build):.0f} | {b[0] / c[0]:.2f} | {c_cpu:.2f} | {b_cpu:.2f} | {b_cpu / c_cpu:.2f} |",
              flush=True)
        if n in args.delete_after:
            shutil.rmtree(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
