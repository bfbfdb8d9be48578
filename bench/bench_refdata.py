"""Reference data setup from the upstream files: download size and build time.

    python bench/bench_refdata.py [--mirror ../shared/upstream/mirror]

Serves the mirror of the raw-file host on 127.0.0.1 (as `ANTQ_UPSTREAM_URL` would), downloads the
upstream files into an empty folder (verified), then runs every processing step, timing each
(wall and CPU time: the machine is shared, CPU time is the steadier figure; wall ÷ CPU shows how
loaded it was). Baseline of the same run: setup copying the processed files from ../shared, what
it does when they are there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import config  # noqa: E402
from etl import refdata  # noqa: E402
from etl.reference import STEPS, Context  # noqa: E402
from etl.reference.manifest import load_manifest  # noqa: E402
from etl.reference.snapshot import fetch  # noqa: E402


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", type=Path, default=config.shared_dir() / "upstream" / "mirror")
    args = ap.parse_args()
    if not args.mirror.is_dir():
        sys.exit(f"{args.mirror}: no mirror of the upstream files")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(args.mirror)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    manifest = load_manifest()
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "upstream", Path(tmp) / "build"
        report, wall, cpu = _timed(lambda: fetch(manifest, raw, origin, log=lambda m: None))
        assert report.ok, report.failed
        print(f"download: {len(report.fetched)} files, {report.bytes_downloaded / 1e6:.1f} MB "
              f"({report.bytes_downloaded:,} bytes) from a local server in {wall:.1f} s (CPU {cpu:.1f} s, "
              "SHA-256 checks included)")
        print("| step | wall (s) | CPU (s) |")
        print("|---|---|---|")
        ctx = Context(raw, out, manifest, log=lambda m: None)
        total_wall = total_cpu = 0.0
        for step in STEPS:
            _, w, c = _timed(lambda s=step: __import__(f"etl.reference.{s}", fromlist=["run"]).run(ctx))
            total_wall, total_cpu = total_wall + w, total_cpu + c
            print(f"| {step} | {w:.1f} | {c:.1f} |")
        print(f"| **build, all steps** | **{total_wall:.1f}** | **{total_cpu:.1f}** |")
        sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}
        print("output: " + ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in sizes.items()))
        shared = config.shared_dir()
        if all(refdata.status(shared).values()):
            result, w, _ = _timed(lambda: refdata.setup(shared=shared, dest=Path(tmp) / "copy", log=lambda m: None))
            print(f"baseline, the same setup copying the processed files from {shared}: {w:.2f} s")
    server.shutdown()


if __name__ == "__main__":
    main()
