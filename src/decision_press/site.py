"""Settings and a build date → the whole generated site, as plain values (:class:`SiteOutputs`).

The site model: load, select and index the records, render every PDF, every page, the feed
and the data files, in that order, and say what each output is. Nothing here knows an
engine; an adapter (the MkDocs plugin, ``decision-press export``) only turns the result into
its own files. A new output is one render module and one line in :func:`_files`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from dataclasses import dataclass
from pathlib import Path

from decision_press import urls
from decision_press.corpus import Corpus
from decision_press.pipeline import prepare
from decision_press.render.feeds import atom_feed
from decision_press.render.manifest import manifest_json
from decision_press.render.opendata import (
    SCHEMA_PATH,
    decisions_csv,
    decisions_json,
    decisions_schema,
    open_data_rows,
    removals,
)
from decision_press.render.outputs import GeneratedFile, GeneratedPage, Progress, RenderedDocument, count_rendered
from decision_press.render.pdf import render_all
from decision_press.render.web import WebRenderer
from decision_press.sealing import SealKey, load_seal_key
from decision_press.select import Mode, Selection
from decision_press.session import Session
from decision_press.settings import Settings

PREVIEW_BANNER = (
    '<div class="dp-preview-banner" role="note"><p><strong>Preview: not the public site.</strong> '
    "Drafts and embargoed decisions are shown here; never publish these pages.</p></div>"
)
"""Said on every page of a preview: themed pages get it from the engine's adapter, the
standalone pages (removal notices, redirects) from :func:`_banner_on_standalone_page`."""
_BODY_START = re.compile(r"<body[^>]*>")
PREVIEW_ROBOTS = "# A Decision Press preview: never published, never indexed.\nUser-agent: *\nDisallow: /\n"
"""The robots.txt of a preview (every page also says noindex)."""
WEB_FONTS = (".ttf", ".woff2", ".woff")
"""Font files the site serves to browsers (with their LICENSE files)."""


@dataclass(frozen=True)
class Site:
    """What an engine says about the site the outputs are for."""

    url: str | None = None
    name: str = "Decisions"
    with_home: bool = True
    """Whether the site model makes the home page (False: the site has its own docs/index.md)."""


@dataclass(frozen=True)
class SiteOutputs:
    """Every generated page and file of one build, and what to tell the person who ran it."""

    corpus: Corpus
    selection: Selection
    pages: list[GeneratedPage]
    files: list[GeneratedFile]
    documents: dict[tuple[str, str], RenderedDocument]
    seconds: tuple[float, float, float]
    """Time spent on the records, the PDFs and the pages."""

    def summary(self) -> str:
        rendered, reused = count_rendered(self.documents)
        records, pdfs, pages = self.seconds
        return (
            f"{len(self.corpus.decisions)} decisions, {len(self.pages)} generated pages; PDFs: "
            f"{rendered} rendered, {reused} reused (records {records:.1f} s, PDFs {pdfs:.1f} s, "
            f"pages {pages:.1f} s)"
        )


def build_outputs(
    settings: Settings,
    as_of: dt.date,
    session: Session,
    site: Site,
    *,
    pdf_cache: Path,
    page_cache: Path | None,
    progress: Progress | None = None,
    mode: Mode = Mode.PUBLIC,
) -> SiteOutputs:
    """Load, select, render: every page, PDF, feed and data file of the site as of ``as_of``.

    ``page_cache`` None renders every decision page afresh. :attr:`Mode.PREVIEW` adds the
    held-back records, each page with its banner, for a preview that is never published. Raises
    :class:`~decision_press.errors.InvalidRecords` for records with problems and
    :class:`~decision_press.errors.BuildFailed` for anything else that stops the build.
    """
    started = time.perf_counter()
    corpus, selection, _ = prepare(settings, as_of, session=session, mode=mode)
    # A preview (a server or a review copy) shows an author's work, never the public site: it
    # needs no seal (and no password in the author's environment).
    seal = None if session.preview or mode is Mode.PREVIEW else load_seal_key(settings)
    loaded = time.perf_counter()
    documents = render_all(corpus, pdf_cache, progress, session=session, seal=seal)
    rendered_pdfs = time.perf_counter()
    web = WebRenderer(
        corpus, documents, site_url=site.url, site_name=site.name, cache_dir=page_cache, session=session, mode=mode
    )
    output = web.render(with_home=site.with_home)
    files = [*output.files, *_files(corpus, documents, web.site_url, site.name, seal, session)]
    if mode is Mode.PREVIEW:
        files = [_banner_on_standalone_page(file) for file in files]
        files.append(GeneratedFile("robots.txt", content=PREVIEW_ROBOTS))
    return SiteOutputs(
        corpus,
        selection,
        output.pages,
        files,
        documents,
        (loaded - started, rendered_pdfs - loaded, time.perf_counter() - rendered_pdfs),
    )


def _files(
    corpus: Corpus,
    documents: dict[tuple[str, str], RenderedDocument],
    site_url: str | None,
    site_name: str,
    seal: SealKey | None,
    session: Session,
) -> list[GeneratedFile]:
    """Every file published as it is: the PDFs and their manifest, the web fonts, the feed and the open data."""
    files = [GeneratedFile(rendered.site_path, path=rendered.path, linkable=True) for rendered in documents.values()]
    manifest = manifest_json(corpus, documents.values(), seal, session.manifest_rows)
    files.append(GeneratedFile(urls.MANIFEST, content=manifest))
    files += web_fonts(corpus.settings.fonts_dir)
    files.append(GeneratedFile(urls.FEED, content=atom_feed(corpus, site_url=site_url, title=site_name)))
    rows = open_data_rows(corpus, documents, site_url)
    data = decisions_json(corpus, rows, removals(corpus, site_url), session.data_rows)
    files.append(GeneratedFile(urls.DATA_JSON, content=data))
    files.append(GeneratedFile(urls.DATA_CSV, content=decisions_csv(rows, session.csv_rows)))
    files.append(GeneratedFile(SCHEMA_PATH, content=decisions_schema(site_url)))
    return files


def footer_organisation(settings: Settings) -> dict[str, str]:
    """The organisation as the theme's footer shows it on every page, 404 included (``extra``)."""
    organisation = settings.project.organisation
    address = organisation.address or ""
    return {
        "name": organisation.name,
        "email": organisation.email,
        "address_line": ", ".join(line.strip() for line in address.splitlines() if line.strip()),
    }


def web_fonts(fonts: Path) -> list[GeneratedFile]:
    """The bundled fonts and their licences, served under assets/fonts/."""
    found = sorted(fonts.glob("*")) if fonts.is_dir() else []
    return [
        GeneratedFile(f"assets/fonts/{font.name}", path=font)
        for font in found
        if font.suffix in WEB_FONTS or font.name.startswith("LICENSE")
    ]


def _banner_on_standalone_page(file: GeneratedFile) -> GeneratedFile:
    """A standalone HTML page of a preview (not themed by the engine) → the same with the banner."""
    if file.content is None or not file.src_uri.endswith(".html"):
        return file
    marked = _BODY_START.sub(lambda match: match.group(0) + PREVIEW_BANNER, file.content, count=1)
    return dataclasses.replace(file, content=marked)
