"""A built site folder → its Pagefind search index (``pagefind/`` in the site), reused when no page changed.

Pagefind reads the HTML an engine wrote and writes a static bundle: a WebAssembly search
engine, its script and the index split into small gzip-compressed chunks, so a reader's
browser fetches only the chunks its query needs. What it indexes is marked in the pages
(``data-pagefind-body`` on the main content of a decision or a hand-written page, never the
navigation, sidebars or footer), so this module only runs it.

The indexer is the ``pagefind_bin`` wheel's binary, installed from the lock file: nothing is
downloaded at run time. It runs on the folder being built (for ``decision-press build`` the
staging folder, before it is swapped in), so the live site never has a half-written index.

Indexing 2,000 decisions takes seconds, so a build in which no page changed reuses the
bundle of the previous build. The cache entry is keyed on every HTML file indexed (path and
bytes), the indexer's version and its options, and is verified like the other caches
(:mod:`decision_press.caching`): every file of the bundle is recorded with its SHA-256, and
an entry in which anything differs is treated as missing and made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from decision_press.caching import (
    confined,
    framed,
    is_key,
    prepare_cache_dir,
    publish_cache_file,
    read_json_entry,
    sha256_file,
    write_atomic,
)
from decision_press.errors import BuildFailed

BUNDLE = "pagefind"
"""The search bundle's folder in the site (its script is ``pagefind/pagefind.js``)."""
ENTRY = "entry.json"
OPTIONS = ("--silent",)
"""Pagefind's options, part of the cache key. Everything else is its default: what it
indexes is said by the pages' ``data-pagefind-*`` attributes."""
KEPT_ENTRIES = 3
"""Bundles the cache keeps, the most recently used: an edit that is undone, or a preview
between two builds (its pages carry the preview banner), finds the earlier index still there."""
TIMEOUT = 1800.0
"""Seconds an indexing may take (measured: under a minute at 10,000 pages) before it is stopped."""


@dataclass(frozen=True)
class SearchIndex:
    """What indexing a site did, for the build's summary."""

    pages: int
    files: int
    bytes: int
    reused: bool
    seconds: float

    def summary(self) -> str:
        how = "reused" if self.reused else "indexed"
        return f"search: {self.pages} pages {how} ({self.files} files, {self.bytes / 1e6:.1f} MB, {self.seconds:.1f} s)"


def indexer() -> Path:
    """The Pagefind binary of the installed ``pagefind-bin`` wheel; BuildFailed saying how to install it."""
    try:
        import pagefind_bin

        return Path(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError) as err:
        raise BuildFailed(
            f"the search indexer is missing ({err}): install the project with its locked "
            "dependencies (scripts/build, or pip install -r requirements.lock), which include "
            "pagefind-bin with its binary"
        ) from None


def indexer_version() -> str:
    """The installed Pagefind's version, e.g. '1.5.2' (part of the cache key)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind-bin")
    except PackageNotFoundError:
        return "unknown"


def pages_to_index(site_dir: Path) -> list[Path]:
    """Every HTML file of the site, in a stable order; the bundle's own folder is left out."""
    bundle = site_dir / BUNDLE
    return sorted(p for p in site_dir.rglob("*.html") if p.is_file() and bundle not in p.parents)


def index_key(site_dir: Path, pages: list[Path]) -> str:
    """What the index is made from: the indexer, its options and every page's path and bytes."""
    digest = hashlib.sha256(framed(f"pagefind {indexer_version()} {' '.join(OPTIONS)}".encode()))
    for page in pages:
        digest.update(framed(page.relative_to(site_dir).as_posix().encode("utf-8")) + framed(page.read_bytes()))
    return digest.hexdigest()


def index_site(
    site_dir: Path,
    cache_dir: Path | None,
    *,
    background: bool = False,
    on_process: Callable[[subprocess.Popen[str] | None], None] | None = None,
) -> SearchIndex:
    """Write ``site_dir/pagefind/`` for the pages in ``site_dir``, from the cache when it holds them.

    ``cache_dir`` None indexes every time. ``background``: the indexer runs at the lowest CPU
    priority, so that a preview's next rebuild, which an author waits for, goes first.
    Raises :class:`BuildFailed` when the indexer is missing or fails, naming what to do;
    ``site_dir`` then has no bundle of this build. ``on_process`` is told of the indexer's
    process when it starts, and None when it has ended.
    """
    started = time.perf_counter()
    if cache_dir is not None:
        prepare_cache_dir(cache_dir)
    pages = pages_to_index(site_dir)
    target = site_dir / BUNDLE
    key = index_key(site_dir, pages) if cache_dir is not None else None
    entry = _cached_entry(cache_dir, key) if cache_dir is not None and key is not None else None
    reused = entry is not None
    if entry is None:
        output = (cache_dir or site_dir) / f".pagefind-{uuid.uuid4().hex[:12]}"
        built = _run_indexer(site_dir, output, background=background, on_process=on_process)
        entry = _store(cache_dir, key, built) if cache_dir is not None and key is not None else built
    if entry.parent == site_dir:  # no cache: the bundle was written beside the pages
        _replace(target, lambda: entry.rename(target))
    else:
        _replace(target, lambda: _copy_bundle(entry, target))
    files = [p for p in target.rglob("*") if p.is_file()]
    return SearchIndex(
        len(pages), len(files), sum(p.stat().st_size for p in files), reused, time.perf_counter() - started
    )


def _run_indexer(
    site_dir: Path,
    output: Path,
    *,
    background: bool = False,
    on_process: Callable[[subprocess.Popen[str] | None], None] | None = None,
) -> Path:
    """Run Pagefind on ``site_dir`` into ``output`` (a new folder); BuildFailed with its own words if it fails."""
    command = [str(indexer()), "--site", str(site_dir), "--output-path", str(output), *OPTIONS]
    nice = shutil.which("nice") if background else None
    if nice is not None:  # coreutils' nice: a preexec_fn is not safe in a program with threads
        command = [nice, "-n", "19", *command]
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
            if on_process is not None:
                on_process(process)
            try:
                stdout, stderr = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise
            finally:
                if on_process is not None:
                    on_process(None)
    except (OSError, subprocess.TimeoutExpired) as err:
        shutil.rmtree(output, ignore_errors=True)
        raise BuildFailed(f"the search index could not be built: {err}") from None
    if process.returncode != 0 or not (output / "pagefind.js").is_file():
        shutil.rmtree(output, ignore_errors=True)
        said = (stderr or stdout).strip().splitlines()[-5:]
        raise BuildFailed(
            f"the search index could not be built: Pagefind stopped (exit status {process.returncode})"
            + (": " + " / ".join(said) if said else "")
        )
    return output


def _store(cache_dir: Path, key: str, built: Path) -> Path:
    """Keep ``built`` as the cache entry for ``key``, with the SHA-256 of every file; the
    least recently used entries beyond :data:`KEPT_ENTRIES` go.

    A preview and a build of one project hold its lock, so nothing else writes here meanwhile.
    """
    files = {p.relative_to(built).as_posix(): sha256_file(p) for p in sorted(built.rglob("*")) if p.is_file()}
    write_atomic(built / ENTRY, json.dumps({"key": key, "files": files}, sort_keys=True).encode("utf-8"))
    entry = cache_dir / key
    shutil.rmtree(entry, ignore_errors=True)
    built.rename(entry)
    _forget_beyond(cache_dir, KEPT_ENTRIES)
    return entry


def _forget_beyond(cache_dir: Path, kept: int) -> None:
    """Remove all but the ``kept`` most recently used entries, and unfinished bundles of indexings
    killed over an hour ago."""
    entries = sorted(
        (folder for folder in cache_dir.iterdir() if folder.is_dir() and is_key(folder.name)),
        key=lambda folder: (folder / ENTRY).stat().st_mtime_ns if (folder / ENTRY).exists() else 0,
        reverse=True,
    )
    for folder in entries[kept:]:
        shutil.rmtree(folder, ignore_errors=True)
    for folder in cache_dir.iterdir():
        if folder.name.startswith(".pagefind-") and time.time() - folder.stat().st_mtime > 3600:
            shutil.rmtree(folder, ignore_errors=True)


def _cached_entry(cache_dir: Path, key: str) -> Path | None:
    """The cached bundle for ``key`` when every file in it is exactly the one recorded; else None."""
    folder = confined(cache_dir, key)
    if folder is None or not folder.is_dir():
        return None
    data = read_json_entry(folder / ENTRY, key)
    files = data.get("files") if data is not None else None
    if not isinstance(files, dict) or "pagefind.js" not in files:
        return None
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {ENTRY}
    if present != set(files):
        return None
    for name, digest in files.items():
        path = confined(folder, name) if isinstance(name, str) else None
        if path is None or path.is_symlink() or sha256_file(path) != digest:
            return None
    os.utime(folder / ENTRY)  # used now: the last to be forgotten
    return folder


def _copy_bundle(entry: Path, target: Path) -> None:
    """The cached bundle into the site: each file a second link to the cache's where the file
    system allows (as the PDFs are, :func:`~decision_press.caching.publish_cache_file`: an entry
    is only ever made whole and renamed, or removed, never written in place), a copy elsewhere.
    Two thousand copies were most of what a cold build at N = 2,000 spent here besides Pagefind."""

    def place(source: str, dest: str) -> None:
        if not publish_cache_file(source, dest):
            shutil.copyfile(source, dest)

    shutil.copytree(entry, target, symlinks=False, ignore=shutil.ignore_patterns(ENTRY), copy_function=place)


def _replace(target: Path, make: Callable[[], object]) -> None:
    """Put a new bundle at ``target`` in place of an older one (a preview's, or one a page carried)."""
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    make()


class BackgroundIndexer:
    """A preview's search index, brought up to date after each rebuild without holding it up.

    Indexing 2,000 pages takes longer than the rebuild after one edit, so a preview serves
    the new pages at once and its search catches up seconds later. A rebuild that finishes
    while an indexing runs is indexed once that one ends (only the latest state counts).
    """

    def __init__(self, on_done: Callable[[SearchIndex], None], on_error: Callable[[str], None]) -> None:
        self._on_done, self._on_error = on_done, on_error
        self._wanted: tuple[Path, Path | None] | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None
        self._paused = False

    def pause(self) -> None:
        """A rebuild starts: stop the indexer where it is, so that the rebuild has the CPU."""
        with self._lock:
            self._paused = True
            self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        """The rebuild ended (or failed): let the indexer go on."""
        with self._lock:
            self._paused = False
            self._signal(signal.SIGCONT)

    def _signal(self, number: int) -> None:
        if self._process is not None and self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(number)

    def _started(self, process: subprocess.Popen[str] | None) -> None:
        with self._lock:
            self._process = process
            if process is not None and self._paused:
                self._signal(signal.SIGSTOP)

    def request(self, site_dir: Path, cache_dir: Path | None) -> None:
        with self._lock:
            self._wanted = (site_dir, cache_dir)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the latest request is indexed (for tests and the end of a preview)."""
        self.resume()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._thread = None
                    return
            try:
                self._on_done(index_site(*wanted, background=True, on_process=self._started))
            except BuildFailed as err:
                self._on_error(str(err))
            except OSError as err:  # the preview emptied its folder meanwhile; the next request mends it
                self._on_error(f"the search index could not be built: {err}")
