"""Files, code and strings → content hashes and files of the caches (PDFs, record index, pages).

A cache entry is valid only while everything that shaped it is unchanged, so each cache
key covers the templates it was made with and this package's own code as well as its data.

Nothing read back from a cache is trusted: a cache folder is an ordinary folder that a
crashed disk, a careless copy or a person can change. Every file name comes from a key this
module checks (64 hex digits, resolved inside the cache folder), every entry records the
key it was made for and the SHA-256 of the bytes it describes, and a reader that finds any
of this wrong treats the entry as missing, so the caller makes it again (see
:func:`read_entry`). A cache folder that cannot be made or written is a
:class:`~decision_press.errors.BuildFailed` naming the ``pdf_cache`` setting.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from decision_press.errors import BuildFailed
from decision_press.load.files import FileRefused, read_regular_file

PACKAGE = Path(__file__).resolve().parent


def framed(data: bytes) -> bytes:
    """Length-prefixed, so that two different lists of parts never hash alike."""
    return len(data).to_bytes(8, "big") + data


def templates_and_code(digest: hashlib._Hash, templates: Path) -> None:
    """Add every file under ``templates`` (a site's), every template and module of this package to ``digest``.

    Each file is named by where it is from, so a site's override and the package's file of
    the same name never hash alike.
    """
    sources = [("site", templates), ("package", PACKAGE / "templates")]
    for label, folder in sources:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"{label}:{path.relative_to(folder).as_posix()}"
                digest.update(framed(name.encode("utf-8")) + framed(path.read_bytes()))
    for path in sorted(PACKAGE.rglob("*.py")):
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


CACHE_SETTING = "pdf_cache in mkdocs.yml"
"""How messages name the setting that places every cache folder."""
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""Largest JSON cache entry read back (a cached page is well under a megabyte); larger is stale."""

_KEY = re.compile(r"[0-9a-f]{64}")
_WRITE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary name and rename, so that a reader never sees half a file.

    A full disk, a read-only file system or a refused permission is a :class:`BuildFailed`
    naming the file and the setting that placed it; the temporary file is removed.
    """
    temporary = _temporary_beside(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise BuildFailed(
            f"cannot write the cache file {path}: {_why(err)}; "
            f"free some space or make the folder writable, or point {CACHE_SETTING} "
            "at another folder"
        ) from None


def publish_cache_file(source: str, dest: str) -> bool:
    """Give the site's ``dest`` the cache file ``source`` as a second link to the same file;
    False when the file system will not (another device, no hard links): the caller copies.

    A site of thousands of PDFs then costs no second copy on disk and no time writing one. It
    is safe because a cache file is only ever replaced, by :func:`write_atomic`'s rename, never
    rewritten in place: a site keeps the file it was built with. A file that something else
    writes into in place changes in both folders; the next build finds the cache's file changed
    (its stamp, then its SHA-256) and renders it again. A ``dest`` that exists (a preview's older
    copy) is replaced in one rename, so a reader sees one file or the other.
    """
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    temporary = _temporary_beside(Path(dest))
    try:
        os.link(source, temporary)
    except OSError:
        return False
    try:
        os.replace(temporary, dest)
    except OSError:
        os.unlink(temporary)
        raise
    return True


def _temporary_beside(path: Path) -> Path:
    """A hidden name beside ``path`` that no other process or call picks, for a file about to become ``path``."""
    return path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


def _why(err: OSError) -> str:
    return _WRITE_ERRORS.get(err.errno or 0, err.strerror or str(err))


def prepare_cache_dir(cache_dir: Path) -> Path:
    """Make ``cache_dir`` (and its parents) if missing; refuse one that is no folder or not writable.

    Decided: a cache that cannot be written is an error, not a build without a cache, because
    MkDocs copies each PDF from a file that must outlive the render, and a silently cacheless
    build would render every PDF of the archive on every build.
    """
    where = f"the cache folder {cache_dir} (set by {CACHE_SETTING})"
    if cache_dir.exists() and not cache_dir.is_dir():
        raise BuildFailed(f"{where} is not a folder; remove that file or set pdf_cache to a folder")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildFailed(f"cannot create {where}: {_why(err)}") from None
    probe = cache_dir / f".probe.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    try:  # os.access says yes to root on a read-only mount; only a real write tells
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise BuildFailed(
            f"{where} is not writable: {_why(err)}; make it writable or set pdf_cache to a writable folder"
        ) from None
    return cache_dir


def refuse_published_cache(cache_dirs: Iterable[Path], published: Iterable[Path]) -> None:
    """Refuse a cache folder inside (or around) a folder whose files are published.

    The cache holds PDFs of every decision rendered in any build, an embargoed one included
    when a preview ran with a later ``--as-of``; inside ``docs/`` or the site folder MkDocs
    would copy them to the public site.
    """
    folders = [folder.resolve() for folder in published]
    for cache_dir in cache_dirs:
        cache = cache_dir.resolve()
        for folder in folders:
            if cache.is_relative_to(folder) or folder.is_relative_to(cache):
                raise BuildFailed(
                    f"the cache folder {cache_dir} (set by {CACHE_SETTING}) lies inside or around "
                    f"{folder}, whose files are published; set pdf_cache to a folder outside "
                    "docs/ and the site folder, such as .cache/decision-press/pdf"
                )


def is_key(value: object) -> bool:
    """Whether ``value`` is a cache key as this package writes them: 64 lower-case hex digits."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


def confined(cache_dir: Path, name: str) -> Path | None:
    """``cache_dir / name`` when it names a file inside the cache folder; None for anything else.

    Absolute names, ``..`` and links that lead out of the folder are refused, so an edited
    index can never make the build publish a file from elsewhere. Most entries are one file
    name directly in their folder: for those one ``lstat`` (no link in the entry's place) is
    enough, where resolving the whole path cost seconds over the thousands of entries a build
    looks up.
    """
    relative = Path(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\\" in name or "\0" in name:
        return None
    candidate = cache_dir / relative
    if len(relative.parts) == 1:
        try:
            return None if stat.S_ISLNK(os.lstat(candidate).st_mode) else candidate
        except FileNotFoundError:
            return candidate  # not cached yet: the caller writes it here
        except OSError:
            return None
    try:
        if not candidate.resolve().is_relative_to(cache_dir.resolve()):
            return None
    except (OSError, RuntimeError):  # a link loop
        return None
    return candidate


def entry_path(cache_dir: Path, key: object, suffix: str) -> Path | None:
    """The file of the cache entry ``key`` (``<key><suffix>``), or None when ``key`` is no key."""
    return confined(cache_dir, f"{key}{suffix}") if is_key(key) else None


def read_json_entry(path: Path | None, key: str) -> dict[str, Any] | None:
    """A JSON cache entry made for ``key``, or None when it is missing, unreadable or not its own.

    An entry is an object that names the key it was written for; one copied or renamed from
    another key does not match, and is treated as missing.
    """
    if path is None:
        return None
    try:
        data = json.loads(read_regular_file(path, MAX_ENTRY_BYTES))
    except (FileRefused, OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return data


def sha256_file(path: Path) -> str | None:
    """Hex SHA-256 of a regular file's bytes, read in blocks; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not _is_regular(fd):
            return None
        while block := os.read(fd, 1 << 20):
            digest.update(block)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def _is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates, kept by a :class:`~decision_press.session.Session`.

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

    def __len__(self) -> int:
        return len(self._code)
