"""Real browser (Playwright + Debian's chromium): a comparison link opens its chart. The
screenshot is saved in tests/artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, no_exceptions

LINK = ("compare?lang=vi&units=63&provinces=62,11,40,87&indicators=campaign_launches,citizen_tips"
        "&period=all&norm=per_year&chart=bars")


def open_link(page, dashboard_url: str) -> None:
    """Open the comparison link and wait for its bars."""
    page.goto(f"{dashboard_url}/{LINK}")
    page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)


@pytest.mark.browser
def test_comparison_link_opens_its_chart(dashboard_url, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_link(page, dashboard_url)
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


@pytest.mark.browser
def test_the_comparison_draws_its_controls_above_its_charts(dashboard_url, chromium):
    """The comparison page sends its charts before its controls, drawing the controls into a
    container above them. Whether a new visitor's browser then asks for plotly's code first depends
    on how the messages are batched (a warm server sends the whole page at once), so that is measured
    by bench/bench_pages.py (time to the first chart), not asserted here."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})  # empty cache
    page = context.new_page()
    try:
        open_link(page, dashboard_url)
        page.get_by_text("Tỉnh so sánh (2–8)").first.wait_for(timeout=30_000)  # the controls are drawn, above
        controls_y = page.get_by_text("Tỉnh so sánh (2–8)").first.bounding_box()["y"]
        assert controls_y < page.locator(".js-plotly-plot").first.bounding_box()["y"]
    finally:
        context.close()


@pytest.mark.browser
def test_the_sidebar_switches_keep_their_choice_across_a_language_switch(dashboard_url, chromium):
    """Switching to English relabels the 63/34 switch; it must still show the chosen option."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_link(page, dashboard_url)
        page.get_by_text("English", exact=True).click()
        page.wait_for_function("() => document.body.innerText.includes('Compare provinces')", timeout=30_000)
        page.wait_for_timeout(1000)
        checked = page.evaluate("() => Array.from(document.querySelectorAll("
                                "'[data-testid=stSidebar] [role=radiogroup]')).map(g => Array.from("
                                "g.querySelectorAll('input[type=radio]')).map(i => i.checked))")
        assert checked == [[False, True], [True, False]], checked  # English; 63 provinces
    finally:
        page.close()


@pytest.mark.browser
def test_a_deep_link_connects_to_the_server_without_probing_its_own_path(dashboard_url, chromium):
    """Streamlit's front end looks for its server at the page's own path first (/compare/_stcore/health,
    a 404 and a wait) unless the page says where the server is (core.serving.PageHead)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    asked, sockets = [], []
    page.on("request", lambda request: asked.append(request.url))
    page.on("websocket", lambda socket: sockets.append(socket.url))
    try:
        open_link(page, dashboard_url)
        core = [u.split("?")[0].removeprefix(dashboard_url) for u in asked if "/_stcore/" in u]
        assert "/_stcore/health" in core and not any(u.startswith("/compare/") for u in core), core
        assert sockets and all(s.endswith(":" + dashboard_url.rsplit(":", 1)[1] + "/_stcore/stream") for s in sockets)
        no_exceptions(page)
    finally:
        context.close()
