"""MkDocs events → calls into the package; generated pages and PDFs → MkDocs ``File`` objects.

Glue only: the whole site model (load, select, render every page, PDF, feed and data file)
is :func:`decision_press.site.build_outputs`; the plugin turns its pages and files into
MkDocs files, hands over each page's table of contents, and keeps the preview's glue (partial
rebuilds, the problem display), the lock and the site_name escaping.

One :class:`~decision_press.session.Session` per MkDocs run holds what its builds remember (a
``serve`` is one preview). Under ``decision-press build`` the runner hands the plugin a
:class:`BuildContext` (the date, the CLI's session; the project lock is already held).
Under plain ``mkdocs build`` or ``serve`` the plugin takes the project's lock itself for each
build, guards and marks the output folder as
``decision-press build`` does, and takes the date from ``$DECISION_PRESS_AS_OF`` or today.
A date in ``mkdocs.yml`` (``as_of``) is refused: that file is committed, and a date there
would publish embargoed decisions for whoever builds.

``mkdocs serve`` and ``decision-press build --preview`` build in :attr:`Mode.PREVIEW`: drafts
and embargoed decisions are shown, each with its banner, and every page carries a preview
banner and ``<meta name="robots" content="noindex">``. The mode comes from the command (or
the :class:`BuildContext`), never from the environment; plain ``mkdocs build`` is public.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from decision_press import urls
from decision_press.build_lock import ProjectLock
from decision_press.caching import refuse_published_cache
from decision_press.corpus import Corpus
from decision_press.errors import DecisionPressError, InvalidRecords, display_path
from decision_press.mkdocs_plugin.config import DecisionPressConfig
from decision_press.mkdocs_plugin.preview import PreviewFile, PreviewState
from decision_press.pipeline import AS_OF_ENV, BuildContext, plain_mkdocs_date
from decision_press.render.outputs import Heading
from decision_press.render.web import fill_placeholders
from decision_press.search_index import BackgroundIndexer, SearchIndex, index_site
from decision_press.select import Mode, today
from decision_press.session import Session
from decision_press.settings import Settings, load_settings
from decision_press.site import PREVIEW_BANNER, Site, SiteOutputs, build_outputs, footer_organisation
from decision_press.site_folder import mark_site, refuse_unsafe_output

log = logging.getLogger("mkdocs.plugins.decision-press")


class DecisionPressPlugin(BasePlugin[DecisionPressConfig]):  # type: ignore[no-untyped-call]
    """Adds a page per public decision, the register, topics, PDFs, feed and open data."""

    def __init__(self) -> None:
        self._tocs: dict[str, tuple[Heading, ...]] = {}
        self._lastmods: dict[str, str] = {}  # the sitemap's date of each generated page that has one
        self._bodies: dict[str, str] = {}
        self._corpus: Corpus | None = None
        self._preview: PreviewState | None = None
        self._files: Files | None = None
        self._outputs: set[str] = set()
        self._context: BuildContext | None = None
        self._lock: ProjectLock | None = None
        self._command = "build"
        self._problem: str | None = None  # what stops a preview build, shown in its pages
        self._generated_pages: list[str] = []  # the generated pages of the last good build
        self._session = Session()
        self._mode = Mode.PUBLIC
        self._indexer: BackgroundIndexer | None = None  # a preview's search index, kept up to date

    def hand_over(self, context: BuildContext, config_file: Path) -> None:
        """Called by ``decision-press build``: build for ``context`` (its lock is held already)."""
        _refuse_date_in_config(self.config.as_of, config_file)
        self._context = context

    def take_back(self) -> None:
        """Called when that build ends: a later build by this object is a plain MkDocs one."""
        self._context = None
        self._site_name = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command
        # One session per MkDocs run: a 'serve' is one preview, whose rebuilds share its memos.
        self._session = Session(preview=command == "serve")
        # What an author previews is everything, drafts included; only a build is public.
        self._mode = Mode.PREVIEW if command == "serve" else Mode.PUBLIC
        # Having this event also keeps the plugin object alive between the rebuilds of
        # 'mkdocs serve', which is what lets a --dirty preview rebuild only what changed.
        self._preview = PreviewState() if command == "serve" and dirty else None
        if self._preview is not None:
            # MkDocs warns that a dirty build leaves links and navigation stale; the plugin
            # rebuilds every page an edit changes, and everything on any other change.
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)
        if command == "serve":
            self._indexer = BackgroundIndexer(_log_index, lambda message: log.warning("decision-press: %s", message))

    def on_shutdown(self) -> None:
        self._release()
        self._session.close_pool()
        self.wait_for_search()
        if self._preview is not None:
            self._preview.stop()
            logging.getLogger("mkdocs.commands.build").removeFilter(_quiet_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _refuse_date_in_config(self.config.as_of, Path(config.config_file_path))
        if self.config.enabled:
            # The footer of every page, 404 included, says how to ask for another format.
            try:
                settings = load_settings(Path(config.config_file_path).resolve().parent)
            except InvalidRecords as err:
                raise PluginError(err.report()) from None
            config.extra["decision_press_organisation"] = footer_organisation(settings)
        # site_name is text, but Material inserts it into every page unescaped (header, nav,
        # <title>): hand the theme the escaped form (a Markup, which Jinja never escapes
        # twice), and the package's renderers, which escape for themselves, the text itself.
        name = config.site_name
        self._site_name = name.unescape() if isinstance(name, Markup) else name
        config.site_name = escape(self._site_name)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self._context is None and self.config.enabled:
            self._lock_and_guard(config)
        if self._preview is not None and self.config.enabled:
            root = Path(config.config_file_path).resolve().parent
            watched = [
                Path(config.config_file_path),
                Path(config.docs_dir),
                *_theme_dirs(config),
                *(root / name for name in ("templates", "assets", "decision-press.yml")),
            ]
            self._files, self._corpus = None, None  # the previous build's, now garbage
            self._preview.start(watched, Path(config.site_dir))
        if self._indexer is not None:  # the author waits for this rebuild, not for search
            self._indexer.pause()

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        root = Path(config.config_file_path).resolve().parent
        session = self._context.session if self._context is not None else self._session
        if self._context is None:
            session.start_build()
        pdf_cache, page_cache, search_cache = self._cache_dirs(root)
        try:
            settings = load_settings(root)
            as_of = self._context.as_of if self._context is not None else _plain_date(settings)
            refuse_published_cache((pdf_cache, page_cache, search_cache), _published_dirs(config))
            site = Site(
                url=config.site_url, name=self._site_name, with_home=files.get_file_from_path("index.md") is None
            )
            output = build_outputs(
                settings,
                as_of,
                session,
                site,
                pdf_cache=pdf_cache,
                page_cache=page_cache,
                progress=log.debug,
                mode=self._build_mode,
            )
        except InvalidRecords as err:
            # The same file:line:col report as 'decision-press check'.
            return self._problem_in_preview(err.report(), files, config)
        except (DecisionPressError, ValueError) as err:
            return self._problem_in_preview(f"decision-press: {err}", files, config)
        self._recover_preview(config)
        log.info("Decision Press: records %s", output.selection.summary())
        log.info("Decision Press: %s", output.summary())
        self._corpus = output.corpus
        self._add_outputs(files, output, config)
        if not settings.project.public_repository:  # opt-in: no page links into the repository
            for page_file in files.documentation_pages():
                page_file.edit_uri = None
        self._files = files
        self._outputs = {generated.dest_uri for generated in files if generated.generated_by is not None}
        return files

    def _cache_dirs(self, root: Path) -> tuple[Path, Path, Path]:
        """The PDF cache (the setting), and beside it the page and search index caches."""
        pdf_cache = root / self.config.pdf_cache
        return pdf_cache, pdf_cache.parent / "pages", pdf_cache.parent / "search"

    def _add_outputs(self, files: Files, output: SiteOutputs, config: MkDocsConfig) -> None:
        """The site model's pages and files → MkDocs files (each marked for the preview)."""
        self._tocs = {page.src_uri: page.toc for page in output.pages}
        self._lastmods = {page.src_uri: page.lastmod for page in output.pages if page.lastmod}
        self._generated_pages = list(self._tocs)
        for page in output.pages:
            file = cast(PreviewFile, PreviewFile.generated(config, page.src_uri, content=page.content))
            if self._preview is not None:
                self._preview.mark(file, page.content)
            # Relative to edit_uri (which points at docs/): '../data/decisions.yaml'.
            file.edit_uri = f"../{page.edit_path}" if page.edit_path else None
            _add(files, file)
        for extra in output.files:
            if extra.path is not None:
                other = cast(PreviewFile, PreviewFile.generated(config, extra.src_uri, abs_src_path=str(extra.path)))
                other.linkable = extra.linkable
                if self._preview is not None:
                    # A file shipped from a path is a cache file named by its content (a PDF, an
                    # attachment) or a site asset, and a change to the assets rebuilds everything.
                    self._preview.mark(other, os.fspath(extra.path))
            else:
                content = extra.content or ""
                other = cast(PreviewFile, PreviewFile.generated(config, extra.src_uri, content=content))
                if self._preview is not None:
                    self._preview.mark(other, content)
            _add(files, other)

    def _problem_in_preview(self, report: str, files: Files, config: MkDocsConfig) -> Files:
        """A build that cannot go on: an error for ``mkdocs build``; in a preview, the report in the page.

        A preview keeps serving, and every page the author may be looking at shows the
        ``file:line:col`` report instead of going stale; the first save that fixes the records
        brings the site back.
        """
        if self._command != "serve":
            raise PluginError(report)
        log.error("%s", report)
        self._problem = report
        if self._preview is not None:
            self._preview.rebuild_everything(Path(config.site_dir))
        body = f"{_PROBLEM_NOTICE}<p>Every decision page waits until this is fixed.</p>"
        pages = self._generated_pages or (["index.md"] if files.get_file_from_path("index.md") is None else [])
        for src_uri in pages:
            file = PreviewFile.generated(config, src_uri, content=f"# Records with problems\n\n{body}\n")
            _add(files, file)
        self._tocs, self._files = {}, files
        self._outputs = {generated.dest_uri for generated in files if generated.generated_by is not None}
        return files

    def _recover_preview(self, config: MkDocsConfig) -> None:
        if self._problem is not None and self._preview is not None:
            self._preview.rebuild_everything(Path(config.site_dir))  # no page may keep the report
        self._problem = None

    @property
    def _build_mode(self) -> Mode:
        return self._context.mode if self._context is not None else self._mode

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.config.enabled and self._build_mode is Mode.PREVIEW:
            output = _marked_as_preview(output)
        if self._indexer is not None and page.file.src_uri == urls.page_source(urls.SEARCH):
            output = _MAIN_START.sub(lambda match: match.group(0) + _PREVIEW_SEARCH_NOTICE, output, count=1)
        if self._problem is None:
            return output
        notice = Markup(
            '<div class="dp-preview-problem admonition failure" role="alert">'
            '<p class="admonition-title">The preview cannot show the records</p>'
            "<pre>{}</pre><p>Fix them and save: this page comes back on its own.</p></div>"
        ).format(self._problem)
        # str(): Markup + str would escape the page's own tag.
        return _MAIN_START.sub(lambda match: match.group(0) + str(notice), output, count=1)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self._preview is not None and env.bytecode_cache is None:
            env.bytecode_cache = self._session.compiled_templates  # the theme's templates, compiled once per preview
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self._tocs:
            # A generated page is one raw HTML block, which Python-Markdown would only parse to
            # pass it through unchanged (most of a page's build time): hand it over as it is,
            # stripped as Python-Markdown strips it, so that an engine that does parse it
            # (an export built without the plugin) makes the same bytes.
            self._bodies[page.file.src_uri] = markdown.strip()
            if page.file.src_uri in self._lastmods:  # the sitemap's lastmod: when the content changed
                page.update_date = self._lastmods[page.file.src_uri]
            return ""
        # Hand-written pages may name the organisation's contact details from decision-press.yml.
        if self._corpus is None or page.file.generated_by is not None:
            return markdown
        return fill_placeholders(markdown, self._corpus)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        body = self._bodies.pop(page.file.src_uri, None)
        if body is None:
            return html
        # Generated headings live in raw HTML, which MkDocs' toc extension does not read;
        # give Material the table of contents (and so its "Skip to content" link).
        headings = self._tocs.get(page.file.src_uri)
        if headings:
            page.toc = get_toc(cast(Any, _nest(headings)))
        return body

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self._preview is not None and self._files is not None:
                self._preview.finish(Path(config.site_dir), self._outputs)
            if self.config.enabled and self._problem is None:
                self._index_search(config)
        finally:
            self._build_ended()

    def wait_for_search(self, timeout: float | None = None) -> None:
        """In a preview: until its search index covers the latest rebuild."""
        if self._indexer is not None:
            self._indexer.wait(timeout)

    def _index_search(self, config: MkDocsConfig) -> None:
        """The search index of the folder just built (a staging folder under ``decision-press build``)."""
        site_dir = Path(config.site_dir)
        search_cache = self._cache_dirs(Path(config.config_file_path).resolve().parent)[2]
        if self._indexer is not None:  # a preview serves its pages now; search catches up
            self._indexer.request(site_dir, search_cache)
            return
        try:
            _log_index(index_site(site_dir, search_cache))
        except DecisionPressError as err:
            raise PluginError(f"decision-press: {err}") from None

    def on_build_error(self, *, error: Exception) -> None:
        self._build_ended()

    def _build_ended(self) -> None:
        """A build is over, built or failed: release its lock and let search indexing go on."""
        self._release()
        if self._indexer is not None:
            self._indexer.resume()

    def _lock_and_guard(self, config: MkDocsConfig) -> None:
        """Plain ``mkdocs build``/``serve``: this build's share of the project lock, and, where
        MkDocs writes into a folder of the project's choosing, the same guard as the command."""
        root = Path(config.config_file_path).resolve().parent
        self._lock = ProjectLock(root, on_wait=lambda message: log.info("Decision Press: %s", message))
        try:
            self._lock.acquire()
            if self._command != "serve":  # serve writes into a fresh temporary folder
                site_dir = Path(config.site_dir)
                refuse_unsafe_output(site_dir, root)
                mark_site(site_dir)  # hidden, so MkDocs' clean step keeps it
        except DecisionPressError as err:
            self._release()
            raise PluginError(f"decision-press: {err}") from None

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Editing a record or a template rebuilds the preview, even without 'watch:' in mkdocs.yml.
        root = Path(config.config_file_path).resolve().parent
        for folder in ("data", "templates", "decision-press.yml"):
            if (root / folder).exists():
                server.watch(str(root / folder))
        return server


def _log_index(index: SearchIndex) -> None:
    log.info("Decision Press: %s", index.summary())


def _refuse_date_in_config(as_of: str | None, config_file: Path) -> None:
    """``as_of`` in mkdocs.yml → PluginError naming the file, line and setting, and what to do."""
    if as_of is None:
        return
    where = display_path(config_file)
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
        line, column = next(
            (n, len(text) - len(text.lstrip()) + 1)
            for n, text in enumerate(lines, 1)
            if re.match(r"\s*as_of\s*:", text)
        )
        where = f"{where}:{line}:{column}"
    except (OSError, UnicodeDecodeError, StopIteration):
        pass
    raise PluginError(
        f"{where}: plugins.decision-press.as_of: a build date in mkdocs.yml is refused: the "
        f"file is committed, and a date there would publish decisions before their "
        f"publication date for anyone who builds. Remove 'as_of: {as_of}' and give the "
        f"date to the build instead: decision-press build --as-of YYYY-MM-DD (for plain "
        f"mkdocs build or serve: {AS_OF_ENV}=YYYY-MM-DD)."
    )


def _plain_date(settings: Settings) -> dt.date:
    """The date of a plain mkdocs build, said loudly when it lies in the future."""
    as_of = plain_mkdocs_date(settings)
    now = today(settings.project.timezone)
    if as_of > now:
        log.warning(
            "Decision Press: building as of %s (%s), after today (%s in %s): decisions are "
            "shown before their publication date. Use this to preview only, never to publish.",
            as_of,
            AS_OF_ENV,
            now,
            settings.project.timezone,
        )
    return as_of


_MAIN_START = re.compile(r'<div class="md-content"[^>]*>\s*<article[^>]*>')
_HEAD_START = re.compile(r"<head[^>]*>")
NOINDEX = '<meta name="robots" content="noindex">'
"""Plain strings, put into the page's HTML as they are (a Markup would escape the tag before it)."""


def _marked_as_preview(page: str) -> str:
    """A page of a preview → the same, kept out of search engines and saying what it is."""
    page = _HEAD_START.sub(lambda match: match.group(0) + NOINDEX, page, count=1)
    return _MAIN_START.sub(lambda match: match.group(0) + PREVIEW_BANNER, page, count=1)


_PREVIEW_SEARCH_NOTICE = (
    '<div class="dp-notice" role="note"><p>In this preview, search is brought up to date in the '
    "background after each save: for a few seconds it finds the text before your edit.</p></div>"
)
_PROBLEM_NOTICE = "<p>This page is generated from the records, which have problems (see the report above).</p>"


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _published_dirs(config: MkDocsConfig) -> list[Path]:
    """docs/ and the site folder; for a staging folder of 'decision-press build', the live one too."""
    site = Path(config.site_dir)
    folders = [Path(config.docs_dir), site]
    staging = re.fullmatch(r"\.(.+)-staging-[0-9a-f]+", site.name)
    if staging:
        folders.append(site.with_name(staging[1]))
    return folders


def _theme_dirs(config: MkDocsConfig) -> list[Path]:
    custom = config.theme.get("custom_dir")
    return [Path(custom)] if custom else []


def _add(files: Files, file: File) -> None:
    """Add a generated file; one in docs/ at the same path is replaced (and said so)."""
    existing = files.src_uris.get(file.src_uri)  # src_uri is already a POSIX path
    if existing is not None:
        log.warning("Decision Press: docs/%s is replaced by a generated file", file.src_uri)
        files.remove(existing)
    files.append(file)


def _nest(headings: tuple[Heading, ...]) -> list[dict[str, Any]]:
    """Flat headings → MkDocs toc tokens, each heading under the last one of a higher level."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for heading in headings:
        token: dict[str, Any] = {"level": heading.level, "id": heading.id, "name": heading.html, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots
