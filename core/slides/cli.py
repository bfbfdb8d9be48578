"""Command line: batch decks from the warehouse.

    python -m core.slides --provinces 62,11,40 [--indicators CODES] [--title TEXT] --out deck.pptx

compares those provinces on the main indicators of the catalogue (same honest grouping as the
comparison page: core.compare.make_specs) and writes deck.xlsx beside it unless --no-excel.
Bad values are refused with one line and exit code 2; files are never half-written."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from core import fmt
from core.auth import User
from core.i18n import t
from core.slides.deck import build_deck
from core.slides.items import compare_items
from core.slides.workbook import build_workbook


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: never a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class UsageError(ValueError):
    """A bad command-line value (printed as one line, exit code 2)."""


def _parse_date(text: str) -> str:
    try:
        return fmt.day(date(*reversed([int(p) for p in text.split("/")])))
    except (TypeError, ValueError):
        raise UsageError(f"--date {text!r}: expected dd/mm/yyyy") from None


def _check(args) -> tuple[list[str], list[str] | None, Path]:
    from core import config, views
    from core.catalogue import load_catalogue
    from core.urlstate import MAX_PROVINCES

    codes = [c.strip() for c in args.provinces.split(",") if c.strip()]
    known = set(views.provinces(args.units).index)
    bad = [c for c in codes if c not in known]
    if bad:
        raise UsageError(f"--provinces: unknown province code(s) {', '.join(bad)} for the {args.units} provinces "
                         f"(e.g. 62 Kon Tum, 11 Điện Biên, 40 Nghệ An)")
    if not codes or len(codes) > MAX_PROVINCES:
        raise UsageError(f"--provinces: give 1 to {MAX_PROVINCES} province codes")
    indicators = None
    if args.indicators:
        indicators = [c.strip() for c in args.indicators.split(",") if c.strip()]
        codes_known = set(load_catalogue().codes)
        bad = [c for c in indicators if c not in codes_known]
        if bad:
            raise UsageError(f"--indicators: unknown indicator code(s) {', '.join(bad)} "
                             f"(see data/indicators.yaml)")
    wh = config.warehouse_path()
    if not wh.is_file():
        raise UsageError(f"warehouse {wh} not found: run `python -m etl build` first (or set ANTQ_WAREHOUSE)")
    out = Path(args.out)
    if out.suffix.lower() != ".pptx":
        raise UsageError(f"--out {out}: the file name must end in .pptx")
    if out.is_dir() or not out.parent.is_dir() or not os.access(out.parent, os.W_OK) or (
            out.exists() and not os.access(out, os.W_OK)):
        raise UsageError(f"--out {out}: cannot write there (folder missing or not writable)")
    if args.date:
        args.date = _parse_date(args.date)
    return codes, indicators, out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m core.slides",
                                description="Build a conference deck (.pptx, plus .xlsx of its data) comparing "
                                            "provinces on the main indicators.")
    p.add_argument("--provinces", required=True, help="province codes, comma-separated (e.g. 62,11,40)")
    p.add_argument("--indicators", help="indicator codes, comma-separated (default: the main indicators)")
    p.add_argument("--title", help="conference title (title slide)")
    p.add_argument("--date", help="date on the title slide, dd/mm/yyyy (default: today)")
    p.add_argument("--organiser", default="", help="organising unit (title slide)")
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    p.add_argument("--units", choices=("63", "34"), default="63", help="63 old provinces or 34 new ones")
    p.add_argument("--chart", choices=("bars", "lines", "multiples"), default="bars")
    p.add_argument("--norm", choices=("reported", "per_year", "per_1000_pop", "per_1000_hh", "per_commune"),
                   default="per_year", help="per_year (default) puts yearly figures and multi-year totals "
                   "converted per year on one axis, with a note; reported keeps each figure as printed")
    p.add_argument("--sample", action="store_true", help="a deck of sample data (for demonstrations) instead "
                   "of real figures; a deck never mixes the two")
    p.add_argument("--out", required=True, help="the .pptx to write")
    p.add_argument("--no-excel", action="store_true", help="do not write the .xlsx beside the deck")
    args = p.parse_args(argv)
    try:
        codes, indicators, out = _check(args)
        items = compare_items(codes, indicators, args.lang, args.units, args.chart, args.norm, sample=args.sample,
                              user=User.command_line())
        title = args.title or t("deck_default_title", args.lang)
        deck = build_deck(items, title, args.date or fmt.day(date.today()), args.organiser, args.lang,
                          user=User.command_line())
        write_atomic(out, deck)
        if not args.no_excel:
            from core import warehouse

            write_atomic(out.with_suffix(".xlsx"), build_workbook(items, args.lang,
                                                                  warehouse.query("pages/sources")))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    extra = "" if args.no_excel else f" and {out.with_suffix('.xlsx')}"
    print(f"wrote {out} ({len(items)} views){extra}")
    return 0

