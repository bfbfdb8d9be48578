"""Default views chosen from what the warehouse holds (never hard-coded figures).

A link that does not name its indicators, normalisation or province opens on those under which the
figures of the view's mode appear: the default comparison (Kon Tum, Điện Biên, Nghệ An) on the
indicators and normalisation that put the most of them on a common axis; the districts page on a
province and indicator with district figures; the map on the indicator and year with the most
areas; the overview on the indicators reported by the most provinces.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core import views, warehouse
from core.auth import User
from core.catalogue import load_catalogue
from core.urlstate import DEFAULT_DISTRICT_PROVINCE, DEFAULT_INDICATORS

#: Defaults are chosen from what the user may see (core.access); without a user, from what every
#: visitor may see (no sensitive indicators), so a default never points at figures one cannot list.
EVERYONE = User(mode="signed_out")

#: Normalisations a default comparison may open on (the per-inhabitant ones need reference data
#: and change what is compared: the person chooses them).
DEFAULT_NORMS = ("reported", "per_year")
MAX_DEFAULT_INDICATORS = 4


def on_axis(shown: pd.DataFrame) -> dict[str, set[str]]:
    """Per indicator, the units whose figure is drawn on the chart's common axis (views.primary_group)."""
    out: dict[str, set[str]] = {}
    for code, rows in shown.groupby("indicator_code", sort=False):
        group = views.primary_group(rows)
        if group is None:
            continue
        drawn = rows[(rows.separate_reason == "") & (rows.group.map(lambda g: g.key) == group.key)
                     & rows.shown.notna()]
        out[code] = set(drawn.unit_code)
    return out


def _cover(units: dict[str, set[str]], order: list[str], limit: int) -> list[str]:
    """Indicators that together show the most units: greedy, the widest first; ties in catalogue
    order (main indicators first)."""
    chosen: list[str] = []
    seen: set[str] = set()
    ranked = sorted((c for c in order if units.get(c)), key=lambda c: (-len(units[c]), order.index(c)))
    if ranked:
        chosen.append(ranked[0])
        seen |= units[ranked[0]]
    while len(chosen) < limit:
        gain = [(len(units[c] - seen), -order.index(c), c) for c in ranked if c not in chosen]
        gain = [g for g in gain if g[0] > 0]
        if not gain:
            break
        best = max(gain)[2]
        chosen.append(best)
        seen |= units[best]
    return chosen


def compare_view(codes: list[str] | tuple[str, ...], units: str, path: Path | None = None, *,
                 sample: bool = False, limit: int = MAX_DEFAULT_INDICATORS, user: User = EVERYONE
                 ) -> tuple[list[str], str]:
    """(indicators, normalisation) under which the most of ``codes`` show a figure on a common axis,
    with as few indicators as cover them; the catalogue's first main indicator when none has a figure."""
    cat = load_catalogue()
    order = [i.code for i in cat.main] + [c for c in cat.codes if not cat[c].main]
    figures = views.load_province_figures(tuple(codes), tuple(order), units, path=path, sample=sample, user=user)
    best: tuple[tuple[int, int], list[str], str] | None = None
    for norm in DEFAULT_NORMS:
        drawn = on_axis(views.normalise(figures, norm, None, cat))
        chosen = _cover(drawn, order, limit)
        covered = set().union(*(drawn[c] for c in chosen)) if chosen else set()
        score = (len(covered), sum(len(drawn[c]) for c in chosen))
        if chosen and (best is None or score > best[0]):
            best = (score, chosen, norm)
    if best is None:
        return list(DEFAULT_INDICATORS), DEFAULT_NORMS[0]
    return best[1], best[2]


def deck_indicators(codes: tuple[str, ...], units: str, path: Path | None = None, *, sample: bool = False,
                    limit: int = 12, user: User = EVERYONE) -> list[str]:
    """Indicators for a deck comparing ``codes`` (quick add, command line): those with a figure for
    at least one of them in the mode, main indicators first; the main ones when there is none."""
    cat = load_catalogue()
    order = [i.code for i in cat.main] + [c for c in cat.codes if not cat[c].main]
    figures = views.load_province_figures(tuple(codes), tuple(order), units, path=path, sample=sample, user=user)
    have = set(figures[figures.value.notna()].indicator_code)
    return [c for c in order if c in have][:limit] or [i.code for i in cat.main][:limit]


def overview_indicators(units: str, path: Path | None = None, *, sample: bool = False, limit: int = 8) -> list[str]:
    """The indicators reported by the most provinces (own figures or sums of districts), main
    indicators first on ties; the main indicators when there is nothing."""
    cat = load_catalogue()
    order = [i.code for i in cat.main] + [c for c in cat.codes if not cat[c].main]
    counts = province_counts(units, path, sample=sample)
    ranked = sorted((c for c in order if counts.get(c)), key=lambda c: (-counts[c], order.index(c)))
    return ranked[:limit] or [i.code for i in cat.main][:limit]


def province_counts(units: str, path: Path | None = None, *, sample: bool = False) -> dict[str, int]:
    """Per indicator, how many provinces of the view (63 or 34) have a figure in the mode (at any level)."""
    df = warehouse.query("pages/completeness", {"units": units, "sample": bool(sample), "indicators": [],
                                                "year": 0, "by_year": False, "by_indicator": True},
                         path=path)
    df = df[df.province.notna() & (df.figures > 0)]
    return df.groupby("indicator_code").province.nunique().to_dict()


def district_view(province: str, path: Path | None = None, *, sample: bool = False) -> tuple[str, str]:
    """(province, indicator) for the districts page: ``province``, or when it is '' the usual one
    (Nghệ An) if its districts have figures in the mode, else the province whose districts have the
    most; and its indicator with the most districts reporting."""
    df = warehouse.query("pages/district_counts", {"sample": bool(sample)}, path=path)
    if not province:
        per = df.groupby("province_code").districts.max()
        province = DEFAULT_DISTRICT_PROVINCE if per.get(DEFAULT_DISTRICT_PROVINCE, 0) or per.empty else per.idxmax()
    mine = df[df.province_code == province]
    if mine.empty:
        return province, DEFAULT_INDICATORS[0]
    cat = load_catalogue()
    mine = mine.assign(order=[cat.codes.index(c) for c in mine.indicator_code])
    return province, mine.sort_values(["districts", "order"], ascending=[False, True]).indicator_code.iloc[0]


def map_view(path: Path | None = None, *, sample: bool = False) -> str:
    """The indicator with figures for the most provinces (63) in the mode."""
    counts = province_counts("63", path, sample=sample)
    order = load_catalogue().codes
    return max(order, key=lambda c: (counts.get(c, 0), -order.index(c))) if counts else DEFAULT_INDICATORS[0]


def busiest_year(years: pd.DataFrame) -> int | None:
    """The year with the most units with a figure (then the latest) from (year, units) rows."""
    if years.empty:
        return None
    return int(years.sort_values(["units", "year"], ascending=False).year.iloc[0])
