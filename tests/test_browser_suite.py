"""Real-browser suite: the overview opens, the language switch works, and nothing on
the way raises or fetches from outside the machine. (The comparison link and the map drill-down
are in test_browser_pages.py and test_browser_map.py; downloads in test_browser_downloads.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, no_exceptions


@pytest.mark.browser
def test_overview_then_switch_to_english(dashboard_url, chromium):
    outside: list[str] = []
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        local = (dashboard_url, "data:", "blob:")
        page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
        page.goto(dashboard_url + "/")
        page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
        assert page.get_by_role("heading", name="Tổng quan").count() >= 1
        assert page.locator("[data-testid='stMetric']").count() >= 1
        assert "DỮ LIỆU MẪU" not in page.content()  # real figures by default: no sample anywhere
        no_exceptions(page)

        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
        page.wait_for_function("() => document.body.innerText.includes('Movement overview')", timeout=60_000)
        page.wait_for_timeout(1000)
        nav = page.locator("[data-testid='stSidebarNav']")
        assert "Compare provinces" in nav.inner_text() and "So sánh tỉnh" not in nav.inner_text()
        scope = page.locator("[data-testid='stSelectbox'] input").first  # shows its value in English too
        assert scope.input_value() == "Whole country"
        assert "SAMPLE DATA" not in page.content()
        no_exceptions(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "overview_en.png"), full_page=True)

        page.locator("[data-testid='stSidebar']").get_by_text("Sample data (illustration)").click()  # the mode
        page.wait_for_function("() => location.search.includes('sample=1')", timeout=60_000)
        page.wait_for_function("() => document.body.innerText.includes('SAMPLE DATA')", timeout=60_000)
        page.wait_for_timeout(1500)
        no_exceptions(page)
        page.screenshot(path=str(ARTIFACTS / "overview_en_sample.png"), full_page=True)
        page.locator("[data-testid='stSidebar']").get_by_text("Sample data (illustration)").click()  # back to real
        page.wait_for_function("() => !location.search.includes('sample=1')", timeout=60_000)

        nav.get_by_text("Compare provinces").click()  # the language follows the reader to the next page
        page.wait_for_selector(".js-plotly-plot .barlayer", timeout=60_000)
        page.wait_for_function("() => location.search.includes('lang=en')", timeout=30_000)
        assert "SAMPLE DATA" not in page.content()  # the mode follows the reader too
        assert page.locator(".js-plotly-plot .gtitle").first.text_content()
        no_exceptions(page)
    finally:
        page.close()
    assert not outside, outside


@pytest.mark.browser
def test_a_new_servers_first_page_writes_its_view_into_the_url(warehouse, chromium):
    """The very first request of a fresh server (routing leaves Streamlit's pages-folder mode)."""
    from tests.browser import free_port, start_streamlit, stop

    port = free_port()
    proc = start_streamlit(port, {"ANTQ_WAREHOUSE": str(warehouse)})
    page = chromium.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
        page.wait_for_function("() => location.search.includes('lang=vi')", timeout=30_000)
        assert "Tổng quan" in page.locator("[data-testid='stSidebarNav']").inner_text()
    finally:
        page.close()
        stop(proc)


def test_every_page_url_path_is_its_file_name():
    """A fresh server routes its first deep link by file name (Streamlit's pages/ folder mode);
    a page whose URL path differed from its file name opened with a 'Page not found' dialog."""
    import ast

    from core import config

    tree = ast.parse((config.ROOT / "dashboard.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES")
    assert pages and all(Path(path).stem == url for path, url, *_ in pages), pages


@pytest.mark.browser
def test_a_new_servers_first_deep_link_opens_without_a_dialog(warehouse, chromium):
    from tests.browser import free_port, start_streamlit, stop

    port = free_port()
    proc = start_streamlit(port, {"ANTQ_WAREHOUSE": str(warehouse)})
    page = chromium.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/import_data")
        page.wait_for_selector("text=Tải mẫu Excel", timeout=60_000)
        page.wait_for_timeout(2000)
        assert page.locator("[role='dialog']").count() == 0
        no_exceptions(page)
    finally:
        page.close()
        stop(proc)
