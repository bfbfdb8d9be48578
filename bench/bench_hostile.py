"""Hostile inputs benchmark: time and peak memory of the worst small files, each read by the code
of a source tree in its own process under a memory limit and a timeout.

    python bench/bench_hostile.py [--tree PATH] [--limit-gb 8] [--timeout 300] [--cases NAME ...]

--tree is the source tree whose code reads the files (default: this checkout). To measure the code
of an older commit: `git archive <commit> | tar -x -C /tmp/antq-before` then --tree /tmp/antq-before.
The files are written under bench/out/hostile/ (git-ignored) by tests/hostile.py:

- ``yaml_laughs``: a sources.yaml "billion laughs" (10**9 strings through 100 aliases) beside one
  good input, built by `python -m etl build --input`;
- ``xlsx_dimension``: a 5 KB workbook declaring A1:XFD1048576 with one cell at row 99,000, built by
  `python -m etl build --input`; ``upload_xlsx``: the same file through the upload page's reader;
- ``parquet_string``: a 4 KB Parquet of 100,000 rows holding one 100,000-character string, built;
- ``docx_paragraphs``: a .docx of a million short paragraphs, read by the review page's reader;
- ``baseline``: a good one-row workbook built the same way: the floor of every build above (Python
  start-up, the register, the reference tables), so each case reads as a ratio to it.

Each run's wall time and peak RSS (wait4's ru_maxrss) are for the whole process, Python start-up
included. A run that reaches the address-space limit (RLIMIT_AS) or the timeout is reported as
"killed at N GB" / "killed at T s". Prints one Markdown row per case.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "hostile"
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402  (after the path set-up above)

BUILD = [sys.executable, "-m", "etl", "build", "--without-sample", "--no-default-inputs"]
UPLOAD = """
import sys
from pathlib import Path
from core.intake import uploads
path = Path(sys.argv[1])
try:
    df = uploads.read_upload(path.name, path.read_bytes())
    problems = uploads.validate_upload(path.name, df)
except uploads.UploadRefused as exc:
    print("refused:", str(exc).splitlines()[0])
else:
    print("accepted" if not problems else "refused: " + problems[0], len(df), "rows")
"""
REVIEW = """
import sys
from core.reader import ReadError, read_document, read_text
try:
    reading = read_text(read_document(sys.argv[1]))
except ReadError as exc:
    print("refused:", str(exc).splitlines()[0])
else:
    print("accepted", len(reading.candidates), "candidates")
"""


def write_files() -> dict[str, list[str]]:
    """The hostile files under OUT and, per case, the command that reads them."""
    OUT.mkdir(parents=True, exist_ok=True)
    for d in ("good", "yaml", "xlsx", "parquet"):
        for old in (OUT / d).glob("*") if (OUT / d).is_dir() else []:
            old.unlink()
        (OUT / d).mkdir(exist_ok=True)
    (OUT / "good" / "good.xlsx").write_bytes(hostile.xlsx([hostile.GOOD]))
    (OUT / "yaml" / "good.xlsx").write_bytes(hostile.xlsx([hostile.GOOD]))
    (OUT / "yaml" / "sources.yaml").write_text(hostile.billion_laughs_yaml(), encoding="utf-8")
    (OUT / "xlsx" / "declared.xlsx").write_bytes(hostile.xlsx_declared_dimension())
    (OUT / "parquet" / "repeated.parquet").write_bytes(hostile.parquet_repeated_string())
    (OUT / "paragraphs.docx").write_bytes(hostile.docx_paragraphs())
    return {
        "baseline": [*BUILD, "--input", str(OUT / "good")],
        "yaml_laughs": [*BUILD, "--input", str(OUT / "yaml")],
        "xlsx_dimension": [*BUILD, "--input", str(OUT / "xlsx")],
        "upload_xlsx": [sys.executable, "-c", UPLOAD, str(OUT / "xlsx" / "declared.xlsx")],
        "parquet_string": [*BUILD, "--input", str(OUT / "parquet")],
        "docx_paragraphs": [sys.executable, "-c", REVIEW, str(OUT / "paragraphs.docx")],
    }


def size_of(case: str) -> int:
    files = {"baseline": OUT / "good" / "good.xlsx", "yaml_laughs": OUT / "yaml" / "sources.yaml",
             "xlsx_dimension": OUT / "xlsx" / "declared.xlsx",
             "upload_xlsx": OUT / "xlsx" / "declared.xlsx", "parquet_string": OUT / "parquet" / "repeated.parquet",
             "docx_paragraphs": OUT / "paragraphs.docx"}
    return files[case].stat().st_size


def measure(cmd: list[str], tree: Path, limit_gb: float, timeout: float) -> dict:
    """Run ``cmd`` in ``tree`` under RLIMIT_AS and a timeout: outcome, seconds, peak MiB (wait4)."""
    limit = int(limit_gb * 2**30)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.setsid()

    with tempfile.TemporaryDirectory(prefix="antq-bench-") as tmp:
        env = {**os.environ, "PYTHONPATH": str(tree), "ANTQ_WAREHOUSE": str(Path(tmp) / "w.duckdb"),
               "ANTQ_REFDATA_DIR": os.environ.get("ANTQ_REFDATA_DIR", str(ROOT / ".refdata"))}
        cmd = [*cmd, "--out", str(Path(tmp) / "w.duckdb")] if "build" in cmd else cmd
        log = Path(tmp) / "log"
        with open(log, "w") as fh:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=tree, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                    preexec_fn=limits)
            timed_out = False
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() - started > timeout:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(proc.pid, 0)
                    break
                time.sleep(0.05)
            wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = log.read_text(errors="replace").strip()
    peak = usage.ru_maxrss / 1024
    last = [ln for ln in text.splitlines() if ln.strip()]
    oom = any(k in text for k in ("MemoryError", "out of memory", "Out of Memory", "std::bad_alloc",
                                  "Cannot allocate memory"))
    if timed_out:
        outcome = f"killed at {timeout:.0f} s"
    elif oom:
        outcome = f"killed at {limit_gb:g} GB (memory limit reached)"
    elif proc.returncode == 0 and "refused" not in text.lower():
        outcome = "accepted"
    elif "Traceback" in text:
        outcome = "traceback: " + (last[-1] if last else "")[:100]
    else:
        refusal = next((ln for ln in last if ln.startswith("  - ")), None) or next(
            (ln for ln in last if "refused" in ln.lower() or "error" in ln.lower()), "")
        outcome = "refused: " + refusal.strip().lstrip("- ").removeprefix("refused: ")[:160]
    return {"outcome": outcome, "seconds": wall, "peak_mib": peak, "rc": proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="source tree whose code reads the files")
    parser.add_argument("--limit-gb", type=float, default=8.0, help="address-space limit of each run (GiB)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a run is killed")
    parser.add_argument("--cases", nargs="*", default=None, help="only these cases")
    args = parser.parse_args()
    cases = write_files()
    print(f"tree: {args.tree.resolve()}; limit {args.limit_gb:g} GiB address space, timeout {args.timeout:.0f} s\n")
    print("| case | file | outcome | wall s | peak RSS MiB |")
    print("|---|---:|---|---:|---:|")
    for name, cmd in cases.items():
        if args.cases and name not in args.cases:
            continue
        res = measure(cmd, args.tree.resolve(), args.limit_gb, args.timeout)
        print(f"| {name} | {size_of(name) / 1024:.1f} KB | {res['outcome']} | {res['seconds']:.1f} | "
              f"{res['peak_mib']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
