"""Page files (and a metadata CSV) → new record files, and a report on each page.

Each page is read, matched to its metadata row by reference, and written as one record
file in the target folder, unless a record with that reference already exists anywhere
in the project (or was imported earlier in the same run): then it is skipped, and the
report says where the existing record is. Importing the same pages again writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from decision_press.errors import InvalidRecords, Problem, display_path
from decision_press.importing.metadata import Metadata, read_metadata
from decision_press.importing.readers import PageRefused, Reader, page_text, read_page
from decision_press.importing.references import reference_key
from decision_press.importing.text_reader import TextReader
from decision_press.importing.writer import RecordDraft, draft_record, record_yaml, write_new
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.load.yaml_source import MAX_FILE_BYTES, parse_yaml
from decision_press.model.problems import format_field, problems_from_validation_error
from decision_press.model.record import Decision, slugify
from decision_press.settings import Settings

READERS: tuple[Reader, ...] = (TextReader(),)
"""The readers tried in turn for each page; the first that accepts it reads it."""

Outcome = Literal["imported", "skipped", "failed"]


@dataclass(frozen=True)
class PageReport:
    """What happened to one page."""

    source: str
    outcome: Outcome
    message: str
    attention: tuple[Problem, ...] = ()


@dataclass
class _Known:
    """References already in the project: reference key → where its record is."""

    places: dict[object, str] = field(default_factory=dict)


def import_pages(
    pages: Sequence[Path], settings: Settings, metadata_file: Path | None = None, into: Path | None = None
) -> list[PageReport]:
    """Import every page; a bad metadata file or an unreadable records file stops before any write."""
    metadata = read_metadata(metadata_file, settings) if metadata_file else None
    folder = (into or settings.data_dir / "decisions").resolve()
    known = _known_references(settings, folder)
    return [_import_one(page, settings, metadata, folder, known) for page in pages]


def _import_one(
    page: Path, settings: Settings, metadata: dict[object, Metadata] | None, folder: Path, known: _Known
) -> PageReport:
    source = display_path(page, settings.root)
    try:
        parsed = read_page(page_text(page, source), settings, READERS)
    except PageRefused as err:
        return PageReport(source, "failed", f"not imported: {err}")
    if parsed.reference is None:
        return PageReport(
            source,
            "failed",
            "not imported: no reference found (the line after 'Signed decision document' "
            "must begin with one of a type in decision-press.yml)",
        )
    key = reference_key(parsed.reference, settings)
    if key in known.places:
        return PageReport(source, "skipped", f"skipped: {parsed.reference} is already at {known.places[key]}")
    target = folder / f"{slugify(parsed.reference)}.yaml"
    shown = display_path(target, settings.root)
    row = metadata.get(key) if metadata is not None else None
    draft = draft_record(parsed, row, settings)
    if metadata is not None and row is None:
        draft.attention.append(((), f"no row for {parsed.reference} in the metadata"))
    text = record_yaml(draft, source, _schema_path(settings, folder))
    if not write_new(target, text):
        return PageReport(source, "skipped", f"skipped: {shown} already exists (nothing was overwritten)")
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if text_line.startswith("- reference"))
    known.places[key] = f"{shown}:{line}"
    return PageReport(source, "imported", f"imported to {shown}", tuple(_attention(draft, text, shown)))


def _schema_path(settings: Settings, folder: Path) -> str:
    schema = settings.root / "schemas" / "decisions.schema.json"
    return Path(os.path.relpath(schema, folder)).as_posix()


def _attention(draft: RecordDraft, text: str, shown: str) -> list[Problem]:
    """Each gap and guess at its line, then anything the record format itself refuses."""
    parsed = parse_yaml(text.encode("utf-8"), shown)
    if parsed.problems:  # cannot happen for text this module wrote; say so rather than hide it
        return parsed.problems
    found = []
    for where, message in draft.attention:
        position = parsed.source_map.locate((0, *where))
        found.append(Problem(shown, position.line, position.column, format_field((0, *where)), message))
    try:
        Decision.model_validate(parsed.data[0])
    except ValidationError as err:
        listed = {(p.line, p.column) for p in found}
        problems = problems_from_validation_error(err, shown, parsed.source_map, (0,), Decision)
        found += [p for p in problems if (p.line, p.column) not in listed]
    return sorted(found)


def _known_references(settings: Settings, folder: Path) -> _Known:
    """Every reference in the project's record files and in the target folder."""
    files = list(settings.record_files())
    files += [path for path in sorted(folder.glob("*.yaml")) if path not in files]
    known = _Known()
    problems: list[Problem] = []
    for path in files:
        shown = display_path(path, settings.root)
        try:
            raw = read_regular_file(path, MAX_FILE_BYTES)
        except (FileRefused, OSError) as err:
            problems.append(Problem(shown, 0, 0, "", f"cannot read it: {getattr(err, 'reason', None) or err}"))
            continue
        parsed = parse_yaml(raw, shown)
        problems += parsed.problems
        for index, record in enumerate(parsed.data if isinstance(parsed.data, list) else []):
            reference = record.get("reference") if isinstance(record, dict) else None
            if isinstance(reference, str):
                key = reference_key(reference, settings)
                line = parsed.source_map.locate((index, "reference")).line
                known.places.setdefault(key, f"{shown}:{line}")
    if problems:
        # Without every reference, an import could duplicate a record: fix these first.
        raise InvalidRecords(problems)
    return known
