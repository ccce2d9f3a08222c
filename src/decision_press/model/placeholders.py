"""The text that ``decision-press new`` writes into a draft, as one list: the scaffold writes it, ``check``
refuses to publish a record that still holds any of it."""

from __future__ import annotations

TITLE = "Title of the decision"
SUMMARY = "What is decided, why, and what it costs, in a few sentences."
RECOMMENDATION_END = "is recommended to approve ..."
"""The scaffold's recommendation is 'The <decision maker> is recommended to approve ...'."""

SECTIONS = (
    ("Introduction and background", "Why this decision is needed."),
    ("Issues for consideration", "What the decision maker should weigh."),
    ("Financial Comments", "What it costs and how it is funded."),
    ("Legal Comments", "The power relied on."),
    ("Equality Comments", "How the public sector equality duty was considered."),
)
"""The scaffold's sections: each title with its one placeholder paragraph."""

TEXTS = frozenset({TITLE, SUMMARY, *(paragraph for _, paragraph in SECTIONS)})
"""Whole values that only a scaffold writes."""


def is_placeholder(text: str) -> bool:
    """Whether a value is still the scaffold's wording."""
    text = text.strip()
    return text in TEXTS or text.endswith(RECOMMENDATION_END)


def may_hold_placeholder(canonical_json: str) -> bool:
    """A quick test on a record's whole JSON: False when no value of it can be scaffold wording.

    JSON writes the characters of every string as they are (validation refuses the control
    characters it would escape), so a placeholder in a value is a substring of the whole.
    """
    return RECOMMENDATION_END in canonical_json or any(text in canonical_json for text in TEXTS)


IMPORT_GAP = "TO BE COMPLETED"
"""What ``decision-press import`` writes where neither the page nor the metadata gave a value.
``check`` reports it at its line, whatever the record's status."""
DATE_GAP = "YYYY-MM-DD"
"""The same for a date: not a date, so ``check`` reports it at its line as one to write."""


def is_import_gap(text: str) -> bool:
    """Whether a value is still the gap that ``decision-press import`` left."""
    return text.strip() == IMPORT_GAP
