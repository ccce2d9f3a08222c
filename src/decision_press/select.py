"""Validated records → the public records of one build date. The one place that decides.

Every output (pages, register, topics, search index, sitemap, feed, open data, PDFs and
the linking of references in running text) is made from :class:`Selection.public` only,
so a draft, an embargoed decision or Part 2 text cannot reach one of them by accident.
The confidential text of a Part 2 report is removed here, before any renderer sees a
record: it only ever exists in the author's file.

A preview (:attr:`Mode.PREVIEW`: ``mkdocs serve``, ``decision-press build --preview``) is
asked for as a value, never through the environment. It adds the held-back records to the
selection, each with the :class:`Visibility` that holds it back (for its banner), and is
never published. :func:`visibility` still decides alone what the public may see.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from decision_press import urls
from decision_press.model.record import Decision, Removal, Status, slugify
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
    REMOVED = "removed"
    """Published in error and removed: its address shows only a notice (when, why, a replacement)."""


class Mode(StrEnum):
    """Who a build is for."""

    PUBLIC = "public"
    """The published site: only what :func:`visibility` lets the public see on the build date."""
    PREVIEW = "preview"
    """An author's or reviewer's preview: held-back records too, each marked, never published."""


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
    if decision.status is Status.REMOVED:
        return Visibility.REMOVED
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
class RemovedDecision:
    """What the public may know of a removed decision: its reference, and when, why and what replaces it.

    Nothing else of the record is carried, so no renderer can show its content by mistake.
    """

    reference: str
    removal: Removal
    previous_references: tuple[str, ...] = ()
    facet_urls: tuple[str, ...] = ()
    """The register filter pages that listed it: published addresses, which must keep answering."""

    @property
    def slug(self) -> str:
        return slugify(self.reference)

    @classmethod
    def of(cls, decision: Decision) -> RemovedDecision:
        if decision.removal is None:  # the model refuses a removed record without one
            raise ValueError(f"{decision.reference} is not removed")
        return cls(decision.reference, decision.removal, tuple(decision.previous_references), facet_urls(decision))


def facet_urls(decision: Decision) -> tuple[str, ...]:
    """The register filter pages that list a decision: its year signed, type, decision maker, topics."""
    date = decision.signed or decision.published
    found = [urls.facet("year", str(date.year))] if date else []
    found += [urls.facet("type", decision.prefix.lower()), urls.facet("maker", slugify(decision.decision_maker.role))]
    found += [urls.facet("topic", slugify(topic)) for topic in decision.topics]
    return tuple(dict.fromkeys(found))


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
    removed: tuple[RemovedDecision, ...] = ()
    """Decisions removed after publication: only their notices are published."""
    mode: Mode = Mode.PUBLIC
    previewed: dict[str, Visibility] = field(default_factory=dict)
    """In a preview only: reference → why the public may not see that record yet."""

    def summary(self) -> str:
        """One line for the build log: counts only, so nothing confidential is printed."""
        withdrawn = sum(1 for r in self.public if r.decision.status is Status.WITHDRAWN)
        held = ", ".join(f"{n} {reason}" for reason, n in sorted(self.held_back.items())) or "none"
        removed = f"; {len(self.removed)} removed" if self.removed else ""
        if self.mode is Mode.PREVIEW and self.previewed:
            held += " (shown in this preview, which must never be published)"
        public = len(self.public) - len(self.previewed)
        return f"as of {self.as_of.isoformat()}: {public} public ({withdrawn} withdrawn){removed}; held back: {held}"


def select_public(records: Iterable[SourcedDecision], as_of: dt.date, mode: Mode = Mode.PUBLIC) -> Selection:
    """Keep what the public may see on ``as_of``, redacted; count the rest by reason.

    In :attr:`Mode.PREVIEW` the held-back records are kept too (redacted alike: Part 2 text
    is in no output, a preview's included), and named in :attr:`Selection.previewed`.
    """
    public: list[SourcedDecision] = []
    held_back: Counter[str] = Counter()
    private: set[Path] = set()
    removed: list[RemovedDecision] = []
    previewed: dict[str, Visibility] = {}
    for record in records:
        seen = visibility(record.decision, as_of)
        if seen is Visibility.REMOVED:
            removed.append(RemovedDecision.of(record.decision))
            private.add(record.path)
            continue
        if seen in HELD_BACK_REASONS:
            held_back[HELD_BACK_REASONS[seen]] += 1
            private.add(record.path)
            if mode is not Mode.PREVIEW:
                continue
            previewed[record.decision.reference] = seen
        if record.decision.part2 is not None and record.decision.part2.text is not None:
            private.add(record.path)
        public.append(SourcedDecision(redact(record.decision), record.path, record.index, record.line))
    return Selection(as_of, tuple(public), held_back, frozenset(private), tuple(removed), mode, previewed)


def today(timezone: str = "Europe/London") -> dt.date:
    """The calendar date now in the publisher's time zone (a build at 00:30 BST is already tomorrow)."""
    return dt.datetime.now(ZoneInfo(timezone)).date()
