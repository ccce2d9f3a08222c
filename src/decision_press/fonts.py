"""Bundled font files → the characters they can draw.

Pango quietly borrows a missing glyph from any installed system font, so a tick or an
emoji typed by an author would make a PDF depend on the build machine. Both the validator
(which reports the record's line) and the PDF renderer (the last safety net) ask here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # a WeasyPrint dependency

FONT_SUFFIXES = (".ttf", ".otf")
"""The font files the PDFs are drawn with (and the characters checked against)."""

NEVER_DRAWN = ("Cc", "Cf", "Zl", "Zp")
"""Controls and format characters (soft hyphen, zero-width joiners) are never drawn."""


@cache
def _covered(fonts: tuple[Path, ...], stamps: tuple[int, ...]) -> frozenset[int]:
    """Code points every one of ``fonts`` can draw (``stamps`` makes an edited font reload)."""
    maps = []
    for path in fonts:
        with TTFont(path) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(set.intersection(*maps)) if maps else frozenset()


def font_files(font_dir: Path) -> tuple[Path, ...]:
    """The bundled fonts in ``font_dir`` (none when it is missing), in a stable order."""
    if not font_dir.is_dir():
        return ()
    return tuple(sorted(p for p in font_dir.iterdir() if p.suffix in FONT_SUFFIXES and p.is_file()))


def covered(font_dir: Path) -> frozenset[int]:
    """Code points that every bundled font in ``font_dir`` can draw."""
    fonts = font_files(font_dir)
    return _covered(fonts, tuple(p.stat().st_mtime_ns for p in fonts))


CONTROLS = frozenset([*range(0x00, 0x20), *range(0x7F, 0xA0)])
"""The control characters (category Cc: line breaks, tabs), in almost every text, never drawn."""


@cache
def _outside(have: frozenset[int]) -> re.Pattern[str]:
    """A pattern matching any character outside ``have`` that may be drawn: scanning text in C,
    not char by char. Control characters never match, so a text with line breaks but nothing
    undrawable needs no closer look; the rarer never-drawn characters are left to
    :func:`undrawable`."""
    ranges: list[str] = []
    points = sorted(have | CONTROLS)
    start = previous = points[0] if points else 0
    for point in [*points[1:], -1]:
        if point != previous + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else ""))
            start = point
        previous = point
    return re.compile(f"[^{''.join(ranges)}]" if ranges else ".", re.S)


def undrawable_in(text: str, have: frozenset[int]) -> list[str]:
    """Like :func:`undrawable` for one string, fast when (as usual) every character is drawable."""
    if not _outside(have).search(text):
        return []
    return undrawable(text, have)


def undrawable(text: str | set[str], have: frozenset[int]) -> list[str]:
    """The characters of ``text`` the fonts lack, sorted, ignoring those never drawn."""
    return sorted({c for c in text if ord(c) not in have and unicodedata.category(c) not in NEVER_DRAWN})


def describe(chars: list[str]) -> str:
    """ "'✓' (U+2713 CHECK MARK)" for each character, for an error message."""
    return ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')})" for c in chars[:10])
