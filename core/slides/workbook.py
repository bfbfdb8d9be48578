"""The Excel workbook of a deck's data: one row per figure (with its sources, and both values where
sources differ), a sheet per slide with caption, period, notes and link, and a sheet of sources
(cells escaped by core.excel)."""

from __future__ import annotations

import pandas as pd

from core import excel, fmt
from core.i18n import t
from core.slides.captions import caption
from core.slides.items import DeckItem, check_one_mode


def build_workbook(items: list[DeckItem], lang: str = "vi", sources: pd.DataFrame | None = None) -> bytes:
    """Excel workbook of the data behind the deck: one row per figure (with its sources, and both
    values where sources differ), a sheet per slide with caption, period, notes and link, and a
    sheet of sources (escaped through core.excel). The items must share one mode."""

    check_one_mode(items)
    c = {k: t(f"xl_{k}", lang) for k in ("slide", "title", "category", "series", "value", "label", "unit",
                                           "period", "date", "sample", "source", "notes", "link", "caption",
                                           "publisher", "published", "kind", "file", "used_on", "sources_check")}
    rows, slides, used = [], [], {}
    for n, item in enumerate(items, start=1):
        spec = item.spec
        for r in spec.data.to_dict("records"):
            x = r.get("x")
            rows.append({c["slide"]: n, c["title"]: spec.title, c["category"]: r.get("category"),
                         c["series"]: r.get("panel") or r.get("series") or "", c["value"]: r.get("value"),
                         c["label"]: r.get("label") if r.get("label") is not None else fmt.NO_DATA[lang],
                         c["unit"]: spec.unit, c["period"]: spec.period,
                         c["date"]: fmt.day(x) if x is not None and not pd.isna(x) else "",
                         c["sample"]: t("xl_yes", lang) if r.get("is_sample") else "", c["source"]: spec.source,
                         c["sources_check"]: r.get("hover") or ""})
        slides.append({c["slide"]: n, c["title"]: spec.title, c["unit"]: spec.unit, c["period"]: spec.period,
                       c["caption"]: caption(spec, item.expected or None), c["notes"]: " · ".join(spec.notes),
                       c["sample"]: t("xl_yes", lang) if spec.is_sample else "", c["source"]: spec.source,
                       c["link"]: spec.link})
        for s in (p.strip() for p in spec.source.split(";")):
            if s:
                used.setdefault(s, []).append(n)
    src_rows = []
    for s, slide_nos in used.items():
        row = {c["source"]: s, c["publisher"]: "", c["published"]: "", c["kind"]: "", c["file"]: "",
               c["used_on"]: ", ".join(str(n) for n in dict.fromkeys(slide_nos))}
        if sources is not None and len(sources):
            stem = s.rstrip("…").strip()
            hit = sources[(sources["title"].astype(str).str.startswith(stem))
                          | (sources.get("title_en", sources["title"]).astype(str).str.startswith(stem))]
            if len(hit):
                h = hit.iloc[0]
                row.update({c["publisher"]: h.get("publisher") or "", c["kind"]: h.get("kind") or "",
                            c["published"]: fmt.day(h.get("published")) if pd.notna(h.get("published")) else "",
                            c["file"]: h.get("file") or ""})
        src_rows.append(row)
    return excel.to_excel_bytes({
        t("sheet_data", lang): pd.DataFrame(rows, columns=[c[k] for k in ("slide", "title", "category", "series",
                                                                           "value", "label", "unit", "period", "date",
                                                                           "sample", "source", "sources_check")]),
        t("sheet_slides", lang): pd.DataFrame(slides),
        t("sheet_sources", lang): pd.DataFrame(src_rows, columns=[c[k] for k in ("source", "publisher", "published",
                                                                                 "kind", "file", "used_on")]),
    })

