"""Project → a complete new ``site/``, swapped in only when every page and PDF was written.

MkDocs empties its output folder and then writes into it, so a failure half-way leaves a
half site, and its clean step keeps hidden files. Decision Press never lets MkDocs touch
the live folder: it builds into a fresh staging folder, then swaps it in
(:mod:`decision_press.site_swap`) and deletes the old site. A failed or interrupted build
removes its staging folder and leaves the previous site exactly as it was.

Around that: the build holds the project's lock (:mod:`decision_press.build_lock`) from
start to end, only replaces a folder that a Decision Press build made
(:mod:`decision_press.site_folder`), and hands the build date to the engine's runner as a
value (:class:`~decision_press.pipeline.BuildContext`), never through the environment. The
runner is passed in by the entry point (the CLI passes MkDocs'), so this module never
imports an engine.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from decision_press.build_lock import DEFAULT_WAIT, ProjectLock
from decision_press.errors import BuildFailed, DecisionPressError, display_path
from decision_press.pipeline import BuildContext
from decision_press.select import Mode
from decision_press.session import Session
from decision_press.settings import Settings
from decision_press.site_folder import is_marked, mark_site, refuse_preview_into_public, refuse_unsafe_output
from decision_press.site_swap import is_mount_point, leftover_patterns, staging_beside, staging_inside, swap_in


class EngineRunner(Protocol):
    """Builds the site described by ``config_file`` into ``site_dir`` (a staging folder) for ``context``.

    Raises a :class:`~decision_press.errors.DecisionPressError` saying why when the engine fails.
    """

    def __call__(self, config_file: Path, site_dir: Path, context: BuildContext, *, strict: bool) -> None: ...


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the closing summary."""

    site_dir: Path
    files: int
    bytes: int
    seconds: float


def build_site(
    settings: Settings,
    as_of: dt.date,
    runner: EngineRunner,
    site_dir: Path | None = None,
    config_file: Path | None = None,
    *,
    strict: bool = False,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[str], None] | None = None,
    session: Session | None = None,
    mode: Mode = Mode.PUBLIC,
) -> BuildResult:
    """Build the whole site (pages and PDFs) for ``as_of`` with ``runner`` and swap it in atomically.

    Waits up to ``wait`` seconds for another build of the project (``on_wait`` is told once).
    ``session`` is the run's, whose records the caller may have checked already.
    :attr:`Mode.PREVIEW` is a review build: never into the public site folder, and marked
    as a preview, so that no public build replaces it or is replaced by it.
    """
    started = time.perf_counter()
    preview = mode is Mode.PREVIEW
    site_dir = (site_dir or settings.site_dir).resolve()
    config_file = config_file or settings.root / "mkdocs.yml"
    if preview:
        refuse_preview_into_public(site_dir, settings.site_dir)
    refuse_unsafe_output(site_dir, settings.root, preview=preview)  # fail fast, before waiting for the lock
    with ProjectLock(settings.root, wait=wait, on_wait=on_wait):
        refuse_unsafe_output(site_dir, settings.root, preview=preview)  # again: another build may have changed it
        _remove_leftovers(site_dir, preview=preview)
        context = BuildContext(as_of=as_of, session=session or Session(), mode=mode)
        _build_and_swap(runner, config_file, site_dir, context, strict=strict)
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    return BuildResult(site_dir, len(files), sum(p.stat().st_size for p in files), time.perf_counter() - started)


def _build_and_swap(
    runner: EngineRunner, config_file: Path, site_dir: Path, context: BuildContext, *, strict: bool
) -> None:
    inside = site_dir.is_dir() and is_mount_point(site_dir)
    staging = staging_inside(site_dir) if inside else staging_beside(site_dir)
    try:
        mark_site(staging, preview=context.mode is Mode.PREVIEW)  # first: a killed build's staging is its own
        runner(config_file, staging, context, strict=strict)
        swap_in(staging, site_dir)
    except BuildFailed:
        raise
    except DecisionPressError as err:
        raise BuildFailed(f"the site was not built: {err}") from None
    except OSError as err:
        raise BuildFailed(_fault_message(err, site_dir)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fault_message(err: OSError, site_dir: Path) -> str:
    """An environment fault (full disk, read-only folder, ...) → what happened and what to do."""
    if err.errno == errno.ENOSPC:
        advice = (
            f"no space left on the device while writing the new site for {site_dir}: a build "
            f"needs room for a complete second copy of the site while the old one stays live. "
            f"Free some space and build again"
        )
    else:
        name = err.filename2 or err.filename
        where = f" ({display_path(Path(os.fsdecode(name)))})" if name else ""
        advice = f"{err.strerror or err}{where}. Fix the folder or its permissions and build again"
    return f"the site was not built: {advice}; the previous site in {site_dir} is untouched."


def _remove_leftovers(site_dir: Path, *, preview: bool) -> None:
    """Delete staging and retired folders that a killed build left (only ever under the lock)."""
    for folder, pattern in leftover_patterns(site_dir):
        if folder == site_dir and not is_marked(site_dir, preview=preview):
            continue  # only look inside a folder that is a site
        for leftover in folder.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
