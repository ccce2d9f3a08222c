"""Validated records → the public records of one build date. The one place that decides.

Every output (pages, register, topics, search index, sitemap, feed, open data, PDFs and
the linking of references in running text) is made from :class:`Selection.public` only,
so a draft, an embargoed decision or Part 2 text cannot reach one of them by accident.
The confidential text of a Part 2 report is removed here, before any renderer sees a
record: it only ever exists in the author's file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from decision_press.model.record import Decision, Status
from decision_press.model.sourced import SourcedDecision


class Visibility(StrEnum):
    """What the public may see of a record on a given day."""

    PUBLIC = "public"
    """Listed in the register, with its page and documents."""
    WITHDRAWN = "withdrawn"
    """Its page stays with a withdrawal notice; it leaves the register's default listing."""
    DRAFT = "draft"
    """Never in any output."""
    EMBARGOED = "embargoed"
    """Signed but not public yet: its published date (or deferral) lies after the build date."""


HELD_BACK_REASONS = {
    Visibility.DRAFT: "draft",
    Visibility.EMBARGOED: "publication date not reached (embargo or deferral)",
}


def visibility(decision: Decision, as_of: dt.date) -> Visibility:
    """Decide what the public may see of ``decision`` on ``as_of``."""
    if decision.status is Status.DRAFT:
        return Visibility.DRAFT
    public_from = decision.public_from
    if public_from is None or public_from > as_of:
        return Visibility.EMBARGOED
    if decision.status is Status.WITHDRAWN:
        return Visibility.WITHDRAWN
    return Visibility.PUBLIC


def redact(decision: Decision) -> Decision:
    """The record without anything confidential: Part 2 keeps its reason, never its text, and
    an exempt attachment its title and reason, never the name of its file."""
    updates: dict[str, object] = {}
    if decision.part2 is not None and decision.part2.text is not None:
        updates["part2"] = decision.part2.model_copy(update={"text": None})
    if any(a.exempt is not None and a.file is not None for a in decision.attachments):
        updates["attachments"] = [a.model_copy(update={"file": None}) if a.exempt else a for a in decision.attachments]
    return decision.model_copy(update=updates) if updates else decision


@dataclass(frozen=True)
class Selection:
    """The outcome of selection: what is public, and counts (never content) of what is not."""

    as_of: dt.date
    public: tuple[SourcedDecision, ...]
    """Public and withdrawn records, redacted; the only records renderers receive."""
    held_back: Counter[str] = field(default_factory=Counter)
    """How many records were held back, by reason."""
    private_files: frozenset[Path] = frozenset()
    """Record files holding something the public may not see (a held-back record, Part 2
    text): the site never links to them, e.g. with an 'Edit this page' button."""

    def summary(self) -> str:
        """One line for the build log: counts only, so nothing confidential is printed."""
        withdrawn = sum(1 for r in self.public if r.decision.status is Status.WITHDRAWN)
        held = ", ".join(f"{n} {reason}" for reason, n in sorted(self.held_back.items())) or "none"
        return f"as of {self.as_of.isoformat()}: {len(self.public)} public ({withdrawn} withdrawn); held back: {held}"


def select_public(records: Iterable[SourcedDecision], as_of: dt.date) -> Selection:
    """Keep what the public may see on ``as_of``, redacted; count the rest by reason."""
    public: list[SourcedDecision] = []
    held_back: Counter[str] = Counter()
    private: set[Path] = set()
    for record in records:
        seen = visibility(record.decision, as_of)
        if seen in HELD_BACK_REASONS:
            held_back[HELD_BACK_REASONS[seen]] += 1
            private.add(record.path)
            continue
        if record.decision.part2 is not None and record.decision.part2.text is not None:
            private.add(record.path)
        public.append(SourcedDecision(redact(record.decision), record.path, record.index, record.line))
    return Selection(as_of, tuple(public), held_back, frozenset(private))


def today(timezone: str = "Europe/London") -> dt.date:
    """The calendar date now in the publisher's time zone (a build at 00:30 BST is already tomorrow)."""
    return dt.datetime.now(ZoneInfo(timezone)).date()
