"""One entry point's run (a CLI command, one preview server) → what its builds remember.

A preview rebuilds after every save, and most of what the previous build worked out still
holds: records of files that were not touched, decision pages, register rows, PDF cache
verdicts, compiled templates. All of that lives here, on an object the entry point makes
and drops, never in module globals: a memo that outlives its session cannot exist.

Each memo keeps only what the latest build used (:class:`Latest`), so a preview that runs
for a day holds one build's worth, however many edits it saw.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from decision_press.caching import CompiledTemplates
from decision_press.heap import set_aside

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Latest(Generic[K, V]):
    """A memo of the latest build: what a build does not ask for again is forgotten after it.

    :meth:`turn` starts a build: the entries of the one before are kept only until this one
    has looked them up (and so carried them over) or ended.
    """

    def __init__(self) -> None:
        self._now: dict[K, V] = {}
        self._before: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        if key in self._now:
            return self._now[key]
        if key in self._before:
            value = self._now[key] = self._before.pop(key)
            return value
        return None

    def put(self, key: K, value: V) -> None:
        self._now[key] = value

    def forget(self, key: K) -> None:
        self._now.pop(key, None)
        self._before.pop(key, None)

    def turn(self) -> None:
        self._before, self._now = self._now, {}

    def __len__(self) -> int:
        return len(self._now) + len(self._before)


@dataclass(eq=False)
class Session:
    """What the builds of one entry point share.

    ``preview`` is a preview server: its pages and register rows are kept for the next
    rebuild, and the collector's set-aside policy is the preview's own
    (:class:`~decision_press.mkdocs_plugin.preview.PreviewState`). A one-off run sets its
    records aside once they are loaded, as they live until the process ends.
    """

    preview: bool = False
    prepared: tuple[tuple[object, ...], Any] | None = None
    """The latest (key, result) of :func:`decision_press.pipeline.prepare`."""
    checked_files: Latest[Any, Any] = field(default_factory=Latest)
    """Validated records per file and digest (:mod:`decision_press.model.validate`)."""
    checked_items: Latest[Any, Any] = field(default_factory=Latest)
    """Validated records per item text of a file, for the items an edit left alone."""
    pdf_indexes: Latest[Any, Any] = field(default_factory=Latest)
    pdf_verified: Latest[Any, Any] = field(default_factory=Latest)
    """PDF cache verdicts: record indexes, and intact PDFs with their page counts."""
    pages: Latest[Any, Any] = field(default_factory=Latest)
    rows: Latest[Any, Any] = field(default_factory=Latest)
    """Decision pages and register rows by cache key (kept only in a preview)."""
    data_rows: Latest[str, str] = field(default_factory=Latest)
    manifest_rows: Latest[str, str] = field(default_factory=Latest)
    csv_rows: Latest[str, str] = field(default_factory=Latest)
    """Each open data row's text in decisions.json and decisions.csv, and each file's entry in
    the manifest, by its compact JSON (:mod:`decision_press.render.json_rows`)."""
    compiled_templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    pdf_pool: tuple[Hashable, Any] | None = None
    """A preview's PDF worker pool and what it was started for: kept between rebuilds, so
    that the PDFs of an edit go to workers with their fonts and stylesheet already loaded."""
    builds: int = 0

    def start_build(self) -> None:
        """A build begins: what the one before did not use again is dropped when it ends."""
        self.builds += 1
        for memo in self.memos():
            memo.turn()

    def memos(self) -> tuple[Latest[Any, Any], ...]:
        return (
            self.checked_files,
            self.checked_items,
            self.pdf_indexes,
            self.pdf_verified,
            self.pages,
            self.rows,
            self.data_rows,
            self.manifest_rows,
            self.csv_rows,
        )

    def close_pool(self) -> None:
        """Stop the kept PDF workers (when the preview ends, or before a pool for another style)."""
        kept, self.pdf_pool = self.pdf_pool, None
        if kept is not None:
            kept[1].shutdown(wait=True, cancel_futures=True)

    def records_loaded(self) -> None:
        """The records are in memory for the rest of the run: keep them out of later collector passes.

        A preview leaves this to its own policy, which looks at them again every few builds;
        freezing them on every rebuild would keep each build's garbage for ever.
        """
        if not self.preview:
            set_aside()
