"""A selection of public records → a read-only :class:`Corpus` the renderers share.

The corpus gathers everything a page or a PDF needs to know about the other decisions
before anything is rendered: the register order, topics, related decisions in both
directions, the computed numbering of Part I, the documents of each decision and their
file names, and which references in running text may be linked (public ones only).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from decision_press import urls
from decision_press.model.record import (
    Ask,
    Attachment,
    Decision,
    ListParagraph,
    Relation,
    Section,
    Status,
    slugify,
)
from decision_press.model.sourced import SourcedDecision
from decision_press.references import ParsedReference
from decision_press.select import RemovedDecision, Selection, Visibility
from decision_press.settings import DecisionType, Settings

ReferenceResolver = Callable[[str], str | None]
"""Maps a reference such as 'PCD 890' to a URL, or None when it must not be linked."""

INVERSE_RELATION = {
    Relation.SUPERSEDES: "Superseded by",
    Relation.AMENDS: "Amended by",
    Relation.CONTINUES: "Continued by",
    Relation.FUNDS: "Funded by",
    Relation.CITES: "Cited by",
    Relation.RELATED: "Related",
}
RELATION_LABEL = {relation: relation.value.capitalize() for relation in Relation}


@dataclass(frozen=True)
class NumberedParagraph:
    """A Part I paragraph with its computed number ('2.1'), or None for a bare list."""

    number: str | None
    paragraph: ListParagraph


@dataclass(frozen=True)
class NumberedSection:
    """A Part I section with its computed number ('2') and numbered paragraphs."""

    number: str
    title: str
    paragraphs: tuple[NumberedParagraph, ...]


def item_letter(index: int) -> str:
    """0 → 'a', 25 → 'z', 26 → 'aa': the letter of a sub-item, on the web page and in the PDF alike."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def number_sections(sections: Sequence[Section]) -> tuple[NumberedSection, ...]:
    """Number sections 1, 2 ... and their paragraphs 1.1, 1.2 ... from position, never by hand."""
    numbered = []
    for s_index, section in enumerate(sections, start=1):
        paragraphs = []
        count = 0
        for paragraph in section.paragraphs:
            if paragraph.numbered:
                count += 1
                paragraphs.append(NumberedParagraph(f"{s_index}.{count}", paragraph))
            else:
                paragraphs.append(NumberedParagraph(None, paragraph))
        numbered.append(NumberedSection(str(s_index), section.title, tuple(paragraphs)))
    return tuple(numbered)


@dataclass(frozen=True)
class Document:
    """One PDF published beside a decision."""

    kind: str
    """'form' (the decision form), 'appendix' (generated), 'attachment' (shipped as is) or
    'signed' (the signed original, shipped as is)."""
    title: str
    """Human link text, e.g. 'Decision form' or the appendix title."""
    filename: str
    """File name inside the decision's folder, e.g. 'pcd-911.pdf'."""
    index: int = 0
    """Position among the record's appendices or attachments."""


@dataclass(frozen=True)
class Link:
    """A related decision, seen from one side, with the label to show."""

    label: str
    other: PublicDecision


@dataclass(frozen=True, eq=False)
class PublicDecision:
    """A public (or withdrawn) decision with what the renderers need around it."""

    record: Decision
    source: SourcedDecision
    type: DecisionType
    previewed: Visibility | None = None
    """Only in a preview: why the public may not see this record yet (its page's banner says so)."""
    undated: dt.date | None = None
    """Only in a preview: the build date, under which a draft with no date yet is listed."""

    @cached_property  # asked for tens of thousands of times by the listings of a big archive
    def slug(self) -> str:
        return self.record.slug

    @cached_property
    def url(self) -> str:
        """Path of its page from the site root, without a leading slash: 'decisions/pcd-911/'."""
        return urls.decision(self.record.slug)

    @property
    def signed_date(self) -> dt.date:
        """The date the register sorts and files it by: signed (published only if unsigned)."""
        date = self.record.signed or self.record.published or self.undated
        assert date is not None  # public records have both; a previewed draft has its build date
        return date

    @cached_property
    def parsed_reference(self) -> ParsedReference:
        """Its type, year and number, read with its type's pattern ('check' makes sure it reads)."""
        parsed = self.type.reference_format.parse(self.record.reference)
        return parsed or ParsedReference(self.type.prefix, None, 0)

    @property
    def withdrawn(self) -> bool:
        return self.record.status is Status.WITHDRAWN

    @property
    def last_changed(self) -> dt.date:
        """When its public content last changed: the latest public change note, else publication."""
        date = self.record.last_updated or self.record.public_from or self.undated
        assert date is not None  # public records have a publication date; a previewed draft its build date
        return date

    @cached_property
    def sections(self) -> tuple[NumberedSection, ...]:
        return number_sections(self.record.sections)

    @cached_property
    def documents(self) -> tuple[Document, ...]:
        """The PDFs published beside it: the signed copy, where there is one; the form (unless its
        text is only in the signed PDF); then its appendices and attachments; never an exempt one."""
        docs = []
        if self.record.signed_copy is not None:
            # The signed original first; the form made from the record is its accessible version.
            docs.append(Document("signed", "Signed decision document", f"{self.slug}-signed.pdf"))
        if self.record.form_generated:
            form = "Decision form (accessible version)" if self.record.signed_copy is not None else "Decision form"
            docs.append(Document("form", form, f"{self.slug}.pdf"))
        docs += [
            Document("appendix", a.title, f"{slugify(a.title)}.pdf", i) for i, a in enumerate(self.record.appendices)
        ]
        docs += [
            Document("attachment", a.title, f"{slugify(a.title)}.pdf", i)
            for i, a in enumerate(self.record.attachments)
            if a.published
        ]
        return tuple(docs)

    @property
    def full_text_document(self) -> Document | None:
        """The published signed PDF that holds the decision's whole text, when its record has no Part I."""
        if self.record.sections:
            return None
        return next(
            (d for d in self.documents if d.kind == "attachment" and self.record.attachments[d.index].full_text), None
        )

    @property
    def exempt_documents(self) -> tuple[Attachment, ...]:
        """Attachments exempt from publication: only their titles and reasons are shown."""
        return tuple(a for a in self.record.attachments if a.exempt is not None)

    @property
    def recommendation_intro(self) -> str | None:
        """The lead-in of the recommendations: the record's own, else 'The ... is asked to note:' for
        recommendations to note, else the type's default; on the page and the form alike."""
        if self.record.recommendation_intro:
            return self.record.recommendation_intro
        if self.record.asked_to is Ask.NOTE:
            addressee = self.type.addressee
            return f"{addressee[:1].upper()}{addressee[1:]} is asked to note:"
        return self.type.recommendation_intro

    @property
    def form_heading(self) -> str:
        """'DMPC Decision – PCD 911'."""
        return f"{self.type.form_title} \N{EN DASH} {self.record.reference}"


class Corpus:
    """Every public decision of one build, indexed; read-only once made."""

    def __init__(self, selection: Selection, settings: Settings) -> None:
        self.settings = settings
        self.as_of = selection.as_of
        decisions = []
        for sourced in selection.public:
            kind = settings.decision_type(sourced.decision.prefix)
            assert kind is not None  # the validator rejects unknown types
            seen = selection.previewed.get(sourced.decision.reference)
            undated = selection.as_of if seen is not None else None
            decisions.append(PublicDecision(sourced.decision, sourced, kind, seen, undated))
        # Register order: newest signed first; the reference's year and number break ties.
        decisions.sort(key=lambda d: (d.signed_date, d.parsed_reference.sort_key), reverse=True)
        self.decisions: tuple[PublicDecision, ...] = tuple(decisions)
        self._by_reference: dict[object, PublicDecision] = {d.parsed_reference: d for d in decisions}
        self._private_files = selection.private_files
        self._links = self._resolve_links()
        self.removed: tuple[RemovedDecision, ...] = selection.removed
        """Decisions removed after publication: only a notice at their address."""

    # -- lookups ---------------------------------------------------------------------------

    @property
    def listed(self) -> tuple[PublicDecision, ...]:
        """What the register lists by default: public decisions, not withdrawn ones."""
        return tuple(d for d in self.decisions if not d.withdrawn)

    def get(self, reference: str) -> PublicDecision | None:
        """The public decision with this reference (any case, spacing or accepted spelling), if there is one."""
        return self._by_reference.get(self.settings.references.key(reference))

    def resolver(self, prefix: str = "/") -> ReferenceResolver:
        """Links references in running text to public decisions only; ``prefix`` leads to the site root."""

        def resolve(reference: str) -> str | None:
            found = self.get(reference)
            return f"{prefix}{found.url}" if found is not None else None

        return resolve

    def edit_path(self, decision: PublicDecision) -> str | None:
        """The record file to link as 'Edit this page', relative to the project; None for no link.

        Only for a public repository, and never for a file that also holds what the public
        may not see (a draft, an embargoed record, Part 2 text): the link would lead to it.
        """
        path = decision.source.path
        if not self.settings.project.public_repository or path in self._private_files:
            return None
        return path.resolve().relative_to(self.settings.root.resolve()).as_posix()

    def related(self, decision: PublicDecision) -> tuple[Link, ...]:
        """Related public decisions in both directions, newest first."""
        return self._links.get(decision.record.reference, ())

    @cached_property
    def topics(self) -> dict[str, tuple[str, tuple[PublicDecision, ...]]]:
        """Topic slug → (topic name, listed decisions with that topic), by name."""
        names: dict[str, str] = {}
        members: dict[str, list[PublicDecision]] = defaultdict(list)
        for decision in self.listed:
            # Once per decision, however its topics are spelled ('check' refuses two spellings).
            for slug in dict.fromkeys(map(slugify, decision.record.topics)):
                members[slug].append(decision)
            for topic in decision.record.topics:
                names.setdefault(slugify(topic), topic)
        return {slug: (names[slug], tuple(members[slug])) for slug in sorted(names, key=lambda s: names[s].lower())}

    @cached_property
    def moved(self) -> dict[str, PublicDecision]:
        """Slug of a former reference → the public decision that now answers at its new address."""
        return {slugify(old): d for d in self.decisions for old in d.record.previous_references}

    # -- building ------------------------------------------------------------------------

    def _resolve_links(self) -> dict[str, tuple[Link, ...]]:
        links: dict[str, list[Link]] = defaultdict(list)
        for decision in self.decisions:
            for relation in decision.record.related:
                other = self.get(relation.reference)
                if other is None:  # not public (yet): neither side may mention it
                    continue
                links[decision.record.reference].append(Link(RELATION_LABEL[relation.relation], other))
                links[other.record.reference].append(Link(INVERSE_RELATION[relation.relation], decision))
        order = {d.record.reference: i for i, d in enumerate(self.decisions)}
        return {
            ref: tuple(sorted(found, key=lambda link: order[link.other.record.reference]))
            for ref, found in links.items()
        }
