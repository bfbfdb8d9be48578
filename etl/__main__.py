"""Command line: python -m etl {setup,build,synth} ..."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from etl.errors import BuildFailed, OutRefused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Warehouse of the ANTQ movement dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate the inputs and write the warehouse atomically")
    b.add_argument("--input", action="append", type=Path, default=[],
                   help="extra folder (searched recursively) or file of Parquet/CSV/Excel inputs; repeatable")
    b.add_argument("--out", type=Path, default=None, help="warehouse file (default data/warehouse.duckdb)")
    b.add_argument("--without-sample", action="store_true", help="real data only, no sample rows")
    b.add_argument("--no-default-inputs", action="store_true", help="skip data/input (only --input)")
    se = sub.add_parser("setup", help="fill the git-ignored reference data folder: copy ../shared when present, "
                        "else download the public upstream files (~83 MB) and build it")
    se.add_argument("--force", action="store_true", help="rebuild even when the folder is complete")
    se.add_argument("--from-upstream", action="store_true",
                    help="build from the upstream files even when ../shared (ANTQ_SHARED_DIR) has the data")
    sy = sub.add_parser("synth", help="write N synthetic observation rows (Parquet, by year) for benchmarks")
    sy.add_argument("--rows", type=int, required=True, help="number of rows (up to 50 million and more)")
    sy.add_argument("--out", type=Path, required=True, help="empty folder to write into")
    rr = sub.add_parser("read-report", help="read figures out of a report (.txt/.docx/.pdf) as candidates for review")
    rr.add_argument("file", type=Path, help="the report: UTF-8 text, .docx or .pdf")
    rr.add_argument("--province", default=None, help="GSO code of the province (or district, commune) the report "
                    "is about, used when the text does not name it")
    rr.add_argument("--out", type=Path, required=True, help="candidates file ending in .csv or .parquet")
    rr.add_argument("--source-id", default=None, help="source id for the rows (default: review_<file name>)")
    rr.add_argument("--published", default=None, help="date of the text (its publication), 2023-08-16 or 16/08/2023; "
                    "replaces the date read from the text (periods end there)")
    rv = sub.add_parser("review", help="store a reviewed text's figures: FOLDER holds source.yaml, text.txt, "
                        "candidates.csv and decisions.csv (see core/reader/decisions.py)")
    rv.add_argument("folder", type=Path, nargs="+", help="review folder(s)")
    rq = sub.add_parser("reader-quality", help="the reader's precision and recall from the stored review logs")
    rq.add_argument("--logs", type=Path, default=None, help="folder of review logs (default data/reviews)")
    rq.add_argument("--texts", type=Path, default=None,
                    help="review folders holding text.txt and source.yaml: also score today's reader on them "
                    "(given each source's province and publication date)")
    rq.add_argument("--text-only", action="store_true",
                    help="with --texts: give the reader only the province, not the publication date")
    args = parser.parse_args(argv)

    if args.command == "review":
        from core.intake.reviewed import ReviewRefused
        from core.reader.decisions import DecisionError, review_folder

        failed = 0
        for folder in args.folder:
            try:
                print("\n".join(review_folder(folder)))
            except (DecisionError, ReviewRefused) as exc:
                failed += 1
                print(f"{folder}: refused, nothing written:", file=sys.stderr)
                print("\n".join(f"  {p}" for p in exc.problems), file=sys.stderr)
        return 2 if failed else 0

    if args.command == "reader-quality":
        from core.reader.quality import print_quality

        return print_quality(args.logs, args.texts, with_dates=not args.text_only)

    if args.command == "read-report":
        from core.reader.output import ReadError, read_report

        try:
            lines = read_report(args.file, args.out, province=args.province, source_id=args.source_id,
                                published=args.published)
        except (ReadError, ValueError, OSError) as exc:
            print(f"read-report refused: {exc}", file=sys.stderr)
            return 2
        print("\n".join(lines))
        return 0

    if args.command == "synth":
        from etl import synth

        try:
            files = synth.write(args.rows, args.out)
        except (ValueError, FileExistsError) as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"{args.rows:,} rows in {len(files)} Parquet file(s) under {args.out}")
        return 0

    if args.command == "setup":
        from etl import refdata

        result = refdata.setup(force=args.force, use_shared=not args.from_upstream, log=lambda m: print(m, flush=True))
        print("\n".join(result.lines), file=sys.stdout if result.ok else sys.stderr)
        if result.ok and result.how != "ready":
            print(f"reference data {result.how} in {result.seconds:.1f} s"
                  + (f" ({result.bytes_downloaded / 1e6:.1f} MB downloaded)" if result.bytes_downloaded else ""))
        return 0 if result.ok else 1
    from etl import build

    try:
        report = build.run(inputs=args.input, out=args.out, with_sample=not args.without_sample,
                           include_default_inputs=not args.no_default_inputs)
    except BuildFailed as exc:
        print(exc.message(), file=sys.stderr)
        return 2
    except OutRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def run(argv: list[str] | None = None) -> int:
    """main() with one clear line instead of a traceback for what main() does not foresee (a full
    disk, DuckDB out of memory...); ANTQ_DEBUG=1 shows the traceback."""
    try:
        return main(argv)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("ANTQ_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        print(f"error: {type(exc).__name__}: {first} (nothing was written; ANTQ_DEBUG=1 shows the details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(run())
