"""Real browser: the map page draws the 63 provinces offline; a click on Nghệ An drills into its
districts (in the sample data mode, where every district has figures). The screenshot of Nghệ An's
district map is saved in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from core import geo, maps
from tests.browser import ARTIFACTS
from tests.conftest import needs_geo


@pytest.mark.browser
@needs_geo
def test_click_nghe_an_opens_its_district_map(dashboard_url, chromium):
    shapes = geo.load_shapes("63")
    pw, ph = maps.plot_size(maps.WIDTH, maps.HEIGHT)
    view = geo.fit_view(shapes.bounds, pw, ph, padding=0.03)
    nghe_an = shapes.units.set_index("code").loc["40"]
    x, y = view.to_pixels(nghe_an.label_lon, nghe_an.label_lat - 0.15)
    failed_requests: list[str] = []
    page = chromium.new_page(viewport={"width": 1400, "height": 1300})
    try:
        page.on("requestfailed", lambda r: failed_requests.append(r.url))
        page.goto(f"{dashboard_url}/map?lang=vi&sample=1&indicators=campaign_launches")  # every district has one
        page.wait_for_selector(".js-plotly-plot .choroplethlocation", timeout=90_000)
        page.wait_for_timeout(2500)
        plot = page.locator(".js-plotly-plot").first
        assert "63 tỉnh" in plot.inner_text() and "Nghệ An" in plot.inner_text()
        box = plot.bounding_box()
        page.mouse.click(box["x"] + maps.MARGIN["l"] + x, box["y"] + maps.MARGIN["t"] + y)
        page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                               ".some(e => e.textContent.includes('Nghệ An'))", timeout=60_000)
        page.wait_for_timeout(3000)
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "map_nghe_an_districts.png"
        page.locator(".js-plotly-plot").first.screenshot(path=str(shot))
        text = page.locator(".js-plotly-plot").first.inner_text()
        assert "Thanh Chương" in text and "Tương Dương" in text and "chưa có số liệu" in text
        assert shot.stat().st_size > 20_000
    finally:
        page.close()
    # offline: the map fetched nothing outside the server
    outside = [u for u in failed_requests if not u.startswith(dashboard_url)]
    assert not outside, outside
