"""A report as paragraphs: text extraction (.txt/.docx/.pdf), locators, page furniture.

A paragraph is a non-empty line (after stripping white space); its locator 'pN' counts those
lines from 1, as in data/input. Each paragraph gets a role:

- ``header``: title, site banner, date line before the first body paragraph (places, periods
  and the document date are read from it; figures are not, they repeat the body);
- ``body``: running text (figures are read here);
- ``caption``: photo captions ("Ảnh: ..."), ``teaser``: a lede repeated in full below,
  ``duplicate``: a line seen before, ``headline``: a short title-like line after the body
  started (related-article lists), ``furniture``: everything after a marker such as
  "Tin liên quan" or a line without words (view counters, menus);
- ``dateline``: a line that is a date (and time), with at most a few words beside it: a byline
  ("Văn Hoa - 10:30, 28/08/2023"), "Cập nhật: Thứ sáu, 22/10/2021 | 1:48:22 PM", "19/01/2026"
  on its own line; where the text's date is read (core.reader.periods.document_date).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core import intake

TEXT_SUFFIXES = (".txt", ".text", ".md")
READABLE_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf")

# Lines that open the page's list of other articles, comments or sharing widgets.
FURNITURE_MARKERS = (
    "tin lien quan", "tin cung chuyen muc", "cac tin khac", "tin khac", "bai viet lien quan",
    "bai lien quan", "tin bai lien quan", "cac bai khac", "xem them", "doc them", "tin moi",
    "tin moi nhat", "tin doc nhieu", "doc nhieu nhat", "co the ban quan tam", "ban co the quan tam",
    "tin tuc lien quan", "tin cung loai", "phan hoi", "binh luan", "y kien ban doc", "gui binh luan",
    "gui y kien", "chia se", "tags", "tu khoa", "the", "bai viet khac", "cac tin da dua",
    "tin da dua", "tin tiep theo", "tin truoc", "video lien quan",
)
CAPTION_RE = re.compile(r"^\(?\s*(anh|video|clip)\b(\s+minh hoa)?\s*[:.)\-]", re.IGNORECASE)
BULLET_RE = re.compile(r"^\s*([-+•*–]|\d{1,2}[.)]|[a-zđ][.)])\s+")
SENTENCE_END = (".", "!", "?", "…", ";", ":", "”", '"', "»", ")")
# A full date in a line (folded): 28/08/2023, 21-03-2024, "ngày 23 tháng 08 năm 2019".
FULL_DATE_RE = re.compile(r"(?<!\d)\d{1,2}[/\-.]\d{1,2}[/\-.](?:19|20)\d{2}(?!\d)|"
                          r"(?<!\d)\d{1,2}\s+thang\s+\d{1,2}\s*(?:,|nam)?\s*(?:19|20)\d{2}(?!\d)")
# Words a dateline may hold beside its date: weekdays, "cập nhật", "ngày đăng", am/pm, GMT.
DATELINE_WORDS_RE = re.compile(r"\b(thu (hai|ba|tu|nam|sau|bay)|chu nhat|cap nhat|ngay dang|dang ngay|dang luc|"
                               r"xuat ban|luc|ngay|thang|nam|gio|am|pm|gmt|thu)\b")
DATELINE_MAX_WORDS = 6      # an author's name or a section name


class ReadError(ValueError):
    """The file cannot be read as a report; the message says which file and why."""


def fold_chars(text: str) -> str:
    """Lower case without diacritics, ONE character per character of ``text`` (spans stay valid).

    ``text`` should be NFC (the reader normalises it first)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        if base in "đĐ":
            base = "d"
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


@dataclass
class Paragraph:
    number: int          # 1-based count of non-empty lines
    text: str            # the line, stripped, NFC
    folded: str          # fold_chars(text)
    role: str = "body"

    @property
    def locator(self) -> str:
        return f"p{self.number}"


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\ufeff", "").replace("\xa0", " "))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path, name: str | None = None) -> str:
    """The text of a .txt (UTF-8), .docx or .pdf file. Raises ReadError with a clear reason naming
    the file as ``name`` (default: its path). Bounded before the work (core.intake): the file's size,
    a .docx's container and paragraph count (streamed, before python-docx builds it), a PDF's pages,
    and the text's characters and paragraphs."""
    path = Path(path)
    name = name or str(path)
    if not path.is_file():
        raise ReadError(f"{name}: no such file")
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise ReadError(f"{name}: cannot read '{suffix or 'no suffix'}' files "
                        f"(give {', '.join(READABLE_SUFFIXES)})")
    try:
        intake.check_size(path, name)
        if suffix == ".docx":
            intake.check_docx(path, name)
            text = _clean(_docx_text(path, name))
        elif suffix == ".pdf":
            text = _clean(_pdf_text(path, name))
        else:
            try:
                text = _clean(path.read_bytes().decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ReadError(f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
        check_text(text, name)
    except intake.FileRefused as exc:
        raise ReadError(str(exc)) from exc
    return text


def check_text(text: str, name: str = "text") -> None:
    """ReadError for a text over the reader's bounds (characters, paragraphs: core.intake)."""
    try:
        intake.check_text(text, name)
    except intake.FileRefused as exc:
        raise ReadError(str(exc)) from exc


def _docx_text(path: Path, name: str) -> str:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - listed in requirements.txt
        raise ReadError(f"{name}: reading .docx needs the python-docx package") from exc
    try:
        doc = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for damaged files
        raise ReadError(f"{name}: not a readable .docx file ({type(exc).__name__})") from exc
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(path: Path, name: str) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - listed in requirements.txt
        raise ReadError(f"{name}: reading .pdf needs the pypdf package") from exc
    try:
        reader = PdfReader(str(path))
        if len(reader.pages) > intake.PDF_MAX_PAGES:
            raise ReadError(f"{name}: {len(reader.pages):,} pages (limit {intake.PDF_MAX_PAGES:,})")
        pages, chars = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            if chars > intake.DOC_MAX_CHARS:
                raise ReadError(f"{name}: more than {intake.DOC_MAX_CHARS:,} characters (limit)")
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises several types for damaged files
        raise ReadError(f"{name}: not a readable .pdf file ({type(exc).__name__})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError(f"{name}: the PDF has no text layer (a scan?); OCR it first")
    return reflow(text)


def reflow(text: str) -> str:
    """Join hard-wrapped lines (PDF): a line not ending a sentence, followed by a line that
    starts in lower case, continues the same paragraph."""
    out: list[str] = []
    for line in text.split("\n"):
        s = line.strip()
        if out and out[-1] and s and not out[-1].endswith(SENTENCE_END) and (s[0].islower() or s[0].isdigit()):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return "\n".join(out)


def _words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+", text))


def _is_body(p: Paragraph) -> bool:
    words = _words(p.text)
    if BULLET_RE.match(p.text) and words >= 4:
        return True
    if words >= 25:
        return True
    return words >= 6 and p.text.rstrip().endswith(SENTENCE_END)


def is_dateline(p: Paragraph) -> bool:
    """A line that is a date (and time) with at most a few other words (author, section)."""
    if len(p.folded) > 100 or not FULL_DATE_RE.search(p.folded):
        return False
    rest = DATELINE_WORDS_RE.sub(" ", FULL_DATE_RE.sub(" ", p.folded))
    return _words(rest) <= DATELINE_MAX_WORDS


def _marker(folded: str) -> bool:
    bare = re.sub(r"[^a-z ]", " ", folded)
    bare = re.sub(r"\s+", " ", bare).strip()
    return bare in FURNITURE_MARKERS


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines with their locator and role (see the module docstring)."""
    text = _clean(text)
    paras = [Paragraph(i, s, fold_chars(s)) for i, s in
             enumerate((ln.strip() for ln in text.split("\n") if ln.strip()), start=1)]
    seen: set[str] = set()
    body_started = False
    furniture = False
    for k, p in enumerate(paras):
        key = re.sub(r"\W+", " ", p.folded).strip()
        if furniture:
            p.role = "furniture"
        elif _marker(p.folded) and body_started:
            p.role = "furniture"
            furniture = True
        elif is_dateline(p):
            p.role = "dateline"
        elif _marker(p.folded) or not re.search(r"[^\W\d_]{2,}", p.text):
            p.role = "furniture"           # menus, counters, lone numbers
        elif key in seen:
            p.role = "duplicate"
        elif CAPTION_RE.match(p.folded):
            p.role = "caption"
        elif (k + 1 < len(paras) and len(key) > 30
              and re.sub(r"\W+", " ", paras[k + 1].folded).strip().startswith(key)):
            p.role = "teaser"
        elif p.text[:1].islower() and k > 0 and paras[k - 1].role in ("caption", "headline"):
            p.role = paras[k - 1].role     # continuation of a caption or headline
        elif not body_started and k < 4 and not BULLET_RE.match(p.text) and not p.text.endswith(SENTENCE_END):
            p.role = "header"              # title, banner, date line
        elif _is_body(p):
            p.role = "body"
            body_started = True
        else:
            p.role = "headline" if body_started else "header"
        seen.add(key)
    return paras
