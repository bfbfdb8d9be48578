"""Source documents: data/sources.yaml plus every ``sources.yaml`` or ``<name>.sources.yaml`` under
the input folders (reviewed figures keep one file per source beside their Parquet file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from core.intake import bounds
from core.intake.bounds import Problem

SOURCE_FIELDS = ("source_id", "title", "title_en", "publisher", "published", "published_precision", "kind", "url",
                 "file", "note")
# How much of `published` is known: the day, the month (day 1 stands for it) or the year (1 January).
PRECISIONS = ("day", "month", "year")
# press: a newspaper or broadcaster's article; portal: a government or Front web portal's news;
# report: an official report or conference document; review: read on the page and not yet classified.
KINDS = ("press", "portal", "report", "news_article", "dataset", "sample", "review")
TEXT_FIELDS = ("source_id", "title", "title_en", "publisher", "published_precision", "kind", "url", "file", "note")


def _entry_problem(entry: dict) -> tuple[str, str] | None:
    """(field, reason) of the first field that is not what it should be, or None."""
    for f in TEXT_FIELDS:
        v = entry.get(f)
        if v is not None and not isinstance(v, str | int | float):
            return f, "must be text"
    published = entry.get("published")
    if published is not None and not isinstance(published, date):
        try:
            date.fromisoformat(str(published))
        except ValueError:
            return "published", f"'{str(published)[:40]}' is not a date (YYYY-MM-DD)"
    provinces = entry.get("provinces")
    if provinces is not None and (not isinstance(provinces, list)
                                  or not all(isinstance(p, str | int) for p in provinces)):
        return "provinces", "must be a list of province codes"
    if entry.get("kind", "report") not in KINDS:
        return "kind", f"kind must be one of {', '.join(KINDS)}"
    if entry.get("published_precision", "day") not in PRECISIONS:
        return "published_precision", f"published_precision must be one of {', '.join(PRECISIONS)}"
    return None


def read_sources(paths: list[tuple[Path, str]]) -> tuple[pd.DataFrame, list[Problem]]:
    """Every source declared in ``paths`` ((file, name shown in messages) pairs), read with the
    bounded YAML loader (core.intake.bounds), and the problems found (file, entry, field, reason)."""
    rows: list[dict] = []
    errors: list[Problem] = []
    seen: dict[str, str] = {}
    for path, shown in paths:
        try:
            doc = bounds.read_yaml(path, shown) or {}
        except bounds.FileRefused as exc:
            errors += exc.problems
            continue
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            reason = str(exc).replace(str(path), shown).splitlines()
            errors.append(Problem(shown, None, None, f"not a readable YAML file ({' '.join(reason)[:200]})"))
            continue
        entries = doc.get("sources") if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            errors.append(Problem(shown, None, "sources", "top level needs a 'sources' list"))
            continue
        for pos, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not entry.get("source_id") or not entry.get("title"):
                errors.append(Problem(shown, pos, "source_id", "each source needs source_id and title"))
                continue
            problem = _entry_problem(entry)
            if problem:
                errors.append(Problem(shown, pos, *problem))
                continue
            sid = str(entry["source_id"])
            if sid in seen:
                errors.append(Problem(shown, pos, "source_id", f"source '{sid}' is already declared in "
                                         f"{seen[sid]}"))
                continue
            seen[sid] = shown
            row = {f: (str(entry[f]) if entry.get(f) is not None else None) for f in SOURCE_FIELDS}
            row["kind"] = row["kind"] or "report"
            row["published_precision"] = (row["published_precision"] or "day") if row["published"] else None
            row["provinces"] = ",".join(str(p) for p in entry.get("provinces") or [])
            row["declared_in"] = shown
            rows.append(row)
    df = pd.DataFrame(rows, columns=[*SOURCE_FIELDS, "provinces", "declared_in"])
    df["published"] = pd.to_datetime(df["published"]).dt.date
    return df, errors


def source_files(dirs: list[Path]) -> list[Path]:
    """The source declarations of the input folders, in a stable order (hidden files skipped)."""
    found = {p for d in dirs if d.is_dir() for p in d.rglob("*sources.yaml")
             if p.name == "sources.yaml" or p.name.endswith(".sources.yaml")}
    return sorted(p for p in found if not p.name.startswith("."))
