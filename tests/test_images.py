"""Slide-ready images (core.images): sizes, backgrounds, SVG, decorations, the bundled font, one
browser for a batch, and nothing fetched from outside the machine."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from core import fonts, images
from core.charts import FONT_FAMILY, ChartSpec
from core.i18n import t

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_spec(sample: bool = True, kind: str = "column") -> ChartSpec:
    data = pd.DataFrame({
        "category": ["Kon Tum", "Điện Biên", "Nghệ An"],
        "series": "Đợt phát động phong trào",
        "value": [2053.0, 1450.0, 20494.0],
        "label": ["> 2.053", "1.450", "20.494"],
        "is_sample": [False, sample, sample],
    })
    return ChartSpec(kind=kind, title="Đợt phát động phong trào", unit="đợt/năm", period="01/01/2019 – 31/12/2024",
                     source="Báo cáo tổng kết Kon Tum", data=data, subtitle="số liệu hằng năm", is_sample=sample,
                     link="http://localhost:8501/compare?provinces=62%2C11%2C40")


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=np.int16)


def test_image_figure_carries_title_subtitle_footer_and_sample_mark():
    spec = make_spec()
    fig = images.make_image_figure(spec)
    assert (fig.layout.width, fig.layout.height) == (images.WIDTH, images.HEIGHT)
    assert spec.title in fig.layout.title.text and spec.subtitle_line in fig.layout.title.text
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert spec.source in texts and texts.count(t("sample_mark", "vi")) >= 2  # footer and watermark
    assert fig.layout.separators == ",."  # Vietnamese axis numbers: 20.000
    plain = images.make_image_figure(make_spec(sample=False))
    assert t("sample_mark", "vi") not in " ".join(a.text for a in plain.layout.annotations)


def test_options_sizes_and_file_names():
    assert images.ImageOptions("1920x1080").pixels == (1920, 1080)
    assert images.ImageOptions("1280x720").pixels == (1280, 720)
    assert images.ImageOptions(fmt="svg").file_name("dot") == "dot.svg"
    assert images.ImageOptions(transparent=True).file_name("dot").endswith("_trong_suot.png")
    with pytest.raises(ValueError):
        images.ImageOptions(size="800x600")
    assert images.file_stem(make_spec()) == "dot_phat_dong_phong_trao"


def test_png_sizes_backgrounds_and_svg_in_one_batch():
    fig = images.make_image_figure(make_spec())
    opts = [images.ImageOptions("1920x1080"), images.ImageOptions("1280x720"),
            images.ImageOptions("1920x1080", transparent=True), images.ImageOptions(fmt="svg")]
    big, small, clear, svg = images.render([fig, fig, fig, fig], opts)
    for png, size in ((big, (1920, 1080)), (small, (1280, 720)), (clear, (1920, 1080))):
        assert png.startswith(PNG_MAGIC)
        assert Image.open(io.BytesIO(png)).size == size
        assert pixels(png).std() > 10  # something is drawn
    assert tuple(pixels(big)[5, 5]) == (255, 255, 255, 255)  # white corner
    assert pixels(clear)[5, 5][3] == 0  # transparent corner
    assert pixels(clear)[:, :, 3].max() == 255  # ... but the chart itself is opaque
    text = svg.decode("utf-8")
    assert text.lstrip().startswith("<svg") and 'viewBox="0 0 1280 720"' in text
    assert "Đợt phát động phong trào" in text and "Be Vietnam Pro" in text
    assert t("sample_mark", "vi") in text and "Kon Tum" in text
    assert images.render([fig], opts[0])[0] == big  # cached, same bytes
    assert fig.layout.paper_bgcolor == "white"  # the caller's figure was not changed


def text_figure(family: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text="Điện Biên · Đợt phát động · Tỷ lệ hộ gia đình · Nghệ An 96,5%", x=0.5, y=0.5,
                       showarrow=False, font={"family": family, "size": 34, "color": "black"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(width=1100, height=160, margin={"l": 0, "r": 0, "t": 0, "b": 0}, paper_bgcolor="white",
                      plot_bgcolor="white")
    return fig


def test_exported_png_uses_the_bundled_font():
    """The chart font stack resolves to Be Vietnam Pro: its render equals the render asking for
    Be Vietnam Pro alone and differs from every fallback (Noto Sans, DejaVu Sans, chromium's
    default for an unknown family). Without the registered font the stack would fall to Noto Sans
    and the first assertion would fail; an unregistered 'Be Vietnam Pro' would equal the default."""
    assert fonts.register() is not None and fonts.is_visible()
    families = [FONT_FAMILY, fonts.FAMILY, "Noto Sans", "DejaVu Sans", "No Such Family 42"]
    stack, bvp, noto, dejavu, unknown = [pixels(p) for p in images.render(
        [text_figure(f) for f in families], images.ImageOptions("1280x720"))]
    assert np.abs(stack - bvp).mean() < 0.5
    for other in (noto, dejavu, unknown):
        assert np.abs(bvp - other).mean() > 2.0


def test_kaleido_page_loads_nothing_from_outside():
    from kaleido import PageGenerator

    page = PageGenerator(mathjax=False).generate_index()
    assert "http://" not in page and "https://" not in page
    assert images.chromium_path().startswith("/")


def test_missing_chromium_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("ANTQ_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(images, "CHROMIUM_CANDIDATES", ())
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    with pytest.raises(images.ImagesUnavailable, match="chromium"):
        images.chromium_path()
