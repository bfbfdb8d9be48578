"""Access in a real browser, on a server with sign-in configured: a signed-out visitor and an editor
of Nghệ An (40) download the figures CSV of the indicators page (district rows only within the
scope, sensitive indicators hidden from the visitor) and try to store reviewed figures of a
district of Hà Tĩnh (42): the visitor gets no save button, the editor a refusal, nothing is written.

Signing in is simulated the way Streamlit records it after its OpenID Connect callback: a signed
`_streamlit_user` cookie (itsdangerous, with the cookie_secret of the test's secrets file)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from core import access, config
from core.catalogue import load_catalogue
from tests.browser import ARTIFACTS, free_port, no_exceptions, start_streamlit, stop, wait_until_idle
from tests.test_reader import DISTRICT_REPORT

SECRET = "a-cookie-secret-for-the-browser-test"
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secret}"
client_id = "antq"
client_secret = "unused"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"

[access]
default_role = "viewer"

[access.users."na@ca.gov.vn"]
role = "editor"
province = "40"
"""
SENSITIVE = {i.name_vi for i in load_catalogue() if i.sensitive}


@pytest.fixture(scope="module")
def signed_in_server(warehouse, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("access")
    port = free_port()
    secrets = tmp / "secrets.toml"
    secrets.write_text(SECRETS.format(port=port, secret=SECRET), encoding="utf-8")
    inputs = tmp / "input"
    shutil.copytree(config.INPUT_DIR, inputs)
    proc = start_streamlit(port, {"ANTQ_WAREHOUSE": str(warehouse), "ANTQ_INPUT_DIR": str(inputs),
                                  "ANTQ_HISTORY_DIR": str(tmp / "history")}, args=["--secrets.files", str(secrets)])
    try:
        yield f"http://127.0.0.1:{port}", inputs
    finally:
        stop(proc)


def user_cookie(url: str, email: str, name: str) -> dict:
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    value = json.dumps({"email": email, "name": name, "origin": url, "is_logged_in": True, "provider": "default"})
    return {"name": "_streamlit_user", "value": create_signed_value(SECRET, "_streamlit_user", value).decode(),
            "url": url}


def figures_csv(context, url: str, scope: str) -> pd.DataFrame:
    """The CSV downloads of the indicators page for one scope, real figures (provinces' own) and sample
    data (districts of every province) together, each in a page of its own (a deferred download
    clicked after an in-app navigation sometimes never starts)."""
    frames = []
    for mode in ("", "&sample=1"):
        page = context.new_page()
        page.goto(f"{url}/indicators?scope={scope}&lang=vi{mode}")
        page.get_by_role("button", name="Tải CSV").wait_for(timeout=90_000)
        wait_until_idle(page)
        no_exceptions(page)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Tải CSV").click()
        data = Path(download.value.path()).read_bytes()
        page.close()
        frames.append(pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig"))
    return pd.concat(frames, ignore_index=True)


def district_provinces(df: pd.DataFrame) -> set[str]:
    codes = df["Đơn vị hành chính"].str.extract(r"\((\d+)\)$")[0].dropna()
    return {p for c in codes if len(c) > 2 for p in access.unit_provinces(c)}


def try_to_store(page, url: str) -> None:
    page.goto(f"{url}/review?lang=vi")
    page.get_by_label("Hoặc dán văn bản vào đây").fill(DISTRICT_REPORT)
    page.get_by_role("button", name="Đọc số liệu").click()
    page.get_by_role("button", name="Lưu các dòng đã chấp nhận").wait_for(timeout=60_000)
    no_exceptions(page)


@pytest.mark.browser
@pytest.mark.parametrize("role", ["signed_out", "editor_40"])
def test_scope_of_downloads_and_writes_in_the_browser(signed_in_server, chromium, role):
    url, inputs = signed_in_server
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    if role == "editor_40":
        context.add_cookies([user_cookie(url, "na@ca.gov.vn", "Cán bộ Nghệ An")])
    try:
        kon_tum, nghe_an = figures_csv(context, url, "62"), figures_csv(context, url, "40")
        page = context.new_page()
        try_to_store(page, url)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        if role == "signed_out":
            assert "chưa đăng nhập" in sidebar
            assert district_provinces(kon_tum) == set() and district_provinces(nghe_an) == set()
            assert not (set(kon_tum["Chỉ tiêu"]) | set(nghe_an["Chỉ tiêu"])) & SENSITIVE
        else:
            assert "vai trò editor" in sidebar and "phạm vi 40" in sidebar
            assert district_provinces(kon_tum) == set() and district_provinces(nghe_an) == {"40"}
            assert set(nghe_an["Chỉ tiêu"]) & SENSITIVE
        assert len(kon_tum) and len(nghe_an)  # province figures stay listed for everyone

        save = page.get_by_role("button", name="Lưu các dòng đã chấp nhận")
        if role == "signed_out":
            assert save.is_disabled()
            assert page.get_by_text(re.compile("chỉ cán bộ biên tập")).count()
        else:
            page.get_by_label("Mã nguồn").fill("review_huong_khe_2023")
            page.get_by_label("Mã nguồn").press("Enter")
            wait_until_idle(page)
            save.click()
            page.get_by_text(re.compile("unit .444. is outside your scope")).first.wait_for(timeout=90_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"access_review_{role}.png"), full_page=True)
        assert not (inputs / "reviewed" / "review_huong_khe_2023.parquet").exists()
    finally:
        context.close()
