"""Map classes: class breaks (quantiles, natural breaks, equal intervals, manual) and palettes."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import plotly.colors as pcolors

from core import fmt

METHODS = ("quantiles", "natural", "equal", "manual")


@dataclass
class Classes:
    """Upper bounds of classes (mapclassify ``bins``) and the data minimum; class i holds
    values in (bins[i-1], bins[i]] (the first from ``low``)."""

    method: str
    bins: list[float]
    low: float

    @property
    def k(self) -> int:
        return len(self.bins)

    def of(self, values) -> np.ndarray:
        """Class index 0..k-1 of each value (mapclassify's rule: first bin with value <= bin)."""
        v = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.bins), v, side="left")
        return np.minimum(idx, self.k - 1)

    def labels(self, kind: str = "count", lang: str = "vi") -> list[str]:
        edges = [self.low, *self.bins]
        decimals = _decimals(edges)
        text = [_num(x, kind, lang, decimals) for x in edges]
        if self.k == 1 or edges[0] == edges[-1]:
            return [text[-1]] * self.k
        # a class whose ends print alike (quantiles of many equal values) holds that one value
        return [text[i + 1] if text[i] == text[i + 1] else f"{text[i]} – {text[i + 1]}" for i in range(self.k)]


def _decimals(edges: list[float]) -> int:
    span = max(abs(e) for e in edges) if edges else 0
    if all(float(e).is_integer() for e in edges):
        return 0
    return 0 if span >= 100 else (1 if span >= 10 else 2)


def _num(v: float, kind: str, lang: str, decimals: int) -> str:
    return fmt.number(v, lang, decimals) + ("%" if kind == "percent" else "")


def parse_breaks(text: str) -> list[float]:
    """'10; 50; 100' or '10,5; 20' (Vietnamese decimals) → sorted unique floats; ValueError if bad."""
    from core.vnnum import parse_number

    parts = [p.strip() for p in str(text).replace("\n", ";").split(";") if p.strip()]
    if not parts:
        raise ValueError("no breaks")
    values = []
    for p in parts:
        v = parse_number(p)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise ValueError(p)
        values.append(float(v))
    return sorted(set(values))


def classify(values, method: str = "quantiles", k: int = 5, breaks: list[float] | None = None) -> Classes:
    """Classes of ``values`` with mapclassify: quantiles, natural breaks (Fisher–Jenks), equal
    interval or manual (``breaks``: upper bounds; the maximum is added when above them)."""
    import mapclassify as mc

    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}")
    y = np.asarray([v for v in values if v is not None and not np.isnan(v)], dtype=float)
    if len(y) == 0:
        return Classes(method, [], 0.0)
    k = int(min(max(k, 3), 7))
    uniq = np.unique(y)
    if len(uniq) == 1:
        return Classes(method, [float(uniq[0])], float(uniq[0]))
    k = min(k, len(uniq))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "quantiles":
            c = mc.Quantiles(y, k=k)
        elif method == "natural":
            c = mc.FisherJenks(y, k=k)
        elif method == "equal":
            c = mc.EqualInterval(y, k=k)
        else:
            c = mc.UserDefined(y, bins=sorted(breaks or []))
    return Classes(method, [float(b) for b in c.bins], float(y.min()))


def palette(k: int, diverging: bool = False) -> list[str]:
    scale = "RdYlBu" if diverging else "YlGnBu"
    if k <= 0:
        return []
    if k == 1:
        return pcolors.sample_colorscale(scale, [0.6])
    return pcolors.sample_colorscale(scale, list(np.linspace(0.12, 0.92 if not diverging else 0.95, k)))
