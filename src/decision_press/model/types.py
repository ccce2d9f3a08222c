"""Field types shared by the record model and the project settings.

The loader hands every scalar over as the text the author wrote. These types decide, field
by field, what that text may mean: a date only where a date is expected, a number only
where a number is expected, and ``true``/``false`` only where a yes-or-no is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema

STRICT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)
"""Every model is immutable and refuses keys it does not know (a typo is an error)."""

MAX_TEXT = 20_000
"""Longest text of one field, in characters: about eight pages of A4."""
MAX_LINE = 300
"""Longest one-line value (titles, names, roles)."""
MAX_TABLE_ROWS = 500
"""Most table rows in one text (about a dozen A4 pages). WeasyPrint lays a table out in time
that grows faster than its rows: a longer table belongs in an attachment."""

_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$", re.M)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("write the date as YYYY-MM-DD, for example 2020-10-08")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date") from None


def _parse_amount(value: Any) -> Any:
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    if not isinstance(value, str) or not _AMOUNT.match(value):
        raise ValueError("write the amount in pounds as digits only, for example 135000 or 1250.50")
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise ValueError("not a number") from None


def _parse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    raise ValueError("write true or false")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides: invisible, and able to disguise text."""


def _no_control_characters(value: str) -> str:
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(f"contains an invisible control character (U+{ord(bad.group(0)):04X})")
    return value


def table_rows(value: str) -> int:
    """Rows of the pipe tables in a text: its lines with a ``|``, when it has a table at all."""
    if "|" not in value or not _TABLE_SEPARATOR.search(value):
        return 0
    return sum(1 for line in value.splitlines() if "|" in line)


def _not_too_many_table_rows(value: str) -> str:
    rows = table_rows(value)
    if rows > MAX_TABLE_ROWS:
        raise ValueError(
            f"its tables have {rows:,} rows; the limit is {MAX_TABLE_ROWS:,} in one text "
            "(put a longer table in an attached PDF)"
        )
    return value


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise ValueError("must fit on one line")
    return _no_control_characters(value.strip())


Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
Amount = Annotated[
    Decimal,
    BeforeValidator(_parse_amount),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": _AMOUNT.pattern}]}),
]
Flag = Annotated[bool, BeforeValidator(_parse_bool), WithJsonSchema({"type": "boolean"})]
Line = Annotated[str, Field(min_length=1, max_length=MAX_LINE), AfterValidator(_one_line)]
"""One line of plain text: a title, a name, a role."""
Text = Annotated[
    str,
    Field(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_no_control_characters),
    AfterValidator(_not_too_many_table_rows),
]
"""Markdown-lite text: emphasis, links, lists and tables; raw HTML is shown literally."""
