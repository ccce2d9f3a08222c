"""Reference patterns of ``decision-press.yml`` → parsed references, canonical text, sort keys, links.

A decision type says how its references are written: ``reference: "CEOD {number}-{year}"``,
with the tokens ``{number}``, ``{number:3}`` (written with at least three digits, leading
zeros added: 'KD/2024/013') and ``{year}`` (four digits) between literal text that begins
with the type's prefix. ``accept:`` lists older spellings read on import and matched in
running text ("CEOD {number}.{year}"). This module is the one home of that knowledge:

- :meth:`ReferenceFormats.parse`: 'CEOD 35 - 2024' → ``ParsedReference('CEOD', 2024, 35)``;
  case and spacing never matter ('ceod35-2024' is the same reference), so the parsed
  value is what two references are compared by;
- :meth:`ReferenceFormats.canonical`: the parsed value → how the record must write it;
- :attr:`ParsedReference.sort_key`: year, then number (no year sorts as year 0);
- :attr:`ReferenceFormats.running_text`: one regular expression that finds references of
  every type (in any accepted spelling) in running text, for the auto-links;
- :func:`pattern_problems`: what is wrong with the patterns of a settings file.

A decision's URL slug stays :func:`~decision_press.model.record.slugify` of its canonical
reference ('CEOD 35-2024' → 'ceod-35-2024', 'KD/2024/013' → 'kd-2024-013'), so the URLs
of references that already exist never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

REFERENCE_SHAPE = re.compile(r"^(?P<prefix>[A-Z]{1,6})(?![A-Za-z])[A-Za-z0-9 ./_-]*\d[A-Za-z0-9 ./_-]*$")
"""Any reference of any type: a capital-letter prefix, then digits and separators."""

MAX_NUMBER_DIGITS = 6
_EXAMPLE_YEAR = 2024
_TOKEN = re.compile(r"\{([^{}]*)\}")
_LITERAL = re.compile(r"^[A-Za-z0-9 ./_-]*$")
_NUMBER_WIDTH = re.compile(r"^number:([1-6])$")
_PIECES = re.compile(r"[A-Za-z0-9]+|[^A-Za-z0-9\s]")
"""A literal's words and punctuation marks: the places between them may hold any spacing."""


class PatternError(ValueError):
    """A reference pattern that cannot be used, with the reason in plain words."""


@dataclass(frozen=True)
class ParsedReference:
    """What a reference means, whatever its spelling: the type, the year (if any) and the number."""

    prefix: str
    year: int | None
    number: int

    @property
    def sort_key(self) -> tuple[int, int]:
        """Year then number; a type without a year sorts by number alone."""
        return (self.year or 0, self.number)


@dataclass(frozen=True)
class _Element:
    kind: str
    """'literal', 'number' or 'year'."""
    text: str = ""
    width: int = 1


@dataclass(frozen=True)
class ReferencePattern:
    """One pattern such as 'CEOD {number}-{year}', compiled for reading and writing."""

    text: str
    elements: tuple[_Element, ...]

    @classmethod
    def compile(cls, text: str) -> ReferencePattern:
        """Read a pattern; raises :class:`PatternError` naming what is wrong with it."""
        elements: list[_Element] = []
        position = 0
        for match in _TOKEN.finditer(text):
            elements += _literal(text[position : match.start()])
            elements.append(_token(match.group(1)))
            position = match.end()
        elements += _literal(text[position:])
        kinds = [e.kind for e in elements]
        if "number" not in kinds:
            raise PatternError("the pattern has no {number}")
        for token in ("number", "year"):
            if kinds.count(token) > 1:
                raise PatternError(f"the pattern has {{{token}}} more than once")
        for before, after in pairwise(kinds):
            if before != "literal" and after != "literal":
                raise PatternError("put a space or other text between two tokens, e.g. '{year} {number}'")
        return cls(text, tuple(elements))

    @property
    def has_year(self) -> bool:
        return any(e.kind == "year" for e in self.elements)

    @property
    def lead(self) -> str:
        """The literal text the pattern begins with ('' when it begins with a token)."""
        first = self.elements[0]
        return first.text if first.kind == "literal" else ""

    def regex(self, *, running: bool) -> str:
        """The pattern as a regular expression with the groups 'number' and 'year'.

        Spaces and case never tell two references apart, so around a token and in the
        pattern's text any spacing is read ('CEOD 35 - 2024', 'ceod35-2024'); in running
        text at most one space, so that a match never reaches across the words of a line
        (``running=True``). Two tokens apart by a space need some space between them.
        """
        gap, space = (" ?", " ") if running else (r"\s*", r"\s+")
        parts: list[str] = []
        last = len(self.elements) - 1
        for index, element in enumerate(self.elements):
            if element.kind == "number":
                parts.append(f"(?P<number>\\d{{1,{MAX_NUMBER_DIGITS}}})")
            elif element.kind == "year":
                parts.append(r"(?P<year>\d{4})")
            elif 0 < index < last and not element.text.strip():
                parts.append(space)
            else:
                # Literals and tokens alternate, so a literal's neighbours are tokens.
                body = gap.join(re.escape(piece) for piece in _PIECES.findall(element.text))
                parts.append((gap if index > 0 else "") + body + (gap if index < last else ""))
        return "".join(parts)

    @cached_property
    def reader(self) -> re.Pattern[str]:
        """The compiled :meth:`regex` that reads a whole reference, in any case."""
        return re.compile(self.regex(running=False), re.IGNORECASE)

    def format(self, reference: ParsedReference) -> str:
        """The reference written this pattern's way."""
        text = []
        for element in self.elements:
            if element.kind == "number":
                text.append(str(reference.number).zfill(element.width))
            elif element.kind == "year":
                text.append(str(reference.year or 0).zfill(4))
            else:
                text.append(element.text)
        return "".join(text)


def _literal(text: str) -> list[_Element]:
    if not text:
        return []
    if not _LITERAL.match(text):
        bad = next(c for c in text if not _LITERAL.match(c))
        raise PatternError(f"the pattern may hold letters, digits, spaces and . / _ - only, not {bad!r}")
    return [_Element("literal", text)]


def _token(name: str) -> _Element:
    if name == "year":
        return _Element("year", width=4)
    if name == "number":
        return _Element("number")
    if width := _NUMBER_WIDTH.match(name):
        return _Element("number", width=int(width.group(1)))
    raise PatternError(f"unknown token '{{{name}}}': use {{number}}, {{number:3}} (at least 3 digits) or {{year}}")


@dataclass(frozen=True)
class TypeFormat:
    """How one decision type writes its references, and the older spellings it accepts."""

    prefix: str
    canonical: ReferencePattern
    accepted: tuple[ReferencePattern, ...]

    @classmethod
    def compile(cls, prefix: str, pattern: str, accepted: Iterable[str] = ()) -> TypeFormat:
        """The type ``prefix`` written as ``pattern``, also reading the ``accepted`` spellings."""
        return cls(prefix, ReferencePattern.compile(pattern), tuple(map(ReferencePattern.compile, accepted)))

    @property
    def patterns(self) -> tuple[ReferencePattern, ...]:
        return (self.canonical, *self.accepted)

    def parse(self, text: str) -> ParsedReference | None:
        for pattern in self.patterns:
            found = pattern.reader.fullmatch(text.strip())
            if found and int(found["number"]):
                year = found.groupdict().get("year")
                return ParsedReference(self.prefix, int(year) if year else None, int(found["number"]))
        return None


class ReferenceFormats:
    """Every decision type's reference patterns, from ``decision-press.yml``."""

    def __init__(self, types: Iterable[TypeFormat]) -> None:
        self.types = {t.prefix: t for t in types}
        self._parsed: dict[str, ParsedReference | None] = {}  # the same references are read by many rules
        alternatives = sorted(
            (p.regex(running=True) for t in self.types.values() for p in t.patterns), key=len, reverse=True
        )
        # Named groups may appear once in a regex: the running-text finder only needs the span.
        unnamed = [re.sub(r"\(\?P<\w+>", "(?:", alternative) for alternative in alternatives]
        self.running_text: re.Pattern[str] | None = (
            re.compile(r"\b(?:" + "|".join(unnamed) + r")(?![0-9A-Za-z])") if unnamed else None
        )
        """Finds references of every type, in any accepted spelling, in running text."""

    @classmethod
    def of(cls, patterns: Mapping[str, Sequence[str]]) -> ReferenceFormats:
        """Prefix → its pattern then its accepted spellings: ``{"CEOD": ["CEOD {number}-{year}"]}``."""
        return cls(TypeFormat.compile(prefix, texts[0], texts[1:]) for prefix, texts in patterns.items())

    def parse(self, text: str) -> ParsedReference | None:
        """What ``text`` refers to, or None when no type's pattern reads it."""
        if text in self._parsed:
            return self._parsed[text]
        prefix = REFERENCE_SHAPE.match(text.strip().upper())
        kind = self.types.get(prefix["prefix"]) if prefix else None
        parsed = self._parsed[text] = kind.parse(text) if kind else None
        return parsed

    def canonical(self, reference: ParsedReference) -> str:
        """How ``reference`` is written in a record: its type's ``reference`` pattern."""
        return self.types[reference.prefix].canonical.format(reference)

    def example(self, prefix: str) -> str:
        """A reference of the type written its way, for hints: 'CEOD 1-2024'."""
        kind = self.types[prefix]
        return kind.canonical.format(ParsedReference(prefix, _EXAMPLE_YEAR if kind.canonical.has_year else None, 1))

    def key(self, text: str) -> ParsedReference | str:
        """What two references are compared by: the parsed value, else :func:`normalise_reference`."""
        return self.parse(text) or normalise_reference(text)

    def sort_key(self, text: str) -> tuple[int, int]:
        """Year then number of a reference; 0, 0 for one that no pattern reads."""
        parsed = self.parse(text)
        return parsed.sort_key if parsed else (0, 0)

    def next_reference(self, prefix: str, taken: Iterable[str], year: int) -> str:
        """One more than the highest number of the type in use; for a year-based type, in ``year``'s series."""
        kind = self.types[prefix]
        parsed = [p for p in map(kind.parse, taken) if p is not None]
        if kind.canonical.has_year:
            parsed = [p for p in parsed if p.year == year]
        highest = max((p.number for p in parsed), default=0)
        return kind.canonical.format(ParsedReference(prefix, year if kind.canonical.has_year else None, highest + 1))


def normalise_reference(reference: str) -> str:
    """Text no pattern reads, in the form it is compared in: upper case, no spaces ('pcd  911' → 'PCD911')."""
    return re.sub(r"\s+", "", reference).upper()


def default_pattern(prefix: str, spaced: bool) -> str:
    """The pattern of a type that does not set one: 'PCD {number}', or 'MD{number}' unspaced."""
    return f"{prefix}{' ' if spaced else ''}{{number}}"


@dataclass(frozen=True)
class PatternProblem:
    """A problem with the patterns of one decision type, at ``decision_types[index].field``."""

    index: int
    field: tuple[str | int, ...]
    message: str
    hint: str = ""


def pattern_problems(types: Sequence[tuple[str, str, Sequence[str]]]) -> Iterator[PatternProblem]:
    """(prefix, pattern, accepted patterns) of each type → what would make references ambiguous.

    Every pattern begins with its type's prefix and no letter follows it, so the capital
    letters a reference begins with name its type. Patterns of two types can then only
    overlap when the two types have the same prefix: that is reported at the second one.
    """
    first: dict[str, int] = {}
    for index, (prefix, pattern, accepted) in enumerate(types):
        tokens = _tokens(pattern)
        for field, text in [(("reference",), pattern), *((("accept", i), t) for i, t in enumerate(accepted))]:
            try:
                compiled = ReferencePattern.compile(text)
            except PatternError:
                continue  # reported where the field is read
            if tokens is not None and _tokens(text) != tokens:
                yield PatternProblem(
                    index,
                    field,
                    f"the spelling '{text}' does not have the same tokens as the type's pattern '{pattern}'",
                    "an accepted spelling writes the same number (and year) another way",
                )
            lead = compiled.lead.lstrip()
            follows = lead[len(prefix) :].lstrip()[:1]
            if not lead.startswith(prefix) or follows.isalpha():
                yield PatternProblem(
                    index,
                    field,
                    f"the pattern '{text}' does not begin with the type's prefix '{prefix}' and a token, "
                    "a space or punctuation",
                    f"e.g. '{prefix} {{number}}' or '{prefix}/{{year}}/{{number}}'",
                )
        if prefix in first:
            yield PatternProblem(
                index,
                ("prefix",),
                f"the prefix '{prefix}' is also the prefix of decision_types[{first[prefix]}]: "
                "the references of the two types would overlap",
                "give each decision type its own prefix",
            )
        first.setdefault(prefix, index)


def _tokens(text: str) -> set[str] | None:
    """Which of number and year a pattern has; None when it does not compile."""
    try:
        return {e.kind for e in ReferencePattern.compile(text).elements} - {"literal"}
    except PatternError:
        return None
