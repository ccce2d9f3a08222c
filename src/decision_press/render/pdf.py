"""Corpus → every PDF of every public decision, rendered once and kept by content hash.

The parent makes each document's HTML (cheap), hashes it with everything else that shapes
the output (stylesheet, font files, WeasyPrint and Decision Press versions) and renders only
what the cache does not hold yet, in a process pool over all cores. A cached PDF sits in
``cache_dir/<key>.pdf`` with its page count in ``<key>.json``. Attachments are existing
PDFs: checked and copied byte for byte.

With a seal key (:mod:`decision_press.sealing`), each worker seals every PDF it renders, and
the sealed PDF is what the cache keeps: its key covers the certificate's fingerprint and the
path the seal names, so a build where nothing changed reuses the sealed PDFs as they are.

When nothing about a decision changed, even making its HTML is skipped: a record index
(``cache_dir/records/<key>.json``) maps a hash of the record, the settings, the templates and
the renderer's code to the keys of its PDFs, so an unchanged archive is checked in a
fraction of the time its HTML would take to build.

Every cache read is verified (see :mod:`decision_press.caching`): a PDF's entry names its key
and the SHA-256 of its bytes, a record's index names its record key and exactly the generated
documents of that record, and every file name is a key confined to the cache folder. A
truncated, swapped or edited entry is rendered again (and logged), never published.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.context
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple, cast

from decision_press import urls
from decision_press.caching import (
    entry_path,
    framed,
    is_key,
    prepare_cache_dir,
    read_json_entry,
    sha256_file,
    templates_and_code,
    write_atomic,
)
from decision_press.corpus import Corpus, Document, PublicDecision
from decision_press.errors import BuildFailed, display_path
from decision_press.fonts import font_files
from decision_press.model.attachment_pdf import MAX_ATTACHMENT_BYTES, inspect_pdf
from decision_press.render import pdf_streams, pdf_worker
from decision_press.render.outputs import Progress, RenderedDocument
from decision_press.render.pdf_glyphs import describe, missing_glyphs
from decision_press.render.pdf_html import HtmlBuilder, HtmlDocument, PdfInputError
from decision_press.render.templates import template_file, template_folders
from decision_press.sealing import SealKey
from decision_press.session import Session

STYLESHEET = "print.css"
SHIPPED_AS_THEY_ARE = ("attachment", "signed")
"""Kinds of document published byte for byte (an attachment, the signed copy), never rendered."""
IN_FLIGHT_PER_WORKER = 8
"""Documents queued per pool worker: enough to keep it busy while this process makes HTML."""

log = logging.getLogger(__name__)


def style_source(corpus: Corpus) -> pdf_worker.StyleSource:
    """The stylesheet (a site may override it in templates/pdf/) and the folders it may read.

    Its relative URLs are read from the site's templates/pdf/ even when the package's
    stylesheet is used, so '../../assets/fonts/...' names the site's own fonts.
    """
    settings = corpus.settings
    site_folder = settings.templates_dir / "pdf"
    css_path = template_file(site_folder, STYLESHEET).resolve()
    return pdf_worker.StyleSource(
        css=css_path.read_text(encoding="utf-8"),
        base_url=(site_folder.resolve() / STYLESHEET).as_uri(),
        roots=(
            str(settings.assets_dir.resolve()),
            *(str(folder.resolve()) for folder in template_folders(site_folder)),
        ),
    )


def environment_digest(corpus: Corpus, style: pdf_worker.StyleSource, seal: SealKey | None = None) -> bytes:
    """Hash of what shapes every PDF besides its HTML: stylesheet, fonts, software versions, the seal."""
    import decision_press

    # The version from the package metadata: importing WeasyPrint costs half a second,
    # and a build that renders nothing need not pay it.
    digest = hashlib.sha256()
    software = (version("weasyprint"), version("pydyf"), f"zlib level {pdf_streams.LEVEL}", decision_press.__version__)
    for part in (style.css, *software, pdf_worker.PDF_VARIANT):
        digest.update(framed(part.encode("utf-8")))
    for font in font_files(corpus.settings.fonts_dir):
        digest.update(framed(font.name.encode("utf-8")) + framed(font.read_bytes()))
    if seal is not None:  # unsealed builds keep the keys they always had
        digest.update(framed(f"seal:{seal.fingerprint}:{version('pyhanko')}".encode()))
    return digest.digest()


def cache_key(environment: bytes, html: str, sealed_as: str | None = None) -> str:
    """A PDF's cache key; a sealed PDF's also covers the path its seal names."""
    seal = framed(sealed_as.encode("utf-8")) if sealed_as is not None else b""
    return hashlib.sha256(environment + framed(html.encode("utf-8")) + seal).hexdigest()


def render_all(
    corpus: Corpus,
    cache_dir: Path,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    session: Session | None = None,
    seal: SealKey | None = None,
) -> dict[tuple[str, str], RenderedDocument]:
    """Render (or reuse) every PDF of ``corpus``; ``workers=1`` renders in this process.

    ``session`` remembers which cache entries were found intact, for the next build of a preview.
    With ``seal``, every generated PDF is sealed (attachments are published as they are).
    """
    session = session or Session()
    prepare_cache_dir(cache_dir)
    style = style_source(corpus)
    env_digest = environment_digest(corpus, style, seal)
    builder = HtmlBuilder(corpus, session)

    shared = record_digest(corpus, env_digest)
    # Each missing PDF goes to the pool as soon as its HTML exists, so the workers render
    # while this process is still making the HTML of the next decisions.
    renders = _Renders(style, cache_dir, workers, session, seal)
    try:
        with _sigterm_as_exit():
            documents = _plan_and_render(corpus, cache_dir, progress, env_digest, shared, builder, renders, session)
    except BaseException:
        renders.close(abort=True)  # a failure, Ctrl-C or SIGTERM: stop the workers now
        raise
    renders.keep_warm()
    renders.close()
    return documents


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """While rendering, SIGTERM ends the build as Ctrl-C does: the pool stops, files are tidied.

    Only in the main thread, and only when nobody else set a handler; a killed build
    (SIGKILL) cannot clean up, and its workers die with it (:func:`pdf_worker.init`).
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    owner = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() != owner:  # a pool worker forked with this handler: die as by default
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _plan_and_render(
    corpus: Corpus,
    cache_dir: Path,
    progress: Progress | None,
    env_digest: bytes,
    shared: bytes,
    builder: HtmlBuilder,
    renders: _Renders,
    session: Session,
) -> dict[tuple[str, str], RenderedDocument]:
    # (decision, document, PDF key or None for an attachment, the cache entry when found intact)
    planned: list[tuple[PublicDecision, Document, str | None, _Verified | None]] = []
    to_render: set[str] = set()  # keys of the PDFs to render: each distinct PDF once
    new_index: dict[str, dict[str, str]] = {}  # record key → {file name: PDF key}
    progress_of = _Tally(sum(len(decision.documents) for decision in corpus.decisions), progress)
    # Progress moves as each PDF is stored, while later decisions are still being planned: in a
    # cold build, planning (making HTML for the pool) lasts as long as the rendering does.
    renders.on_stored = progress_of.stored
    for decision in corpus.decisions:
        record_key = _record_key(shared, decision, corpus)
        indexed = _read_index(cache_dir, record_key, decision, session)
        if indexed is not None:
            for document in decision.documents:
                key, verified = indexed.get(document.filename, (None, None))
                planned.append((decision, document, key, verified))
                if key is not None:
                    progress_of.tick()
            continue
        new_index[record_key] = {}
        try:
            built = {h.document.filename: h for h in builder.documents(decision)}
        except PdfInputError as err:
            raise BuildFailed(f"{decision.record.reference}: {err}") from None
        for document in decision.documents:
            page: HtmlDocument | None = built.get(document.filename)
            if page is None:  # an attachment: shipped as it is
                planned.append((decision, document, None, None))
                continue
            missing = missing_glyphs(page.html, corpus.settings.assets_dir / "fonts")
            if missing:
                # 'check' reports a record's own undrawable characters at their line, so one
                # found only here almost always comes from a template.
                source = (
                    "the record"
                    if any(c in decision.record.canonical_json for c in missing)
                    else "the PDF templates ({} or the package's {})".format(
                        *template_folders(corpus.settings.templates_dir / "pdf")
                    )
                )
                raise BuildFailed(
                    f"{decision.record.reference}: {document.filename}: the bundled Open Sans font has "
                    f"no glyph for {describe(missing)}; replace the character in {source}, or a "
                    "system font would be used silently"
                )
            site_path = urls.document(decision.slug, document.filename) if renders.seal else None
            key = cache_key(env_digest, page.html, site_path)
            new_index[record_key][document.filename] = key
            verified = None if key in to_render else _verified(cache_dir, key, session)
            planned.append((decision, document, key, verified))
            if verified is not None:
                progress_of.tick()
                continue
            if key not in to_render:
                to_render.add(key)
                renders.submit(key, f"{decision.record.reference}: {document.filename}", page.html, site_path)
            progress_of.waits_for(key)

    result: dict[tuple[str, str], RenderedDocument] = {}
    waiting: dict[str, list[tuple[PublicDecision, Document]]] = {}
    for decision, document, known, verified in planned:
        if known is None:
            result[(decision.slug, document.filename)] = _attachment(corpus, decision, document, cache_dir, session)
            progress_of.tick()
        elif verified is None:
            waiting.setdefault(known, []).append((decision, document))
        else:
            result[(decision.slug, document.filename)] = _cached_document(
                decision, document, cache_dir, known, verified, sealed=renders.seal is not None
            )

    for finished in renders.finished():
        for decision, document in waiting[finished]:
            result[(decision.slug, document.filename)] = _from_cache(
                decision, document, cache_dir, finished, True, session, sealed=renders.seal is not None
            )

    for record_key, keys in new_index.items():
        write_atomic(
            cache_dir / "records" / f"{record_key}.json",
            json.dumps({"key": record_key, "documents": keys}, sort_keys=True).encode(),
        )

    # Callers get documents in corpus order, whatever order the pool finished in.
    return {(d.slug, doc.filename): result[(d.slug, doc.filename)] for d, doc, _, _ in planned}


class _Tally:
    """Progress over a build's documents ('PDF 37/412'): one reused or attached is done when it
    is found, one rendered when its PDF is stored, whichever process order that comes in."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress = total, progress
        self.done = 0
        self.waiting: dict[str, int] = {}  # PDF key → documents waiting for it
        self.stored_keys: set[str] = set()

    def tick(self, documents: int = 1) -> None:
        for _ in range(documents):
            self.done += 1
            if self.progress is not None:
                self.progress(f"PDF {self.done}/{self.total}")

    def waits_for(self, key: str) -> None:
        """A document whose PDF ``key`` is (or was) being rendered."""
        if key in self.stored_keys:  # the same PDF as an earlier document's, stored already
            self.tick()
        else:
            self.waiting[key] = self.waiting.get(key, 0) + 1

    def stored(self, key: str) -> None:
        self.stored_keys.add(key)
        self.tick(self.waiting.pop(key, 0))


class _Renders:
    """Renders missing PDFs into the cache: in a process pool, or in this process for one worker.

    At most ``IN_FLIGHT_PER_WORKER`` documents per worker are submitted and not yet stored: a
    submitted document holds its HTML and a finished one its whole PDF, so an unbounded queue
    would hold an archive's worth of both in memory.
    """

    def __init__(
        self,
        style: pdf_worker.StyleSource,
        cache_dir: Path,
        workers: int | None,
        session: Session,
        seal: SealKey | None = None,
    ) -> None:
        self.style, self.cache_dir, self.session, self.seal = style, cache_dir, session, seal
        self.workers = workers or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[tuple[bytes, int]], tuple[str, str]] = {}  # future → (key, label)
        self.stored: list[str] = []  # keys stored while submitting, not yet reported
        self.inline: list[tuple[str, str, str, str | None]] = []  # (key, label, HTML, site path)
        self.on_stored: Callable[[str], None] = lambda key: None
        """Told the key of each PDF as soon as it is in the cache."""

    def submit(self, key: str, label: str, html: str, site_path: str | None = None) -> None:
        if self.workers == 1:  # not worth a pool; same code path as a worker
            self.inline.append((key, label, html, site_path))
            return
        if self.pool is None:
            self.pool = self._pool()
        try:
            future = self.pool.submit(pdf_worker.render, html, site_path)
        except BrokenProcessPool:  # a worker died rendering an earlier document: report that one
            self._store_finished(block=True)
            raise BuildFailed(f"{label}: {_WORKER_DIED}") from None
        self.futures[future] = (key, label)
        self._store_finished(block=len(self.futures) >= self.workers * IN_FLIGHT_PER_WORKER)

    def _pool(self) -> ProcessPoolExecutor:
        """A pool of workers; a preview's is the session's, kept for its next rebuilds."""
        wanted = (self.style, self.seal, self.workers)
        kept = self.session.pdf_pool
        if kept is not None and kept[0] == wanted:
            return cast(ProcessPoolExecutor, kept[1])
        self.session.close_pool()  # started for another stylesheet or seal
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_context(),
            initializer=pdf_worker.init,
            initargs=(self.style, True, os.getpid(), self.seal),
        )
        if self.session.preview:
            self.session.pdf_pool = (wanted, pool)
        return pool

    def _store_finished(self, *, block: bool) -> None:
        done, _ = wait(self.futures, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        self.stored.extend(self._keep(future) for future in done)

    def _keep(self, future: Future[tuple[bytes, int]]) -> str:
        """Store a finished PDF in the cache; its key."""
        key, label = self.futures.pop(future)
        _store(self.cache_dir, key, *_guarded(label, future.result), self.session)
        self.on_stored(key)
        return key

    def finished(self) -> Iterator[str]:
        """Keys of the submitted PDFs, each once it is stored in the cache."""
        if self.inline:
            pdf_worker.init(self.style, seal=self.seal)
            for key, label, html, site_path in self.inline:
                _store(self.cache_dir, key, *_guarded(label, pdf_worker.render, html, site_path), self.session)
                self.on_stored(key)
                yield key
        yield from self.stored
        self.stored = []
        for future in as_completed(list(self.futures)):
            yield self._keep(future)

    def keep_warm(self) -> None:
        """In a preview: have the session's workers ready for the next rebuild, started now if this
        build needed none (every PDF was in the cache), so that the first edit's PDFs do not
        wait for workers to start and load their fonts."""
        if self.pool is not None or not self.session.preview or self.workers == 1:
            return
        self.pool = self._pool()
        for _ in range(self.workers):  # each worker lays out a page once: fonts, Pango, caches
            self.pool.submit(pdf_worker.render, _WARM_UP)

    def close(self, *, abort: bool = False) -> None:
        """Shut the pool down; ``abort`` stops the workers at once instead of letting them finish.
        A preview's pool is kept for its next rebuild unless this build failed."""
        if self.pool is None:
            return
        kept = self.session.pdf_pool is not None and self.session.pdf_pool[1] is self.pool
        if kept and not abort:
            return  # the preview's workers wait for its next rebuild
        if kept:
            self.session.pdf_pool = None
        if abort:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                # No public API stops a running task. SIGKILL, not SIGTERM: a worker holds nothing
                # to tidy (the cache is written here), and a just-forked one still has this
                # process's SIGTERM handler.
                process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)


def record_digest(corpus: Corpus, env_digest: bytes) -> bytes:
    """Hash of what shapes a decision's HTML besides its record: settings, templates, renderer code."""
    digest = hashlib.sha256(env_digest)
    digest.update(framed(corpus.settings.project.model_dump_json().encode("utf-8")))
    templates_and_code(digest, corpus.settings.templates_dir / "pdf")
    return digest.digest()


def _record_key(shared: bytes, decision: PublicDecision, corpus: Corpus) -> str:
    digest = hashlib.sha256(shared)
    digest.update(framed(decision.record.canonical_json.encode("utf-8")))
    image = decision.record.declaration.signature_image
    if image:  # embedded as a data: URL, so its bytes shape the PDF
        path = corpus.settings.root / image
        digest.update(framed(path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()


# Cache files are named by the hash of their content's inputs, so what one says never changes:
# a session that builds again (a preview after each save) need not read them again. A PDF's
# verdict is kept only while its file and its entry are the very files that were checked.


def _read_index(
    cache_dir: Path, record_key: str, decision: PublicDecision, session: Session
) -> dict[str, tuple[str, _Verified]] | None:
    """The PDF keys and cache entries of an unchanged record, when the index is its own and every PDF is intact."""
    keys: dict[str, str] | None = session.pdf_indexes.get((cache_dir, record_key))
    if keys is None:
        path = entry_path(cache_dir / "records", record_key, ".json")
        entry = read_json_entry(path, record_key)
        keys = _index_documents(entry, decision)
        if keys is None:
            if path is not None and path.exists():
                log.info(
                    "PDF cache: the index of %s is not valid; its documents are made again", decision.record.reference
                )
            return None
        session.pdf_indexes.put((cache_dir, record_key), keys)
    label = decision.record.reference
    found: dict[str, tuple[str, _Verified]] = {}
    for name, key in keys.items():
        verified = _verified(cache_dir, key, session, f"{label}: {name}")
        if verified is None:
            session.pdf_indexes.forget((cache_dir, record_key))
            return None
        found[name] = (key, verified)
    return found


def _index_documents(entry: dict[str, object] | None, decision: PublicDecision) -> dict[str, str] | None:
    """An index's {file name: PDF key}, when it names exactly the record's generated documents."""
    documents = entry.get("documents") if entry is not None else None
    if not isinstance(documents, dict):
        return None
    expected = {document.filename for document in decision.documents if document.kind not in SHIPPED_AS_THEY_ARE}
    if set(documents) != expected or not all(is_key(key) for key in documents.values()):
        return None
    return {str(name): str(key) for name, key in documents.items()}


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: by fork when this process has one thread (fast, and scripts need no
    ``__main__`` guard); from a fork server otherwise, because forking a threaded process (such
    as ``mkdocs serve``) can copy a lock some thread holds and hang the worker."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["decision_press.render.pdf_worker", "weasyprint"])
    return context


_WARM_UP = (
    '<!doctype html><html lang="en-GB"><head><title>Warm-up</title></head><body><h1>Warm-up</h1>'
    "<p>A paragraph with <strong>bold</strong> and <em>italic</em> text.</p>"
    "<table><tr><th>Term</th><td>Value</td></tr></table></body></html>"
)
"""A document a preview's new workers render once, its result unused."""

_WORKER_DIED = (
    "the PDF renderer's worker process was stopped abruptly while rendering this document or one "
    f"beside it (by the system, most likely for lack of memory: a worker may use "
    f"{pdf_worker.MEMORY_LIMIT // 1024**3} GB); shorten or split the document's tables and text, "
    "or build on a machine with more memory"
)


def _guarded(label: str, call: Callable[..., tuple[bytes, int]], *args: str | None) -> tuple[bytes, int]:
    """Run a render step; a refused resource, a dead worker or a WeasyPrint failure names the document."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        return call(*args)
    except FatalURLFetchingError as err:  # a BaseException: caught by name
        raise BuildFailed(f"{label}: the PDF renderer refused a resource: {err}") from None
    except BrokenProcessPool:
        raise BuildFailed(f"{label}: {_WORKER_DIED}") from None
    except pdf_worker.CpuTimeExceeded as err:
        raise BuildFailed(f"{label}: the PDF could not be rendered: {err}") from None
    except Exception as err:
        raise BuildFailed(f"{label}: the PDF could not be rendered: {err}") from err


def _cached(cache_dir: Path, key: str, session: Session, label: str = "") -> bool:
    """Whether the cache holds an intact PDF for ``key`` (a damaged entry is logged and ignored)."""
    return _verified(cache_dir, key, session, label) is not None


class _Verified(NamedTuple):
    pages: int
    sha256: str
    """Of the bytes checked: the manifest lists it without reading the file again."""
    size: int


def _verified(cache_dir: Path, key: str, session: Session, label: str = "") -> _Verified | None:
    """The page count, digest and size of the cached PDF ``key``, or None unless its entry and bytes check out.

    The entry must name ``key`` (so a file copied from another key fails), and the PDF's
    SHA-256 and size must be those the entry records (so a truncated or replaced PDF fails).
    A preview checks every PDF of the site after each save, so a file checked before costs
    two ``lstat`` calls: a key is 64 hex digits, so ``<key>.pdf`` cannot name a file outside
    the folder, and a link in its place is refused.
    """
    if not is_key(key):
        return None
    folder = os.fspath(cache_dir)  # plain strings: a preview stats 4,000 files a build
    stamp = _stamp(f"{folder}/{key}.pdf", f"{folder}/{key}.json")
    if stamp is None:
        return None  # not cached (yet), or not a plain file
    known: tuple[tuple[int, ...], _Verified] | None = session.pdf_verified.get((cache_dir, key))
    if known is not None and known[0] == stamp:
        return known[1]
    pdf, facts = cache_dir / f"{key}.pdf", cache_dir / f"{key}.json"
    entry = read_json_entry(facts, key)
    pages, sha256, size = (entry.get("pages"), entry.get("sha256"), entry.get("size")) if entry else (None,) * 3
    if (
        not isinstance(pages, int)
        or isinstance(pages, bool)
        or pages < 1
        or size != stamp[1]
        or not is_key(sha256)
        or sha256_file(pdf) != sha256
    ):
        log.info(
            "PDF cache: the entry %s%s is damaged or not its own; it is made again",
            key[:16],
            f" ({label})" if label else "",
        )
        return None
    verified = _Verified(pages, str(sha256), stamp[1])
    session.pdf_verified.put((cache_dir, key), (stamp, verified))
    return verified


def _stamp(*paths: str | Path) -> tuple[int, ...] | None:
    """Inode, size and times of each file (they change when a file is written or replaced);
    None when one is missing or is not a regular file (a link could lead out of the cache)."""
    stamp: list[int] = []
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        stamp += [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    return tuple(stamp)


def _store(cache_dir: Path, key: str, data: bytes, pages: int, session: Session) -> None:
    """Write the PDF, then its facts; each through a temporary name, so no reader sees half."""
    pdf, facts = cache_dir / f"{key}.pdf", cache_dir / f"{key}.json"
    write_atomic(pdf, data)
    digest = hashlib.sha256(data).hexdigest()
    entry = {"key": key, "pages": pages, "sha256": digest, "size": len(data)}
    write_atomic(facts, json.dumps(entry, sort_keys=True).encode("utf-8"))
    stamp = _stamp(pdf, facts)
    if stamp is not None:
        session.pdf_verified.put((cache_dir, key), (stamp, _Verified(pages, digest, len(data))))


def _from_cache(
    decision: PublicDecision,
    document: Document,
    cache_dir: Path,
    key: str,
    rendered: bool,
    session: Session,
    *,
    sealed: bool = False,
) -> RenderedDocument:
    """A PDF just stored in the cache, checked as it is read back."""
    label = f"{decision.record.reference}: {document.filename}"
    verified = _verified(cache_dir, key, session, label)
    if verified is None:
        raise BuildFailed(
            f"{label}: the PDF in the cache ({cache_dir / key}.pdf) changed while the site was being built; build again"
        )
    return _cached_document(decision, document, cache_dir, key, verified, rendered=rendered, sealed=sealed)


def _cached_document(
    decision: PublicDecision,
    document: Document,
    cache_dir: Path,
    key: str,
    verified: _Verified,
    *,
    rendered: bool = False,
    sealed: bool = False,
) -> RenderedDocument:
    return RenderedDocument(
        decision.slug,
        document,
        cache_dir / f"{key}.pdf",
        verified.pages,
        verified.size,
        sha256=verified.sha256,
        rendered=rendered,
        sealed=sealed,
    )


def _attachment(
    corpus: Corpus, decision: PublicDecision, document: Document, cache_dir: Path, session: Session
) -> RenderedDocument:
    """An existing PDF (an attachment, the signed copy), checked and copied into the cache unchanged."""
    relative, under = _shipped_file(decision, document)
    folder = (corpus.settings.data_dir / under).resolve()
    source = (corpus.settings.root / relative).resolve()
    where = f"{decision.record.reference}: {'signed copy' if document.kind == 'signed' else 'attachment'} {relative}"
    if not source.is_relative_to(folder) or not source.is_file():
        raise BuildFailed(f"{where}: not a file inside {display_path(folder, corpus.settings.root)}/")
    if source.stat().st_size > MAX_ATTACHMENT_BYTES:
        raise BuildFailed(f"{where}: larger than {MAX_ATTACHMENT_BYTES // 1_048_576} MB")
    data = source.read_bytes()
    # Checked again on the bytes published: the file may have changed since 'check'.
    inspection = inspect_pdf(data)
    if inspection.problem:
        raise BuildFailed(f"{where}: cannot be published: {inspection.problem}")
    key = hashlib.sha256(data).hexdigest()
    if not _cached(cache_dir, key, session):
        _store(cache_dir, key, data, inspection.pages, session)
    stored = _from_cache(decision, document, cache_dir, key, False, session)
    return dataclasses.replace(stored, tagged=inspection.tagged, scanned=inspection.scanned)


def _shipped_file(decision: PublicDecision, document: Document) -> tuple[str, str]:
    """The project path of a document published as it is, and the folder under data/ it must lie in."""
    if document.kind == "signed" and decision.record.signed_copy is not None:
        return decision.record.signed_copy, ""
    attachment = decision.record.attachments[document.index]
    if not attachment.published or attachment.file is None:  # an exempt file is never a document
        raise BuildFailed(f"{decision.record.reference}: '{attachment.title}' is exempt; it was not published")
    return attachment.file, "attachments"
