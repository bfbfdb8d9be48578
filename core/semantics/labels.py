"""How a figure, a period, a source and the sample mark are printed, wherever they show (tables,
charts, maps, slides, workbooks): one function each."""

from __future__ import annotations

import pandas as pd

from core import fmt
from core.i18n import t
from core.semantics import periods


def figure(value: object, qualifier: str, ind, lang: str, normalised: bool = False) -> str:
    """A figure as printed, qualifier kept: '> 2.053', '≈ 7.000', '96,5%', 'chưa có số liệu'."""
    if normalised and not ind.is_percent and not pd.isna(value):
        text = fmt.number(value, lang, decimals=None if abs(float(value)) >= 10 else 2)
        return fmt.QUALIFIER_SIGNS.get(qualifier, "") + text
    return fmt.value(None if pd.isna(value) else value, ind.kind, qualifier, lang)


def source_title(title: object, title_en: object, lang: str, source_id: str = "") -> str:
    """A source's title in the language (the Vietnamese title when it has no English one)."""
    if lang == "en" and isinstance(title_en, str) and title_en:
        return title_en
    return title if isinstance(title, str) and title else source_id


def source_titles(sources: pd.DataFrame, lang: str) -> dict[str, str]:
    """source_id -> title in the language, from a table with source_id, title, title_en."""
    return {r.source_id: source_title(r.title, r.title_en, lang, r.source_id) for r in sources.itertuples()}


def source_title_column(df: pd.DataFrame, lang: str) -> pd.Series:
    """Each row's source title in the language (columns source_title, source_title_en, source_id)."""
    title = df.source_title if lang == "vi" else df.source_title_en.fillna(df.source_title)
    return title.fillna(df.source_id)


def short_period(start: object, end: object, lang: str = "vi") -> str:
    """'2024', '2019–2024' for whole calendar years; otherwise the full period."""
    s = pd.Timestamp(start) if start is not None and pd.notna(start) else None
    e = pd.Timestamp(end)
    if s is not None and periods.whole_calendar_years(s, e):
        return str(e.year) if s.year == e.year else f"{s.year}–{e.year}"
    return fmt.period(s.date() if s is not None else None, e.date(), lang)


def period_label(start: object, end: object, kind: str, lang: str) -> str:
    """One figure's period as a hover or a table prints it: '01/01/2024 – 31/12/2024', with
    '(mỗi năm)' for a yearly figure, 'a → b' for a change between two dates."""
    s = None if start is None or pd.isna(start) else start
    if kind == "change":
        return f"{fmt.day(s, lang)} → {fmt.day(end, lang)}"
    text = fmt.period(s, end, lang)
    return text + f" ({t('per_year_short', lang)})" if kind == "per_year" else text


def period_column(starts: pd.Series, ends: pd.Series, lang: str) -> list[str]:
    """Each row's period as printed ('01/01/2024 – 31/12/2024', 'đến 31/12/2024')."""
    return [fmt.period(s if pd.notna(s) else None, e, lang) for s, e in zip(starts, ends, strict=True)]


def sample_column(flags, lang: str, present: bool) -> dict[str, list[str]]:
    """The sample column of a table ({'Mẫu': ['mẫu', '', …]}: each row's mark) when ``present``
    (the table shows the sample mode), else {}: spread it into the table's columns."""
    return {t("col_sample", lang): [t("sample_short", lang) if f else "" for f in flags]} if present else {}
