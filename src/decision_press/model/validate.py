"""Parsed YAML files → validated :class:`Decision` records, or problems at ``file:line:col``.

This is the one validator every entry point shares: ``check``, ``new``, ``build`` and the
MkDocs plugin all call :func:`load_records`. It collects every problem in every file
before giving up, so an author fixes everything in one pass.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from decision_press.errors import InvalidRecords, Problem, display_path
from decision_press.heap import cycle_collection_paused, set_aside
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.load.yaml_source import MAX_FILE_BYTES, Path_, SourceMap, parse_yaml
from decision_press.model.record import Decision
from decision_press.settings import Settings


@dataclass(frozen=True)
class SourcedDecision:
    """A valid record and where it was written, for error messages and 'edit this page'."""

    decision: Decision
    path: Path
    index: int
    """Position of the record in its file's list."""
    line: int


@dataclass(frozen=True)
class CheckedRecords:
    """Every valid record, and the warnings about them (problems that do not stop a build)."""

    records: list[SourcedDecision]
    warnings: list[Problem]


def load_records(settings: Settings, paths: Sequence[Path] | None = None) -> list[SourcedDecision]:
    """Read, parse and validate every records file; raise :class:`InvalidRecords` listing all problems.

    Warnings do not stop a build and are not returned: ``check`` reports them (:func:`load_checked`).
    """
    return load_checked(settings, paths).records


def load_checked(settings: Settings, paths: Sequence[Path] | None = None, *, strict: bool = False) -> CheckedRecords:
    """As :func:`load_records`, with the warnings; ``strict`` makes every warning an error."""
    from decision_press.model.rules import check_records  # rules build on this module's types

    files = list(paths) if paths is not None else settings.record_files()
    problems: list[Problem] = []
    records: list[SourcedDecision] = []
    if not files:
        problems.append(Problem("data/decisions.yaml", 0, 0, "", "no records file found",
                                "create data/decisions.yaml, or run 'decision-press new'"))
    with cycle_collection_paused():
        for path in files:
            display = display_path(path, settings.root)
            raw = _read_records_file(path, display, problems)
            if raw is None:
                continue
            checked = _checked_file(raw, display, path)
            problems.extend(checked.problems)
            records.extend(checked.records)
        problems.extend(check_records(records, settings, _SourceMapsOnDemand()))
    set_aside()  # the records live as long as the build, or until a preview's next full pass
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
        hint = ("split the records over several files in data/decisions/" if err.too_large
                else "replace it with an ordinary YAML file, or move it out of data/")
        problems.append(Problem(display, 0, 0, "", f"cannot read the file: {err.reason}", hint))
    except OSError as err:
        problems.append(Problem(display, 0, 0, "", f"cannot read the file: {err.strerror}"))
    return None


@dataclass(frozen=True)
class _CheckedFile:
    records: tuple[SourcedDecision, ...]
    problems: tuple[Problem, ...]


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


_checked: dict[tuple[Path, str], tuple[bytes, _CheckedFile]] = {}  # (file, display) → (digest, result)
"""The latest result per file. A preview server rebuilds after every save; records in the files
that were not touched need not be parsed and validated again (records are immutable)."""


def _checked_file(raw: bytes, display: str, path: Path) -> _CheckedFile:
    """One file's bytes → its records and problems; the same bytes give the remembered result."""
    digest = hashlib.sha256(raw).digest()
    remembered = _checked.get((path, display))
    if remembered is not None and remembered[0] == digest:
        return remembered[1]
    parsed = parse_yaml(raw, display)
    if parsed.problems:
        result = _CheckedFile((), tuple(parsed.problems))
    else:
        found, wrong = _validate_file(parsed.data, display, parsed.source_map, path)
        result = _CheckedFile(tuple(found), tuple(wrong))
    _checked[(path, display)] = (digest, result)
    return result


def _validate_file(data: Any, display: str, source_map: SourceMap,
                   path: Path) -> tuple[list[SourcedDecision], list[Problem]]:
    if data is None:
        return [], []  # an empty file holds no records; that is allowed
    if not isinstance(data, list):
        pos = source_map.locate(())
        return [], [Problem(display, pos.line, pos.column, "", "the file must hold a list of records",
                            "start each record with '- reference: ...'")]
    records: list[SourcedDecision] = []
    problems: list[Problem] = []
    for index, item in enumerate(data):
        try:
            decision = Decision.model_validate(item)
        except ValidationError as err:
            problems.extend(problems_from_validation_error(err, display, source_map, (index,)))
            continue
        records.append(SourcedDecision(decision, path, index, source_map.locate((index,)).line))
    return records, problems


def problems_from_validation_error(err: ValidationError, display: str, source_map: SourceMap,
                                   prefix: Path_) -> list[Problem]:
    """Translate pydantic's errors into author-facing problems placed at the right line."""
    problems = []
    for error in err.errors(include_url=False):
        loc = _drop_union_tags(tuple(error["loc"]))
        path = (*prefix, *loc)
        kind = error["type"]
        # A missing field is reported at the mapping that lacks it, not at a line that does not exist.
        position = source_map.locate(path[:-1] if kind == "missing" else path)
        message, hint = _explain(error, loc)
        problems.append(Problem(display, position.line, position.column, format_field(path), message, hint))
    return problems


def _drop_union_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Remove the appendix kind pydantic inserts into locations: the author never wrote it."""
    kept = []
    for i, part in enumerate(loc):
        after_appendix_index = i >= 2 and loc[i - 2] == "appendices" and isinstance(loc[i - 1], int)
        if after_appendix_index and part in ("report", "annex") and i + 1 < len(loc):
            continue
        kept.append(part)
    return tuple(kept)


def format_field(path: Iterable[Any]) -> str:
    """``(0, 'sections', 2, 'title')`` → ``[0].sections[2].title``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(error: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    kind, message = error["type"], error["msg"]
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"the required field '{name}' is missing", ""
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
        if not close and "text" in known and not str(name).isidentifier():
            # "- Accept £480,000: of the grant" is read as a field named "Accept £480,000".
            return f"unknown field '{name}'", "this is text with ': ' in it; put the whole text in quotes"
        hint = f"did you mean '{close[0]}'?" if close else (f"known fields: {', '.join(known)}" if known else "")
        return f"unknown field '{name}'", hint
    if kind in ("string_type", "str_type"):
        return "expected text here", "put the value in quotes if it is meant as text"
    if kind == "list_type":
        return "expected a list here", "write each item on its own line starting with '- '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a set of fields here", "indent the fields under this name"
    if kind == "too_short":
        return ("must not be empty" if error.get("ctx", {}).get("min_length") == 1 else message.lower()), ""
    if kind == "string_too_long":
        return f"is too long (at most {error['ctx']['max_length']:,} characters)", ""
    if kind == "enum" or kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}", _did_you_mean(error)
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return "unknown 'kind'", "use kind: report or kind: annex"
    if kind == "string_pattern_mismatch":
        return "is not in the expected form", _pattern_hint(str(name))
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return message, ""


def _did_you_mean(error: Any) -> str:
    """'Published' → did you mean 'published'? (the allowed values are quoted in the context)."""
    allowed = re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))
    given = str(error.get("input", ""))
    by_case = {value.lower(): value for value in allowed}
    close = by_case.get(given.strip().lower()) or next(iter(difflib.get_close_matches(given, allowed, n=1)), None)
    return f"did you mean '{close}'?" if close else ""


def _pattern_hint(name: str) -> str:
    return {
        "file": "attachments live in data/attachments/ and end in .pdf",
        "financial_year": "write it like 2020/21",
        "signature_image": "put the image under assets/ and give its path, e.g. assets/signatures/dmpc.png",
        "prefix": "use capital letters only, e.g. PCD",
    }.get(name, "")


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a location points into, to suggest the right field name."""
    model: type[BaseModel] | None = Decision
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _first_model(field.annotation)
    return model


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _first_model(arg)
        if found is not None:
            return found
    metadata = getattr(annotation, "__origin__", None)
    return _first_model(metadata) if metadata is not None and metadata is not annotation else None
