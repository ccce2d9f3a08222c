"""What rendering produces, as plain values: rendered PDFs, generated pages and files.

The types every renderer and every adapter share, so that naming a rendered PDF does not
import the PDF renderer (its process pool and fonts), and no type here knows an engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from decision_press import urls
from decision_press.corpus import Document

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
    sha256: str = ""
    """Of the bytes at ``path``, as checked when they were read from the cache or stored in it."""
    rendered: bool = False
    """True when this build rendered the PDF; False when it came from the cache or was attached."""
    tagged: bool = True
    """False for an attached PDF without tags: its page says it may not be accessible (every
    PDF Decision Press renders is tagged)."""
    sealed: bool = False
    """True when the build sealed this PDF (:mod:`decision_press.render.pdf_seal`); attachments never are."""
    scanned: bool = False
    """True for a PDF shipped as it is with no text layer (page images, as from a scanner)."""

    @property
    def site_path(self) -> str:
        return urls.document(self.slug, self.document.filename)

    def describe(self) -> str:
        """Human link details: 'PDF, 4 pages, 86 KB'; 'PDF, scanned, 4 pages, 1.2 MB' for page images."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        size = f"{self.size / 1024:.0f} KB" if self.size < 1_048_576 else f"{self.size / 1_048_576:.1f} MB"
        return f"PDF, {'scanned, ' if self.scanned else ''}{pages}, {size}"


def count_rendered(documents: dict[tuple[str, str], RenderedDocument]) -> tuple[int, int]:
    """(rendered by this build, reused from the cache or attached as they are), for a summary line."""
    rendered = sum(1 for document in documents.values() if document.rendered)
    return rendered, len(documents) - rendered


@dataclass(frozen=True)
class Heading:
    """An entry of a page's table of contents."""

    level: int
    id: str
    html: str
    """The heading's text as escaped HTML (safe to insert as it is)."""


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page to add to the site."""

    src_uri: str
    """Where it pretends to live in docs/, e.g. 'decisions/pcd-911/index.md'."""
    content: str
    edit_path: str | None = None
    """The file an author edits to change it, relative to the project root (None: not editable)."""
    toc: tuple[Heading, ...] = ()
    """Headings h1 to h3 with ids: MkDocs cannot see them inside the raw HTML block."""
    lastmod: str | None = None
    """When its content last changed (YYYY-MM-DD) for the sitemap; None: the build date."""


@dataclass(frozen=True)
class GeneratedFile:
    """A file that is published as it is: from memory (``content``) or from disk (``path``)."""

    src_uri: str
    content: str | None = None
    path: Path | None = None
    linkable: bool = False
    """``path`` is a cache file named by its content, which is replaced but never rewritten in
    place: the site may hold a second link to it instead of a copy
    (:func:`decision_press.caching.publish_cache_file`)."""


@dataclass
class SiteOutput:
    """Everything the web side adds to a site."""

    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)
