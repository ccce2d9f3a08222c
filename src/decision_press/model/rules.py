"""Validated records → problems that only show across fields, files or records.

Each rule looks at the whole set of records (unique references, links that must exist,
dates that must come in order, files that must be there) and reports at the line of the
value to fix. Rules never raise; they return problems.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from decision_press.errors import Problem, display_path
from decision_press.fonts import covered, describe, undrawable_in
from decision_press.load.yaml_source import Path_, SourceMap
from decision_press.model import defects, placeholders
from decision_press.model.problems import format_field
from decision_press.model.record import slugify
from decision_press.model.sourced import SourcedDecision
from decision_press.settings import Settings

_HAND_NUMBERED_TITLE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Za-z]\)|\([A-Za-z0-9]+\))\s+\S")
_HAND_NUMBERED_ITEM = re.compile(r"^\s*(?:\d+\.|[A-Za-z]\)|\([A-Za-z0-9]+\)|•)\s+\S")
"""'3. Legal Comments', '(a) approve': numbers the renderers add again ('3. 3. Legal Comments')."""


class Reporter(Protocol):
    """Makes a problem placed at a field of a record."""

    def __call__(self, record: SourcedDecision, where: Path_, message: str, hint: str = "") -> Problem: ...


def check_records(
    records: list[SourcedDecision], settings: Settings, source_maps: Mapping[Path, SourceMap]
) -> list[Problem]:
    """Run every cross-record rule; return all problems found."""

    def problem(record: SourcedDecision, where: Path_, message: str, hint: str = "") -> Problem:
        path = (record.index, *where)
        position = source_maps[record.path].locate(path)
        return Problem(
            display_path(record.path, settings.root), position.line, position.column, format_field(path), message, hint
        )

    found: list[Problem] = []
    for check in (
        _unique_references,
        _known_types,
        _dates_in_order,
        _related_exist,
        _corrections_consistent,
        _files_exist,
        _document_names_unique,
        _title_without_reference,
        _topics_spelled_one_way,
        _topics_given,
        _text_or_full_text_pdf,
        _exempt_files_private,
        defects.amounts_disagree,
        defects.addressed_to_another,
        _no_hand_numbering,
        _no_scaffold_text,
        _printable,
        _no_import_gaps,
    ):
        found.extend(check(records, settings, problem))
    return found


def _unique_references(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """Two spellings of one reference ('CEOD 35-2024', 'ceod 35 - 2024') are the same reference."""
    seen: dict[object, SourcedDecision] = {}
    slugs: dict[str, SourcedDecision] = {}
    for record in records:
        key = settings.references.key(record.decision.reference)
        first = seen.get(key) or slugs.get(record.decision.slug)
        if first is not None:
            where = f"{display_path(first.path, settings.root)}:{first.line}"
            yield problem(
                record,
                ("reference",),
                f"the reference '{record.decision.reference}' is already used by "
                f"'{first.decision.reference}' at {where}",
                "every decision needs its own reference; 'decision-press new' picks the next free one",
            )
            continue
        seen[key] = record
        slugs[record.decision.slug] = record


def _known_types(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    prefixes = [t.prefix for t in settings.project.decision_types]
    for record in records:
        decision = record.decision
        kind = settings.decision_type(decision.prefix)
        if kind is None:
            yield problem(
                record,
                ("reference",),
                f"unknown decision type '{decision.prefix}'",
                f"known types: {', '.join(prefixes)} (set in decision-press.yml)",
            )
            continue
        parsed = kind.reference_format.parse(decision.reference)
        if parsed is None:
            yield problem(
                record,
                ("reference",),
                f"the reference is not written as a {kind.prefix} reference: '{kind.pattern}'",
                f"e.g. '{settings.references.example(kind.prefix)}' (the pattern is set in decision-press.yml)",
            )
            continue
        expected = settings.references.canonical(parsed)
        if decision.reference != expected:
            yield problem(
                record,
                ("reference",),
                f"write the reference as '{expected}'",
                "references of one type are all written the same way",
            )


def _dates_in_order(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    for record in records:
        d = record.decision
        if d.signed and d.published and d.published < d.signed:
            yield problem(
                record,
                ("published",),
                f"published ({d.published}) is before signed ({d.signed})",
                "a decision can only be published once it is signed",
            )
        if d.deferral and d.signed and d.deferral.until < d.signed:
            yield problem(
                record,
                ("deferral", "until"),
                f"the deferral ends ({d.deferral.until}) before the decision was signed ({d.signed})",
            )
        if d.withdrawal and d.published and d.withdrawal.date < d.published:
            yield problem(
                record,
                ("withdrawal", "date"),
                f"withdrawn ({d.withdrawal.date}) before it was published ({d.published})",
            )
        approval = d.officer_approval
        if approval and approval.signed and d.signed and approval.signed > d.signed:
            yield problem(
                record,
                ("officer_approval", "signed"),
                f"the officer approval ({approval.signed}) comes after the decision was signed ({d.signed})",
                "the approval is given before the decision maker signs",
            )


def _related_exist(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    key = settings.references.key
    known = {key(r.decision.reference): r.decision.reference for r in records}
    for record in records:
        own = key(record.decision.reference)
        for index, link in enumerate(record.decision.related):
            other = key(link.reference)
            if other == own:
                yield problem(record, ("related", index, "reference"), "a decision cannot be related to itself")
            elif other not in known:
                yield problem(
                    record,
                    ("related", index, "reference"),
                    f"no decision '{link.reference}' in the records",
                    "check the reference, or add that decision first",
                )
            elif known[other] != link.reference:
                yield problem(record, ("related", index, "reference"), f"write the reference as '{known[other]}'")


def _corrections_consistent(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """Change notes and removals come after publication; old references and replacements make sense."""
    key = settings.references.key
    current = {key(r.decision.reference): r for r in records}
    claimed: dict[str, str] = {}  # an old reference's slug → the decision that claims it
    for record in records:
        d = record.decision
        for index, change in enumerate(d.changes):
            if d.published and change.date < d.published:
                yield problem(
                    record,
                    ("changes", index, "date"),
                    f"the change is dated {change.date}, before the decision was published ({d.published})",
                    "a change note records a change to a published decision; fix the date",
                )
        if d.removal and d.published and d.removal.date < d.published:
            yield problem(
                record, ("removal", "date"), f"removed ({d.removal.date}) before it was published ({d.published})"
            )
        if d.removal and d.removal.replacement:
            yield from _replacement_problems(
                record, d.removal.replacement, current.get(key(d.removal.replacement)), problem
            )
        for index, old in enumerate(d.previous_references):
            where = ("previous_references", index)
            slug = slugify(old)
            other = current.get(key(old))
            if slug == d.slug:
                yield problem(record, where, f"'{old}' is this decision's own reference", "list only former ones")
            elif other is not None or slug in claimed:
                holder = other.decision.reference if other is not None else claimed[slug]
                yield problem(
                    record,
                    where,
                    f"'{old}' is in use by '{holder}': its address cannot redirect here",
                    "a former reference belongs to one decision only, and never to a current one",
                )
            claimed.setdefault(slug, d.reference)


def _replacement_problems(
    record: SourcedDecision, replacement: str, other: SourcedDecision | None, problem: Reporter
) -> Iterator[Problem]:
    """``other`` is the decision the replacement reference names, if any."""
    where = ("removal", "replacement")
    if other is None:
        yield problem(record, where, f"no decision '{replacement}' in the records", "check the reference")
    elif other is record:
        yield problem(record, where, "a removed decision cannot replace itself")
    elif other.decision.status.value == "removed":
        yield problem(record, where, f"'{other.decision.reference}' is removed too: point to a public decision")
    elif other.decision.reference != replacement:
        yield problem(record, where, f"write the reference as '{other.decision.reference}'")


def _files_exist(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    root = settings.root.resolve()
    for record in records:
        for index, attachment in enumerate(record.decision.attachments):
            if attachment.file is None or attachment.exempt is not None:
                continue  # never read, never published: see _exempt_files_private
            yield from _publishable_pdf(
                record, ("attachments", index, "file"), attachment.file, root, "attachments", problem
            )
        if record.decision.signed_copy is not None:
            # The signed original is published byte for byte too: the same checks as an attachment.
            yield from _publishable_pdf(record, ("signed_copy",), record.decision.signed_copy, root, "", problem)
        image = record.decision.declaration.signature_image
        if image:
            message = _check_file(root, image, root / "assets")
            if message:
                yield problem(record, ("declaration", "signature_image"), message)


def _publishable_pdf(
    record: SourcedDecision, where: Path_, relative: str, root: Path, folder: str, problem: Reporter
) -> Iterator[Problem]:
    """A PDF published as it is (under ``data/<folder>``): a file there, nothing active, tagged or warned."""
    message = _check_file(root, relative, root / "data" / folder)
    if message:
        yield problem(record, where, message)
        return
    # Here, not at the top: qpdf (pikepdf) takes 40 ms of a 1.7 s 'check' to import, and most
    # archives have no attached PDF.
    from decision_press.model.attachment_pdf import FIX_ATTACHMENT, FIX_UNTAGGED, inspect_pdf

    inspection = inspect_pdf((root / relative).resolve())
    if inspection.problem:
        yield problem(record, where, f"'{relative}' cannot be published: {inspection.problem}", FIX_ATTACHMENT)
    elif inspection.untagged:
        # Published all the same (it is the document that was signed), but a screen
        # reader cannot follow it: the author hears it here, readers on its page.
        yield dataclasses.replace(
            problem(
                record,
                where,
                f"'{relative}' is not a tagged PDF ({inspection.untagged}), so screen readers may not read it in order",
                FIX_UNTAGGED,
            ),
            severity="warning",
        )


def _check_file(root: Path, relative: str, folder: Path) -> str:
    path = (root / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        return f"'{relative}' lies outside {display_path(folder, root)}/"
    if not path.is_file():
        return f"the file '{relative}' does not exist"
    return ""


def _document_names_unique(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    for record in records:
        names = {record.decision.slug: "the decision form"}
        if record.decision.signed_copy is not None:
            names[f"{record.decision.slug}-signed"] = "the signed copy"
        documents = [("appendices", i, a.title) for i, a in enumerate(record.decision.appendices)]
        documents += [("attachments", i, a.title) for i, a in enumerate(record.decision.attachments)]
        for field, index, title in documents:
            name = slugify(title)
            if name in names:
                yield problem(
                    record,
                    (field, index, "title"),
                    f"this title gives the file name '{name}.pdf', already used by {names[name]}",
                    "give each document of a decision a distinct title",
                )
            names[name] = f"{field}[{index}]"


def _topics_spelled_one_way(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """A topic's page is named by its slug: two spellings of one slug would share one page."""
    # slug → (name, the record and field where it was first written). The place is located
    # only when a second spelling turns up: locating reads the file's source map again.
    first: dict[str, tuple[str, SourcedDecision, Path_]] = {}
    for record in records:
        own: set[str] = set()
        for index, topic in enumerate(record.decision.topics):
            where = ("topics", index)
            slug = slugify(topic, empty="")
            if not slug:
                yield problem(
                    record,
                    where,
                    f"the topic '{topic}' has no letter or digit to name its page",
                    "write the topic in words",
                )
                continue
            first.setdefault(slug, (topic, record, where))
            name, first_record, first_where = first[slug]
            if name != topic:
                place = problem(first_record, first_where, "")
                place_of_first = f"{place.path}:{place.line}"
                yield problem(
                    record,
                    where,
                    f"the topic '{topic}' is spelled '{name}' at {place_of_first}; "
                    f"both would be the page topics/{slug}/",
                    f"use one spelling of a topic in every record: '{name}' or '{topic}'",
                )
            elif slug in own:
                yield problem(record, where, f"the topic '{topic}' is listed twice", "list each topic once")
            own.add(slug)


def _text_or_full_text_pdf(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """Recommendations and Part I may only be left out when the signed PDF holds the whole text."""
    for record in records:
        if record.decision.full_text is not None:
            continue
        for name in ("recommendations", "sections"):
            if not getattr(record.decision, name):
                yield problem(
                    record,
                    (name,),
                    "must not be empty",
                    "a decision needs at least one, unless its whole text is in an attachment "
                    "marked 'full_text: true' (the signed PDF)",
                )


def _topics_given(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """No topics yet is allowed (an imported archive has none), but such a decision is on no topic page."""
    for record in records:
        if not record.decision.topics and record.decision.status.value != "draft":
            yield dataclasses.replace(
                problem(
                    record,
                    ("topics",),
                    "the decision has no topics yet, so it is listed on no topic page",
                    "add topics, e.g. topics: [Grant funding]; 'check --strict' refuses a decision without",
                ),
                severity="warning",
            )


def _exempt_files_private(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """An exempt attachment's file is never published, but a public repository would show it."""
    if not settings.project.public_repository:
        return
    for record in records:
        for index, attachment in enumerate(record.decision.attachments):
            if attachment.exempt is not None and attachment.file is not None:
                yield problem(
                    record,
                    ("attachments", index, "file"),
                    f"'{attachment.file}' is exempt, but the repository is public (public_repository: true), "
                    "so anyone could read it there",
                    "keep exempt files out of the repository and leave 'file' out: the title and reason are enough",
                )


def _title_without_reference(
    records: list[SourcedDecision], settings: Settings, problem: Reporter
) -> Iterator[Problem]:
    """A title that begins with a reference: its own (shown twice), or another's (pasted from it)."""
    finder = settings.references.running_text
    for record in records:
        match = finder.match(record.decision.title) if finder else None
        if match is None or settings.references.parse(match.group(0)) is None:
            continue
        found = match.group(0)
        if settings.references.key(found) == settings.references.key(record.decision.reference):
            message = f"the title starts with its own reference ('{found}')"
        else:
            message = f"the title starts with a reference ('{found}')"
        yield problem(
            record,
            ("title",),
            message,
            "the reference is shown from the 'reference' field; leave it out of the title",
        )


def _no_hand_numbering(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    hint = "leave the number out: Decision Press numbers sections, recommendations and items from their position"
    for record in records:
        decision = record.decision
        for s_index, section in enumerate(decision.sections):
            if match := _HAND_NUMBERED_TITLE.match(section.title):
                yield problem(
                    record,
                    ("sections", s_index, "title"),
                    f"the section title is numbered by hand ('{match.group(0)[:-1].strip()}')",
                    hint,
                )
        for r_index, recommendation in enumerate(decision.recommendations):
            items = enumerate(recommendation.items)
            texts = [
                (("recommendations", r_index), recommendation.text),
                *((("recommendations", r_index, "items", i_index), item) for i_index, item in items),
            ]
            for where, text in texts:
                if match := _HAND_NUMBERED_ITEM.match(text):
                    number = match.group(0)[:-1].strip()
                    yield problem(record, where, f"the text is numbered by hand ('{number}')", hint)


def _no_scaffold_text(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """A record to be published must not keep the wording that 'decision-press new' put in it."""
    for record in records:
        if record.decision.status.value == "draft" or not placeholders.may_hold_placeholder(
            record.decision.canonical_json
        ):
            continue
        data = record.decision.model_dump(mode="json", exclude_none=True)
        for where, text in _strings(data, ()):
            if placeholders.is_placeholder(text):
                yield problem(
                    record,
                    where,
                    "still holds the example text that 'decision-press new' wrote",
                    "write the decision's own text here before publishing it",
                )


def _printable(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """Every printed character must be in the bundled PDF font (no silent system font)."""
    font_dir = settings.assets_dir / "fonts"
    if not any(font_dir.glob("*.ttf")):
        return
    have = covered(font_dir)
    for record in records:
        # Fast path: JSON writes every character of every string as it is (only control
        # characters are escaped, and validation refuses those), so a record whose JSON is
        # printable has nothing to report.
        if not undrawable_in(record.decision.canonical_json, have):
            continue
        data = record.decision.model_dump(mode="json", exclude_none=True)
        data.get("part2", {}).pop("text", None)  # never printed anywhere
        for where, text in _strings(data, ()):
            missing = undrawable_in(text, have)
            if missing:
                yield problem(
                    record,
                    where,
                    f"the PDF font cannot print {describe(missing)}",
                    "replace the character (for a tick, write 'Yes'), or bundle a font that has it",
                )


def _strings(value: object, where: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def _no_import_gaps(records: list[SourcedDecision], settings: Settings, problem: Reporter) -> Iterator[Problem]:
    """What an import could not fill in must be written before anything is built, draft or not."""
    for record in records:
        if placeholders.IMPORT_GAP not in record.decision.canonical_json:  # the common case, and cheap
            continue
        data = record.decision.model_dump(mode="json", exclude_none=True)
        for where, text in _strings(data, ()):
            if placeholders.is_import_gap(text):
                yield problem(
                    record,
                    where,
                    f"still '{placeholders.IMPORT_GAP}': the imported page and its metadata did not give this",
                    "write the value here (see 'decision-press import' in authors/README.md)",
                )
