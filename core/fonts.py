"""The bundled Vietnamese font (Be Vietnam Pro from PyPI ``fontpkg-be-vietnam-pro``), made visible
to the programs that draw our images and decks: chromium (through kaleido) and LibreOffice.

Both find fonts through fontconfig. ``register()`` writes a small fonts.conf that includes the
system configuration and adds the package's font folder, points ``FONTCONFIG_FILE`` at it (child
processes inherit the variable) and builds its cache once. Nothing is written outside a cache
folder (``ANTQ_CACHE_DIR``, default ``$XDG_CACHE_HOME/antq-dashboard``), nothing is downloaded.
When the package is missing, charts fall back to Noto Sans / DejaVu Sans, both full-coverage.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

FAMILY = "Be Vietnam Pro"
SYSTEM_CONF = Path("/etc/fonts/fonts.conf")


def cache_dir() -> Path:
    if os.environ.get("ANTQ_CACHE_DIR"):
        return Path(os.environ["ANTQ_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "antq-dashboard"


def font_dir() -> Path | None:
    """The folder holding BeVietnamPro-*.ttf, or None when the package is not installed."""
    try:
        import fontpkg_be_vietnam_pro as pkg
    except ImportError:
        return None
    folder = Path(pkg.ROOT) / "files"
    return folder if any(folder.glob("BeVietnamPro-*.ttf")) else None


def config_text(folder: Path, cache: Path) -> str:
    include = f"  <include ignore_missing=\"yes\">{SYSTEM_CONF}</include>\n" if SYSTEM_CONF.exists() else ""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"{include}  <dir>{escape(str(folder))}</dir>\n  <cachedir>{escape(str(cache))}</cachedir>\n"
        "</fontconfig>\n"
    )


@lru_cache(maxsize=1)
def register() -> Path | None:
    """Make Be Vietnam Pro visible to fontconfig for this process and its children.

    Returns the fonts.conf written, or None when the font package is absent (fallback fonts)."""
    folder = font_dir()
    if folder is None:
        return None
    target = cache_dir() / "fontconfig"
    target.mkdir(parents=True, exist_ok=True)
    conf = target / "fonts.conf"
    text = config_text(folder, target / "cache")
    if not conf.exists() or conf.read_text(encoding="utf-8") != text:
        tmp = conf.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, conf)
    os.environ["FONTCONFIG_FILE"] = str(conf)
    if shutil.which("fc-cache"):
        subprocess.run(["fc-cache", str(folder)], env=os.environ, capture_output=True, timeout=120, check=False)
    return conf


def env() -> dict[str, str]:
    """Environment for a child process (soffice, chromium) that must see the bundled font."""
    register()
    return dict(os.environ)


def is_visible() -> bool:
    """True when fontconfig (with our configuration) lists the bundled family."""
    if register() is None or not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":", "family"], env=env(), capture_output=True, text=True, timeout=60)
    return any(FAMILY in line for line in out.stdout.splitlines())


if __name__ == "__main__":  # pragma: no cover - a diagnostic for people
    print("font folder:", font_dir())
    print("fonts.conf:", register())
    print("visible to fontconfig:", is_visible())
