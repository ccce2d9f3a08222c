"""HTML string → PDF bytes and page count, inside a render worker process.

One document uses one core (WeasyPrint lays out pages in sequence), so a build renders
documents side by side in a process pool. Each worker parses the stylesheet and loads the
fonts once, in :func:`init`, and keeps them in module globals for every later document.
When the build seals its PDFs, the worker also loads the seal key once and seals each PDF
it renders (:mod:`decision_press.render.pdf_seal`), so sealing runs in the pool too. It
renders with :mod:`decision_press.render.pdf_fastpaths` in place of WeasyPrint's hottest
functions, and compresses at the level :mod:`decision_press.render.pdf_streams` sets.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from decision_press import frame_stack

if TYPE_CHECKING:
    from weasyprint import HTML

    from decision_press.sealing import SealKey

MEMORY_LIMIT = 4 * 1024**3
"""Address space of a pool worker: a 220-page table-heavy report needs about 2 GB."""
CPU_SECONDS_PER_DOCUMENT = 120
"""CPU time one document may take in a pool worker; a decision form takes well under a second."""

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF with a structure tree, language and title: what PSBAR 2018 expects of a PDF."""


@dataclass(frozen=True)
class StyleSource:
    """The stylesheet a worker parses once: its text (hashed by the parent) and where it lives."""

    css: str
    base_url: str
    """file: URL of the stylesheet, so that its font URLs resolve inside the project."""
    roots: tuple[str, ...]
    """Folders the renderer may read files from (assets/, templates/pdf/)."""


_loaded: dict[str, Any] = {}
"""Per-process state: the style source, FontConfiguration, parsed CSS and URL fetcher."""


def init(style: StyleSource, limits: bool = False, build_pid: int | None = None, seal: SealKey | None = None) -> None:
    """Parse the stylesheet and register the fonts, once per worker (and per style source).

    ``limits`` (pool workers only, never the caller's own process) caps memory and, per
    document, CPU time: a crafted layout that loops or grows is stopped, and the pool reports
    the document that broke it, instead of hanging the build. A pool worker also dies with
    the build process ``build_pid`` (see :func:`_die_with_parent`) and leaves Ctrl-C to it.
    """
    if limits:
        import resource
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, inherited by fork
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops the pool on Ctrl-C
        _die_with_parent(build_pid)
        signal.signal(signal.SIGXCPU, _out_of_cpu_time)

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > MEMORY_LIMIT:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))
        _loaded["limits"] = True
    _load_sealer(seal)
    _load_style(style)
    if limits:
        set_aside_for_rendering()


def _load_style(style: StyleSource) -> None:
    if _loaded.get("style") == style:
        return
    from pathlib import Path

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from decision_press.render import pdf_fastpaths, pdf_streams, pdf_ua
    from decision_press.render.pdf_fetch import ProjectFetcher

    if "style" not in _loaded:
        # Drop WeasyPrint's font objects before the interpreter tears down the C libraries
        # they free themselves with (else a harmless but alarming error at exit).
        atexit.register(_loaded.clear)
    fetcher = ProjectFetcher(Path(root) for root in style.roots)
    fonts = FontConfiguration()
    css = CSS(string=style.css, base_url=style.base_url, url_fetcher=fetcher, font_config=fonts)
    kept = {name: _loaded[name] for name in ("limits", "seal", "sealer") if name in _loaded}
    _loaded.clear()
    ua = pdf_ua.user_agent_stylesheet(style.css)
    pdf_fastpaths.install()  # over the WeasyPrint they were written for, else nothing changes
    pdf_streams.install()
    _loaded.update(style=style, fonts=fonts, css=css, fetcher=fetcher, ua=ua, **kept)


@contextmanager
def weasyprint_as_released() -> Iterator[None]:
    """WeasyPrint and pydyf without this worker's changes (fast paths, compression) inside the block."""
    from decision_press.render import pdf_fastpaths, pdf_streams

    changes = [change for change in (pdf_fastpaths, pdf_streams) if change.active()]
    for change in changes:
        change.uninstall()
    try:
        yield
    finally:
        for change in changes:
            change.install()


YOUNG_GENERATION = 20_000
"""Objects a pool worker makes between two collections of the youngest generation (Python: 700)."""


def set_aside_for_rendering() -> None:
    """Keep a new worker's long-lived objects out of the cycle collector, and run it less often.

    Everything alive now stays alive while the worker renders: what the build process held when
    it forked this worker, WeasyPrint's modules, the parsed stylesheet and fonts. Each full
    collection walked all of it again, and walking an object inherited from the build process
    writes to it, which copies its memory page into the worker. A document's own objects are
    mostly freed by reference counting as soon as they are done with; collecting the youngest
    generation every 700 of them did little but cost time (BENCHMARKS.md, "PDF pages").
    """
    from decision_press import heap

    heap.set_aside()
    heap.young_collections_spaced(YOUNG_GENERATION)


def _load_sealer(seal: SealKey | None) -> None:
    """Open the seal key once per worker (and per key); None: the PDFs this worker renders are not sealed."""
    if _loaded.get("seal") == seal and ("sealer" in _loaded or seal is None):
        return
    _loaded.pop("sealer", None)
    _loaded["seal"] = seal
    if seal is not None:
        from decision_press.render.pdf_seal import Sealer

        _loaded["sealer"] = Sealer(seal)


def render(html: str, site_path: str | None = None) -> tuple[bytes, int]:
    """Render one document with the worker's fonts and stylesheet: (PDF bytes, page count).

    With a seal loaded (:func:`init`), the PDF is sealed as published at ``site_path``.
    Layout runs with room on the frame stack (:mod:`decision_press.frame_stack`).
    """
    return frame_stack.call_with_room(_render, html, site_path)


def _render(html: str, site_path: str | None) -> tuple[bytes, int]:
    if _loaded.get("limits"):
        _allow_cpu_seconds(CPU_SECONDS_PER_DOCUMENT)
    # No base URL: the HTML carries its images as data: URLs and needs no file; links to
    # site paths stay relative instead of turning into file: links to the build machine.
    document = _html(html).render(font_config=_loaded["fonts"], stylesheets=[_loaded["css"]], pdf_variant=PDF_VARIANT)
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert isinstance(data, bytes)
    sealer = _loaded.get("sealer")
    if sealer is not None:
        if site_path is None:
            raise ValueError("a sealed PDF needs the path it is published at")
        data = sealer.seal(data, site_path)
    return data, len(document.pages)


def _html(markup: str) -> HTML:
    """WeasyPrint's document of ``markup``, with the tree :mod:`.pdf_tree` builds where it can
    (a twentieth of a document's time saved), else parsed by WeasyPrint itself, and the
    user-agent stylesheet :mod:`.pdf_ua` narrows where it can."""
    import cssselect2
    from weasyprint import HTML

    from decision_press.render import pdf_tree, pdf_ua

    ua = _loaded.get("ua")
    document_class: type[HTML] = HTML if ua is None else pdf_ua.document_class(ua)
    tree = pdf_tree.parse(markup)
    if tree is None:
        return document_class(string=markup, url_fetcher=_loaded["fetcher"])
    # What WeasyPrint 70's HTML() sets once it has parsed (tests/pdf/test_pdf_tree.py checks
    # that it sets nothing else); a tree pdf_tree accepts has no <base>, so no base URL.
    document = object.__new__(document_class)  # as HTML() makes it, then filled in below
    document.base_url = None
    document.url_fetcher = _loaded["fetcher"]
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


class CpuTimeExceeded(Exception):
    """A document took more CPU time than :data:`CPU_SECONDS_PER_DOCUMENT`."""


def _out_of_cpu_time(signum: int, frame: object) -> None:
    # The soft limit sends SIGXCPU (then once a second): stop this document with an error the
    # build reports by name, rather than being killed, which breaks the whole pool.
    raise CpuTimeExceeded(
        f"it took more than {CPU_SECONDS_PER_DOCUMENT} s of CPU time; "
        "shorten its tables or split it into several documents"
    )


_PR_SET_PDEATHSIG = 1


def _die_with_parent(build_pid: int | None) -> None:
    """Have the kernel kill this worker when its parent dies, however it dies (even SIGKILL).

    Without this, a worker of a killed build waits on its task queue for ever: every worker
    holds both ends of the queue's pipe, so it never sees the end of it. The parent is the
    build process (fork) or the fork server, which itself exits when the build dies. A build
    that died before this call is caught by checking that it still exists.
    """
    import ctypes
    import ctypes.util
    import os
    import signal
    import sys

    parent = os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent or (build_pid is not None and not _alive(build_pid)):
        os._exit(1)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _allow_cpu_seconds(seconds: int) -> None:
    """Let this process use ``seconds`` more CPU time; past that the kernel stops it (SIGXCPU)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime) + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
