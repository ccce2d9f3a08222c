"""Generated HTML → the characters the bundled fonts cannot draw.

The validator already reports such characters in records at their line; this check of
the final HTML also covers template text, and refuses rather than let Pango borrow a
system font.
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from decision_press.fonts import covered, describe, undrawable, undrawable_in

__all__ = ["describe", "missing_glyphs"]


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


def missing_glyphs(html: str, font_dir: Path) -> list[str]:
    """Characters of ``html``'s printed text that the fonts in ``font_dir`` lack, sorted."""
    have = covered(font_dir)
    if not undrawable_in(unescape(html), have):  # markup is ASCII: a clean document needs no parsing
        return []
    parser = _Text()
    parser.feed(html)
    parser.close()
    return undrawable(parser.chars, have)
