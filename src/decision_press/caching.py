"""Files, code and strings → content hashes and files of the caches (PDFs, record index, pages).

A cache entry is valid only while everything that shaped it is unchanged, so each cache
key covers the templates it was made with and this package's own code as well as its data.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import jinja2

PACKAGE = Path(__file__).resolve().parent


def framed(data: bytes) -> bytes:
    """Length-prefixed, so that two different lists of parts never hash alike."""
    return len(data).to_bytes(8, "big") + data


def templates_and_code(digest: hashlib._Hash, templates: Path) -> None:
    """Add every file under ``templates`` and every module of this package to ``digest``."""
    for path in [*sorted(templates.rglob("*")), *sorted(PACKAGE.rglob("*.py"))]:
        if path.is_file():
            digest.update(framed(path.name.encode("utf-8")) + framed(path.read_bytes()))


def digest_of(parts: Iterable[str], seed: bytes = b"") -> str:
    """Hex digest of ``seed`` and each part, framed."""
    digest = hashlib.sha256(seed)
    for part in parts:
        digest.update(framed(part.encode("utf-8")))
    return digest.hexdigest()


def file_stamp(path: Path) -> tuple[str, int, int]:
    """A file's name, modification time and size: how the file system tells that it changed."""
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary name and rename, so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept for the life of the process.

    A preview rebuilds after every save with fresh Jinja environments, which would compile
    every template again each time. Jinja checks the source's checksum before using an entry,
    so an edited template is compiled anew.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()
