"""Project files → a :class:`Corpus`: load, validate, select what is public, index.

The command line and the MkDocs plugin both start here, so both see the same records,
the same problems and the same selection.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from decision_press.caching import file_stamp
from decision_press.corpus import Corpus
from decision_press.errors import BuildFailed
from decision_press.model.sourced import SourcedDecision
from decision_press.model.validate import load_records
from decision_press.select import Mode, Selection, select_public, today
from decision_press.session import Session
from decision_press.settings import Settings

AS_OF_ENV = "DECISION_PRESS_AS_OF"
"""Environment variable that sets the build date for plain ``mkdocs build`` and ``serve`` only;
``decision-press build`` ignores it (its date is ``--as-of``, else today)."""


@dataclass(frozen=True)
class BuildContext:
    """What ``decision-press build`` hands the engine's adapter, as values rather than through the
    environment: the build date, the run's session (whose records the CLI has just checked),
    and (by being there at all) that the project's lock is held."""

    as_of: dt.date
    session: Session
    mode: Mode = Mode.PUBLIC
    """:attr:`Mode.PREVIEW` for a review build (``decision-press build --preview DIR``)."""


def parse_as_of(value: str | None, settings: Settings) -> dt.date:
    """``YYYY-MM-DD`` → date; None means today in the publisher's time zone."""
    if not value:
        return today(settings.project.timezone)
    return dt.date.fromisoformat(value)


def plain_mkdocs_date(settings: Settings) -> dt.date:
    """The build date of a plain ``mkdocs build`` or ``serve``: ``$DECISION_PRESS_AS_OF``, else today."""
    value = os.environ.get(AS_OF_ENV)
    try:
        return parse_as_of(value, settings)
    except ValueError:
        raise BuildFailed(
            f"{AS_OF_ENV}={value!r} is not a date: write it as YYYY-MM-DD, "
            f"e.g. 2026-11-26, or unset it to build as of today"
        ) from None


Prepared = tuple[Corpus, Selection, list[SourcedDecision]]


def prepare(
    settings: Settings,
    as_of: dt.date,
    paths: Sequence[Path] | None = None,
    session: Session | None = None,
    mode: Mode = Mode.PUBLIC,
) -> Prepared:
    """Load and validate every record, keep what is public on ``as_of`` (in a preview, all), and index it.

    ``session`` remembers the latest result: ``decision-press build`` checks the records, then
    the engine's adapter asks again in the same run; unchanged files are not read twice. The
    mode is part of the key, so a preview's selection never serves a public build.
    """
    session = session or Session()
    files = list(paths) if paths is not None else settings.record_files()
    key = (settings, as_of, mode, tuple(file_stamp(p) for p in files), file_stamp(settings.assets_dir / "fonts"))
    if session.prepared is not None and session.prepared[0] == key:
        prepared: Prepared = session.prepared[1]
        return prepared
    records = load_records(settings, files, session)
    selection = select_public(records, as_of, mode)
    result = (Corpus(selection, settings), selection, records)
    session.prepared = (key, result)
    return result
