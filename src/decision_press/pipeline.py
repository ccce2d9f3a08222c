"""Project files → a :class:`Corpus`: load, validate, select what is public, index.

The command line and the MkDocs plugin both start here, so both see the same records,
the same problems and the same selection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from decision_press.corpus import Corpus
from decision_press.model.validate import SourcedDecision, load_records
from decision_press.select import Selection, select_public, today
from decision_press.settings import Settings

AS_OF_ENV = "DECISION_PRESS_AS_OF"
"""Environment variable that sets the build date for plain ``mkdocs build`` and ``serve``."""


def parse_as_of(value: str | None, settings: Settings) -> dt.date:
    """``YYYY-MM-DD`` → date; None means today in the publisher's time zone."""
    if not value:
        return today(settings.project.timezone)
    return dt.date.fromisoformat(value)


def prepare(settings: Settings, as_of: dt.date,
            paths: Sequence[Path] | None = None) -> tuple[Corpus, Selection, list[SourcedDecision]]:
    """Load and validate every record, keep what is public on ``as_of``, and index it."""
    records = load_records(settings, paths)
    selection = select_public(records, as_of)
    return Corpus(selection, settings), selection, records
