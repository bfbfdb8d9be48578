"""Nhập số liệu / Import: editors upload Parquet or Excel in the template; the file is checked,
validated by the ETL's rules, previewed, then stored under data/input/uploads and built."""

import streamlit as st
import yaml

from core.access import AccessDenied
from core.i18n import t
from core.intake import uploads
from core.intake.check import BuildFailed
from core.intake.store import StoreRefused
from etl.publish import store_and_build
from pages import _ui as ui

state, lang = ui.setup("import", (), figures=False)
user = ui.user()
st.title(t("import_title", lang))
st.write(t("import_intro", lang))
st.caption(t("import_limits", lang, mb=uploads.MAX_BYTES // 2**20, rows=f"{uploads.MAX_ROWS:,}".replace(",", ".")))
st.download_button(t("import_template", lang), uploads.make_template_xlsx, file_name="mau_nhap_so_lieu.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
if not user.can_write:
    st.info(t("import_not_allowed", lang))
    st.stop()

upload = st.file_uploader(t("import_file", lang), type=["parquet", "xlsx"], max_upload_size=uploads.MAX_BYTES // 2**20)
title = st.text_input(t("import_source_title", lang), max_chars=200)
publisher = st.text_input(t("import_source_publisher", lang), max_chars=200)
issued = st.date_input(t("import_source_date", lang), value=None, format="DD/MM/YYYY")
if upload is None or not title.strip():
    st.stop()

try:
    df = uploads.read_upload(upload.name, upload.getvalue())
except uploads.UploadRefused as exc:
    st.error(t("import_refused", lang) + "\n\n" + "\n".join(f"- {r}" for r in exc.problems))
    st.stop()

source_id = uploads.upload_source_id(upload.name)
df["source_id"] = df["source_id"].fillna(source_id) if "source_id" in df else source_id
source = {"source_id": source_id, "title": title.strip(), "publisher": publisher.strip() or None,
          "published": issued.isoformat() if issued else None, "kind": "report"}
problems = uploads.check_upload(upload.name, df, source, user)  # the user's scope, then the ETL's rules
if problems:
    st.error(t("import_invalid", lang) + "\n\n" + "\n".join(f"- {p}" for p in problems))
    st.stop()

st.success(t("import_preview", lang, n=len(df)))
ui.render_table(df.head(200).reset_index(), key="import_preview", figures=False)
st.code(yaml.safe_dump({"sources": [source]}, allow_unicode=True, sort_keys=False), language="yaml")
if st.button(t("import_confirm", lang), type="primary"):
    try:
        path, report = store_and_build(upload.name, df, source, user)
    except (AccessDenied, StoreRefused, BuildFailed) as exc:
        lines = getattr(exc, "problems", None) or [str(e) for e in getattr(exc, "errors", [])] or [str(exc)]
        st.error(t("import_invalid", lang) + "\n\n" + "\n".join(f"- {p}" for p in lines))
        st.stop()
    st.cache_data.clear()
    st.success(t("import_done", lang, file=upload.name, rows=len(df), total=report.observations))
