"""A path → its bytes, read only when it is a regular file no larger than a limit.

``Path.read_bytes()`` blocks for ever on a FIFO, reads ``/dev/zero`` until memory runs out
and reads a 1 GB file whole before anyone can look at its size. Every file an author or a
cache supplies is read here instead: the file is opened without blocking and without
following a final symbolic link to a device, checked to be a regular file *after* opening
(so it cannot be swapped in between), and at most ``limit + 1`` bytes are read, so an
oversized file is refused after reading one byte more than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from decision_press.errors import DecisionPressError

_BLOCK = 1 << 20


class FileRefused(DecisionPressError):
    """A file that is not a regular file, or is larger than allowed; the message says which."""

    def __init__(self, path: Path, reason: str, *, too_large: bool) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.too_large = path, reason, too_large


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``; :class:`FileRefused` when it is no regular file or over ``limit`` bytes.

    ``OSError`` (a missing file, a refused permission) passes through for the caller to word.
    """
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(path, f"it is {_kind(mode)}, not an ordinary file", too_large=False)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_BLOCK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused(path, f"it is larger than the limit of {limit:,} bytes", too_large=True)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"
