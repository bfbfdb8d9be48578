"""Nhập từ báo cáo / Import from reports: paste or upload a report, review the figures the reader
proposes (highlighted in the text, edited in a table), store the accepted rows for the next build."""

from pathlib import Path

import streamlit as st

from core import config, fmt, scratch
from core.access import AccessDenied
from core.i18n import t
from core.intake.bounds import DOC_MAX_BYTES, DOC_MAX_CHARS
from core.intake.reviewed import REVIEWED, ReviewRefused, input_dir, review_source_id, source_entry, store
from core.reader import ReadError, read_document, read_text
from core.units import load_register
from pages import _review_ui as rui
from pages._access import session_user

if config.warehouse_path().exists():
    from pages import _ui as ui

    _state, lang = ui.setup("review", (), figures=False)
else:
    from pages._access import render_access

    lang = st.query_params.get("lang", "vi") if st.query_params.get("lang") in ("vi", "en") else "vi"
    render_access(session_user(), lang)
user = session_user()
st.title(t("review_title", lang))
st.caption(t("review_intro", lang))
if not user.can_write:
    st.info(t("review_read_only", lang))

upload = st.file_uploader(t("review_upload", lang), type=["txt", "docx", "pdf"], key="review_upload",
                          max_upload_size=DOC_MAX_BYTES // 2**20)
pasted = st.text_area(t("review_paste", lang), height=180, key="review_text", max_chars=DOC_MAX_CHARS)
reg = load_register()
provinces = reg[(reg.level == "province") & (reg.vintage == "63")].set_index("code")["name_vi"]
province = st.selectbox(t("review_province", lang), ["", *provinces.index], key="review_province",
                        format_func=lambda c: t("review_province_none", lang) if not c else f"{provinces[c]} ({c})")

if st.button(t("review_read", lang), type="primary", key="review_read"):
    text, name = pasted.strip(), "van_ban_dan"
    try:
        if upload is not None:
            with scratch.work_dir("review") as tmp:
                path = tmp / f"upload{Path(upload.name).suffix.lower()}"
                path.write_bytes(upload.getvalue())
                text, name = read_document(path, name=Path(upload.name).name), upload.name
        if not text.strip():
            st.warning(t("review_nothing", lang))
        else:
            st.session_state["review_reading"] = read_text(text, province=province or None)
            st.session_state["review_name"] = name
            st.session_state.pop("review_editor", None)
    except ReadError as exc:
        st.error(t("review_read_error", lang, reason=str(exc)))

reading = st.session_state.get("review_reading")
if reading is not None:
    name = st.session_state.get("review_name", "van_ban_dan")
    with_code = sum(1 for c in reading.candidates if c.indicator_code)
    st.info(t("review_found", lang, n=len(reading.candidates), with_code=with_code, rejected=len(reading.rejected)))
    if reading.document_date:
        st.caption(t("review_doc_date", lang, day=fmt.day(reading.document_date), at=reading.document_date_at))
    for w in reading.warnings:
        st.warning(t("review_warning", lang, text=w))
    rui.render_text(reading, lang)

    st.subheader(t("review_table_heading", lang))
    c1, c2 = st.columns(2)
    title = c1.text_input(t("review_source_title", lang), value=Path(name).stem, key="review_source_title")
    source_id = c2.text_input(t("review_source_id", lang), value=review_source_id(name), key="review_source_id")
    st.caption(t("review_table_help", lang))
    edited = rui.render_editor(rui.candidates_table(reading, source_id), lang, key="review_editor")

    if st.button(t("review_save", lang), key="review_save", disabled=not user.can_write):
        accepted = edited[edited["accept"].fillna(False).astype(bool)]
        units = sorted({u for u in accepted["unit_code"] if u})
        entry = source_entry(source_id, title, file=name, published=reading.document_date,
                             provinces=[u for u in units if len(u) <= 2], rows=len(accepted))
        try:
            stored = store(accepted, entry, user, input_dir=input_dir())
        except (ReviewRefused, AccessDenied) as exc:
            st.error(t("review_refused", lang) + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))
        else:
            st.success(t("review_saved", lang, rows=stored.rows, path=f"{REVIEWED}/{stored.path.name}"))
