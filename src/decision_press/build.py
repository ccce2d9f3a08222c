"""Project → a complete new ``site/``, swapped in only when every page and PDF was written.

MkDocs empties its output folder and then writes into it, so a failure half-way leaves a
half site, and its clean step keeps hidden files. Decision Press never lets MkDocs touch
the live folder: it builds into a fresh staging folder beside it, then exchanges the two
in one atomic ``renameat2(RENAME_EXCHANGE)`` call (two renames where that call is missing)
and deletes the old one. A failed or interrupted build removes its staging folder and
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from decision_press.errors import BuildFailed
from decision_press.pipeline import AS_OF_ENV
from decision_press.settings import Settings

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the closing summary."""

    site_dir: Path
    files: int
    bytes: int
    seconds: float


def build_site(settings: Settings, as_of: dt.date, site_dir: Path | None = None,
               config_file: Path | None = None, *, strict: bool = False) -> BuildResult:
    """Build the whole site (pages and PDFs) for ``as_of`` and swap it in atomically."""
    from decision_press.mkdocs_plugin.runner import MkDocsFailed, run_mkdocs_build

    started = time.perf_counter()
    site_dir = (site_dir or settings.root / "site").resolve()
    config_file = config_file or settings.root / "mkdocs.yml"
    if site_dir == settings.root.resolve() or settings.root.resolve().is_relative_to(site_dir):
        raise BuildFailed(f"refusing to build into {site_dir}: it contains the project")
    _remove_leftovers(site_dir)
    staging = site_dir.with_name(f".{site_dir.name}-staging-{uuid.uuid4().hex[:8]}")
    previous = os.environ.get(AS_OF_ENV)
    os.environ[AS_OF_ENV] = as_of.isoformat()
    try:
        run_mkdocs_build(config_file, staging, strict=strict)
        _swap_in(staging, site_dir)
    except MkDocsFailed as err:
        raise BuildFailed(f"the site was not built: {err}") from None
    finally:
        if previous is None:
            os.environ.pop(AS_OF_ENV, None)
        else:
            os.environ[AS_OF_ENV] = previous
        shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    return BuildResult(site_dir, len(files), sum(p.stat().st_size for p in files),
                       time.perf_counter() - started)


def _remove_leftovers(site_dir: Path) -> None:
    """Delete staging and retired folders that a killed build could not clean up."""
    for pattern in (f".{site_dir.name}-staging-*", f".{site_dir.name}-old-*"):
        for leftover in site_dir.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Make ``staging`` the live ``site_dir``; the old site is deleted afterwards."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    if _exchange(staging, site_dir):
        shutil.rmtree(staging)  # now holds the old site
        return
    retired = site_dir.with_name(f".{site_dir.name}-old-{uuid.uuid4().hex[:8]}")
    site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
