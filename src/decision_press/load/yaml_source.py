"""YAML bytes → plain data (dicts, lists, strings, None) plus a map of where every value came from.

PyYAML's own loaders apply YAML 1.1 typing ("NO" becomes False, "0911" stays text but
"0123" becomes 83, "1:20" becomes 80), keep the last of two duplicate keys, follow
anchors and merge keys, and accept explicit tags. None of that is acceptable for records a
public body publishes, so this module reads the libyaml *event* stream and builds the data
itself:

* every scalar is kept as the text the author wrote; only an empty value, ``~`` and
  ``null`` mean "nothing". Turning text into dates, numbers and booleans is the record
  model's job, field by field, so a value is only a date where the schema says so;
* duplicate keys, anchors, aliases, merge keys, explicit tags, several documents in one
  file, tab indentation, invalid UTF-8, absurd sizes and absurd nesting are rejected
  with the line and column of the offending text;
* a byte-order mark and CRLF line endings are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from decision_press.errors import Problem

try:  # libyaml is about four times faster; fall back to the pure-Python parser without it.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 8 * 1024 * 1024
"""A records file larger than this is refused before parsing (about 2,000 long decisions)."""
MAX_DEPTH = 24
"""Records are at most a handful of levels deep; anything deeper is a mistake or an attack."""
MAX_NODES = 2_000_000
"""Upper bound on values in one file, so a hostile file cannot exhaust memory."""

NULL_SPELLINGS = frozenset({"", "~", "null", "Null", "NULL"})

Path_ = tuple[str | int, ...]
"""Where a value sits in the file's data, e.g. ``(0, "sections", 2, "title")``."""


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass
class SourceMap:
    """Positions of the values (and of the keys) of one parsed file."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def locate(self, path: Path_) -> Position:
        """Best position for ``path``: its key, else its value, else its nearest ancestor."""
        for depth in range(len(path), -1, -1):
            prefix = path[:depth]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)


@dataclass
class ParsedFile:
    """The data of one YAML file, where each value came from, and what was wrong with it."""

    data: Any
    source_map: SourceMap
    problems: list[Problem]


class _Reject(Exception):
    """Stops parsing one file; carries the problem to report."""

    def __init__(self, line: int, column: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def parse_yaml(raw: bytes, display: str) -> ParsedFile:
    """Parse one file's bytes strictly; never raises for bad input, reports problems instead."""
    source_map = SourceMap()
    text = ""
    try:
        text = _decode(raw)
        _reject_tab_indentation(text)
        data = _Composer(yaml.parse(text, Loader=_Loader), source_map).document()
    except _Reject as err:
        return ParsedFile(None, source_map, [Problem(display, err.line, err.column, "", err.message, err.hint)])
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"not valid YAML: {err.problem or err.context}"
        problem = Problem(display, line, column, "", message, _syntax_hint(err, text, line))
        return ParsedFile(None, source_map, [problem])
    except yaml.YAMLError as err:  # a reader error without a mark
        return ParsedFile(None, source_map, [Problem(display, 1, 1, "", f"not valid YAML: {err}")])
    return ParsedFile(data, source_map, [])


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _Reject(
            1,
            1,
            f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
            "split the records over several files in data/decisions/",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _Reject(
            line, column, f"not valid UTF-8 (byte 0x{raw[err.start]:02x})", "save the file as UTF-8 in your editor"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _Reject(line, 1, "the file contains a NUL character", "save the file as UTF-8 text")
    return text


def _reject_tab_indentation(text: str) -> None:
    if "\t" not in text:  # nearly every file: no need to look at each line
        return
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise _Reject(
                number,
                indent.index("\t") + 1,
                "a tab is used for indentation",
                "YAML needs spaces for indentation; replace the tab with spaces",
            )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where a line's field name starts: after the '- ' of a list item."""
    column = _indent(line)
    while line[column:].startswith("- "):
        column += 2 + _indent(line[column + 2 :])
    return column


def _unquoted_colon_hint(here: str, err: yaml.MarkedYAMLError) -> str:
    """The hint for 'title: Grant: for knives': a value holding ': ' that YAML read as a new field."""
    column = err.problem_mark.column if err.problem_mark is not None else -1
    start = _key_column(here)
    first = here.find(": ", start)
    if first < 0 or column <= first + 1:
        return ""
    name, value = here[start:first].strip(), here[first + 2 :].strip()
    if not name or not value or value[0] in "\"'":
        return ""
    return f"the text of '{name}' contains ': '; put it in quotes: {name}: \"{value}\""


def _syntax_hint(err: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = (err.problem or "").lower()
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above = next((x for x in reversed(lines[: line - 1]) if x.strip() and not x.lstrip().startswith("#")), "")
    if "mapping values are not allowed" in problem and (quoted := _unquoted_colon_hint(here, err)):
        return quoted
    if (
        "mapping values are not allowed" in problem
        and _indent(here) > _key_column(above)
        and not above.rstrip().endswith(":")
    ):
        return "this line is indented more than the field above it; line the field names up"
    if "mapping values are not allowed" in problem:
        return 'a colon followed by a space starts a new field; put text containing ": " in quotes'
    if "found character that cannot start any token" in problem:
        return "text starting with @, ` or % must be put in quotes"
    if "expected <block end>" in (err.context or "") or "block end" in problem:
        return "check the indentation of this line against the lines above it"
    return ""


class _Composer:
    """Builds plain data from parser events, enforcing the strict rules above."""

    def __init__(self, events: Any, source_map: SourceMap) -> None:
        self._events = iter(events)
        self._map = source_map
        self._nodes = 0

    def _next(self) -> Any:
        return next(self._events)

    def document(self) -> Any:
        self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        data = self._node(self._next(), (), 0)
        self._next()  # DocumentEnd
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Reject(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                "a second YAML document starts here (after ---)",
                "keep one list of records per file; remove the extra ---",
            )
        return data

    def _node(self, event: Any, path: Path_, depth: int) -> Any:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Reject(line, column, f"the file holds more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise _Reject(
                line,
                column,
                f"values are nested more than {MAX_DEPTH} levels deep",
                "records are only a few levels deep; check the indentation",
            )
        if isinstance(event, yaml.AliasEvent):
            raise _Reject(
                line,
                column,
                f"YAML aliases (*{event.anchor}) are not allowed",
                "write the value out in full; each record must stand on its own",
            )
        if event.anchor is not None:
            raise _Reject(
                line,
                column,
                f"YAML anchors (&{event.anchor}) are not allowed",
                "write the value out in full; each record must stand on its own",
            )
        self._check_tag(event, line, column)
        self._map.values[path] = Position(line, column)
        if isinstance(event, yaml.ScalarEvent):
            plain = event.style is None or event.style == ""
            return None if plain and event.value in NULL_SPELLINGS else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(child := self._next(), yaml.SequenceEndEvent):
                items.append(self._node(child, (*path, len(items)), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth)
        raise _Reject(line, column, f"unexpected YAML ({type(event).__name__})")  # pragma: no cover

    def _check_tag(self, event: Any, line: int, column: int) -> None:
        tag = getattr(event, "tag", None)
        if tag is None:  # nearly every event: nothing written, nothing to refuse
            return
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
        if explicit or (tag not in (None, "!") and not isinstance(event, yaml.ScalarEvent)):
            raise _Reject(
                line,
                column,
                f"explicit YAML tags ({tag}) are not allowed",
                "remove the tag; the record format decides each field's type",
            )

    def _mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not isinstance(key_event := self._next(), yaml.MappingEndEvent):
            line, column = key_event.start_mark.line + 1, key_event.start_mark.column + 1
            if (
                not isinstance(key_event, yaml.ScalarEvent)
                or key_event.anchor
                or isinstance(key_event, yaml.AliasEvent)
            ):
                raise _Reject(line, column, "a field name must be plain text")
            self._check_tag(key_event, line, column)
            key = key_event.value
            if key == "<<" and not key_event.style:
                raise _Reject(line, column, "YAML merge keys (<<) are not allowed", "write the fields out in full")
            if key in result:
                first = self._map.keys[(*path, key)]
                raise _Reject(
                    line,
                    column,
                    f"the field '{key}' appears twice in this mapping (first on line {first.line})",
                    "keep one of them; YAML would silently keep only the last",
                )
            self._map.keys[(*path, key)] = Position(line, column)
            result[key] = self._node(self._next(), (*path, key), depth + 1)
        return result


@dataclass(frozen=True)
class ItemText:
    """The text of one top-level item of a records file, and the line it starts on."""

    line: int
    raw: bytes


_ITEM_START = re.compile(rb"\n-(?=[ \r\n]|\Z)")
"""A line that opens a top-level item: "-" at column 0, then a space or the line's end. The
pattern starts at the line break before it, which is far quicker to scan for than a
multi-line ``^`` (tried at every byte): it runs on every records file a build reads."""
_PREFIX_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t]*(?:#.*)?\r?$")


def item_texts(raw: bytes) -> list[ItemText] | None:
    """A records file cut into its top-level items (``- reference: ...`` at column 0), each
    parseable on its own; None when the file is not simply a list of such items.

    A cut is only ever a guess from the text: a quoted value can hold a line that starts with
    "- ". So the pieces are for reusing what a parse of the whole file found (the caller
    checks that there is one piece per record it found), and a piece that is new is parsed
    alone only to stand in for its part of the whole: one that does not parse cleanly alone
    sends the caller back to the whole file.
    """
    starts = [match.start() + 1 for match in _ITEM_START.finditer(raw)]
    if _ITEM_START.match(b"\n" + raw[:2]):  # the file's first line opens an item
        starts.insert(0, 0)
    if not starts or not all(_PREFIX_LINE.match(line) for line in raw[: starts[0]].split(b"\n")[:-1]):
        return None
    ends = [*starts[1:], len(raw)]
    line = raw.count(b"\n", 0, starts[0]) + 1
    items = []
    for start, end in zip(starts, ends, strict=True):
        items.append(ItemText(line, raw[start:end]))
        line += raw.count(b"\n", start, end)
    return items
