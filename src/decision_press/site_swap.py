"""A complete staging folder → the live site folder, without ever leaving no site or half a site.

Where the site folder can be renamed, the staging folder is built beside it and the two are
exchanged in one atomic ``renameat2(RENAME_EXCHANGE)`` call; where that call is missing, by
two renames, and the old site is put back if the second fails.

A folder that is a mount point (a Docker volume, a bind mount) cannot be renamed (EBUSY), and
nothing can be renamed into it from another file system (EXDEV). Its staging folder is built
inside it (:func:`staging_inside`), hidden, and the swap exchanges the folder's entries one by
one: each entry is always complete (old or new), the switch takes milliseconds, and if any
step fails every step done is undone, so the old site is whole again. A staging folder built
beside a folder that turns out not to be renamable is copied inside it first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
INSIDE_PREFIX = ".decision-press-"
"""Hidden folders a build keeps inside a mount-point site: ``-staging-*`` and ``-old-*``."""
_INSIDE_KINDS = ("staging", "old")
_UNRENAMABLE = (errno.EBUSY, errno.EXDEV)


def staging_beside(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-staging-{uuid.uuid4().hex[:8]}")


def staging_inside(site_dir: Path) -> Path:
    return site_dir / f"{INSIDE_PREFIX}staging-{uuid.uuid4().hex[:8]}"


def leftover_patterns(site_dir: Path) -> list[tuple[Path, str]]:
    """Folders and glob patterns of what a killed build may leave, beside and inside the site."""
    beside = [(site_dir.parent, f".{site_dir.name}-{kind}-*") for kind in ("staging", "old")]
    return [*beside, *((site_dir, f"{INSIDE_PREFIX}{kind}-*") for kind in _INSIDE_KINDS)]


def is_mount_point(folder: Path) -> bool:
    """Whether ``folder`` is a mount point, bind mounts included (which ``ismount`` misses)."""
    if os.path.ismount(folder):
        return True
    target = os.path.realpath(folder)
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as mounts:
            points = {_unescape(line.split(" ")[4]) for line in mounts if line.count(" ") >= 4}
    except OSError:
        return False
    return target in points


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make the complete ``staging`` the live ``site_dir``; the old site is deleted afterwards."""
    if staging.parent == site_dir:
        _swap_entries(staging, site_dir)
        return
    try:
        if not site_dir.exists():
            staging.rename(site_dir)
        elif _exchange(staging, site_dir):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        else:
            _two_renames(staging, site_dir)
    except OSError as err:
        if err.errno not in _UNRENAMABLE or not site_dir.is_dir():
            raise
        inside = staging_inside(site_dir)
        try:
            shutil.copytree(staging, inside, symlinks=True)
            _swap_entries(inside, site_dir)
        finally:
            shutil.rmtree(inside, ignore_errors=True)


def _two_renames(staging: Path, site_dir: Path) -> None:
    """Where no exchange exists: old aside, new in, and the old put back if the new cannot go in."""
    retired = site_dir.with_name(f".{site_dir.name}-old-{uuid.uuid4().hex[:8]}")
    site_dir.rename(retired)
    try:
        staging.rename(site_dir)
    except OSError:
        retired.rename(site_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _swap_entries(new: Path, live: Path) -> None:
    """Replace every entry of ``live`` by those of ``new`` (both in one file system), or none."""
    retired = live / f"{INSIDE_PREFIX}old-{uuid.uuid4().hex[:8]}"
    retired.mkdir()
    undo: list[Callable[[], None]] = []
    incoming = sorted(os.listdir(new))
    try:
        for name in incoming:
            source, target = new / name, live / name
            if os.path.lexists(target) and _exchange(source, target):
                undo.append(partial(_exchange_back, source, target))
                continue
            if os.path.lexists(target):
                os.rename(target, retired / name)
                undo.append(partial(os.rename, retired / name, target))
            os.rename(source, target)
            undo.append(partial(os.rename, target, source))
        for name in sorted(set(os.listdir(live)) - set(incoming)):
            if not name.startswith(tuple(f"{INSIDE_PREFIX}{kind}-" for kind in _INSIDE_KINDS)):
                os.rename(live / name, retired / name)
                undo.append(partial(os.rename, retired / name, live / name))
    except OSError as err:
        if not _undo(undo):
            # Some old entries could not be put back: keep both folders rather than lose them.
            raise OSError(
                err.errno,
                f"{err.strerror}; the swap could not be fully undone, the "
                f"previous entries are in {retired} and the new ones in {new}",
                err.filename,
            ) from err
        shutil.rmtree(retired, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(new, ignore_errors=True)


def _undo(steps: list[Callable[[], None]]) -> bool:
    """Run the undo steps newest first, every one even if some fail; True if all succeeded."""
    failed = False
    for step in reversed(steps):
        try:
            step()
        except OSError:
            failed = True
    return not failed


def _exchange_back(a: Path, b: Path) -> None:
    if not _exchange(a, b):
        raise OSError(errno.EIO, "could not exchange back", str(b))


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where unsupported.

    Any other failure (EBUSY for a mount point, EXDEV across file systems) raises OSError.
    """
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _unescape(field: str) -> str:
    """Mount points in mountinfo write space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda match: chr(int(match[1], 8)), field)
