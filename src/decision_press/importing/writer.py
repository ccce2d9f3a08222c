"""A parsed decision and its metadata → the text of a new record file, and that file written once.

The record is written in the project's format with comments, every text double-quoted (so
that a sentence like ``key: value`` or ``!!python/object`` stays a sentence) and with the
characters Markdown-lite would read as formatting escaped (so that ``*`` and ``_`` print
as they stand). What neither the page nor the metadata says is written as an explicit gap
(:data:`~decision_press.model.placeholders.IMPORT_GAP`, ``YYYY-MM-DD``) that ``check``
reports at its line. A file is created through a temporary name and linked into place,
so it is never half-written and never replaces an existing file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_press.errors import DecisionPressError
from decision_press.importing.metadata import Metadata
from decision_press.importing.parsed import ParsedDecision
from decision_press.importing.references import type_of
from decision_press.load.yaml_source import Path_
from decision_press.model.placeholders import DATE_GAP, IMPORT_GAP
from decision_press.model.record import slugify
from decision_press.settings import DecisionType, Settings

SIGNED_DOCUMENT = "Signed decision document"
"""The title of the signed form every imported page links to."""

_MARKDOWN_CHARACTERS = re.compile(r"([\\`*_\[\]])")
_LIST_START = re.compile(r"^(\d+)([.)])(\s)|^([-+])(\s)", re.MULTILINE)
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class ImportFailed(DecisionPressError):
    """A record file could not be written; nothing of it was left behind."""


@dataclass(frozen=True)
class Comment:
    """A value written with a YAML comment after it."""

    value: Any
    comment: str


@dataclass
class RecordDraft:
    """The record as plain data, and the places an author must look at."""

    reference: str
    data: dict[str, Any]
    attention: list[tuple[Path_, str]] = field(default_factory=list)


def markdown_text(text: str) -> str:
    """Page text → Markdown-lite that renders as exactly that text."""
    escaped = _MARKDOWN_CHARACTERS.sub(r"\\\1", text)
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}{m[3]}" if m[1] else f"\\{m[4]}{m[5]}", escaped)


def draft_record(parsed: ParsedDecision, metadata: Metadata | None, settings: Settings) -> RecordDraft:
    """The record a page gives, gaps marked; ``parsed.reference`` must be set."""
    if parsed.reference is None:  # the caller refuses such a page first
        raise ImportFailed(f"{parsed.source}: no reference found")
    draft = RecordDraft(parsed.reference, {})
    data = draft.data
    data["reference"] = parsed.reference
    data["title"] = _given(draft, ("title",), parsed.title, "the page has no title")
    data["status"] = Plain("published")
    data["decision_maker"] = _decision_maker(draft, parsed, metadata, settings)
    for name in ("signed", "published"):
        data[name] = _date(draft, name, getattr(parsed, name), getattr(metadata, name, None))
    topics = list(metadata.topics) if metadata else []
    if not topics:
        draft.attention.append((("topics", 0), "no topics in the metadata: give at least one"))
    data["topics"] = topics or [IMPORT_GAP]
    summary = "\n\n".join(_with_list(p.text, p.items) for p in parsed.summary)
    data["summary"] = _given(draft, ("summary",), summary, "the page has no executive summary")
    if parsed.recommendation_intro:
        data["recommendation_intro"] = parsed.recommendation_intro
    data["recommendations"] = _recommendations(draft, parsed)
    data["sections"] = _sections(draft, parsed)
    if parsed.part2_reason:
        data["part2"] = {"reason": markdown_text(parsed.part2_reason)}
        draft.attention.append((("part2", "reason"), "the page mentions an exempt report: check this reason"))
    data["attachments"] = _attachments(draft, parsed)
    draft.attention.extend(((), note) for note in parsed.notes)
    return draft


def _with_list(text: str | None, items: list[str]) -> str:
    """A paragraph and its bullets as Markdown-lite: the text, then a bulleted list."""
    bullets = "\n".join(f"- {markdown_text(item)}" for item in items)
    return "\n\n".join(part for part in (markdown_text(text) if text else "", bullets) if part)


def _given(draft: RecordDraft, where: Path_, value: str | None, missing: str) -> str:
    if value:
        return value
    draft.attention.append((where, missing))
    return IMPORT_GAP


def _decision_maker(
    draft: RecordDraft, parsed: ParsedDecision, metadata: Metadata | None, settings: Settings
) -> dict[str, Any]:
    kind = type_of(draft.reference, settings)
    role = kind.decision_maker if kind else IMPORT_GAP
    if kind and parsed.facts_heading and not _addressed_to(parsed.facts_heading, kind):
        draft.attention.append(
            ((), f"the heading '{parsed.facts_heading}' is not addressed to the {kind.decision_maker}")
        )
    listed = metadata.decision_maker if metadata else None
    on_page = parsed.decision_maker_name
    if listed and on_page and listed != on_page:
        draft.attention.append(
            (("decision_maker", "name"), f"the page says '{on_page}', the metadata '{listed}' (used)")
        )
    name = listed or on_page
    if not name:
        draft.attention.append((("decision_maker", "name"), "no decision maker's name on the page or in the metadata"))
    return {"role": role, "name": name or IMPORT_GAP}


def _addressed_to(heading: str, kind: DecisionType) -> bool:
    """Whether a 'facts and advice' heading names the type's decision maker, in full or short."""
    names = [kind.decision_maker, kind.addressee.removeprefix("the "), *re.findall(r"\(([^)]+)\)", kind.addressee)]
    return any(re.search(rf"\b{re.escape(name)}\b", heading, re.IGNORECASE) for name in names)


def _date(draft: RecordDraft, name: str, on_page: dt.date | None, in_metadata: dt.date | None) -> Any:
    if on_page and in_metadata and on_page != in_metadata:
        draft.attention.append(((name,), f"the page says {on_page}, the metadata {in_metadata} (used)"))
    day = in_metadata or on_page
    if day is None:
        draft.attention.append(((name,), f"no {name} date on the page or in the metadata"))
        return Comment(Plain(DATE_GAP), "not on the page or in the metadata: write the date")
    return Plain(day.isoformat())


def _recommendations(draft: RecordDraft, parsed: ParsedDecision) -> list[Any]:
    if not parsed.recommendations:
        draft.attention.append((("recommendations", 0), "the page has no recommendation"))
        return [IMPORT_GAP]
    return [
        {"text": markdown_text(r.text), "items": [markdown_text(i) for i in r.items]}
        if r.items
        else markdown_text(r.text)
        for r in parsed.recommendations
    ]


def _sections(draft: RecordDraft, parsed: ParsedDecision) -> list[Any]:
    sections = []
    for index, section in enumerate(parsed.sections):
        paragraphs: list[Any] = []
        for paragraph in section.paragraphs:
            items = [markdown_text(item) for item in paragraph.items]
            text = markdown_text(paragraph.text) if paragraph.text is not None else None
            if items:
                paragraphs.append({"text": text, "items": items} if text is not None else {"items": items})
            elif text is not None:
                paragraphs.append(text)
        if not paragraphs:
            draft.attention.append((("sections", index), "the section has no text on the page"))
            paragraphs = [IMPORT_GAP]
        sections.append({"title": section.title, "paragraphs": paragraphs})
    if not sections:
        draft.attention.append((("sections", 0), "the page has no facts and advice"))
        sections = [{"title": IMPORT_GAP, "paragraphs": [IMPORT_GAP]}]
    return sections


def _attachments(draft: RecordDraft, parsed: ParsedDecision) -> list[dict[str, Any]]:
    """The signed form and each document the page names, as PDFs to put in data/attachments/."""
    slug = slugify(draft.reference)
    names: set[str] = set()
    attachments: list[dict[str, Any]] = []
    for title in [SIGNED_DOCUMENT, *(t.rstrip(" .") for t in parsed.documents)]:
        stem = f"{slug}-signed" if title == SIGNED_DOCUMENT else f"{slug}-{slugify(title, 50)}"
        name, number = stem, 2
        while name in names:
            name, number = f"{stem}-{number}", number + 1
        names.add(name)
        where = ("attachments", len(attachments), "file")
        draft.attention.append((where, f"put the PDF of '{_short(title)}' at data/attachments/{name}.pdf"))
        attachments.append({"title": title, "file": Plain(f"data/attachments/{name}.pdf")})
    return attachments


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# -- YAML text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Plain:
    """A value written without quotes: a date, a path, a status the project itself chose."""

    text: str


def record_yaml(draft: RecordDraft, source: str, schema: str) -> str:
    """The record file: a header saying where it came from, then the record as a one-item list."""
    header = [
        f"# yaml-language-server: $schema={schema}",
        f"# Imported by 'decision-press import' from {quoted(source)}: every sentence of the page,",
        "# in its order, numbered again by Decision Press. Fill in what reads TO BE COMPLETED or",
        "# YYYY-MM-DD, put the PDFs named under attachments in data/attachments/, and run",
        "# 'decision-press check'. authors/README.md explains the import.",
    ]
    body = list(_mapping(draft.data, "- ", "  "))
    return "\n".join(header + body) + "\n"


def _mapping(data: dict[str, Any], first: str, rest: str) -> Iterator[str]:
    prefix = first
    for key, value in data.items():
        comment = ""
        if isinstance(value, Comment):
            value, comment = value.value, f"  # {value.comment}"
        if isinstance(value, dict):
            yield f"{prefix}{key}:{comment}"
            yield from _mapping(value, rest + "  ", rest + "  ")
        elif isinstance(value, list):
            yield f"{prefix}{key}:{comment}"
            yield from _sequence(value, rest + "  ")
        else:
            yield f"{prefix}{key}: {_scalar(value)}{comment}"
        prefix = rest


def _sequence(items: list[Any], indent: str) -> Iterator[str]:
    for item in items:
        if isinstance(item, dict):
            yield from _mapping(item, indent + "- ", indent + "  ")
        else:
            yield f"{indent}- {_scalar(item)}"


def _scalar(value: Any) -> str:
    return value.text if isinstance(value, Plain) else quoted(str(value))


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: read back as exactly this text, never as a tag."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", escaped) + '"'


# -- the file ------------------------------------------------------------------------------


def write_new(path: Path, text: str) -> bool:
    """Create ``path`` holding ``text``, whole or not at all; False when it already exists."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8"))
        os.link(temporary, path)  # refuses to replace an existing file, unlike a rename
    except FileExistsError:
        return False
    except OSError as err:
        raise ImportFailed(f"cannot write {path}: {err.strerror}; nothing was written for this page") from None
    finally:
        temporary.unlink(missing_ok=True)
    return True
