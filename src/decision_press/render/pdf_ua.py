"""WeasyPrint's user-agent stylesheet → the same, minus rules the documents never use.

WeasyPrint's stylesheet gives every element of a document six pseudo-elements: its
``::marker`` and the calls and markers of footnotes and notes. Each gets a computed style,
element by element, although only a list item draws a marker and only an element floated
as a footnote or placed as a note draws the others. And it styles all sixteen margin boxes
of every kind of page, where the print stylesheet fills four. About a twentieth of a
document's time (BENCHMARKS.md, "PDF pages") went into styles that nothing read.

The narrowed stylesheet is WeasyPrint's own text (what the installed WeasyPrint loads, so it
follows its version) with those rules scoped to where they apply: the marker to ``li``; the
footnote and note rules, and the footnote and note areas, only when the print stylesheet
uses footnotes or notes at all; a margin box's rule only when the print stylesheet names the
box (one with no content is never drawn). A stylesheet that makes any other element a list
item keeps WeasyPrint's as it is, and so does a WeasyPrint whose rules read differently: a
narrowed stylesheet changes nothing in a PDF, and ``tests/pdf/test_pdf_ua.py`` compares
them byte for byte.
"""

from __future__ import annotations

import functools
import re

from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA

MARKER = "::marker"
NOTE_PSEUDO_ELEMENTS = ("::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback")
NOTE_AREAS = ("@footnote", "@note-area")
MARGIN_BOXES = tuple(
    f"@{side}-{place}"
    for side, places in (
        ("top", ("left-corner", "left", "center", "right", "right-corner")),
        ("bottom", ("left-corner", "left", "center", "right", "right-corner")),
        ("left", ("top", "middle", "bottom")),
        ("right", ("top", "middle", "bottom")),
    )
    for place in places
)
"""What WeasyPrint 70's stylesheet has a rule for, each on a line of its own: the pseudo-elements
at the start of a line, the page's areas and margin boxes indented in its ``@page`` rule."""

_RULE = re.compile(r"(::[a-z-]+|\s+@[a-z-]+)\s*\{")
_USES_NOTES = re.compile(r"footnote|note\(|note-", re.IGNORECASE)
_OTHER_LIST_ITEMS = re.compile(r"list-item|::?marker", re.IGNORECASE)


def user_agent_stylesheet(print_css: str) -> CSS | None:
    """The narrowed user-agent stylesheet for documents styled by ``print_css``, made as WeasyPrint
    makes its own; None: use WeasyPrint's (see :func:`narrowed`)."""
    text = narrowed(UA, print_css)
    # Its @counter-style rules are WeasyPrint's, which every document gets from WeasyPrint's
    # own counter styles; parsed into those again, they would be refused as redefinitions.
    return None if text is None else CSS(string=text, counter_style=CounterStyle())


@functools.cache
def document_class(user_agent: CSS) -> type[HTML]:
    """WeasyPrint's HTML document, with ``user_agent`` in place of WeasyPrint's own stylesheet."""

    class NarrowedHTML(HTML):  # type: ignore[misc]  # WeasyPrint has no type hints
        def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
            return [user_agent, *super()._ua_stylesheets(forms)[1:]]  # a form keeps its own sheet too

    return NarrowedHTML


def narrowed(ua_text: str, print_css: str) -> str | None:
    """``ua_text`` with its rules scoped for documents styled by ``print_css``.

    The marker is scoped to ``li``; the footnote and note rules go when ``print_css`` uses
    neither, and the rule of each margin box it never names (a box with no content is never
    drawn). None when nothing may be narrowed: ``print_css`` makes list items or markers of
    its own, or ``ua_text`` lacks one of the rules as WeasyPrint 70 writes them.
    """
    if _OTHER_LIST_ITEMS.search(print_css):
        return None
    lines = ua_text.splitlines()
    names = [_rule_name(line) for line in lines]
    if any(names.count(name) != 1 for name in (MARKER, *NOTE_PSEUDO_ELEMENTS, *NOTE_AREAS, *MARGIN_BOXES)):
        return None
    dropped = {name for name in MARGIN_BOXES if not re.search(re.escape(name) + r"(?![a-z-])", print_css)}
    if not _USES_NOTES.search(print_css):
        dropped.update(NOTE_PSEUDO_ELEMENTS, NOTE_AREAS)
    kept = [
        "li" + line if name == MARKER else line for line, name in zip(lines, names, strict=True) if name not in dropped
    ]
    return "\n".join(kept) + "\n"


def _rule_name(line: str) -> str:
    """The pseudo-element or page area a line's rule is for ("::marker", "@top-left"), or ""."""
    match = _RULE.match(line)
    return match.group(1).strip() if match else ""
