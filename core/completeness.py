"""Where figures exist (like DHIS2's reporting rates): provinces × indicators (and years) with the
number of figures, the latest period and the number of sources, in one mode; the number of
indicators each province has figures for, as a table and a map. Leaders see where reports are
missing; staff see what to collect. Read from the mart ``completeness`` (etl/sql/marts)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core import fmt, views, warehouse
from core.catalogue import load_catalogue
from core.i18n import t


def load_completeness(units: str, indicators: tuple[str, ...] = (), year: int = 0, by_indicator: bool = True,
                      by_year: bool = False, path: Path | None = None, *, sample: bool = False) -> pd.DataFrame:
    """Rows (province, country, indicator_code, year, figures, sources, latest_period_end) of one mode;
    ``indicators`` () = all, ``year`` 0 = all years."""
    cat = load_catalogue()
    return warehouse.query("pages/completeness", {
        "units": units, "indicators": cat.checked(list(indicators)), "year": int(year), "sample": bool(sample),
        "by_indicator": bool(by_indicator), "by_year": bool(by_year)}, path=path)


def provinces_only(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of the view's provinces (not the country's, not units outside the view)."""
    return df[df.province.notna() & ~df.country.astype(bool) & (df.figures > 0)]


def summary(by_indicator: pd.DataFrame, by_province: pd.DataFrame, units: str) -> dict[str, int]:
    """Provinces with figures (and of how many), indicators and figures of the selection; figures of
    the whole country and of units outside the view (the 34 new provinces in the 63 view)."""
    mine = provinces_only(by_indicator)
    return {"provinces": mine.province.nunique(), "total": len(views.provinces(units)),
            "indicators": mine.indicator_code.nunique(), "figures": int(provinces_only(by_province).figures.sum()),
            "national": int(by_indicator[by_indicator.country.astype(bool)].figures.sum()),
            "outside": int(by_indicator[by_indicator.province.isna() & ~by_indicator.country.astype(bool)]
                           .figures.sum())}


def province_table(by_indicator: pd.DataFrame, by_province: pd.DataFrame, units: str, lang: str) -> pd.DataFrame:
    """Every province of the view, those without figures included (0): indicators with figures,
    figures, sources, latest period; most indicators first."""
    names = views.provinces(units)
    mine = provinces_only(by_indicator)
    counts = mine.groupby("province").indicator_code.nunique()
    own = provinces_only(by_province).set_index("province")
    rows = []
    for code in names.index:
        rows.append({
            "code": code, t("col_province", lang): names.at[code, "name_vi" if lang == "vi" else "name_en"],
            t("col_indicators_n", lang): int(counts.get(code, 0)),
            t("col_figures_n", lang): int(own.figures.get(code, 0)),
            t("col_sources_n", lang): int(own.sources.get(code, 0)),
            t("col_latest", lang): fmt.day(own.latest_period_end.get(code)) if code in own.index else "",
        })
    out = pd.DataFrame(rows)
    return out.sort_values([t("col_indicators_n", lang), t("col_figures_n", lang)], ascending=False,
                           kind="stable").drop(columns="code").reset_index(drop=True)


def matrix(df: pd.DataFrame, units: str, lang: str, columns: str = "indicator_code") -> pd.DataFrame:
    """Provinces (rows, those with figures first) × indicators or years (columns): the number of
    figures as printed, empty where there is none."""
    names = views.provinces(units)
    mine = provinces_only(df)
    if mine.empty:
        return pd.DataFrame()
    cat = load_catalogue()
    grid = mine.pivot_table(index="province", columns=columns, values="figures", aggfunc="sum")
    if columns == "indicator_code":
        order = [c for c in cat.codes if c in grid.columns]
        grid = grid[order]
        grid.columns = [cat[c].name(lang) for c in order]
    else:
        grid = grid[sorted(grid.columns)]
        grid.columns = [str(int(c)) for c in grid.columns]
    grid = grid.reindex(grid.notna().sum(axis=1).sort_values(ascending=False, kind="stable").index)
    grid.index = [names.at[c, "name_vi" if lang == "vi" else "name_en"] for c in grid.index]
    grid.index.name = t("col_province", lang)
    return grid.apply(lambda col: [fmt.number(v, lang) if pd.notna(v) else "" for v in col]).reset_index()


def detail(df: pd.DataFrame, units: str, lang: str) -> pd.DataFrame:
    """One row per province and indicator (and year): figures, latest period, sources."""
    names = views.provinces(units)
    cat = load_catalogue()
    mine = provinces_only(df)
    out = pd.DataFrame({
        t("col_province", lang): [names.at[c, "name_vi" if lang == "vi" else "name_en"] for c in mine.province],
        t("col_indicator", lang): [cat[c].name(lang) for c in mine.indicator_code],
        **({t("col_year", lang): [str(int(y)) for y in mine.year]} if mine.year.notna().any() else {}),
        t("col_figures_n", lang): mine.figures.astype(int).to_numpy(),
        t("col_latest", lang): [fmt.day(d) for d in mine.latest_period_end],
        t("col_sources_n", lang): mine.sources.astype(int).to_numpy(),
    })
    return out.reset_index(drop=True)


def map_values(by_indicator: pd.DataFrame, units: str, year: int, source: str, sample: bool) -> pd.DataFrame:
    """Per province of the view, the number of indicators with figures (provinces without any are
    absent: the map's grey class "chưa có số liệu")."""
    from core.maps import VALUE_COLUMNS

    mine = provinces_only(by_indicator)
    counts = mine.groupby("province").indicator_code.nunique()
    first, last = (pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)) if year else (None, None)
    out = pd.DataFrame({"code": counts.index.astype(str), "value": counts.to_numpy(dtype=float), "qualifier": "exact",
                        "period_start": first, "period_end": last, "period_kind": "stock", "period_years": 1.0,
                        "source": source, "is_sample": bool(sample), "note": "", "conflict": False})
    return out[VALUE_COLUMNS].reset_index(drop=True)


def make_map(by_indicator: pd.DataFrame, units: str, year: int, lang: str, sample: bool, link: str = "",
             width: int = 560, height: int = 700):
    """Choropleth of the number of indicators with figures per province (63 or 34 layer):
    (plotly figure, ChartSpec)."""
    from core import geo, maps

    vintage = "34" if units == "34" else "63"
    values = map_values(by_indicator, units, year, t("completeness_source", lang), sample)
    period = str(year) if year else t("all_years", lang)
    text = maps.MapText(title=t("completeness_map_title", lang), unit=t("completeness_map_unit", lang),
                        kind="count", period=period, source=t("completeness_source", lang), link=link)
    return maps.make_map_figure(geo.load_shapes(vintage, "country"), values, text, lang, "natural", 5,
                                width=width, height=height)
