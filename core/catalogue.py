"""The indicator catalogue (data/indicators.yaml) as typed objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from core import config

KINDS = ("count", "persons", "percent", "ratio")
AGGREGATIONS = ("sum", "none")
REQUIRED = (
    "code", "group", "name_vi", "name_en", "unit_vi", "unit_en", "kind", "aggregation",
    "min", "max", "higher_is_better", "main", "description_vi", "description_en",
)
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Label:
    name_vi: str
    name_en: str

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    kind: str
    aggregation: str
    min: float
    max: float
    higher_is_better: bool
    main: bool
    description_vi: str
    description_en: str
    breakdowns: dict[str, Label] = field(default_factory=dict)
    sensitive: bool = False

    @property
    def additive(self) -> bool:
        return self.aggregation == "sum"

    @property
    def is_percent(self) -> bool:
        return self.kind == "percent"

    def name(self, lang: str = "vi") -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def unit(self, lang: str = "vi") -> str:
        return self.unit_vi if lang == "vi" else self.unit_en

    def description(self, lang: str = "vi") -> str:
        return self.description_vi if lang == "vi" else self.description_en


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, Indicator]
    groups: dict[str, Label]
    first_year: int = 2000      # plausible dates of a figure: 1 January of first_year ...
    years_ahead: int = 1        # ... to 31 December of the current year + years_ahead

    @property
    def first_day(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(date.today().year + self.years_ahead, 12, 31)

    def __contains__(self, code: object) -> bool:
        return code in self.indicators

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def __iter__(self):
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)

    @property
    def codes(self) -> list[str]:
        return list(self.indicators)

    @property
    def main(self) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.main]

    def checked(self, codes: list[str]) -> list[str]:
        """Only the codes that the catalogue declares (identifiers for SQL come from here)."""
        return [c for c in codes if c in self.indicators]


def _label(entry: object, where: str) -> Label:
    if not isinstance(entry, dict) or not entry.get("name_vi") or not entry.get("name_en"):
        raise CatalogueError(f"{where}: needs name_vi and name_en")
    return Label(str(entry["name_vi"]), str(entry["name_en"]))


def parse_catalogue(doc: object, source: str = "indicators.yaml") -> Catalogue:
    """Validate a parsed YAML document and build the catalogue; raises CatalogueError."""
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise CatalogueError(f"{source}: top level needs an 'indicators' list")
    groups = {k: _label(v, f"{source}: group '{k}'") for k, v in (doc.get("groups") or {}).items()}
    indicators: dict[str, Indicator] = {}
    for pos, entry in enumerate(doc["indicators"], start=1):
        where = f"{source}: indicator #{pos}"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where}: not a mapping")
        code = entry.get("code")
        where = f"{source}: indicator #{pos} ({code})"
        missing = [k for k in REQUIRED if entry.get(k) is None or entry.get(k) == ""]
        if missing:
            raise CatalogueError(f"{where}: missing {', '.join(missing)}")
        unknown = set(entry) - set(REQUIRED) - {"breakdowns", "sensitive"}
        if unknown:
            raise CatalogueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if not CODE_RE.match(str(code)):
            raise CatalogueError(f"{where}: code must be snake_case ASCII")
        if code in indicators:
            raise CatalogueError(f"{where}: duplicate code '{code}'")
        if entry["group"] not in groups:
            raise CatalogueError(f"{where}: unknown group '{entry['group']}'")
        if entry["kind"] not in KINDS:
            raise CatalogueError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if entry["aggregation"] not in AGGREGATIONS:
            raise CatalogueError(f"{where}: aggregation must be one of {', '.join(AGGREGATIONS)}")
        try:
            lo, hi = float(entry["min"]), float(entry["max"])
        except (TypeError, ValueError) as exc:
            raise CatalogueError(f"{where}: min and max must be numbers") from exc
        if lo > hi:
            raise CatalogueError(f"{where}: min {lo} is above max {hi}")
        if entry["kind"] == "percent" and (lo < 0 or hi > 100):
            raise CatalogueError(f"{where}: a percent must stay within 0-100")
        if entry["kind"] in ("count", "persons") and lo < 0:
            raise CatalogueError(f"{where}: a count cannot go below 0")
        if entry["kind"] in ("percent", "ratio") and entry["aggregation"] == "sum":
            raise CatalogueError(f"{where}: a {entry['kind']} is not additive (aggregation: none)")
        for flag in ("higher_is_better", "main"):
            if not isinstance(entry[flag], bool):
                raise CatalogueError(f"{where}: {flag} must be true or false")
        breakdowns = {
            k: _label(v, f"{where}: breakdown '{k}'") for k, v in (entry.get("breakdowns") or {}).items()
        }
        indicators[code] = Indicator(
            code=code, group=entry["group"], name_vi=str(entry["name_vi"]), name_en=str(entry["name_en"]),
            unit_vi=str(entry["unit_vi"]), unit_en=str(entry["unit_en"]), kind=entry["kind"],
            aggregation=entry["aggregation"], min=lo, max=hi,
            higher_is_better=entry["higher_is_better"], main=entry["main"],
            description_vi=str(entry["description_vi"]), description_en=str(entry["description_en"]),
            breakdowns=breakdowns, sensitive=bool(entry.get("sensitive", False)),
        )
    periods = doc.get("periods") or {}
    try:
        first_year, years_ahead = int(periods.get("first_year", 2000)), int(periods.get("years_ahead", 1))
    except (TypeError, ValueError, AttributeError) as exc:
        raise CatalogueError(f"{source}: periods needs first_year and years_ahead as whole numbers") from exc
    if not 1900 <= first_year <= date.today().year or not 0 <= years_ahead <= 10:
        raise CatalogueError(f"{source}: periods: first_year {first_year} or years_ahead {years_ahead} is implausible")
    return Catalogue(indicators=indicators, groups=groups, first_year=first_year, years_ahead=years_ahead)


def read_catalogue(path: Path) -> Catalogue:
    with open(path, encoding="utf-8") as fh:
        return parse_catalogue(config.parse_yaml(fh), source=str(path))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The project's catalogue, read once per process."""
    return read_catalogue(config.CATALOGUE_PATH)
