"""Generated HTML → the characters the bundled fonts cannot draw.

Pango quietly borrows a missing glyph from any installed system font, so a tick or an emoji
typed by an author would make the PDF depend on the build machine (and embed a font that is
not ours). The renderer checks every character first and refuses with a clear message.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # a WeasyPrint dependency


class _Text(HTMLParser):
    """Collects text and the attribute values that are printed (running header strings)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()

    def handle_data(self, data: str) -> None:
        self.chars.update(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name.startswith("data-") or name in ("alt", "content")):
                self.chars.update(value)


@cache
def _covered(fonts: tuple[Path, ...], stamps: tuple[int, ...]) -> frozenset[int]:
    """Code points every one of ``fonts`` can draw (``stamps`` makes an edited font reload)."""
    maps = []
    for path in fonts:
        with TTFont(path) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*maps)) if maps else frozenset()


def covered(font_dir: Path) -> frozenset[int]:
    fonts = tuple(sorted(font_dir.glob("*.ttf")))
    return _covered(fonts, tuple(p.stat().st_mtime_ns for p in fonts))


def missing_glyphs(html: str, font_dir: Path) -> list[str]:
    """Characters of ``html``'s printed text that the fonts in ``font_dir`` lack, sorted."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    have = covered(font_dir)
    # Controls and format characters (soft hyphen, zero-width joiners) are never drawn.
    return sorted(c for c in parser.chars
                  if ord(c) not in have and unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))


def describe(chars: list[str]) -> str:
    """"'✓' (U+2713 CHECK MARK)" for each character, for an error message."""
    return ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')})" for c in chars[:10])
