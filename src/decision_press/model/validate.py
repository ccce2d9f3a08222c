"""Parsed YAML files → validated :class:`Decision` records, or problems at ``file:line:col``.

This is the one validator every entry point shares: ``check``, ``new``, ``build`` and the
MkDocs plugin all call :func:`load_records`. It collects every problem in every file
before giving up, so an author fixes everything in one pass.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from decision_press.errors import InvalidRecords, Problem, display_path
from decision_press.heap import cycle_collection_paused
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.load.yaml_source import MAX_FILE_BYTES, ItemText, SourceMap, item_texts, parse_yaml
from decision_press.model.problems import problems_from_validation_error
from decision_press.model.record import Decision
from decision_press.model.rules import check_records
from decision_press.model.sourced import SourcedDecision
from decision_press.session import Session
from decision_press.settings import Settings


@dataclass(frozen=True)
class CheckedRecords:
    """Every valid record, and the warnings about them (problems that do not stop a build)."""

    records: list[SourcedDecision]
    warnings: list[Problem]


def load_records(
    settings: Settings, paths: Sequence[Path] | None = None, session: Session | None = None
) -> list[SourcedDecision]:
    """Read, parse and validate every records file; raise :class:`InvalidRecords` listing all problems.

    Warnings do not stop a build and are not returned: ``check`` reports them (:func:`load_checked`).
    """
    return load_checked(settings, paths, session).records


def load_checked(
    settings: Settings, paths: Sequence[Path] | None = None, session: Session | None = None, *, strict: bool = False
) -> CheckedRecords:
    """As :func:`load_records`, with the warnings; ``strict`` makes every warning an error.

    A file whose bytes ``session`` validated before is not parsed again (records are immutable).
    """
    session = session or Session()
    files = list(paths) if paths is not None else settings.record_files()
    problems: list[Problem] = []
    records: list[SourcedDecision] = []
    if not files:
        problems.append(
            Problem(
                "data/decisions.yaml",
                0,
                0,
                "",
                "no records file found",
                "create data/decisions.yaml, or run 'decision-press new'",
            )
        )
    with cycle_collection_paused():
        for path in files:
            display = display_path(path, settings.root)
            raw = _read_records_file(path, display, problems)
            if raw is None:
                continue
            checked = _checked_file(raw, display, path, session)
            problems.extend(checked.problems)
            records.extend(checked.records)
        problems.extend(check_records(records, settings, _SourceMapsOnDemand()))
        # Before the collector is back: its first pass would otherwise walk all the records
        # (0.15 s at 2,000) that a one-off run is about to set aside anyway.
        session.records_loaded()
    if strict:
        problems = [p.as_error() for p in problems]
    if any(not p.is_warning for p in problems):
        raise InvalidRecords(problems)  # the warnings too: the author sees everything at once
    return CheckedRecords(records, sorted(problems))


def _read_records_file(path: Path, display: str, problems: list[Problem]) -> bytes | None:
    """A records file's bytes; a FIFO, a device, a folder or an oversized file is a problem instead."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except FileRefused as err:
        hint = (
            "split the records over several files in data/decisions/"
            if err.too_large
            else "replace it with an ordinary YAML file, or move it out of data/"
        )
        problems.append(Problem(display, 0, 0, "", f"cannot read the file: {err.reason}", hint))
    except OSError as err:
        problems.append(Problem(display, 0, 0, "", f"cannot read the file: {err.strerror}"))
    return None


@dataclass(frozen=True)
class _CheckedFile:
    records: tuple[SourcedDecision, ...]
    problems: tuple[Problem, ...]
    items: tuple[tuple[bytes, tuple[Decision, int]], ...] = ()
    """Each item's key and validated record, kept in the session while the file is."""


class _SourceMapsOnDemand(dict[Path, SourceMap]):
    """Positions of values, by file, parsed again when a cross-record rule reports a problem.

    A source map is several times the size of the records it locates (a position for every
    value), and only a problem needs one; keeping them all would cost hundreds of megabytes
    in an archive of ten thousand decisions.
    """

    def __missing__(self, path: Path) -> SourceMap:
        source_map = parse_yaml(read_regular_file(path, MAX_FILE_BYTES), str(path)).source_map
        self[path] = source_map
        return source_map


def _checked_file(raw: bytes, display: str, path: Path, session: Session) -> _CheckedFile:
    """One file's bytes → its records and problems; the same bytes give the remembered result.

    A file that was edited is mostly records the session has validated before: those are
    reused, and only the items that changed are parsed and validated (:func:`_reusing_records`).
    """
    key = (path, display, hashlib.sha256(raw).digest())
    remembered: _CheckedFile | None = session.checked_files.get(key)
    if remembered is not None:
        for item_key, validated in remembered.items:  # an unchanged file keeps its items for its next edit
            if session.checked_items.get(item_key) is None:
                session.checked_items.put(item_key, validated)
        return remembered
    items = item_texts(raw)
    result = _reusing_records(items, display, path, session) if items else None
    if result is None:
        parsed = parse_yaml(raw, display)
        if parsed.problems:
            result = _CheckedFile((), tuple(parsed.problems))
        else:
            found, wrong = _validate_file(parsed.data, display, parsed.source_map, path)
            result = _CheckedFile(tuple(found), tuple(wrong))
    if items and not result.problems and len(items) == len(result.records):
        known = tuple(
            (_item_key(item), (record.decision, record.line - item.line))
            for item, record in zip(items, result.records, strict=True)
        )
        for item_key, validated in known:
            session.checked_items.put(item_key, validated)
        result = dataclasses.replace(result, items=known)
    session.checked_files.put(key, result)
    return result


MAX_NEW_ITEMS = 16
"""Past this many changed items in one file, parsing the whole file is as quick."""


def _item_key(item: ItemText) -> bytes:
    return hashlib.sha256(item.raw).digest()


def _reusing_records(items: list[ItemText], display: str, path: Path, session: Session) -> _CheckedFile | None:
    """The file's records from the session's validated items, the new ones checked alone; None
    when that cannot stand for a parse of the whole file.

    None when more than :data:`MAX_NEW_ITEMS` are new, or a new one has any problem: the
    whole file is then parsed, so that every problem is reported as a parse of the file
    reports it (an item cut in two by a guess of :func:`item_texts` fails to parse alone).
    """
    known = [session.checked_items.get(_item_key(item)) for item in items]
    if sum(found is None for found in known) > MAX_NEW_ITEMS:
        return None
    records = []
    for index, (item, found) in enumerate(zip(items, known, strict=True)):
        if found is None:
            found = _checked_item(item, display)
            if found is None:
                return None
        decision, line_in_item = found
        records.append(SourcedDecision(decision, path, index, item.line + line_in_item))
    return _CheckedFile(tuple(records), ())


def _checked_item(item: ItemText, display: str) -> tuple[Decision, int] | None:
    """One item's record and the line it starts on within the item; None if anything is wrong."""
    parsed = parse_yaml(item.raw, display)
    if parsed.problems or not isinstance(parsed.data, list) or len(parsed.data) != 1:
        return None
    try:
        decision = Decision.model_validate(parsed.data[0])
    except ValidationError:
        return None
    return decision, parsed.source_map.locate((0,)).line - 1


def _validate_file(
    data: Any, display: str, source_map: SourceMap, path: Path
) -> tuple[list[SourcedDecision], list[Problem]]:
    if data is None:
        return [], []  # an empty file holds no records; that is allowed
    if not isinstance(data, list):
        pos = source_map.locate(())
        return [], [
            Problem(
                display,
                pos.line,
                pos.column,
                "",
                "the file must hold a list of records",
                "start each record with '- reference: ...'",
            )
        ]
    records: list[SourcedDecision] = []
    problems: list[Problem] = []
    for index, item in enumerate(data):
        try:
            decision = Decision.model_validate(item)
        except ValidationError as err:
            problems.extend(problems_from_validation_error(err, display, source_map, (index,), Decision))
            continue
        records.append(SourcedDecision(decision, path, index, source_map.locate((index,)).line))
    return records, problems
