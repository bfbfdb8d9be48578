"""Entry point: `streamlit run dashboard.py`. Routing only; each page lives in pages/.

`streamlit run` finds ``app`` below (an st.App) and serves this file through it, so every page's HTML
carries core.serving's head (a deep link connects to the server at once), Streamlit's front-end files
come from memory and the maps' boundary shapes are fetched by URL. Each visitor's script run executes this
file as ``__main__`` and routes to the page."""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from core import serving
from core.i18n import t

HERE = Path(__file__).resolve().parent

# (file, url path = file stem, title key, icon); a page is listed only once its file exists. The URL path must
# equal the file stem: a fresh server routes its first deep link by file name (legacy pages/ mode)
PAGES = [
    ("pages/overview.py", "overview", "page_overview", ":material/dashboard:"),
    ("pages/compare.py", "compare", "page_compare", ":material/bar_chart:"),
    ("pages/districts.py", "districts", "page_districts", ":material/account_tree:"),
    ("pages/map.py", "map", "page_map", ":material/map:"),
    ("pages/completeness.py", "completeness", "page_completeness", ":material/grid_on:"),
    ("pages/indicators.py", "indicators", "page_indicators", ":material/menu_book:"),
    ("pages/export.py", "export", "page_export", ":material/slideshow:"),
    ("pages/review.py", "review", "page_review", ":material/fact_check:"),
    ("pages/import_data.py", "import_data", "page_import", ":material/upload_file:"),
]


def route() -> None:
    # the language switch's own value first (it changes before the page updates the view state)
    lang = st.session_state.get("w_lang") or (st.session_state["view"].lang if "view" in st.session_state
                                              else st.query_params.get("lang", "vi"))
    lang = lang if lang in ("vi", "en") else "vi"

    def title(key: str, path: str) -> str:
        try:
            return t(key, lang)
        except KeyError:
            return Path(path).stem.replace("_", " ").capitalize()

    st.set_page_config(page_title=t("app_title", lang), page_icon="🛡️", layout="wide")
    pages = [st.Page(p, url_path=url, title=title(key, p), icon=icon, default=(url == "overview"))
             for p, url, key, icon in PAGES if (HERE / p).is_file()]
    st.navigation(pages).run()


if __name__ == "__main__":  # a visitor's script run
    route()
else:  # imported by `streamlit run` (or an ASGI server: `uvicorn dashboard:app`) to serve the app
    app = st.App(__file__, middleware=[Middleware(serving.StaticAssets, root=Path(st.__file__).parent / "static"),
                                       Middleware(serving.GeoJsonAssets),
                                       Middleware(serving.PageHead, pages=[url for _, url, *_ in PAGES])])
