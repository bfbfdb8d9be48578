"""Source documents: data/sources.yaml plus every ``sources.yaml`` or ``<name>.sources.yaml`` under
the input folders (reviewed figures keep one file per source beside their Parquet file)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from core import config
from etl.errors import InputError

SOURCE_FIELDS = ("source_id", "title", "title_en", "publisher", "published", "published_precision", "kind", "url",
                 "file", "note")
# How much of `published` is known: the day, the month (day 1 stands for it) or the year (1 January).
PRECISIONS = ("day", "month", "year")
# press: a newspaper or broadcaster's article; portal: a government or Front web portal's news;
# report: an official report or conference document; review: read on the page and not yet classified.
KINDS = ("press", "portal", "report", "news_article", "dataset", "sample", "review")


def read_sources(paths: list[Path]) -> tuple[pd.DataFrame, list[InputError]]:
    rows: list[dict] = []
    errors: list[InputError] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            doc = config.parse_yaml(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            errors.append(InputError(str(path), None, None, f"not a readable YAML file ({exc})"))
            continue
        entries = doc.get("sources") if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            errors.append(InputError(str(path), None, "sources", "top level needs a 'sources' list"))
            continue
        for pos, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not entry.get("source_id") or not entry.get("title"):
                errors.append(InputError(str(path), pos, "source_id", "each source needs source_id and title"))
                continue
            sid = str(entry["source_id"])
            if sid in seen:
                errors.append(InputError(str(path), pos, "source_id", f"source '{sid}' is already declared in "
                                         f"{seen[sid]}"))
                continue
            if entry.get("kind", "report") not in KINDS:
                errors.append(InputError(str(path), pos, "kind", f"kind must be one of {', '.join(KINDS)}"))
                continue
            if entry.get("published_precision", "day") not in PRECISIONS:
                errors.append(InputError(str(path), pos, "published_precision",
                                         f"published_precision must be one of {', '.join(PRECISIONS)}"))
                continue
            seen[sid] = str(path)
            row = {f: entry.get(f) for f in SOURCE_FIELDS}
            row["kind"] = row["kind"] or "report"
            row["published"] = str(row["published"]) if row["published"] else None
            row["published_precision"] = (row["published_precision"] or "day") if row["published"] else None
            row["provinces"] = ",".join(str(p) for p in entry.get("provinces") or [])
            row["declared_in"] = str(path)
            rows.append(row)
    df = pd.DataFrame(rows, columns=[*SOURCE_FIELDS, "provinces", "declared_in"])
    df["published"] = pd.to_datetime(df["published"]).dt.date
    return df, errors


def source_files(dirs: list[Path]) -> list[Path]:
    """The source declarations of the input folders, in a stable order (hidden files skipped)."""
    found = {p for d in dirs if d.is_dir() for p in d.rglob("*sources.yaml")
             if p.name == "sources.yaml" or p.name.endswith(".sources.yaml")}
    return sorted(p for p in found if not p.name.startswith("."))
