"""The dashboard's view state as URL query parameters: parsing, validation and writing.

Every value a link can carry is checked against the register, the catalogue or a fixed list;
anything unknown or hostile falls back to its default and yields a notice naming the parameter.
Values never reach SQL as text: they become codes from the register or the catalogue first.

Parameters (all optional):
    lang       vi | en
    units      63 (provinces before the reform) | 34 (provinces from the reform, core.config.REFORM_DATE)
    provinces  2-8 province codes, comma-separated (codes of the chosen `units` vintage)
    indicators 1-12 indicator codes, comma-separated
    period     'all' or a range of calendar years 'YYYY-YYYY' (years of period_end)
    norm       reported | per_year | per_1000_pop | per_1000_hh | per_commune
    chart      bars | lines | multiples | table
    scope      'all' (whole country) or one province code (overview)
    province   one 63-province code (district view)
    group      an indicator group of the catalogue ('' = all) (indicators page)
    source     a source_id ('' = all) (indicators page)
    q          free search text, at most 60 characters (indicators page; matched after folding)
    sample     1 = sample mode (generated demonstration data only); 0 or absent = real figures only
               (core.mode). Absent, a link opens in the default mode: real whenever the warehouse
               holds a real figure. The two modes never mix.

Indicators, normalisation and the district page's province are chosen from what the warehouse
holds when a link does not name them (core.defaults): their defaults here are empty ("auto").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.i18n import LANGS

UNIT_VIEWS = ("63", "34")
NORMS = ("reported", "per_year", "per_1000_pop", "per_1000_hh", "per_commune")
CHARTS = ("bars", "lines", "multiples", "table")
DEFAULT_PROVINCES = ("62", "11", "40")
DEFAULT_INDICATORS = ("campaign_launches",)  # when the warehouse holds nothing to choose from
DEFAULT_DISTRICT_PROVINCE = "40"
MIN_PROVINCES, MAX_PROVINCES = 2, 8
MAX_INDICATORS = 12
MAX_QUERY = 60
YEAR_MIN, YEAR_MAX = 1990, 2100
PERIOD_RE = re.compile(r"^(\d{4})-(\d{4})$")
PARAMS = ("lang", "units", "provinces", "indicators", "period", "norm", "chart", "scope", "province",
          "group", "source", "q", "sample")
SAMPLE_VALUES = {"1": True, "0": False}


@dataclass(frozen=True)
class Notice:
    """A URL value that was refused: the parameter, the value (shortened) and why."""

    param: str
    value: str
    reason: str  # i18n key of the reason


@dataclass
class ViewState:
    lang: str = "vi"
    units: str = "63"
    provinces: list[str] = field(default_factory=lambda: list(DEFAULT_PROVINCES))
    indicators: list[str] = field(default_factory=list)  # [] = chosen from the data (core.defaults)
    period: tuple[int, int] | None = None  # None = all years
    norm: str = ""  # '' = chosen from the data (core.defaults)
    chart: str = "bars"
    scope: str = "all"
    province: str = ""  # '' = chosen from the data (core.defaults)
    group: str = ""
    source: str = ""
    q: str = ""
    sample: bool = False  # the mode: sample data only (True) or real figures only (False)

    def copy(self) -> ViewState:
        return ViewState(**{k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()})


@dataclass(frozen=True)
class Allowed:
    """What a link may name: province codes per vintage, indicator codes, groups, sources."""

    provinces: Mapping[str, frozenset[str]]  # vintage -> codes
    successors: Mapping[str, str]  # old code -> new code
    indicators: frozenset[str]
    groups: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    has_real: bool = True  # the warehouse holds real figures: a link without `sample` opens in real mode


def shown(value: object, limit: int = 40) -> str:
    """A refused value as safe, short text for a notice (printable characters only)."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    text = text.replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _single(raw: Mapping[str, object], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ",".join(str(v) for v in value)
    return str(value)


def _codes(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def default_provinces(units: str, allowed: Allowed) -> list[str]:
    if units == "63":
        return list(DEFAULT_PROVINCES)
    return list(dict.fromkeys(allowed.successors[c] for c in DEFAULT_PROVINCES))


def parse_state(raw: Mapping[str, object], allowed: Allowed,
                base: ViewState | None = None) -> tuple[ViewState, list[Notice]]:
    """Validated view state from query parameters; parameters absent from ``raw`` keep the
    ``base`` state's value (the session's current view), refused ones take the default."""
    state = (base or ViewState()).copy()
    default = ViewState()
    notices: list[Notice] = []

    def refuse(key: str, value: str, reason: str) -> None:
        notices.append(Notice(key, shown(value), reason))

    for key in ("lang", "units", "norm", "chart"):
        value = _single(raw, key)
        if value is None:
            continue
        options = {"lang": LANGS, "units": UNIT_VIEWS, "norm": NORMS, "chart": CHARTS}[key]
        if value in options:
            setattr(state, key, value)
        else:
            setattr(state, key, getattr(default, key))
            refuse(key, value, "url_not_allowed")

    codes_now = allowed.provinces[state.units]
    value = _single(raw, "provinces")
    if value is not None:
        wanted = list(dict.fromkeys(_codes(value)))
        good = [c for c in wanted if c in codes_now]
        if len(good) != len(wanted) or not MIN_PROVINCES <= len(good) <= MAX_PROVINCES:
            refuse("provinces", value, "url_bad_provinces")
        state.provinces = good[:MAX_PROVINCES] if len(good) >= MIN_PROVINCES \
            else default_provinces(state.units, allowed)
    elif any(c not in codes_now for c in state.provinces):
        state.provinces = convert_provinces(state.provinces, state.units, allowed)

    value = _single(raw, "indicators")
    if value is not None:
        wanted = list(dict.fromkeys(_codes(value)))
        good = [c for c in wanted if c in allowed.indicators]
        if len(good) != len(wanted) or not 1 <= len(good) <= MAX_INDICATORS:
            refuse("indicators", value, "url_bad_indicators")
        state.indicators = good[:MAX_INDICATORS]

    value = _single(raw, "period")
    if value is not None:
        match = PERIOD_RE.match(value)
        if value == "all":
            state.period = None
        elif match and YEAR_MIN <= int(match[1]) <= int(match[2]) <= YEAR_MAX:
            state.period = (int(match[1]), int(match[2]))
        else:
            state.period = None
            refuse("period", value, "url_bad_period")

    value = _single(raw, "scope")
    if value is not None:
        if value == "all" or value in codes_now:
            state.scope = value
        else:
            state.scope = "all"
            refuse("scope", value, "url_bad_province")
    elif state.scope != "all" and state.scope not in codes_now:
        state.scope = "all"

    value = _single(raw, "province")
    if value is not None:
        if value in allowed.provinces["63"]:
            state.province = value
        else:
            state.province = ""
            refuse("province", value, "url_bad_province")

    for key, options in (("group", allowed.groups), ("source", allowed.sources)):
        value = _single(raw, key)
        if value is None:
            continue
        if value == "" or value in options:
            setattr(state, key, value)
        else:
            setattr(state, key, "")
            refuse(key, value, "url_not_allowed")

    value = _single(raw, "q")
    if value is not None:
        if len(value) <= MAX_QUERY and value.isprintable():
            state.q = value
        else:
            state.q = ""
            refuse("q", value, "url_bad_text")

    value = _single(raw, "sample")
    if value is None:  # a link names its data: without `sample`, the default mode (never the session's)
        state.sample = not allowed.has_real
    elif value in SAMPLE_VALUES:
        state.sample = SAMPLE_VALUES[value]
    else:
        state.sample = not allowed.has_real
        refuse("sample", value, "url_not_allowed")

    unknown = [k for k in raw if k not in PARAMS]
    for key in unknown:
        refuse(shown(key, 20), _single(raw, key) or "", "url_unknown_param")
    return state, notices


def convert_provinces(codes: list[str], units: str, allowed: Allowed) -> list[str]:
    """Carry a selection across the 63/34 switch: old codes → their new provinces; new codes →
    the old provinces merged into them (at most 8); never fewer than 2."""
    if units == "34":
        out = list(dict.fromkeys(allowed.successors.get(c, c) for c in codes))
        out = [c for c in out if c in allowed.provinces["34"]]
    else:
        out = [old for c in codes for old, new in allowed.successors.items() if new == c]
        out = list(dict.fromkeys(out))[:MAX_PROVINCES]
    return out if len(out) >= MIN_PROVINCES else default_provinces(units, allowed)


def to_params(state: ViewState, keys: tuple[str, ...]) -> dict[str, str]:
    """Query parameters for the given keys of the state (codes only, language-independent)."""
    out: dict[str, str] = {}
    for key in keys:
        value = getattr(state, key)
        if key == "sample":
            if value:
                out[key] = "1"
        elif key in ("provinces", "indicators"):
            if value:
                out[key] = ",".join(value)
        elif key == "period":
            out[key] = "all" if value is None else f"{value[0]}-{value[1]}"
        elif value != "" or key in ("lang", "units"):
            out[key] = str(value)
    return out
