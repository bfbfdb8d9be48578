"""Text helpers: diacritics folding and unit-name normalisation."""

from __future__ import annotations

import re
import unicodedata

_PREFIXES = (
    "thanh pho truc thuoc trung uong",
    "thanh pho",
    "tinh",
    "quan",
    "huyen",
    "thi xa",
    "thi tran",
    "phuong",
    "xa",
    "tp",
    "tx",
    "q",
    "h",
)


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


# Latin letters with diacritics (Vietnamese among them) → their letters without, in one str.translate.
_LATIN_FOLD = {c: _strip_marks(chr(c)) for c in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
               if _strip_marks(chr(c)) != chr(c)} | {ord("đ"): "d", ord("Đ"): "D"}


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse white space."""
    text = str(text).translate(_LATIN_FOLD)
    if not text.isascii():  # combining marks typed apart, other scripts
        text = _strip_marks(text)
    return " ".join(text.replace("đ", "d").replace("Đ", "D").lower().split())


def name_key(name: str) -> str:
    """Key for matching unit names: folded, prefix ("tỉnh", "TP.", "Huyện") removed,
    punctuation and spaces dropped. "Thừa Thiên - Huế" and "thua thien hue" give the same key."""
    text = fold(name)
    text = re.sub(r"[.\-–,()']", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix + " ") and len(text) > len(prefix) + 1:
                text = text[len(prefix) + 1 :]
                changed = True
                break
    return text.replace(" ", "")


def ascii_name(name: str) -> str:
    """Name without diacritics, case and punctuation kept ("Phan Rang-Tháp Chàm" → "Phan Rang-Thap Cham")."""
    text = str(name).translate(_LATIN_FOLD)
    if not text.isascii():
        text = _strip_marks(text)
    return " ".join(text.split())
