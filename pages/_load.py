"""Cached loading for the pages: each core loader the pages use, wrapped once by ``cached`` with its
own signature (so ruff, type checkers and IDEs see the real parameters), and SQL files by ``query``.

Everything is cached until the warehouse file is replaced (warehouse.version()). The mode (real
figures or sample data, core.mode) is the view's: a loader or SQL file that takes ``sample`` gets it
here, so a page cannot mix the two. Listings restricted by access (core.access) take ``user=`` from
the page (``ui.user()``); it is part of the cache key like every argument.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from core import compare, completeness, config, defaults, districts, maps, national, overview, views, warehouse

EMPTY_YEAR = 2024  # the year range of a warehouse without figures (the sliders need one)
P = ParamSpec("P")
R = TypeVar("R")


def mode() -> bool:
    """The view's mode: True = sample data only, False = real figures only (core.mode)."""
    return bool(st.session_state["view"].sample) if "view" in st.session_state else False


def warehouse_key() -> tuple[str, int]:
    """Which warehouse build is read: its path and version (a new build is a new key)."""
    return str(config.warehouse_path()), warehouse.version()


@st.cache_data(show_spinner=False, max_entries=512)
def _run(name: str, key: tuple, _func: Callable, args: tuple, kwargs: tuple):
    """One cache for every loader, keyed by its name (``_func`` itself is not hashed: leading underscore)."""
    return _func(*args, **dict(kwargs))


def cached(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` cached per warehouse build and arguments; given the view's mode when it takes ``sample``."""
    name = f"{func.__module__}.{func.__qualname__}"
    takes_sample = "sample" in inspect.signature(func).parameters

    @functools.wraps(func)
    def load(*args: P.args, **kwargs: P.kwargs) -> R:
        if takes_sample:
            kwargs.setdefault("sample", mode())
        return _run(name, warehouse_key(), func, args, tuple(sorted(kwargs.items())))
    return load


# --- the loaders of the pages ------------------------------------------------------------------------

allowed = cached(views.allowed)
load_province_figures = cached(views.load_province_figures)
load_district_figures = cached(views.load_district_figures)
load_population = cached(views.load_population)
load_catalogue_table = cached(views.load_catalogue_table)
load_figures_sources = cached(views.load_figures_sources)
load_conflicts_table = cached(views.conflicts_table)
load_country_figures = cached(national.load_country_figures)
load_completeness = cached(completeness.load_completeness)
load_source_titles = cached(views.load_source_titles)
compare_view = cached(defaults.compare_view)
load_compare = cached(compare.load_view)
deck_indicators = cached(defaults.deck_indicators)
overview_indicators = cached(defaults.overview_indicators)
load_overview = cached(overview.load_view)
district_view = cached(defaults.district_view)
load_districts = cached(districts.load_view)
map_view = cached(defaults.map_view)
load_map_values = cached(maps.load_values)
map_years = cached(maps.available_years)
map_default_year = cached(maps.default_year)
has_coverage = cached(maps.has_coverage)


@st.cache_data(show_spinner=False, max_entries=64)
def _query(name: str, key: tuple, params: tuple) -> pd.DataFrame:
    return warehouse.query(name, dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """core/sql/<name>.sql with bound parameters, cached per warehouse build; a query filtering by
    ``$sample`` gets the view's mode."""
    if "$sample" in warehouse.sql_text(name):
        params.setdefault("sample", mode())
    return _query(name, warehouse_key(), tuple(sorted(params.items())))


def year_range() -> tuple[int, int]:
    """The first and last year of period_end in the warehouse, in the view's mode (EMPTY_YEAR when it
    holds nothing)."""
    first, last = (int(v) for v in query("pages/year_range").iloc[0].fillna(EMPTY_YEAR))
    return first, last
