"""Real browser (Playwright + Debian's chromium): a comparison link opens its chart. The
screenshot is saved in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS

LINK = ("compare?lang=vi&units=63&provinces=62,11,40,87&indicators=campaign_launches,citizen_tips"
        "&period=all&norm=per_year&chart=bars")


@pytest.mark.browser
def test_comparison_link_opens_its_chart(dashboard_url, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{dashboard_url}/{LINK}")
        page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)
        page.wait_for_timeout(1500)
        title = page.locator(".js-plotly-plot .gtitle").first.text_content()
        assert "Đợt phát động phong trào" in title
        assert "Kon Tum" in page.content() and "Đồng Tháp" in page.content()
        assert "đợt/năm" in page.content()  # converted per year, and says so
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "compare_link.png"), full_page=True)
        assert "provinces=62%2C11%2C40%2C87" in page.url or "provinces=62,11,40,87" in page.url
    finally:
        page.close()
