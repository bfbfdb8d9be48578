"""How the figures of the pages are printed: values with their qualifier, periods, sources that
differ, breakdown names, agreement between sources."""

from __future__ import annotations

import pandas as pd

from core import fmt
from core.catalogue import Catalogue
from core.i18n import t
from core.semantics import labels


def conflict_text(alternatives: list, ind, lang: str, titles: dict[str, str], limit: int = 60) -> str:
    """'2.053 (Báo A) ≠ 2.100 (Cổng B)': every source's value, the counted one first."""
    parts = []
    for value, qualifier, source in alternatives:
        title = titles.get(source, source)
        title = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
        parts.append(f"{label(value, qualifier, ind, lang)} ({title})")
    return " ≠ ".join(parts)


label = labels.figure


short_period = labels.short_period


def period_text(rows: pd.DataFrame, lang: str) -> str:
    """The period of a set of figures: one period, or first start – last end."""
    periods = {fmt.period(s if pd.notna(s) else None, e, lang) for s, e in zip(rows.period_start, rows.period_end,
                                                                                   strict=True)}
    if len(periods) == 1:
        return periods.pop()
    starts = rows.period_start.dropna()
    return fmt.period(starts.min() if len(starts) == len(rows) else None, rows.period_end.max(), lang)


def breakdown_names(codes: pd.Series, breakdowns: pd.Series, cat: Catalogue, lang: str) -> list[str]:
    """Each row's breakdown by its catalogue name ('' for none)."""
    return [cat[c].breakdowns[b].name(lang) if b in cat[c].breakdowns else (b or "")
            for c, b in zip(codes, breakdowns.fillna(""), strict=True)]


def agreement_text(agreement: str, n_sources: int, lang: str) -> str:
    """'2 nguồn khớp nhau' / '⚠ các nguồn khác nhau' / '' for a figure with one source."""
    if agreement == "conflict":
        return t("agreement_conflict", lang, n=n_sources)
    if agreement == "corroborated":
        return t("agreement_corroborated", lang, n=n_sources)
    return ""
