"""corrections.yaml as a typed record (decisions the upstream files do not state)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core import config

CORRECTIONS_PATH = Path(__file__).with_name("corrections.yaml")


class CorrectionsError(ValueError):
    """corrections.yaml is malformed (the message names section, entry and field)."""


@dataclass(frozen=True)
class Corrections:
    census_commune_codes: tuple[dict, ...]
    census_placed_by_hand: tuple[dict, ...]
    census_ignored_moves: tuple[dict, ...]
    iso_3166_2: dict[str, str]  # province code → ISO 3166-2 code
    odm_names: dict[str, str]  # ODM province name with a typo → province code
    districts_gap_fills: tuple[dict, ...]
    districts_wof_merged: tuple[dict, ...]
    districts_wof_gaps: tuple[dict, ...]


_FIELDS = {
    ("census", "commune_codes"): ("district_2019", "name", "code", "note"),
    ("census", "placed_by_hand"): ("district_2019", "name", "district_2024"),
    ("census", "ignored_moves"): ("from", "to", "why"),
    ("districts", "gap_fills"): ("province", "into", "former", "decision"),
    ("districts", "wof_merged"): ("from", "into", "former", "decision"),
    ("districts", "wof_gaps"): ("into", "former"),
}


def parse_corrections(data: dict) -> Corrections:
    out = {}
    for (section, key), fields in _FIELDS.items():
        entries = (data.get(section) or {}).get(key)
        if not isinstance(entries, list):
            raise CorrectionsError(f"{CORRECTIONS_PATH.name}: {section}.{key} must be a list")
        for i, entry in enumerate(entries):
            for f in fields:
                if not isinstance(entry, dict) or not isinstance(entry.get(f), str) or not entry[f].strip():
                    raise CorrectionsError(f"{CORRECTIONS_PATH.name}: {section}.{key} #{i + 1}: field {f!r} "
                                           "missing or not text")
        out[f"{section}_{key}"] = tuple(entries)
    for key in ("gap_fills", "wof_gaps"):
        for i, entry in enumerate(out[f"districts_{key}"]):
            point = entry.get("point")
            if not (isinstance(point, list) and len(point) == 2 and all(isinstance(v, (int, float)) for v in point)):
                raise CorrectionsError(f"{CORRECTIONS_PATH.name}: districts.{key} #{i + 1}: 'point' must be "
                                       "[longitude, latitude]")
    for key in ("iso_3166_2", "odm_names"):
        mapping = (data.get("provinces") or {}).get(key)
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in mapping.items()):
            raise CorrectionsError(f"{CORRECTIONS_PATH.name}: provinces.{key} must map text to text")
        out[key] = dict(mapping)
    return Corrections(**out)


@cache
def load_corrections(path: Path = CORRECTIONS_PATH) -> Corrections:
    with open(path, encoding="utf-8") as fh:
        return parse_corrections(config.parse_yaml(fh))
