"""Downloads in a real browser: on the comparison page add the chart to the deck and
download its PNG; on the export page download the PowerPoint deck; both files checked."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from tests.browser import ARTIFACTS, no_exceptions


@pytest.mark.browser
def test_add_to_deck_then_download_png_and_pptx(dashboard_url, chromium):
    outside: list[str] = []
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        local = (dashboard_url, "data:", "blob:")
        page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
        page.goto(dashboard_url + "/compare?provinces=62,11,40&indicators=campaign_launches&lang=vi")
        page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)
        no_exceptions(page)

        page.get_by_role("button", name=re.compile("Thêm vào bộ slide")).first.click()
        page.get_by_role("button", name=re.compile("Đã có trong bộ slide")).first.wait_for(timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "compare_deck_buttons.png"), full_page=True)

        page.get_by_role("button", name=re.compile("Tải ảnh")).first.click()
        with page.expect_download(timeout=90_000) as png_download:
            page.get_by_role("button", name=re.compile("PNG 1920×1080$")).first.click()
        png = Path(png_download.value.path()).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
        assert Image.open(io.BytesIO(png)).size == (1920, 1080)
        assert png_download.value.suggested_filename.endswith("_1920x1080.png")
        (ARTIFACTS / "download_chart.png").write_bytes(png)
        page.keyboard.press("Escape")

        page.locator("[data-testid='stSidebarNav']").get_by_text("Xuất slide").click()
        page.get_by_text("1. Đợt phát động phong trào").wait_for(timeout=60_000)
        no_exceptions(page)
        with page.expect_download(timeout=120_000) as pptx_download:
            page.get_by_role("button", name=re.compile(r"Tải PowerPoint")).click()
        data = Path(pptx_download.value.path()).read_bytes()
        assert data[:2] == b"PK" and pptx_download.value.suggested_filename.endswith(".pptx")
        prs = Presentation(io.BytesIO(data))
        assert len(prs.slides) == 2  # title slide + the chart added above
        shapes = list(prs.slides[1].shapes)
        assert any(s.has_chart for s in shapes)
        assert "Đợt phát động phong trào" in "\n".join(s.text_frame.text for s in shapes if s.has_text_frame)
        assert "provinces=62" in prs.slides[1].notes_slide.notes_text_frame.text
        page.screenshot(path=str(ARTIFACTS / "export_page.png"), full_page=True)
    finally:
        page.close()
    assert not outside, outside
