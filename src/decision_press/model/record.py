"""The decision record: what an author writes in ``data/decisions.yaml``, as immutable models.

This module is the only owner of the record format. Its field descriptions are the
authors' reference (``docs`` for authors are generated from them) and the JSON Schema
editors use for completion. Rules that need more than one field, or more than one
record, live in :mod:`decision_press.model.rules`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from decision_press.model.types import STRICT, Amount, Date, Flag, Line, Text, table_rows
from decision_press.references import REFERENCE_SHAPE

MAX_ITEMS = 200
"""Longest list of any kind (paragraphs in a section, sections, recommendations ...)."""
MAX_TABLE_ROWS_PER_RECORD = 1_000
"""Most table rows in all the texts of one record together (each text may hold 500,
:data:`~decision_press.model.types.MAX_TABLE_ROWS`): enough for a long budget annex, and a
PDF renders in well under its CPU time limit (``pdf_worker.CPU_SECONDS_PER_DOCUMENT``)."""


def _text_shorthand(value: Any) -> Any:
    """Let authors write a plain string where an object with only ``text`` would do."""
    return {"text": value} if isinstance(value, str) else value


class Status(StrEnum):
    """Where a record is in its life."""

    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class Relation(StrEnum):
    """How one decision relates to another."""

    SUPERSEDES = "supersedes"
    AMENDS = "amends"
    CONTINUES = "continues"
    FUNDS = "funds"
    CITES = "cites"
    RELATED = "related"


class Person(BaseModel):
    """Someone named on a decision: an officer, an author, a signatory."""

    model_config = STRICT
    role: Line = Field(description="Job title, e.g. 'Chief Executive'.")
    name: Line | None = Field(None, description="Full name, as it should be printed (optional).")
    email: Line | None = Field(None, description="Contact email address (optional).")

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an email address")
        return value


class DecisionMaker(BaseModel):
    """Who takes the decision. A plain string is read as the role alone."""

    model_config = STRICT
    role: Line = Field(description="The office that decides, e.g. 'Deputy Mayor for Policing and Crime'.")
    name: Line | None = Field(None, description="The person holding that office when signing (optional).")

    @model_validator(mode="before")
    @classmethod
    def _role_shorthand(cls, value: Any) -> Any:
        return {"role": value} if isinstance(value, str) else value


class ListParagraph(BaseModel):
    """A numbered paragraph, optionally introducing a bulleted list.

    A paragraph with ``items`` but no ``text`` is a bare list: it is shown without a number,
    as under 'Background/supporting papers' on real forms.
    """

    model_config = STRICT
    text: Text | None = Field(None, description="The paragraph (Markdown-lite; a table is allowed).")
    items: list[Text] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Bullet points that follow the paragraph."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _text_shorthand(value)

    @model_validator(mode="after")
    def _not_empty(self) -> ListParagraph:
        if self.text is None and not self.items:
            raise ValueError("a paragraph needs 'text', 'items' or both")
        return self

    @property
    def numbered(self) -> bool:
        """Whether the paragraph carries a number (1.1, 1.2 ...): only when it has text."""
        return self.text is not None


Paragraph = Annotated[ListParagraph, Field(description="A numbered paragraph: a string, or text with items.")]


class Section(BaseModel):
    """A numbered section of Part I; its paragraphs are numbered 1.1, 1.2 ... from position."""

    model_config = STRICT
    title: Line = Field(description="Section heading, e.g. 'Financial Comments'. Never number it by hand.")
    paragraphs: list[Paragraph] = Field(
        min_length=1, max_length=MAX_ITEMS, description="The section's paragraphs, in order."
    )


class Recommendation(BaseModel):
    """One recommendation; sub-items are lettered a), b), c) in the outputs."""

    model_config = STRICT
    text: Text = Field(description="What the decision maker is asked to do.")
    items: list[Text] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Lettered sub-items of the recommendation."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _text_shorthand(value)


class FinancialFact(BaseModel):
    """One sum of money the decision commits, accepts or passes on."""

    model_config = STRICT
    amount: Amount = Field(description="In pounds, digits only (135000 or 1250.50).")
    description: Line = Field(description="What the money is, e.g. 'Home Office SOC grant'.")
    financial_year: Line | None = Field(None, pattern=r"^\d{4}/\d{2}$", description="Financial year, e.g. '2020/21'.")
    funder: Line | None = Field(None, description="Who provides the money (optional).")
    recipient: Line | None = Field(None, description="Who receives the money (optional).")


class RelatedDecision(BaseModel):
    """A link to another decision of this register."""

    model_config = STRICT
    reference: Line = Field(description="The other decision's reference, e.g. 'PCD 890'.")
    relation: Relation = Field(Relation.RELATED, description="How this decision relates to it.")


class Deferral(BaseModel):
    """Publication of the decision form is deferred until a date (Part 1 deferral)."""

    model_config = STRICT
    until: Date = Field(description="Last day the decision is held back; it may be public from the next day on.")
    reason: Text = Field(description="Why publication is deferred (this reason is published).")


class Part2(BaseModel):
    """A confidential Part 2 report. Only the fact that it exists and why is ever published."""

    model_config = STRICT
    reason: Text = Field(description="Why it is exempt, in plain words; published.")
    legal_basis: Line | None = Field(None, description="The exemption, e.g. 'FOIA s.43'; published.")
    text: Text | None = Field(None, description="The confidential content. Never published anywhere.")


class Withdrawal(BaseModel):
    """Why and when a published decision was withdrawn; shown on its page."""

    model_config = STRICT
    date: Date = Field(description="When it was withdrawn.")
    reason: Text = Field(description="Why it was withdrawn; published with the notice.")


class Change(BaseModel):
    """A dated change to a published decision: what changed and why."""

    model_config = STRICT
    date: Date = Field(description="When the change was made (YYYY-MM-DD).")
    note: Text = Field(
        description="What changed and why, e.g. 'Corrected the amount from £153,000 to £135,000.' "
        "Published on the page, in the feed and in the open data, unless minor."
    )
    minor: Flag = Field(
        False,
        description="true for a change readers need not hear about (a typo): the note stays in the "
        "record but is not published.",
    )


class Removal(BaseModel):
    """Why and when a decision published in error was removed; its address shows only this."""

    model_config = STRICT
    date: Date = Field(description="When it was removed.")
    reason: Text = Field(description="Why it was removed; published on the notice at its address.")
    replacement: Line | None = Field(
        None, description="The reference of the decision that replaces it, e.g. 'PCD 912' (optional)."
    )


class Declaration(BaseModel):
    """The decision maker's declaration of interests, printed above the signature."""

    model_config = STRICT
    interests: Text | None = Field(None, description="Any personal or prejudicial interest; empty means none.")
    signature_image: Line | None = Field(
        None,
        pattern=r"^assets/[A-Za-z0-9._/-]+\.(png|jpg|jpeg|svg)$",
        description="A signature image under assets/ (optional).",
    )


class OfficerCheck(StrEnum):
    """Rows of the originating officer's tick table."""

    FINANCIAL = "financial"
    LEGAL = "legal"
    EQUALITIES = "equalities"
    COMMERCIAL = "commercial"
    GDPR = "gdpr"
    DRAFTING = "drafting"
    DIRECTOR = "director"


OFFICER_CHECK_LABELS: dict[OfficerCheck, str] = {
    OfficerCheck.FINANCIAL: "Financial advice",
    OfficerCheck.LEGAL: "Legal advice",
    OfficerCheck.EQUALITIES: "Equalities advice",
    OfficerCheck.COMMERCIAL: "Commercial issues",
    OfficerCheck.GDPR: "GDPR / data privacy",
    OfficerCheck.DRAFTING: "Drafting officer",
    OfficerCheck.DIRECTOR: "Director / Head of Service",
}


class Confirmation(BaseModel):
    """One row of the tick table."""

    model_config = STRICT
    check: OfficerCheck = Field(description="Which advice or check this row confirms.")
    confirmed: Flag = Field(description="true when the check was done (prints a tick).")
    note: Text | None = Field(None, description="Who confirmed it, or why it does not apply.")


class OriginatingOfficer(BaseModel):
    """The officer who brings the decision forward, and the checks they confirm."""

    model_config = STRICT
    name: Line | None = Field(None, description="The originating officer (optional).")
    role: Line | None = Field(None, description="Their role (optional).")
    confirmations: list[Confirmation] = Field(
        min_length=1, max_length=len(OfficerCheck), description="The tick table, one row per check."
    )

    @field_validator("confirmations")
    @classmethod
    def _each_check_once(cls, rows: list[Confirmation]) -> list[Confirmation]:
        seen = [row.check for row in rows]
        doubles = sorted({c.value for c in seen if seen.count(c) > 1})
        if doubles:
            raise ValueError(f"the check '{doubles[0]}' appears more than once")
        return rows


class OfficerApproval(BaseModel):
    """The chief officer's approval to submit the decision, with its own signature."""

    model_config = STRICT
    name: Line | None = Field(None, description="The approving officer (empty prints a blank line to sign).")
    role: Line = Field("Chief Executive", description="Their role.")
    signed: Date | None = Field(None, description="Date of approval (empty prints a blank date line).")


class ReportAppendix(BaseModel):
    """A report to the decision maker (such as an MPS report), rendered as its own PDF."""

    model_config = STRICT
    kind: Literal["report"] = Field(description="'report': a report to the decision maker.")
    title: Line = Field(description="The report's title; also names its PDF file.")
    report_by: Person | None = Field(None, description="Who presents the report (name and role).")
    on_behalf_of: Line | None = Field(None, description="e.g. 'the Commissioner' (optional).")
    date: Date | None = Field(None, description="Date of the report (optional).")
    protective_marking: Line | None = Field(None, description="e.g. 'OFFICIAL' (optional).")
    illustrative: Flag = Field(False, description="true prints a notice that the text is illustrative.")
    summary: Text = Field(description="Report summary (Markdown-lite).")
    recommendations: list[Recommendation] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="The report's recommendations."
    )
    sections: list[Section] = Field(min_length=1, max_length=MAX_ITEMS, description="Numbered sections, as in Part I.")
    author: Person | None = Field(None, description="Report author (name and role).")


class AnnexAppendix(BaseModel):
    """A simple annex: a title and numbered sections, rendered as its own PDF."""

    model_config = STRICT
    kind: Literal["annex"] = Field(description="'annex': a titled annex with sections.")
    title: Line = Field(description="The annex's title; also names its PDF file.")
    sections: list[Section] = Field(min_length=1, max_length=MAX_ITEMS, description="Numbered sections.")


Appendix = Annotated[ReportAppendix | AnnexAppendix, Field(discriminator="kind")]


class Exemption(BaseModel):
    """Why a document is exempt from publication (a Part 2 appendix): the reason is published, the document never."""

    model_config = STRICT
    reason: Text = Field(description="Why it is exempt, in plain words; published beside its title.")
    legal_basis: Line | None = Field(None, description="The exemption, e.g. 'FOIA s.43'; published.")


class Attachment(BaseModel):
    """An existing PDF shipped as it is beside the decision (e.g. a signed scan), or an exempt one named only."""

    model_config = STRICT
    title: Line = Field(description="Human link text, e.g. 'Business case'.")
    file: Line | None = Field(
        None,
        pattern=r"^data/attachments/[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$",
        description="Path of the PDF under data/attachments/, e.g. data/attachments/pcd-905-map.pdf. "
        "Required unless the attachment is exempt.",
    )
    full_text: Flag = Field(
        False,
        description="true when this PDF (the signed decision) holds the decision's whole text: the record "
        "then needs no sections, no decision form is generated, and the page points to this PDF.",
    )
    exempt: Exemption | None = Field(
        None,
        description="Exempt from publication (Part 2): its title and reason are published, its file never "
        "(not copied, not linked, not read).",
    )

    @model_validator(mode="after")
    def _file_unless_exempt(self) -> Attachment:
        if self.file is None and self.exempt is None:
            raise ValueError("an attachment needs 'file', unless it is exempt ('exempt: {reason: ...}')")
        if self.full_text and self.exempt is not None:
            raise ValueError("the attachment that holds the full text cannot be exempt: it is what is published")
        return self

    @property
    def published(self) -> bool:
        """Whether the file is published (copied and linked): every attachment that is not exempt."""
        return self.exempt is None and self.file is not None


class Ask(StrEnum):
    """What the recommendations ask of the decision maker."""

    APPROVE = "approve"
    NOTE = "note"


class Decision(BaseModel):
    """One formal decision, as published on its page and printed on its decision form."""

    model_config = STRICT

    reference: Line = Field(description="Unique identity, e.g. 'PCD 911'. The URL is derived from it (pcd-911).")
    title: Line = Field(description="The decision's title, without the reference.")
    short_title: Line | None = Field(None, max_length=80, description="Shorter title for PDF running headers.")
    status: Status = Field(
        description="draft (never published), published, withdrawn (its page stays with a notice) "
        "or removed (only a notice stays)."
    )
    decision_maker: DecisionMaker = Field(description="Who decides: a role, or {role, name}.")
    signed: Date | None = Field(None, description="Date the decision was signed (YYYY-MM-DD); empty until signed.")
    published: Date | None = Field(None, description="First day it may be public; a later date holds it back.")
    deferral: Deferral | None = Field(None, description="Publication deferred until a date, and why.")
    topics: list[Line] = Field(
        default_factory=list,
        max_length=12,
        description=(
            "Subjects, e.g. [Drugs, County Lines]. Each topic has a page; spell a topic the same way "
            "in every record ('Drugs', never 'drugs' or 'DRUGS'). None yet is allowed (an imported "
            "archive): 'check' warns, 'check --strict' refuses."
        ),
    )
    amount: Amount | None = Field(None, description="The headline sum in pounds (optional).")
    financial: list[FinancialFact] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Every sum the decision involves (optional)."
    )
    summary: Text = Field(description="Executive summary: what is decided and why, in a few paragraphs.")
    recommendation_intro: Line | None = Field(None, description="Lead-in, e.g. 'The DMPC is recommended to:'.")
    recommendations: list[Recommendation] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="What the decision maker is asked to approve (or note). At least one, unless an "
        "attachment with full_text holds the decision.",
    )
    sections: list[Section] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Part I: non-confidential facts and advice, numbered from position. At least one, "
        "unless an attachment with full_text holds the decision's whole text.",
    )
    legal_bases: list[Line] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Powers relied on, e.g. 'PRSRA 2011 Sch. 3 para 7'."
    )
    related: list[RelatedDecision] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Other decisions this one supersedes, amends or cites."
    )
    part2: Part2 | None = Field(None, description="A confidential Part 2 report: its reason is public, its text never.")
    declaration: Declaration = Field(
        default_factory=Declaration, description="The decision maker's declaration of interests."
    )
    originating_officer: OriginatingOfficer | None = Field(None, description="The originating officer's tick table.")
    officer_approval: OfficerApproval | None = Field(None, description="The chief officer's approval block.")
    contact: Person | None = Field(None, description="Report author or contact for questions.")
    appendices: list[Appendix] = Field(
        default_factory=list,
        max_length=10,
        description="Generated documents, each its own PDF; 'kind' picks the template.",
    )
    attachments: list[Attachment] = Field(
        default_factory=list, max_length=10, description="Existing PDFs shipped as they are."
    )
    withdrawal: Withdrawal | None = Field(None, description="Required when status is withdrawn.")
    changes: list[Change] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Dated change notes, one for each correction after publication (oldest first).",
    )
    removal: Removal | None = Field(None, description="Required when status is removed.")
    previous_references: list[Line] = Field(
        default_factory=list,
        max_length=10,
        description="References this decision was published under before a correction; each old "
        "address redirects to the new one.",
    )
    signed_copy: Line | None = Field(
        None,
        pattern=r"^data/(?:[A-Za-z0-9][A-Za-z0-9_-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$",
        description="The signed original as a PDF inside data/ (a scan or an e-signed file), e.g. "
        "data/signed/pcd-911-signed.pdf: listed first among the decision's documents.",
    )
    asked_to: Ask = Field(
        Ask.APPROVE,
        description="'note' when the recommendations ask the decision maker to note rather than approve: "
        "the lead-in then reads 'The ... is asked to note:'.",
    )

    @field_validator("reference")
    @classmethod
    def _reference_shape(cls, value: str) -> str:
        return _reference_shaped(value)

    @field_validator("previous_references")
    @classmethod
    def _previous_shape(cls, values: list[str]) -> list[str]:
        return [_reference_shaped(value) for value in values]

    @model_validator(mode="after")
    def _status_rules(self) -> Decision:
        if self.status is not Status.DRAFT:
            missing = [name for name in ("signed", "published") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a {self.status.value} decision needs '{missing[0]}' (YYYY-MM-DD)")
        if self.status is Status.WITHDRAWN and self.withdrawal is None:
            raise ValueError("a withdrawn decision needs 'withdrawal' with its date and reason")
        if self.status is not Status.WITHDRAWN and self.withdrawal is not None:
            raise ValueError("'withdrawal' is only allowed when status is withdrawn")
        if self.status is Status.REMOVED and self.removal is None:
            raise ValueError("a removed decision needs 'removal' with its date and reason")
        if self.status is not Status.REMOVED and self.removal is not None:
            raise ValueError("'removal' is only allowed when status is removed")
        if self.signed_copy is not None and self.signed is None:
            raise ValueError("'signed_copy' needs 'signed', the date the decision was signed")
        return self

    @model_validator(mode="after")
    def _table_rows_in_all(self) -> Decision:
        if "|" not in self.canonical_json:  # no table anywhere: the common case, and cheap
            return self
        rows = sum(table_rows(text) for text in _texts(self.model_dump()))
        if rows > MAX_TABLE_ROWS_PER_RECORD:
            raise ValueError(
                f"the record's tables have {rows:,} rows together; the limit is "
                f"{MAX_TABLE_ROWS_PER_RECORD:,} (put long tables in an attached PDF)"
            )
        return self

    # -- derived facts -------------------------------------------------------------------

    @property
    def prefix(self) -> str:
        """The type prefix of the reference: 'PCD' for 'PCD 911', 'KD' for 'KD/2024/013'.

        Its number and year are read with the type's pattern (``Settings.references``).
        """
        match = REFERENCE_SHAPE.match(self.reference)
        return match["prefix"] if match else ""  # the validator makes sure it matches

    @cached_property  # records are immutable, and every listing asks again
    def slug(self) -> str:
        """URL slug: the reference in lower case, other characters turned into '-'."""
        return slugify(self.reference)

    @property
    def full_text(self) -> Attachment | None:
        """The attachment that holds the decision's whole text (an old signed PDF), if there is one."""
        return next((a for a in self.attachments if a.full_text), None)

    @property
    def form_generated(self) -> bool:
        """Whether a decision form PDF is made: always, unless the whole text is only in the signed PDF."""
        return bool(self.sections) or self.full_text is None

    @cached_property
    def canonical_json(self) -> str:
        """The whole record as JSON: what the cache keys of its page and PDFs are made from."""
        return self.model_dump_json()

    @property
    def public_from(self) -> dt.date | None:
        """The first day the record may be public: its published date, or later when deferred."""
        if self.published is None:
            return None
        if self.deferral is not None:
            return max(self.published, self.deferral.until + dt.timedelta(days=1))
        return self.published

    @property
    def public_changes(self) -> tuple[Change, ...]:
        """The change notes readers see (not the minor ones), oldest first."""
        return tuple(sorted((c for c in self.changes if not c.minor), key=lambda c: c.date))

    @property
    def last_updated(self) -> dt.date | None:
        """The date of the latest public change note; None when it never changed in public."""
        changes = self.public_changes
        return changes[-1].date if changes else None

    @property
    def headline_amount(self) -> Decimal | None:
        """The amount shown in the register: ``amount``, else the sum of ``financial``."""
        if self.amount is not None:
            return self.amount
        return sum((f.amount for f in self.financial), Decimal(0)) if self.financial else None


def _reference_shaped(value: str) -> str:
    # Only the shape common to every type here; 'check' reads it with its type's pattern.
    if not REFERENCE_SHAPE.match(value):
        raise ValueError(
            "a reference is a capital-letter prefix followed by its number (and year, where "
            "the type has one), e.g. 'PCD 911', 'CEOD 35-2024' or 'KD/2024/013'"
        )
    return value


def _texts(value: Any) -> Any:
    """Every string inside a dumped record."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


_LATIN_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "þ": "th",
    "ħ": "h",
    "ı": "i",
    "ŧ": "t",
    "ŋ": "ng",
}
"""Latin letters that Unicode does not decompose into a base letter and a mark."""
_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SEPARATORS = re.compile(r"-+")


def _slug_characters(decomposed: str) -> Iterator[str]:
    """Lower-case NFKD text → the pieces of its slug; '-' for anything but a letter or digit."""
    after_latin = False
    for character in decomposed:
        if unicodedata.category(character).startswith("M"):
            # A diacritic on a Latin letter goes ('í' → 'i'); marks of other scripts
            # (Greek accents, Devanagari vowel signs) are part of the word and stay.
            if not after_latin:
                yield character
            continue
        if character.isascii():
            after_latin = character.isalnum()
            yield character if after_latin else "-"
        elif character in _LATIN_LETTERS:
            after_latin = True
            yield _LATIN_LETTERS[character]
        else:
            after_latin = False
            yield character if unicodedata.category(character)[0] in "LN" else "-"


def slugify(text: str, max_length: int = 100, *, empty: str = "untitled") -> str:
    """``text`` → the path segment of its page or file, e.g. 'PCD 911' → 'pcd-911'.

    The one slug function of the project (decisions, documents, topics, decision makers).
    Lower case; Latin letters lose their diacritics ('Ísland' → 'island'); letters of other
    scripts are kept as they are (Greek, Cyrillic, Arabic ... read well in an address bar,
    which percent-encodes them); each run of anything else becomes one '-'. Text without
    a letter or digit gives ``empty``.
    """
    if text.isascii():  # nearly every value: one regex instead of a loop over characters
        slug = _ASCII_SEPARATORS.sub("-", text.lower()).strip("-")[:max_length].strip("-")
        return slug or empty
    pieces = "".join(_slug_characters(unicodedata.normalize("NFKD", text.lower())))
    slug = _SEPARATORS.sub("-", pieces).strip("-")[:max_length].strip("-")
    return unicodedata.normalize("NFC", slug) or empty
