"""The first words of a line → the decision reference they begin with, written the canonical way.

The one place the importer reads a reference. It reads with the reference patterns of the
decision types in ``decision-press.yml`` (:mod:`decision_press.references`), each in any
spelling a type accepts ('CEOD 35 - 2024', 'CEOD 35.2024'), and writes it the type's way
('CEOD 35-2024').
"""

from __future__ import annotations

import re

from decision_press.references import ParsedReference
from decision_press.settings import DecisionType, Settings

_SEPARATOR = re.compile(r"^[\s:–—-]+")
_CONTINUED = re.compile(r"^(?:[0-9A-Za-z]|\s*[-–./]\s*\d)")
"""'CEOD 35 - 2024' is not 'CEOD 35', nor 'PCD 9110' 'PCD 911': a match must end the reference."""


def _match(line: str, settings: Settings) -> tuple[DecisionType, str, str] | None:
    """The type, the canonical reference and the rest of the line, for the longest reading that fits."""
    text = line.strip()
    found: list[tuple[int, DecisionType, str]] = []
    for kind in settings.project.decision_types:
        for pattern in kind.reference_format.patterns:
            match = pattern.reader.match(text)
            if match is None or not int(match["number"]) or _CONTINUED.match(text[match.end() :]):
                continue
            year = match.groupdict().get("year")
            parsed = ParsedReference(kind.prefix, int(year) if year else None, int(match["number"]))
            found.append((match.end(), kind, settings.references.canonical(parsed)))
    if not found:
        return None
    end, kind, reference = max(found, key=lambda candidate: candidate[0])
    return kind, reference, _SEPARATOR.sub("", text[end:]).strip()


def read_reference(line: str, settings: Settings) -> tuple[str, str] | None:
    """``'PCD 911 Piloting ...'`` → ``('PCD 911', 'Piloting ...')``; None when no type's pattern reads it."""
    found = _match(line, settings)
    return (found[1], found[2]) if found else None


def type_of(reference: str, settings: Settings) -> DecisionType | None:
    """The decision type of a reference, or None when it is no reference of a known type."""
    found = _match(reference, settings)
    return found[0] if found and not found[2] else None


def reference_key(reference: str, settings: Settings) -> object:
    """What two references are compared by, whatever their spelling."""
    return settings.references.key(reference)
