"""Slide-ready images of charts and maps, rendered on the server by kaleido with Debian's chromium.

Sizes are 16:9: the figure is laid out at 1280×720 and written at scale 1 (1280×720) or 1.5
(1920×1080), so both sizes show the same picture. Backgrounds: white or transparent. SVG too.
Title, subtitle (period, unit, normalisation), source footnote and the sample mark are baked in
(core.charts.decorate; maps come decorated from core.maps). Text is set in the bundled Be Vietnam
Pro (core.fonts registers it with fontconfig before chromium starts), falling back to Noto Sans.

One browser serves every image of the process: ``renderer()`` keeps a kaleido instance on its own
event loop thread; ``render(jobs)`` sends a batch at once. Nothing is downloaded: kaleido gets the
chromium path explicitly (it never looks for or fetches its own Chrome), MathJax is off (its
default is a CDN) and maps get plotly's topojson inline (core.maps.figures.TOPOJSON_URL). Rendered
bytes are cached per figure and options (``cached``).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import hashlib
import json
import os
import shutil
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from core import fonts
from core.charts import ChartSpec, decorate, wrap_footer
from core.maps.figures import TOPOJSON_URL
from core.plots import axis_number, make_figure

WIDTH, HEIGHT = 1280, 720
SIZES = {"1920x1080": 1.5, "1280x720": 1.0}
FORMATS = ("png", "svg")
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
RENDER_TIMEOUT = 90
CACHE_ENTRIES = 64
FOOTER_FONT = 12


class ImagesUnavailable(RuntimeError):
    """No chromium to render with (message says what to install)."""


@dataclass(frozen=True)
class ImageOptions:
    size: str = "1920x1080"         # a key of SIZES
    transparent: bool = False
    fmt: str = "png"                # png | svg

    def __post_init__(self) -> None:
        if self.size not in SIZES or self.fmt not in FORMATS:
            raise ValueError(f"unknown image options {self}")

    @property
    def scale(self) -> float:
        return SIZES[self.size] if self.fmt == "png" else 1.0

    @property
    def pixels(self) -> tuple[int, int]:
        return round(WIDTH * self.scale), round(HEIGHT * self.scale)

    def file_name(self, stem: str) -> str:
        tail = "" if self.fmt == "svg" else f"_{self.size}" + ("_trong_suot" if self.transparent else "")
        return f"{stem}{tail}.{self.fmt}"


# --- figures for images -------------------------------------------------------------------

def make_image_figure(spec: ChartSpec, width: int = WIDTH, height: int = HEIGHT) -> go.Figure:
    """The chart of ``spec`` (bar, column, line, small multiples) laid out for a 16:9 image."""
    if spec.kind in ("map", "table"):
        raise ValueError(f"{spec.kind} views are not drawn from a spec (maps: core.maps)")
    fig = make_figure(spec)
    multiples = spec.kind == "small_multiples"
    if multiples:  # many small panels: smaller bar labels and panel titles (the only annotations so far)
        fig.update_traces(textfont_size=10)
        fig.update_annotations(font_size=12)
    decorate(fig, spec, height=height)
    lines = wrap_footer(fig, spec.footer, max(60, int(width / (FOOTER_FONT * 0.55))), font={"size": FOOTER_FONT},
                        align="left")
    fig.update_layout(width=width, height=height, margin={"t": 100, "b": 70 + 16 * lines, "l": 70, "r": 40},
                      title={"font": {"size": 22}}, font={"size": 11 if multiples else 14}, **axis_number(spec.lang),
                      template="plotly_white")  # the same picture from the app server and the command line
    return fig


def make_map(recipe: dict, width: int = WIDTH, height: int = HEIGHT, *, user) -> tuple[go.Figure, ChartSpec]:
    """A map view (recipe as recorded by the map page, core.map_recipe) drawn as the page draws it,
    re-fitted to ``width``×``height``, in the recipe's mode (real figures or sample data), as ``user``
    (core.auth.User) may see it. A played (animated) map becomes the still map of its chosen year."""
    from core import map_recipe

    return map_recipe.make_map(recipe, user=user, still=True, width=width, height=height)


def prepared(fig: go.Figure, options: ImageOptions) -> dict:
    """The figure as a dict ready for kaleido, background applied (the caller's figure untouched)."""
    out = copy.deepcopy(fig.to_plotly_json())
    layout = out.setdefault("layout", {})
    layout.pop("updatemenus", None)  # play buttons and sliders of animated maps are not for print
    layout.pop("sliders", None)
    out.pop("frames", None)
    if options.transparent:
        layout["paper_bgcolor"] = "rgba(0,0,0,0)"
        layout["plot_bgcolor"] = "rgba(0,0,0,0)"
    return out


# --- one browser per process ------------------------------------------------------------------

def chromium_path() -> str:
    """Debian's chromium (``ANTQ_CHROMIUM`` overrides); never a downloaded Chrome."""
    for cand in (os.environ.get("ANTQ_CHROMIUM"), shutil.which("chromium"), *CHROMIUM_CANDIDATES):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    raise ImagesUnavailable("chromium not found: install Debian's chromium (apt-get install chromium) "
                            "or set ANTQ_CHROMIUM to its path")


class Renderer:
    """A kaleido browser kept open on its own event loop thread."""

    def __init__(self, tabs: int = 2):
        fonts.register()  # FONTCONFIG_FILE for chromium, set before it starts
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        self._kaleido = None
        self._tabs = tabs
        self._run(self._open())

    async def _open(self) -> None:
        import kaleido

        self._kaleido = kaleido.Kaleido(path=chromium_path(), mathjax=False, n=self._tabs,
                                        timeout=RENDER_TIMEOUT)
        await self._kaleido.open()

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(RENDER_TIMEOUT * 4)

    async def _many(self, jobs: list[tuple[dict, dict]]) -> list[bytes]:
        return list(await asyncio.gather(*(self._kaleido.calc_fig(fig, opts=opts, topojson=TOPOJSON_URL)
                                                for fig, opts in jobs)))

    def render(self, jobs: list[tuple[dict, dict]]) -> list[bytes]:
        """Bytes of each (figure dict, kaleido opts) job, the batch rendered in one go."""
        return self._run(self._many(jobs)) if jobs else []

    def close(self) -> None:
        if self._kaleido is not None:
            with contextlib.suppress(Exception):  # the browser may already be gone at exit
                self._run(self._kaleido.close())
            self._kaleido = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


_lock = threading.Lock()
_renderer: Renderer | None = None
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def renderer() -> Renderer:
    global _renderer
    with _lock:
        if _renderer is None:
            _renderer = Renderer()
            atexit.register(close)
        return _renderer


def close() -> None:
    """Stop the kept browser (it restarts on the next render)."""
    global _renderer
    with _lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


def _key(fig: dict, options: ImageOptions) -> str:
    text = json.dumps(fig, cls=PlotlyJSONEncoder, sort_keys=True)
    return hashlib.sha256(f"{options}|{text}".encode()).hexdigest()


def render(figures: list[go.Figure], options: ImageOptions | list[ImageOptions]) -> list[bytes]:
    """PNG/SVG bytes of each figure (one batch in the kept browser); repeated requests come
    from a small cache."""
    opts = options if isinstance(options, list) else [options] * len(figures)
    dicts = [prepared(f, o) for f, o in zip(figures, opts, strict=True)]
    keys = [_key(d, o) for d, o in zip(dicts, opts, strict=True)]
    with _cache_lock:
        found = {k: _cache[k] for k in keys if k in _cache}
    todo = [i for i, k in enumerate(keys) if k not in found]
    if todo:
        jobs = [(dicts[i], {"format": opts[i].fmt, "scale": opts[i].scale,
                            "width": dicts[i]["layout"].get("width") or WIDTH,
                            "height": dicts[i]["layout"].get("height") or HEIGHT}) for i in todo]
        try:
            done = renderer().render(jobs)
        except Exception:  # noqa: BLE001 - a crashed or stuck browser: start a fresh one, once
            close()
            done = renderer().render(jobs)
        found.update({keys[i]: data for i, data in zip(todo, done, strict=True)})
    with _cache_lock:
        for k in keys:
            _cache[k] = found[k]
            _cache.move_to_end(k)
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return [found[k] for k in keys]


def chart_image(spec: ChartSpec, options: ImageOptions = ImageOptions()) -> bytes:
    """One chart view as an image (bar, column, line, small multiples)."""
    return render([make_image_figure(spec)], options)[0]


def map_image(recipe: dict, options: ImageOptions = ImageOptions(), *, user) -> bytes:
    """One map view as an image, re-fitted to 16:9, as ``user`` may see it."""
    fig, _ = make_map(recipe, user=user)
    return render([fig], options)[0]


def file_stem(spec: ChartSpec | str) -> str:
    """A file name stem from a chart's title (or any text), ASCII only ('dot_phat_dong_phong_trao')."""
    from core.text import fold

    title = spec if isinstance(spec, str) else spec.title
    words = "".join(c if c.isalnum() else " " for c in fold(title)).split()
    return "_".join(words)[:60] or "bieu_do"
