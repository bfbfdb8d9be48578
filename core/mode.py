"""The dashboard's two modes, never mixed.

* **Real** (the default whenever the warehouse holds any real figure): only figures read from
  published reports and reviewed sources (``is_sample = false``).
* **Sample** (``sample=1`` in a link, the sidebar switch "Dữ liệu mẫu"): only the generated sample,
  for demonstrations and training, marked "DỮ LIỆU MẪU — minh họa" wherever it shows.

The mode is decided once per view (``core.urlstate.parse_state`` with ``Allowed.has_real``) and
reaches every query as the bound parameter ``$sample``: each SQL file under core/sql filters
``is_sample = $sample``, so no chart, table, map, image, slide, workbook or download of one mode
can hold a figure of the other. Where real data has nothing for a view, the page says so
("chưa có số liệu thật cho …") and offers the sample mode instead of filling in.
"""

from __future__ import annotations

from pathlib import Path

from core import warehouse

REAL, SAMPLE = False, True


def has_real(path: Path | None = None) -> bool:
    """Whether the warehouse holds any real figure."""
    return bool(warehouse.query("pages/has_real", path=path)["has_real"].iloc[0])


def default_sample(path: Path | None = None) -> bool:
    """The mode of a view that does not name one: real when there is any real figure, else sample."""
    return not has_real(path)


def name(sample: bool) -> str:
    """'sample' or 'real' (for file names, deck items and messages)."""
    return "sample" if sample else "real"
