"""Reference data built from its public upstream sources (snapshot → processing steps).

``upstream.yaml`` lists every raw file (repository, pinned commit, path, SHA-256, size, licence,
attribution); ``snapshot`` fetches and verifies them into a local mirror laid out like the raw-file
host (OWNER/REPO/COMMIT/PATH). Each step module below has one ``run(ctx)`` that reads raw files
(and the outputs of earlier steps) and writes files of the reference folder:

- ``province_layer``      geo/provinces_2008_2025.geojson, geo/province_crosswalk_2025.csv
- ``province_2025_layer`` geo/provinces_2025.geojson (dissolve of the 63 through the crosswalk)
- ``district_crosswalk``  geo/district_crosswalk_2024_2025.csv (GSO lists 01/05/2024 → 01/03/2025)
- ``district_layer``      geo/districts_2024.geojson (gis.chinhphu.vn via dvhcvn, gaps filled,
  Quảng Ninh from Who's On First)
- ``census``              reference/population_2019_*.csv (GSO census 2019, re-keyed to 2024 units)
- ``docs``                geo/SOURCES.md, reference/README.md (sources, licences, attribution)

Decisions that no source states (ISO codes, name fixes, hand placements) are declared in
``corrections.yaml``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl.reference.manifest import Manifest, UpstreamFile, load_manifest

STEPS = ("province_layer", "province_2025_layer", "district_crosswalk", "district_layer", "census", "docs")


@dataclass
class Context:
    """What a step reads from (the verified raw mirror) and writes to (the build folder)."""

    raw_dir: Path
    out_dir: Path
    manifest: Manifest = field(default_factory=load_manifest)
    log: Callable[[str], None] = print

    def file(self, source_id: str, path: str) -> UpstreamFile:
        return self.manifest.source(source_id).file(path)

    def raw(self, source_id: str, path: str) -> Path:
        """Local path of a raw file of the manifest."""
        return self.raw_dir / self.file(source_id, path).mirror_path

    def raw_files(self, source_id: str) -> list[tuple[UpstreamFile, Path]]:
        return [(f, self.raw_dir / f.mirror_path) for f in self.manifest.source(source_id).files]

    def output(self, kind: str, name: str) -> Path:
        """A file of the build folder (kind = 'geo' or 'reference'); its folder is created."""
        folder = self.out_dir / kind
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name


def run_steps(ctx: Context, steps: tuple[str, ...] = STEPS) -> dict[str, float]:
    """Run the steps in order; returns seconds per step."""
    timings = {}
    for name in steps:
        start = time.perf_counter()
        importlib.import_module(f"etl.reference.{name}").run(ctx)
        timings[name] = time.perf_counter() - start
        ctx.log(f"  built {name} ({timings[name]:.1f} s)")
    return timings
