"""UI strings in Vietnamese (default) and English, declared in core/strings/*.yaml.

Each YAML file maps a key to {vi: ..., en: ...}; every module owns its own file (common.yaml,
pages.yaml, maps.yaml, ...). A key declared twice is an error."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core import config

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
STRINGS_DIR = Path(__file__).resolve().parent / "strings"


@lru_cache(maxsize=1)
def load_strings() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.yaml")):
        doc = config.parse_yaml(path.read_text(encoding="utf-8")) or {}
        for key, entry in doc.items():
            if key in table:
                raise ValueError(f"{path.name}: string '{key}' is declared twice")
            if not isinstance(entry, dict) or any(not entry.get(lang) for lang in LANGS):
                raise ValueError(f"{path.name}: string '{key}' needs both vi and en")
            table[key] = {lang: str(entry[lang]) for lang in LANGS}
    return table


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang``, with {placeholders} filled from ``values``."""
    entry = load_strings()[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text
