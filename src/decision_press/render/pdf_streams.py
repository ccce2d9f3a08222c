"""A PDF stream's content → compressed at zlib's level 6, where pydyf asks for level 9.

Every stream of a PDF WeasyPrint writes (the pages' drawing, the embedded fonts, the object
streams of the structure tree) goes through pydyf's ``Stream.data``, which compresses at
level 9. On the project's documents level 9 took more than twice the time of level 6 (3.2
against 1.5 ms a document) to make files 1.2 % smaller (BENCHMARKS.md, "PDF pages", seventh
round): a reader downloads a few hundred bytes more of a form, and opens it as fast.

Only the compressed bytes change: the streams hold the same content, and every object of a
PDF is the same once its streams are decompressed (``tests/pdf/test_pdf_streams.py``). The
level is part of what the PDF cache keys on (:data:`LEVEL`). It is put in place only over the
pydyf whose ``Stream.data`` it was written for (:data:`PINNED_SHA256`).
"""

from __future__ import annotations

import hashlib
import inspect
import zlib
from typing import Any

import pydyf

LEVEL = 6
"""zlib's own default: its best ratio of size to time."""
PINNED_SHA256 = "bdc2bc513f286de7b7a7220a43e6085daa6ed0056d9c04e3c9b5abe40f3ecf81"
"""SHA-256 of the source of pydyf 0.13.0's ``Stream.data``."""

_pydyf_data: list[property] = []
"""pydyf's own property, while this one is in its place."""


def _pydyf_property() -> property:
    return _pydyf_data[0] if _pydyf_data else pydyf.Stream.__dict__["data"]


def matches() -> bool:
    """Whether the installed pydyf writes streams as the replacement was written for."""
    try:
        source = inspect.getsource(_pydyf_property().fget)  # type: ignore[arg-type]
    except (OSError, TypeError):  # an installation without its source: keep pydyf as it is
        return False
    return hashlib.sha256(source.encode()).hexdigest() == PINNED_SHA256


def active() -> bool:
    return bool(_pydyf_data)


def install() -> bool:
    """Compress streams at :data:`LEVEL`; False (pydyf's level kept) if pydyf writes them otherwise."""
    if _pydyf_data:
        return True
    if not matches():
        return False
    _pydyf_data.append(pydyf.Stream.__dict__["data"])
    pydyf.Stream.data = property(_data)
    return True


def uninstall() -> None:
    """pydyf's own level again."""
    if _pydyf_data:
        pydyf.Stream.data = _pydyf_data.pop()


def _data(self: Any) -> bytes:
    """The stream as it is written into the file: its dictionary, then its content."""
    content = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
    extra = pydyf.Dictionary(self.extra.copy())
    if self.compress:
        extra["Filter"] = "/FlateDecode"
        content = zlib.compress(content, LEVEL)
    extra["Length"] = len(content)
    return b"\n".join((extra.data, b"stream", content, b"endstream"))
