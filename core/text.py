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


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse white space."""
    text = unicodedata.normalize("NFD", str(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return re.sub(r"\s+", " ", text).strip()


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
