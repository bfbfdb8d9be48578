"""Deck items: the views a deck is made of (a ChartSpec and, for maps, the recipe that redraws
it), their serialisable form (kept in a session between runs), the one-mode rule (real figures or
sample data, never both: MixedModes), and items comparing provinces built from the warehouse
exactly as the comparison page builds them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pandas as pd

from core.charts import ChartSpec

MAX_ITEMS = 40
BASE_URL_ENV = "ANTQ_BASE_URL"
DEFAULT_BASE_URL = "http://localhost:8501"


@dataclass
class DeckItem:
    """One view of the deck: its spec and, for maps, the recipe that redraws it."""

    spec: ChartSpec
    recipe: dict | None = None
    expected: list[str] = field(default_factory=list)  # compared units, named (for 'chưa có số liệu')
    sample: bool = False  # the mode of the view it was made from (core.mode)

    @property
    def key(self) -> str:
        """Identity of the view (same view added twice = same key)."""
        return (f"{self.spec.kind}|{self.spec.title}|{self.spec.subtitle_line}|{self.spec.link}|{self.recipe}"
                f"|{self.sample}")


class MixedModes(ValueError):
    """A deck's items come from both modes (real figures and sample data): never built."""


def check_one_mode(items: list[DeckItem]) -> bool:
    """The deck's mode (True = sample data); MixedModes when its items mix real and sample views."""
    modes = {bool(i.sample) for i in items}
    if len(modes) > 1:
        raise MixedModes("a deck holds either real figures or sample data, never both")
    return modes.pop() if modes else False


def spec_to_dict(spec: ChartSpec) -> dict:
    data = spec.data.copy()
    for col in data.columns:
        if pd.api.types.is_datetime64_any_dtype(data[col]):
            data[col] = data[col].dt.strftime("%Y-%m-%d")
    data = data.astype(object).where(data.notna(), None)
    return {"kind": spec.kind, "title": spec.title, "unit": spec.unit, "period": spec.period,
            "source": spec.source, "subtitle": spec.subtitle, "is_sample": bool(spec.is_sample),
            "link": spec.link, "notes": list(spec.notes), "lang": spec.lang,
            "data": {"columns": list(data.columns), "rows": data.values.tolist()}}


def spec_from_dict(d: dict) -> ChartSpec:
    data = pd.DataFrame(d["data"]["rows"], columns=d["data"]["columns"])
    if "value" in data:
        data["value"] = pd.to_numeric(data["value"], errors="coerce").astype(float)
    if "x" in data:
        data["x"] = pd.to_datetime(data["x"])
    if "is_sample" in data:
        data["is_sample"] = data["is_sample"].fillna(False).astype(bool)
    return ChartSpec(kind=d["kind"], title=d["title"], unit=d["unit"], period=d["period"], source=d["source"],
                     data=data, subtitle=d.get("subtitle", ""), is_sample=bool(d.get("is_sample")),
                     link=d.get("link", ""), notes=list(d.get("notes", [])), lang=d.get("lang", "vi"))


def item_to_dict(item: DeckItem) -> dict:
    return {"spec": spec_to_dict(item.spec), "recipe": item.recipe, "expected": list(item.expected),
            "sample": bool(item.sample)}


def item_from_dict(d: dict) -> DeckItem:
    return DeckItem(spec_from_dict(d["spec"]), d.get("recipe"), list(d.get("expected", [])), bool(d.get("sample")))


def expected_units(spec: ChartSpec) -> list[str]:
    """Names of the provinces a comparison link names (empty for other views)."""
    from core import views

    query = parse_qs(urlparse(spec.link).query)
    codes = [c for c in ",".join(query.get("provinces", [])).split(",") if c]
    units = (query.get("units") or ["63"])[0]
    return [views.unit_name(c, units if units in ("63", "34") else "63", spec.lang) for c in codes]


def compare_items(codes: list[str], indicators: list[str] | None = None, lang: str = "vi", units: str = "63",
                  chart: str = "bars", norm: str = "per_year", base_url: str | None = None,
                  path: Path | None = None, *, user, sample: bool = False,
                  period: tuple[int, int] | None = None) -> list[DeckItem]:
    """Deck items comparing provinces on indicators (default: those with figures for these provinces
    in the mode, core.defaults.deck_indicators), one view per indicator, exactly as the comparison
    page builds them (core.compare.make_specs), in one mode (real figures, or sample data), of the
    indicators ``user`` (core.auth.User) may see and, with ``period``, for the years of period_end from–to."""
    from core import compare, defaults, views
    from core.catalogue import load_catalogue
    from core.urlstate import ViewState, to_params

    cat = load_catalogue()
    indicators = list(indicators or defaults.deck_indicators(tuple(codes), units, path, sample=sample, user=user))
    norm, shown = compare.load_shown(codes, indicators, units, period or views.ALL_YEARS, norm, cat, path,
                                     sample=sample, user=user)
    titles = views.load_source_titles(lang, path)
    base = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
    names = [views.unit_name(c, units, lang) for c in codes]
    items = []
    groups = [indicators] if chart == "multiples" else [[code] for code in indicators]
    for group in groups:
        state = ViewState(lang=lang, units=units, provinces=list(codes), indicators=group[:12], norm=norm, chart=chart,
                          sample=sample, period=period)
        link = f"{base}/compare?" + urlencode(to_params(state, ("lang", "units", "sample", "provinces", "indicators",
                                                                   "period", "norm", "chart")))
        for spec in compare.make_specs(shown, list(codes), group, chart, norm, units, cat, lang, titles, link=link):
            items.append(DeckItem(spec, expected=names, sample=sample))
    return items

