"""Paths and settings, overridable through environment variables."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
INPUT_DIR = DATA_DIR / "input"
SQL_DIR = Path(__file__).resolve().parent / "sql"

CATALOGUE_PATH = DATA_DIR / "indicators.yaml"
SOURCES_PATH = DATA_DIR / "sources.yaml"
UNIT_CHANGES_PATH = DATA_DIR / "unit_changes.yaml"

#: Date the 2025 reform took effect: 34 provinces, no districts.
REFORM_DATE = "2025-07-01"

#: Source files whose content decides what a build writes: a warehouse records their digest and is
#: read only by the same code (core.warehouse.code_version).
BUILD_CODE = ("etl/**/*.py", "etl/**/*.sql", "core/intake/**/*.py", "core/sql/intake/**/*.sql",
              "core/semantics/*.py")  # the semantic layer makes the warehouse's macros


def warehouse_path() -> Path:
    """The DuckDB file the dashboard reads (``ANTQ_WAREHOUSE`` overrides)."""
    return Path(os.environ.get("ANTQ_WAREHOUSE", DATA_DIR / "warehouse.duckdb"))


def refdata_dir() -> Path:
    """Git-ignored folder holding boundaries (geo/) and census figures (reference/).

    Filled by ``python -m etl setup``; ``ANTQ_REFDATA_DIR`` overrides the place.
    """
    return Path(os.environ.get("ANTQ_REFDATA_DIR", ROOT / ".refdata"))


def shared_dir() -> Path:
    """The workplace's shared material (``ANTQ_SHARED_DIR`` overrides; default ../shared)."""
    return Path(os.environ.get("ANTQ_SHARED_DIR", ROOT.parent / "shared"))


def parse_yaml(text_or_stream, name: str = "YAML"):
    """YAML through the safe loader (libyaml when PyYAML has it), refused beyond small bounds on
    size, nesting and alias expansion (core.intake.parse_yaml: no "billion laughs")."""
    from core import intake

    text = text_or_stream if isinstance(text_or_stream, str | bytes) else text_or_stream.read()
    return intake.parse_yaml(text, getattr(text_or_stream, "name", name))
