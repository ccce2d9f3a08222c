"""A validated record and where it was written: the unit that select, corpus and the rules share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from decision_press.model.record import Decision


@dataclass(frozen=True)
class SourcedDecision:
    """A valid record and where it was written, for error messages and 'edit this page'."""

    decision: Decision
    path: Path
    index: int
    """Position of the record in its file's list."""
    line: int
