"""The neutral form every reader produces: one published decision page as plain values.

Readers fill it from their input format; the writer turns it into a record. Nothing here
knows YAML or any input format. Texts are kept exactly as the page has them, with the hand
numbering ("1.", "1.1.", "(a)", "•") taken off and turned into the nesting below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class ParsedItem:
    """A numbered paragraph (``text``) with the bullets that follow it (``items``).

    A paragraph with items and no text is a bare list, as under 'Background/supporting papers'.
    """

    text: str | None = None
    items: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    """One numbered section of the facts and advice."""

    title: str
    paragraphs: list[ParsedItem] = field(default_factory=list)


@dataclass
class ParsedRecommendation:
    """One recommendation with its lettered sub-items."""

    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class ParsedDecision:
    """Everything a reader found on one page, in the page's order."""

    source: str
    """The page's file, as the author named it."""
    reference: str | None = None
    """The reference as the page writes it, canonical when a decision type matched it."""
    title: str | None = None
    signed: dt.date | None = None
    published: dt.date | None = None
    decision_maker_name: str | None = None
    summary: list[ParsedItem] = field(default_factory=list)
    """The executive summary's paragraphs, each with the bullets that follow it."""
    recommendation_intro: str | None = None
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    facts_heading: str | None = None
    """The 'facts and advice' heading as written, with the decision maker it is addressed to."""
    sections: list[ParsedSection] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    """Appendices and background papers the page names, by their titles."""
    part2_reason: str | None = None
    """The sentence that says an exempt (Part 2) report exists and why, when the page has one."""
    notes: list[str] = field(default_factory=list)
    """What the reader had to guess, for the author to review."""
