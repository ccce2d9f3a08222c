"""The first words of a line → the decision reference they begin with, written the canonical way.

The one place the importer reads a reference, so that richer reference formats of the
decision types replace this module's body and nothing else.
"""

from __future__ import annotations

import re

from decision_press.settings import DecisionType, Settings

_SEPARATOR = re.compile(r"^[\s:–—-]+")
_NOT_CONTINUED = r"(?!\s*[-–./]\s*\d)"
"""'CEOD 35 - 2024' is not 'CEOD 35': a number followed by another number is some other format."""


def _match(line: str, settings: Settings) -> tuple[DecisionType, str, str] | None:
    """The type, the canonical reference and the rest of the line, for the longest prefix that fits."""
    kinds = sorted(settings.project.decision_types, key=lambda kind: -len(kind.prefix))
    for kind in kinds:
        match = re.match(rf"\s*{re.escape(kind.prefix)}\s*0*([1-9]\d{{0,5}})\b{_NOT_CONTINUED}", line, re.IGNORECASE)
        if match:
            return kind, kind.reference(int(match.group(1))), _SEPARATOR.sub("", line[match.end() :]).strip()
    return None


def read_reference(line: str, settings: Settings) -> tuple[str, str] | None:
    """``'PCD 911 Piloting ...'`` → ``('PCD 911', 'Piloting ...')``; None when no type matches.

    The prefix is matched in any case and with or without a space ('pcd911'), and the
    reference is written the way its decision type writes it.
    """
    found = _match(line, settings)
    return (found[1], found[2]) if found else None


def type_of(reference: str, settings: Settings) -> DecisionType | None:
    """The decision type of a reference, or None when it is no reference of a known type."""
    found = _match(reference, settings)
    return found[0] if found and not found[2] else None
