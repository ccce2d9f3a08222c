"""Public records → ``data/published.lock``; the lock and today's records → problems (no silent edits).

A published decision is a public record: it may be corrected, never edited without a
trace. ``decision-press publish`` writes the lock, one line per public decision: its
reference, the SHA-256 of its public content, the day it was first published, how many
change notes it had, and a short digest of each public field (so that ``check`` can name
what changed). ``check`` then refuses a locked decision whose public content differs when
no change note was added since, a locked decision that went back to draft, and a lock line
whose decision is gone from the records (a published decision is removed, never deleted).
Only ``publish`` writes the lock, under the project's build lock; a build never does.

"Public content" is the record as :func:`decision_press.select.redact` lets it reach the
outputs (Part 2 text removed), less the fields that are themselves dated public notices
(:data:`NOTICE_FIELDS`), in a canonical JSON form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from decision_press.build_lock import DEFAULT_WAIT, ProjectLock
from decision_press.errors import BuildFailed, DecisionPressError, InvalidRecords, Problem, display_path
from decision_press.load.files import read_regular_file
from decision_press.load.yaml_source import MAX_FILE_BYTES, parse_yaml
from decision_press.model.problems import format_field
from decision_press.model.record import Decision, Status
from decision_press.model.sourced import SourcedDecision
from decision_press.model.validate import load_records
from decision_press.references import normalise_reference
from decision_press.select import redact, select_public
from decision_press.settings import Settings

LOCK_FILE = Path("data") / "published.lock"
"""Relative to the project root; committed with the records it describes."""
NOTICE_FIELDS = frozenset({"changes", "status", "withdrawal", "removal"})
"""Fields left out of the public content: each change of them is a dated notice of its own
(a change note, a withdrawal, a removal), so they need no change note to explain them."""
FIELD_DIGEST_LENGTH = 12
"""Hex digits kept of each field's digest: enough to tell which field changed (the full
SHA-256 of the whole content is what proves that something did)."""
HEADER = """\
# Published state of the decisions, written by 'decision-press publish'; never edit by hand.
# 'decision-press check' fails when a decision listed here changes its public content
# without a new change note, or leaves the records (set status: removed instead).
# One line per public decision, tab-separated:
# reference, sha256 of its public content, first published, change notes, field digests
"""
FIX_CHANGE = (
    "add a change note saying what changed and why (changes: - date: YYYY-MM-DD, note: ...; "
    "minor: true for a typo), then run 'decision-press publish' and commit data/published.lock"
)
_LINE = re.compile(
    r"^(?P<reference>[^\t]+)\t(?P<digest>[0-9a-f]{64})\t(?P<first>\d{4}-\d{2}-\d{2})\t"
    r"notes=(?P<notes>\d+)\t(?P<fields>\S*)$"
)
_FIELD = re.compile(rf"^(?P<name>[a-z0-9_]+)=(?P<digest>[0-9a-f]{{{FIELD_DIGEST_LENGTH}}})$")


# -- public content -------------------------------------------------------------------------


def public_content(decision: Decision) -> dict[str, str]:
    """Field name → canonical JSON of its public value; fields at their defaults are left out,
    so that a field added to the record format in a later version changes no digest."""
    data = redact(decision).model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return {
        name: json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        for name, value in sorted(data.items())
        if name not in NOTICE_FIELDS and value not in ({}, [])
    }


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LockEntry:
    """One line of the lock: a decision as it was last published."""

    reference: str
    digest: str
    """SHA-256 of the whole public content."""
    first_published: dt.date
    notes: int
    """How many change notes (minor ones included) the record had when this line was written."""
    fields: Mapping[str, str] = field(default_factory=dict)
    """Public field → the first digits of its digest."""
    line: int = 0
    """Where the line is in the lock file (0 for an entry not read from one)."""

    @classmethod
    def of(cls, decision: Decision, first_published: dt.date) -> LockEntry:
        content = public_content(decision)
        canonical = "\n".join(f"{name}={value}" for name, value in content.items())
        digests = {name: _sha256(value)[:FIELD_DIGEST_LENGTH] for name, value in content.items()}
        return cls(decision.reference, _sha256(canonical), first_published, len(decision.changes), digests)

    def changed_fields(self, now: LockEntry) -> list[str]:
        """The public fields whose value differs between this entry and ``now``."""
        return sorted(name for name in {*self.fields, *now.fields} if self.fields.get(name) != now.fields.get(name))

    def format(self) -> str:
        digests = ",".join(f"{name}={digest}" for name, digest in sorted(self.fields.items()))
        return f"{self.reference}\t{self.digest}\t{self.first_published.isoformat()}\tnotes={self.notes}\t{digests}"


def _sort_key(reference: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order, whatever the reference's pattern: 'PCD 99' before 'PCD 911', and
    'CEOD 35-2022' by its numbers; a diff of the lock stays in one predictable order."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", reference))


def lock_text(entries: Iterable[LockEntry]) -> str:
    """The lock file's text: the header, then one line per decision in reference order."""
    lines = [entry.format() for entry in sorted(entries, key=lambda e: _sort_key(e.reference))]
    return HEADER + "".join(f"{line}\n" for line in lines)


# -- reading -------------------------------------------------------------------------------


def read_lock(settings: Settings) -> tuple[list[LockEntry], list[Problem]] | None:
    """The lock's entries and the problems of its unreadable lines; None when there is no lock."""
    path = settings.root / LOCK_FILE
    if not path.exists():
        return None
    display = display_path(path, settings.root)
    fix = "the file is written by 'decision-press publish': restore it from version control"
    try:
        text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError, DecisionPressError) as err:
        return [], [Problem(display, 0, 0, "", f"cannot read the published state: {err}", fix)]
    entries: list[LockEntry] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        entry = _parse_line(line, number)
        if entry is None:
            problems.append(Problem(display, number, 1, "", "this line is not a published-state entry", fix))
        else:
            entries.append(entry)
    return entries, problems


def _parse_line(line: str, number: int) -> LockEntry | None:
    match = _LINE.match(line)
    if match is None:
        return None
    fields: dict[str, str] = {}
    for item in filter(None, match["fields"].split(",")):
        found = _FIELD.match(item)
        if found is None:
            return None
        fields[found["name"]] = found["digest"]
    try:
        first = dt.date.fromisoformat(match["first"])
    except ValueError:
        return None
    return LockEntry(match["reference"], match["digest"], first, int(match["notes"]), fields, number)


# -- checking ------------------------------------------------------------------------------


def lock_problems(settings: Settings, records: Sequence[SourcedDecision]) -> list[Problem]:
    """Every silent edit, unpublished or deleted decision that the lock reveals; [] without a lock."""
    read = read_lock(settings)
    if read is None:
        return []
    entries, problems = read
    display = display_path(settings.root / LOCK_FILE, settings.root)
    by_reference = _records_by_any_reference(records)
    for entry in entries:
        record = by_reference.get(normalise_reference(entry.reference))
        where = f"{display}:{entry.line}"
        if record is None:
            problems.append(
                Problem(
                    display,
                    entry.line,
                    1,
                    "",
                    f"{entry.reference} was published (first on {entry.first_published}) but is no "
                    "longer in the records",
                    "a published decision is never deleted: put its record back with status: removed "
                    "and a removal block (date, reason), or with status: withdrawn",
                )
            )
            continue
        problems.extend(_entry_problems(settings, entry, record, where))
    return problems


def _records_by_any_reference(records: Sequence[SourcedDecision]) -> dict[str, SourcedDecision]:
    """Each record under its reference and under every reference it had before a correction."""
    found: dict[str, SourcedDecision] = {}
    for record in records:
        for reference in (*record.decision.previous_references, record.decision.reference):
            found[normalise_reference(reference)] = record
    return found


def _entry_problems(settings: Settings, entry: LockEntry, record: SourcedDecision, where: str) -> list[Problem]:
    decision = record.decision
    if decision.status is Status.REMOVED:
        return []
    if decision.status is Status.DRAFT:
        return [
            _at(
                settings,
                record,
                ("status",),
                f"{decision.reference} was published ({where}) and cannot become a draft again",
                "withdraw it (status: withdrawn) or remove it (status: removed) with the reason",
            )
        ]
    if len(decision.changes) < entry.notes:
        return [
            _at(
                settings,
                record,
                ("changes",),
                f"{decision.reference} had {entry.notes} change notes when published ({where}); "
                f"it now has {len(decision.changes)}",
                "change notes are part of the public record: put the deleted one back",
            )
        ]
    now = LockEntry.of(decision, entry.first_published)
    if now.digest == entry.digest or len(decision.changes) > entry.notes:
        return []
    changed = entry.changed_fields(now) or ["(the order of its fields)"]
    return [
        _at(
            settings,
            record,
            (changed[0],) if changed[0] in now.fields else (),
            f"{decision.reference} changed since it was published ({where}) without a change note: "
            f"{', '.join(changed)}",
            FIX_CHANGE,
        )
    ]


def _at(settings: Settings, record: SourcedDecision, where: tuple[str, ...], message: str, hint: str) -> Problem:
    """A problem at a field of a record (at the record itself when the field is not written)."""
    path: tuple[str | int, ...] = (record.index, *where)
    try:
        source_map = parse_yaml(read_regular_file(record.path, MAX_FILE_BYTES), str(record.path)).source_map
        position = source_map.locate(path)
        line, column = position.line, position.column
    except (OSError, DecisionPressError):
        line, column = record.line, 1
    return Problem(display_path(record.path, settings.root), line, column, format_field(path), message, hint)


# -- publishing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What ``publish`` changed in the lock, for its report."""

    path: Path
    added: list[str]
    updated: list[tuple[str, list[str]]]
    """Each re-recorded decision with the public fields that changed."""
    dropped: list[str]
    """Decisions no longer public (removed): their record keeps only the notice."""
    unchanged: int


def publish(settings: Settings, as_of: dt.date, *, wait: float = DEFAULT_WAIT) -> Published:
    """Record the public content of every decision public on ``as_of`` in the lock, atomically.

    Refuses (:class:`InvalidRecords`) while ``check`` would fail: a silent edit is explained
    by a change note first, never recorded by publishing it.
    """
    with ProjectLock(settings.root, wait=wait):
        records = load_records(settings)
        problems = lock_problems(settings, records)
        if problems:
            raise InvalidRecords(problems)
        read = read_lock(settings)
        old = {normalise_reference(e.reference): e for e in (read[0] if read else [])}
        entries, result = _new_entries(records, old, as_of)
        _write_atomic(settings.root / LOCK_FILE, lock_text(entries))
    return Published(settings.root / LOCK_FILE, *result)


def _new_entries(
    records: Sequence[SourcedDecision], old: Mapping[str, LockEntry], as_of: dt.date
) -> tuple[list[LockEntry], tuple[list[str], list[tuple[str, list[str]]], list[str], int]]:
    public = {r.decision.reference for r in select_public(records, as_of).public}
    entries: list[LockEntry] = []
    added: list[str] = []
    updated: list[tuple[str, list[str]]] = []
    unchanged = 0
    kept: set[str] = set()
    for record in records:
        decision = record.decision
        before = next(
            (
                old[key]
                for key in map(normalise_reference, (decision.reference, *decision.previous_references))
                if key in old
            ),
            None,
        )
        if decision.status is Status.REMOVED or (before is None and decision.reference not in public):
            continue
        if before is None:
            entries.append(LockEntry.of(decision, decision.public_from or as_of))
            added.append(decision.reference)
            continue
        kept.add(normalise_reference(before.reference))
        now = LockEntry.of(decision, before.first_published)
        entries.append(now)
        if now.digest != before.digest or now.reference != before.reference or now.notes != before.notes:
            updated.append((decision.reference, before.changed_fields(now)))
        else:
            unchanged += 1
    dropped = sorted((e.reference for key, e in old.items() if key not in kept), key=_sort_key)
    return entries, (added, updated, dropped, unchanged)


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so that the lock is never half-written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise BuildFailed(
            f"cannot write {path}: {err.strerror}; make the folder writable and run 'decision-press publish' again"
        ) from None
