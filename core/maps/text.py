"""What a map says: its title, unit, period and source (MapText) for an indicator or a coverage
measure."""

from __future__ import annotations

import pandas as pd

from core.catalogue import load_catalogue
from core.i18n import t
from core.maps.figures import MapText
from core.maps.loading import COVERAGE_MEASURES, short_text


def level_title(level: str, vintage: str, province_name: str, lang: str) -> str:
    if level == "province_districts":
        return t("map_level_title_province_districts", lang, province=province_name)
    if level == "districts":
        return t("map_level_title_districts", lang)
    return t("map_level_title_provinces34" if vintage == "34" else "map_level_title_provinces63", lang)


def province_name(code: str | None, lang: str) -> str:
    from core.units import load_register

    if not code:
        return ""
    reg = load_register()
    r = reg[(reg.code == code) & (reg.level == "province") & (reg.vintage == "63")]
    if not len(r):
        return code
    return r.iloc[0]["name_vi"] if lang == "vi" else r.iloc[0]["name_en"]


def indicator_text(code: str, year: int | str, level: str, vintage: str, province: str | None, lang: str,
                   values: pd.DataFrame | None = None, link: str = "") -> MapText:
    ind = load_catalogue()[code]
    sources = "; ".join(short_text(s) for s in dict.fromkeys(values["source"])) if values is not None else ""
    return MapText(title=f"{ind.name(lang)} — {level_title(level, vintage, province_name(province, lang), lang)}",
                   unit=ind.unit(lang), kind=ind.kind, period=str(year), source=sources, link=link)


def coverage_text(measure: str, year: int | str, level: str, vintage: str, province: str | None, lang: str,
                  link: str = "", change: bool = False) -> MapText:
    kind, unit_key = COVERAGE_MEASURES[measure]
    unit = ("%" if kind == "percent" else t(unit_key, lang))
    if change and kind == "percent":
        unit = t("map_unit_points", lang)
        kind = "ratio"
    name = t(f"map_measure_{measure}", lang)
    return MapText(title=f"{name} — {level_title(level, vintage, province_name(province, lang), lang)}",
                   unit=unit, kind=kind, period=str(year), source=t("map_coverage_source", lang), link=link)


def map_text(source: str, code: str, year: int | str, level: str, vintage: str, province: str | None,
             lang: str, values: pd.DataFrame | None = None, link: str = "", change: bool = False) -> MapText:
    if source == "coverage":
        return coverage_text(code, year, level, vintage, province, lang, link, change)
    return indicator_text(code, year, level, vintage, province, lang, values, link)
