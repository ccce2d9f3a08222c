"""Text → the characters the bundled fonts cannot draw, with or without line breaks around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_press.fonts import covered, undrawable, undrawable_in

REPO = Path(__file__).resolve().parents[2]
HAVE = covered(REPO / "assets" / "fonts")


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("One line", []),
        ("Two\nlines,\r\n\ta tab and a form feed\f", []),  # control characters are never drawn
        ("soft\u00adhyphen and zero\u200bwidth", []),  # nor are format characters
        ("A tick: \u2713", ["\u2713"]),
        ("A tick on\nits own line:\n\u2713\n", ["\u2713"]),
        ("\u2713 and \U0001f600 twice: \u2713", ["\u2713", "\U0001f600"]),
    ],
)
def test_the_undrawable_characters_of_a_text_are_found_whatever_surrounds_them(text: str, missing: list[str]) -> None:
    assert undrawable_in(text, HAVE) == missing
    assert undrawable(text, HAVE) == missing  # the quick test agrees with the full one
