"""WeasyPrint's user-agent stylesheet → the same, minus rules the documents' elements never use.

WeasyPrint's stylesheet gives every element of a document six pseudo-elements: its
``::marker`` and the calls and markers of footnotes and notes. Each gets a computed style,
element by element, although only a list item draws a marker and only an element floated
as a footnote or placed as a note draws the others: more than a tenth of a document's time
(BENCHMARKS.md, "PDF pages") went into styles that nothing read.

The narrowed stylesheet keeps WeasyPrint's own text (the text the installed WeasyPrint
loads, so it follows its version) with those rules scoped to where they apply: the marker to ``li``, and
the footnote and note rules only when the print stylesheet uses footnotes or notes at all.
A stylesheet that makes any other element a list item keeps WeasyPrint's as it is, and so
does a WeasyPrint whose rules read differently: a narrowed stylesheet changes nothing in a
PDF, and ``tests/pdf/test_pdf_ua.py`` compares them byte for byte.
"""

from __future__ import annotations

import functools
import re

from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA

MARKER_RULE = "::marker {"
NOTE_RULES = ("::footnote-call {", "::footnote-marker {", "::note-call {", "::note-marker {", "::note-callback {")
"""The rules as WeasyPrint 70 writes them, each at the start of a line."""

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
    """``ua_text`` with its pseudo-element rules scoped for documents styled by ``print_css``.

    None when nothing may be narrowed: ``print_css`` makes list items or markers of its own,
    or ``ua_text`` lacks one of the rules as WeasyPrint 70 writes them.
    """
    if _OTHER_LIST_ITEMS.search(print_css):
        return None
    lines = ua_text.splitlines()
    starts = [line.split(" ", 1)[0] + " {" if line.startswith("::") else "" for line in lines]
    if any(starts.count(rule) != 1 for rule in (MARKER_RULE, *NOTE_RULES)):
        return None
    drop_notes = not _USES_NOTES.search(print_css)
    kept: list[str] = []
    for line, start in zip(lines, starts, strict=True):
        if start == MARKER_RULE:
            kept.append("li" + line)
        elif not (drop_notes and start in NOTE_RULES):
            kept.append(line)
    return "\n".join(kept) + "\n"
