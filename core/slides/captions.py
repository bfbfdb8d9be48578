"""The caption of a slide, written from the view's data: the key comparison (highest and lowest
with their values as printed, qualifiers kept; compared provinces without a figure named
'chưa có số liệu', or 'shown apart' when a note explains why)."""

from __future__ import annotations

import re

import pandas as pd

from core import fmt
from core.charts import ChartSpec
from core.i18n import t
from core.slides.items import expected_units


def _with_unit(label: str, unit: str) -> str:
    """'20.494 (2024)' + 'đợt' → '20.494 đợt (2024)'; '96,5%' stays."""
    if not unit or unit == "%" or label.endswith("%") or "%" in label.split(" (")[0]:
        return label
    m = re.match(r"^(.*?)( \(.*\))$", label)
    return f"{m.group(1)} {unit}{m.group(2)}" if m else f"{label} {unit}"


def _rank_text(rows: pd.DataFrame, unit: str, lang: str) -> list[str]:
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return []
    if len(rows) == 1:
        r = rows.iloc[0]
        return [f"{r.category}: {_with_unit(str(r.label), unit)}, {t('caption_only', lang)}"]
    ordered = rows.sort_values("value", ascending=False, kind="stable")
    hi, lo = ordered.iloc[0], ordered.iloc[-1]
    if hi.value == lo.value:
        return [f"{', '.join(ordered.category)}: {_with_unit(str(hi.label), unit)}, {t('caption_equal', lang)}"]
    return [f"{hi.category}: {_with_unit(str(hi.label), unit)}, {t('caption_highest', lang)}",
            f"{lo.category}: {_with_unit(str(lo.label), unit)}, {t('caption_lowest', lang)}"]


def caption(spec: ChartSpec, expected: list[str] | None = None) -> str:
    """The key comparison of a view, from its data: 'Nghệ An: 20.494 đợt (2024), cao nhất;
    Kon Tum: > 2.053 đợt/năm, thấp nhất; Điện Biên: chưa có số liệu'."""
    lang = spec.lang
    data = spec.data
    if spec.kind == "map":
        data = data[data["series"] == data["series"].iloc[-1]] if len(data) and "series" in data else data
    elif spec.kind == "line" and len(data):
        data = data.sort_values("x").groupby("category", sort=False).tail(1)
    parts: list[str] = []
    if spec.kind == "small_multiples":
        key = "panel" if "panel" in data else "series"
        for panel, grp in data.groupby(key, sort=False):
            ranked = _rank_text(grp, "", lang)
            if ranked:
                parts.append(f"{str(panel).split(' (')[0]} — " + "; ".join(ranked))
        return " | ".join(parts) or t("caption_none", lang)
    series = list(dict.fromkeys(data["series"])) if len(data) else []
    for s in series:
        ranked = _rank_text(data[data["series"] == s], spec.unit, lang)
        if ranked:
            prefix = f"{s}: " if len(series) > 1 and spec.kind != "map" else ""
            parts.append(prefix + "; ".join(ranked))
    shown = set(data.dropna(subset=["value"])["category"]) if len(data) else set()
    expected = expected if expected is not None else expected_units(spec)
    noted = " ".join(spec.notes)
    for name in expected:
        if name in shown:
            continue
        apart = any(n.startswith(f"{name} (") for n in spec.notes) or f"{name} (" in noted
        parts.append(f"{name}: {t('caption_apart', lang) if apart else fmt.NO_DATA[lang]}")
    if not parts:
        return t("caption_none", lang)
    lead = f"{t('caption_latest', lang)} — " if spec.kind == "line" else ""
    return lead + "; ".join(parts)

