"""A preview rebuild → only the pages whose content changed are rebuilt (``mkdocs serve --dirty``).

MkDocs rebuilds the whole site on every save, which takes half a minute for an archive of
thousands of decisions. With ``--dirty`` it skips a page whose file reports no change, but a
generated file always reports a change. :class:`PreviewState` remembers, between the rebuilds
of one ``serve`` process, what every generated page contained, so that after an edit only the
pages that now read differently are rebuilt: the edited decision, the pages listing it, and
the decisions that link to it.

A page or PDF that is no longer generated (a decision made draft) is deleted from the
preview, as a full build would not have it. The site search (Pagefind) reads the pages on
disk, skipped ones included, so the plugin brings it up to date after each rebuild, in the
background (:class:`~decision_press.search_index.BackgroundIndexer`).

Anything that is not a record (``mkdocs.yml``, ``docs/``, templates, theme overrides,
settings, assets) can change every page, so a change there empties the preview folder and
rebuilds everything.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import File

from decision_press.caching import file_stamp, publish_cache_file
from decision_press.heap import collect_then_set_aside

FULL_COLLECTION_EVERY = 10


class PreviewFile(File):
    """A generated file that tells MkDocs whether it changed since the previous preview build.

    By what it is made of, not by modification times: after an edit is undone, a PDF comes
    again from an older cache file than the copy the preview holds, and must still be copied.
    """

    changed = True
    linkable = False
    """Its source is a cache file the site may link to (:attr:`GeneratedFile.linkable`)."""

    def is_modified(self) -> bool:
        return self.changed

    def copy_file(self, dirty: bool = False) -> None:
        """As MkDocs copies a file, but a cache file is linked where the file system allows."""
        wanted = self.is_modified() or not dirty
        if self.linkable and wanted and self.abs_src_path and publish_cache_file(self.abs_src_path, self.abs_dest_path):
            return
        super().copy_file(dirty)


class PreviewState:
    """What the previous build of this preview produced."""

    def __init__(self) -> None:
        self.inputs: tuple[tuple[str, int, int], ...] | None = None
        # What each generated file was made of (its text, and that text's digest), by source
        # path: a page the session kept is the very same string object in the next build.
        self.made: dict[str, tuple[str, str]] = {}
        self._next_made: dict[str, tuple[str, str]] = {}
        self.outputs: set[str] = set()
        self.incremental = False
        self.builds = 0
        self._finished = False  # the previous build ran to its end

    def start(self, watched: Iterable[Path], site_dir: Path) -> None:
        """Before a build: decide whether it may reuse the pages of the previous one."""
        inputs = _stamps(watched)
        self.incremental = self.inputs == inputs and self._finished
        self._finished = False
        if not self.incremental:
            _empty(site_dir)
            self.made, self.outputs = {}, set()
        self.inputs = inputs
        self._next_made = {}
        self.builds += 1
        if self.incremental:
            # The records, caches and pages kept between builds are a large heap that Python's
            # cycle collector would otherwise walk several times during each rebuild (about half
            # a second each time at 2,000 decisions): one pass now, then the survivors are set
            # aside, and every FULL_COLLECTION_EVERY builds they are looked at again.
            collect_then_set_aside(full=self.builds % FULL_COLLECTION_EVERY == 0)
            gc.disable()  # its garbage waits for the next build's pass
        else:
            gc.enable()  # a full build makes too much garbage to keep

    def rebuild_everything(self, site_dir: Path) -> None:
        """Within a build: every page is to be built again (the previous build showed a problem,
        or this one does), as after a change that is not a record."""
        _empty(site_dir)
        self.incremental = False
        self.made, self.outputs = {}, set()

    def stop(self) -> None:
        """The preview ends: the process' garbage collection is as it was."""
        gc.unfreeze()
        gc.enable()

    def mark(self, file: PreviewFile, content: str) -> None:
        """Set whether a generated file changed, and remember what it was made of for the next build."""
        known = self.made.get(file.src_uri)
        if known is not None and known[0] is content:  # a page the session kept: the very same text
            digest = known[1]
        else:
            digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        file.changed = not self.incremental or known is None or known[1] != digest
        self._next_made[file.src_uri] = (content, digest)

    def finish(self, site_dir: Path, outputs: set[str]) -> None:
        """After a build: remove what is no longer generated (``outputs`` are the site paths generated now)."""
        for gone in sorted(self.outputs - outputs):
            _remove(site_dir / gone)
            _remove_empty_parents(site_dir / gone, site_dir)
        self.outputs = outputs
        self.made = self._next_made
        self._finished = True
        if not self.incremental:
            # Now rather than at the start of the first rebuild, when an author waits for it.
            collect_then_set_aside(full=True)


def _stamps(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file under ``paths``."""
    files = [
        file
        for path in paths
        for file in (sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    ]
    return tuple(file_stamp(file) for file in files)


def _empty(folder: Path) -> None:
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        _remove(child)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()
    else:
        path.unlink(missing_ok=True)


def _remove_empty_parents(path: Path, top: Path) -> None:
    for parent in path.parents:
        if parent == top or top not in parent.parents:
            return
        try:
            parent.rmdir()  # only an empty folder can be removed
        except OSError:
            return
