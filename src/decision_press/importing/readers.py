"""A page file → its text, and the readers that turn that text into a :class:`ParsedDecision`.

Each input format is one reader (as Pelican has one reader per source format): the text of
a published page is the first; saved HTML pages or a CMS export would each be another class
with the same two methods, added to :data:`READERS`. The bytes are untrusted: a file that
is too large, not text, or holds invisible control characters is refused or cleaned here,
with a note, before any reader sees it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from decision_press.errors import DecisionPressError
from decision_press.importing.parsed import ParsedDecision
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.settings import Settings

MAX_PAGE_BYTES = 2_000_000
"""The largest page read: the text of a real decision page is 10 to 50 kB."""

_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]")
"""Controls, bidirectional overrides and zero-width characters: the record format refuses them."""


class PageRefused(DecisionPressError):
    """A page that cannot be imported at all; the message says why."""


@dataclass(frozen=True)
class PageText:
    """A page's text, ready for a reader, and what was done to get it."""

    name: str
    text: str
    notes: tuple[str, ...]


class Reader(Protocol):
    """Turns the text of one input format into a parsed decision."""

    def accepts(self, page: PageText) -> bool:
        """Whether this reader knows the page's format."""
        ...

    def read(self, page: PageText, settings: Settings) -> ParsedDecision:
        """The page → a parsed decision, with notes on what it had to guess."""
        ...


def page_text(path: Path, name: str) -> PageText:
    """Read ``path`` as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    try:
        raw = read_regular_file(path, MAX_PAGE_BYTES)
    except FileRefused as err:
        raise PageRefused(err.reason) from None
    except OSError as err:
        raise PageRefused(f"cannot read it: {err.strerror}") from None
    text, notes = _decode(raw)
    cleaned = _INVISIBLE.sub(" ", unicodedata.normalize("NFC", text))
    if cleaned != text and _INVISIBLE.search(text):
        notes.append("invisible control characters in the page were replaced by spaces")
    return PageText(name, cleaned, tuple(notes))


def _decode(raw: bytes) -> tuple[str, list[str]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise PageRefused("it starts like UTF-16 text but is not") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise PageRefused(f"it is not text (a NUL byte at offset {nul:,}); give the text of the page")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as err:
        raise PageRefused(f"it is neither UTF-8 nor Windows-1252 text (byte {err.start:,})") from None
    return text, ["the page is not UTF-8; it was read as Windows-1252: check the accented letters and quotes"]


def read_page(page: PageText, settings: Settings, readers: tuple[Reader, ...]) -> ParsedDecision:
    """The first reader that accepts the page reads it."""
    for reader in readers:
        if reader.accepts(page):
            parsed = reader.read(page, settings)
            parsed.notes[:0] = page.notes
            return parsed
    raise PageRefused("no reader knows this page's format (the text of a published decision page)")
