"""Keyword rules (data/reader_rules.yaml) that name the catalogue indicator of a figure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core import config
from core.catalogue import Catalogue, load_catalogue

RULES_PATH = config.DATA_DIR / "reader_rules.yaml"
WINDOWS = ("noun", "near", "clause", "sentence", "rest")
AWARD_VERB_RE = re.compile(r"\b(tang thuong|tang|trao tang|trao|khen thuong|cong nhan)\b")


class RulesError(ValueError):
    """The rules file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    code: str
    present: dict[str, re.Pattern] = field(default_factory=dict)
    absent: dict[str, re.Pattern] = field(default_factory=dict)
    after: tuple[str, ...] = ()
    percent: bool | None = None
    after_figure: bool = False     # only after another figure of the same sentence

    def matches(self, windows: dict[str, str], previous: str | None, percent: bool) -> bool:
        """``previous``: the indicator of the figure before in the sentence ('' when it has none,
        None when there is none)."""
        if self.percent is not None and self.percent != percent:
            return False
        if self.after and previous not in self.after:
            return False
        if self.after_figure and previous is None:
            return False
        if any(not rx.search(windows.get(w, "")) for w, rx in self.present.items()):
            return False
        return not any(rx.search(windows.get(w, "")) for w, rx in self.absent.items())


@dataclass(frozen=True)
class Rules:
    indicators: tuple[Rule, ...]
    stock: frozenset[str]
    breakdowns: dict[str, re.Pattern]
    several: str
    not_figures: tuple[Rule, ...] = ()     # code holds the reason
    always: tuple[bool, ...] = ()          # per not_figures rule: also over an indicator rule

    def indicator(self, windows: dict[str, str], previous: str | None, percent: bool) -> str | None:
        for rule in self.indicators:
            if rule.matches(windows, previous, percent):
                return rule.code
        return None

    def not_a_figure(self, windows: dict[str, str], previous: str | None, percent: bool,
                     matched: bool = False) -> str | None:
        """Why a count is not offered at all (money, weapons...): any `not_figures` rule when no
        indicator rule matched (``matched``), else only those marked `always`."""
        for rule, always in zip(self.not_figures, self.always or (False,) * len(self.not_figures), strict=True):
            if (always or not matched) and rule.matches(windows, previous, percent):
                return rule.code
        return None

    def _bodies(self, text: str) -> str | None:
        found = [code for code, rx in self.breakdowns.items() if rx.search(text)]
        if len(found) > 1:
            return self.several
        return found[0] if found else None

    def breakdown(self, *texts: str) -> str | None:
        """The awarding body: named as the subject of the award verb ("được Bộ Công an tặng",
        "Công an tỉnh tặng"), else anywhere in the first text that names one; several → `several`."""
        for text in texts:
            for verb in AWARD_VERB_RE.finditer(text):
                head = text[:verb.start()]
                cut = max(head.rfind(" duoc "), head.rfind(","), head.rfind(";"))
                if (body := self._bodies(head[cut + 1:] if cut >= 0 else head)):
                    return body
                if (body := self._bodies(head[head.rfind(" duoc ") + 1:] if " duoc " in head else "")):
                    return body
            if (body := self._bodies(text)):
                return body
        return None


def _conditions(entry: dict, where: str, catalogue: Catalogue, extra: set[str]):
    known = {"after", "after_figure", "percent", *extra, *WINDOWS, *(f"not_{w}" for w in WINDOWS)}
    unknown = set(entry) - known
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    present, absent = {}, {}
    for key, value in entry.items():
        if key in WINDOWS or key.startswith("not_"):
            try:
                rx = re.compile(str(value))
            except re.error as exc:
                raise RulesError(f"{where}: bad pattern for {key}: {exc}") from exc
            (absent if key.startswith("not_") else present)[key.removeprefix("not_")] = rx
    after = tuple(entry.get("after") or ())
    bad = [c for c in after if c not in catalogue]
    if bad:
        raise RulesError(f"{where}: 'after' names unknown code(s) {', '.join(bad)}")
    percent = entry.get("percent")
    if percent is not None and not isinstance(percent, bool):
        raise RulesError(f"{where}: percent must be true or false")
    if not isinstance(entry.get("after_figure", False), bool):
        raise RulesError(f"{where}: after_figure must be true or false")
    return present, absent, after, percent


def parse_rules(doc: object, catalogue: Catalogue, source: str = "reader_rules.yaml") -> Rules:
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise RulesError(f"{source}: top level needs an 'indicators' list")
    rules = []
    for pos, entry in enumerate(doc["indicators"], start=1):
        where = f"{source}: rule #{pos}"
        if not isinstance(entry, dict) or not entry.get("code"):
            raise RulesError(f"{where}: needs a code")
        code = str(entry["code"])
        if code not in catalogue:
            raise RulesError(f"{where}: '{code}' is not in the catalogue (data/indicators.yaml)")
        present, absent, after, percent = _conditions(entry, f"{where} ({code})", catalogue, {"code"})
        if percent is None and catalogue[code].is_percent:
            percent = True
        rules.append(Rule(code, present, absent, after, percent, bool(entry.get("after_figure"))))
    not_figures, always = [], []
    for pos, entry in enumerate(doc.get("not_figures") or [], start=1):
        where = f"{source}: not_figures #{pos}"
        if not isinstance(entry, dict) or not entry.get("reason"):
            raise RulesError(f"{where}: needs a reason")
        present, absent, after, percent = _conditions(entry, where, catalogue, {"reason", "always"})
        if not isinstance(entry.get("always", False), bool):
            raise RulesError(f"{where}: always must be true or false")
        always.append(bool(entry.get("always")))
        if not present:
            raise RulesError(f"{where}: needs at least one condition (noun, near, clause, sentence, rest)")
        not_figures.append(Rule(str(entry["reason"]), present, absent, after, percent,
                                bool(entry.get("after_figure"))))
    stock = [str(c) for c in doc.get("stock_indicators") or []]
    bad = [c for c in stock if c not in catalogue]
    if bad:
        raise RulesError(f"{source}: stock_indicators names unknown code(s) {', '.join(bad)}")
    bd = doc.get("breakdowns") or {}
    patterns = {str(k): re.compile(str(v)) for k, v in (bd.get("patterns") or {}).items()}
    return Rules(tuple(rules), frozenset(stock), patterns, str(bd.get("several") or ""), tuple(not_figures),
                 tuple(always))


def read_rules(path: Path, catalogue: Catalogue | None = None) -> Rules:
    with open(path, encoding="utf-8") as fh:
        return parse_rules(config.parse_yaml(fh), catalogue or load_catalogue(), source=str(path))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    return read_rules(RULES_PATH)
