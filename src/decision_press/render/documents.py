"""Corpus → every PDF of every public decision, as files in a cache folder with their facts.

This module is the interface between the PDF work and its users (the MkDocs plugin and
the build): it says which PDFs exist and what a reader is told about each one (pages,
size, and whether it is tagged). The rendering itself lives in :mod:`decision_press.render.pdf`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from decision_press.corpus import Corpus, Document

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RenderedDocument:
    """A PDF ready to publish: where its bytes are and what to tell readers about it."""

    slug: str
    """The decision's slug; the PDF is published as decisions/<slug>/<document.filename>."""
    document: Document
    path: Path
    """File holding the PDF's bytes (in the cache; copy or link it, never move it)."""
    pages: int
    size: int
    """Size in bytes."""
    rendered: bool = False
    """True when this build rendered the PDF; False when it came from the cache or was attached."""
    tagged: bool = True
    """False for an attached PDF without tags: its page says it may not be accessible (every
    PDF Decision Press renders is tagged)."""

    @property
    def site_path(self) -> str:
        return f"decisions/{self.slug}/{self.document.filename}"

    def describe(self) -> str:
        """Human link details: 'PDF, 4 pages, 86 KB'."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        size = f"{self.size / 1024:.0f} KB" if self.size < 1_048_576 else f"{self.size / 1_048_576:.1f} MB"
        return f"PDF, {pages}, {size}"


def render_documents(corpus: Corpus, cache_dir: Path,
                     progress: Progress | None = None) -> dict[tuple[str, str], RenderedDocument]:
    """Render (or reuse from the cache) every PDF of every public decision.

    Returns a map from (decision slug, file name) to the rendered document.
    """
    from decision_press.render.pdf import render_all

    return render_all(corpus, cache_dir, progress)


def count_rendered(documents: dict[tuple[str, str], RenderedDocument]) -> tuple[int, int]:
    """(rendered by this build, reused from the cache or attached as they are), for a summary line."""
    rendered = sum(1 for document in documents.values() if document.rendered)
    return rendered, len(documents) - rendered
