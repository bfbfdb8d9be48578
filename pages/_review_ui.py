"""Drawing helpers of the page "Nhập từ báo cáo" (pages/review.py): the text with its figures
highlighted, and the editable table of candidates."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from core import fmt
from core.catalogue import load_catalogue
from core.i18n import t
from core.reader.output import to_frame

EDIT_COLUMNS = ["accept", "value", "qualifier", "indicator_code", "unit_code", "breakdown", "period_start",
                "period_end", "period_kind", "evidence", "phrase", "locator", "confidence", "note"]
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def _md(text: str) -> str:
    return MD_SPECIAL.sub(r"\\\1", text)


def candidates_table(reading, source_id: str) -> pd.DataFrame:
    """Candidates as the reviewer edits them; a row starts accepted when it is complete and likely."""
    df = to_frame(reading, source_id)
    df.insert(0, "accept", (df.indicator_code != "") & (df.unit_code != "") & df.period_end.notna()
              & (df.confidence >= 0.6))
    df.index = pd.RangeIndex(1, len(df) + 1, name="row")
    return df


def render_text(reading, lang: str) -> None:
    """The paragraphs that hold figures, each figure highlighted with its row number."""
    by_para: dict[str, list[tuple[int, object]]] = {}
    for row, c in enumerate(reading.candidates, start=1):
        by_para.setdefault(c.locator, []).append((row, c))
    st.subheader(t("review_text_heading", lang))
    for p in reading.paragraphs:
        marks = sorted(by_para.get(p.locator, []), key=lambda rc: rc[1].span_start)
        if not marks:
            continue
        out, pos = [], 0
        for row, c in marks:
            if c.span_start < pos:
                continue
            colour = "green" if c.indicator_code else "orange"
            out.append(_md(p.text[pos:c.span_start]))
            out.append(f":{colour}-background[**{_md(p.text[c.span_start:c.span_end])}** `{row}`]")
            pos = c.span_end
        out.append(_md(p.text[pos:]))
        st.markdown(f"`{p.locator}` " + "".join(out))


def render_editor(table: pd.DataFrame, lang: str, key: str) -> pd.DataFrame:
    """The editable candidates (st.data_editor); returns the edited table."""
    cat = load_catalogue()
    codes = ["", *cat.codes]
    breakdowns = sorted({"", *(b for i in cat for b in i.breakdowns)})
    cc = st.column_config
    config = {
        "accept": cc.CheckboxColumn(t("review_col_accept", lang)),
        "value": cc.NumberColumn(t("col_value", lang), min_value=0.0, format="%g"),
        "qualifier": cc.SelectboxColumn(t("review_col_qualifier", lang), options=list(fmt.QUALIFIER_SIGNS),
                                        required=True),
        "indicator_code": cc.SelectboxColumn(t("col_indicator", lang), options=codes, width="medium"),
        "unit_code": cc.TextColumn(t("review_col_unit_code", lang), max_chars=5, validate=r"^\d{0,5}$"),
        "breakdown": cc.SelectboxColumn(t("col_breakdown", lang), options=breakdowns),
        "period_start": cc.TextColumn(t("review_col_period_start", lang), validate=r"^(\d{4}-\d{2}-\d{2})?$"),
        "period_end": cc.TextColumn(t("review_col_period_end", lang), validate=r"^(\d{4}-\d{2}-\d{2})?$"),
        "period_kind": cc.SelectboxColumn(t("review_col_period_kind", lang), options=["total", "per_year", "stock"],
                                          required=True),
        "evidence": cc.TextColumn(t("col_evidence", lang), disabled=True),
        "phrase": cc.TextColumn(t("review_col_phrase", lang), disabled=True),
        "locator": cc.TextColumn(t("col_locator", lang), disabled=True),
        "confidence": cc.ProgressColumn(t("review_col_confidence", lang), min_value=0.0, max_value=1.0,
                                        format="%.2f"),
        "note": cc.TextColumn(t("col_note", lang), disabled=True),
    }
    shown = table[EDIT_COLUMNS].copy()
    shown["period_start"] = shown["period_start"].fillna("")
    shown["period_end"] = shown["period_end"].fillna("")
    return st.data_editor(shown, column_config=config, key=key, num_rows="fixed", width="stretch")
