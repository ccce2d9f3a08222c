"""A metadata CSV → what the pages do not say, per reference (``import --metadata FILE``).

The header is exactly ``reference,signed,published,decision_maker,topics``: the columns a
body can export from its current system. Dates are YYYY-MM-DD, ``decision_maker`` is the
name of the person who signed, and topics are separated by ``;``. An empty cell says
nothing. Every wrong header, date or repeated reference is a problem at ``file:line``;
the import stops before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from decision_press.errors import InvalidRecords, Problem, display_path
from decision_press.importing.references import read_reference, reference_key
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.settings import Settings

HEADER = ("reference", "signed", "published", "decision_maker", "topics")
MAX_METADATA_BYTES = 20_000_000
"""The largest metadata file read: 100,000 rows of a register's export."""


@dataclass(frozen=True)
class Metadata:
    """One row: what an export says about one decision."""

    line: int
    signed: dt.date | None
    published: dt.date | None
    decision_maker: str | None
    topics: tuple[str, ...]


def read_metadata(path: Path, settings: Settings) -> dict[object, Metadata]:
    """The rows of ``path`` by reference (:func:`reference_key`); :class:`InvalidRecords` for any bad row."""
    display = display_path(path, settings.root)
    text = _text(path, display)
    problems: list[Problem] = []
    rows: dict[object, Metadata] = {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or tuple(cell.strip() for cell in header) != HEADER:
            raise InvalidRecords(
                [Problem(display, 1, 1, "", f"the header must be exactly '{','.join(HEADER)}'", _given(header))]
            )
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            row = _row(cells, line, display, settings, problems)
            if row is None:
                continue
            key, metadata = row
            if key in rows:
                problems.append(
                    Problem(display, line, 1, "reference", f"'{cells[0]}' is already given at line {rows[key].line}")
                )
            rows[key] = metadata
    except csv.Error as err:
        problems.append(Problem(display, reader.line_num, 1, "", f"not a valid CSV row: {err}"))
    if problems:
        raise InvalidRecords(problems)
    return rows


def _text(path: Path, display: str) -> str:
    try:
        raw = read_regular_file(path, MAX_METADATA_BYTES)
    except FileRefused as err:
        raise InvalidRecords([Problem(display, 0, 0, "", f"cannot read the metadata: {err.reason}")]) from None
    except OSError as err:
        raise InvalidRecords([Problem(display, 0, 0, "", f"cannot read the metadata: {err.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InvalidRecords(
            [Problem(display, line, 1, "", "the metadata is not UTF-8 text", "save the CSV as UTF-8")]
        ) from None


def _given(header: list[str] | None) -> str:
    return f"this file's header is '{','.join(header)}'" if header else "this file is empty"


def _row(
    cells: list[str], line: int, display: str, settings: Settings, problems: list[Problem]
) -> tuple[object, Metadata] | None:
    if len(cells) != len(HEADER):
        problems.append(Problem(display, line, 1, "", f"the row has {len(cells)} cells; the header has {len(HEADER)}"))
        return None
    reference, signed, published, maker, topics = (cell.strip() for cell in cells)
    found = read_reference(reference, settings)
    if found is None or found[1]:
        known = ", ".join(t.prefix for t in settings.project.decision_types)
        problems.append(
            Problem(display, line, 1, "reference", f"'{reference}' is no reference of a known type ({known})")
        )
        return None
    start = len(problems)
    dates = [
        _date(value, name, line, display, problems) for name, value in (("signed", signed), ("published", published))
    ]
    names = tuple(topic.strip() for topic in topics.split(";") if topic.strip())
    if len(problems) > start:
        return None
    return reference_key(found[0], settings), Metadata(line, dates[0], dates[1], maker or None, names)


def _date(value: str, name: str, line: int, display: str, problems: list[Problem]) -> dt.date | None:
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(display, line, 1, name, f"'{value}' is not a date written YYYY-MM-DD"))
        return None
