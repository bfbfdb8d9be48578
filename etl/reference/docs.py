"""geo/SOURCES.md and reference/README.md of a built folder: what each file is, the upstream files
it was built from (pinned URL, SHA-256), their licences and the credit they ask for, and how the
files were processed (the step modules' own descriptions)."""

from __future__ import annotations

import importlib
import inspect
from datetime import date

from etl.reference import Context

GEO_STEPS = ("province_layer", "province_2025_layer", "district_crosswalk", "district_layer")
GEO_SOURCES = ("odm_provinces", "dvhcvn_gis", "wof_quang_ninh", "gso_units_2024", "gso_units_2025")
REFERENCE_STEPS = ("census",)
REFERENCE_SOURCES = ("census_warehouse", "census_table_1", "gso_units_2019", "gso_units_2024")

GEO_INTRO = """All layers: GeoJSON in WGS84 longitude/latitude (CRS84), coordinates rounded to 1e-5 degree,
valid Polygon/MultiPolygon geometries. Built by this project's `python -m etl setup` from the public
upstream files below (etl/reference/ in the project's repository).

Licences: the province layers derive from Open Development Mekong data under CC BY-SA 4.0 (keep
derived boundary data under CC BY-SA 4.0 and credit it); the district polygons come from
gis.chinhphu.vn, whose terms are not stated (redistributed with attribution, rights not verified);
Quảng Ninh's districts come from Who's On First (CC0, "Data from Who's On First"). Code lists and
crosswalks are facts (GSO). Every map of the dashboard shows the credit lines."""

REFERENCE_INTRO = """Denominators for per-inhabitant and per-household figures: 2019 Population and Housing
Census (Tổng điều tra dân số và nhà ở 2019, reference moment 1 April 2019), GSO. Built by this
project's `python -m etl setup` from the public upstream files below; every figure is copied by
code, none typed or estimated. Statistical figures are facts; cite as "Tổng cục Thống kê, Tổng
điều tra dân số và nhà ở 2019"."""


def _processing(steps: tuple[str, ...]) -> list[str]:
    lines = []
    for name in steps:
        doc = inspect.getdoc(importlib.import_module(f"etl.reference.{name}")) or ""
        lines += [f"### `{name}`", "", doc, ""]
    return lines


def _sources(ctx: Context, source_ids: tuple[str, ...]) -> list[str]:
    lines = []
    for sid in source_ids:
        s = ctx.manifest.source(sid)
        lines += [f"### {s.title}", "", f"- repository: `{s.repo}` at commit `{s.commit}`",
                  f"- licence: {s.licence}", f"- credit: {s.attribution}", "- files:"]
        lines += [f"  - [{f.path}]({f.url()}) — {f.bytes:,} bytes, SHA-256 `{f.sha256}`" for f in s.files]
        lines.append("")
    return lines


def document(ctx: Context, title: str, intro: str, files: list[str], sources, steps) -> str:
    lines = [f"# {title}", "", intro, "", f"Built on {date.today():%d/%m/%Y}.", "", "## Files", ""]
    lines += [f"- `{name}`" for name in files]
    lines += ["", "## Processing", "", *_processing(steps), "## Upstream files", "", *_sources(ctx, sources)]
    return "\n".join(lines).rstrip() + "\n"


def run(ctx: Context) -> None:
    for kind, title, intro, sources, steps in (
            ("geo", "Vietnam administrative boundaries — sources, licences, processing", GEO_INTRO,
             GEO_SOURCES, GEO_STEPS),
            ("reference", "Vietnam reference statistics: 2019 census population and households", REFERENCE_INTRO,
             REFERENCE_SOURCES, REFERENCE_STEPS)):
        files = sorted(p.name for p in (ctx.out_dir / kind).iterdir() if p.suffix in (".geojson", ".csv"))
        name = "SOURCES.md" if kind == "geo" else "README.md"
        ctx.output(kind, name).write_text(document(ctx, title, intro, files, sources, steps), encoding="utf-8")
