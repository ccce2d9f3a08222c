"""Hostile author text: nothing read outside the project's assets, no request, nothing attached."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit
from urllib.request import HTTPRedirectHandler, urlopen

import pikepdf
import pytest
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from decision_press.render.pdf import render_all
from decision_press.render.pdf_fetch import ProjectFetcher
from decision_press.render.templates import PACKAGE_TEMPLATES

from .conftest import FORM, corpus_of, pdf_text, squash


class Canary(http.server.BaseHTTPRequestHandler):
    """Counts every request that reaches it; a safe renderer sends none."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Canary.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[int]:
    """A loopback HTTP server on a free port; yields the port."""
    Canary.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def hostile_project(project: Path, port: int) -> None:
    """PCD 911 with a paragraph (and a recommendation) written to make the renderer fetch."""
    payload = (
        f'Hostile <img src="file:///etc/passwd"> and <link rel="attachment" href="file:///etc/passwd"> '
        f"and [x](http://127.0.0.1:{port}/) and "
        f"<style>@import url(http://127.0.0.1:{port}/x.css)</style> end."
    )
    path = project / "data/decisions.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    - title: Introduction and background\n      paragraphs:\n"
    assert anchor in text
    text = text.replace(anchor, anchor + f"        - '{payload}'\n")
    text = text.replace("  recommendations:\n", f"  recommendations:\n    - '{payload}'\n", 1)
    path.write_text(text, encoding="utf-8")


def test_hostile_record_reads_no_file_and_sends_no_request(
    project: Path, canary: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_project(project, canary)
    fetched: list[str] = []
    ours, base = ProjectFetcher.fetch, URLFetcher.fetch

    def spy_ours(self: ProjectFetcher, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return ours(self, url, headers)

    def spy_base(self: URLFetcher, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return base(self, url, headers)

    monkeypatch.setattr(ProjectFetcher, "fetch", spy_ours)
    monkeypatch.setattr(URLFetcher, "fetch", spy_base)
    # In this process, so the spies see every fetch.
    documents = render_all(corpus_of(project), project.parent / "cache", workers=1)

    allowed = (
        (project / "assets").resolve(),
        (project / "templates/pdf").resolve(),
        (PACKAGE_TEMPLATES / "pdf").resolve(),
    )
    assert fetched, "the spy saw no fetch at all: the fonts at least are fetched"
    for url in fetched:
        parts = urlsplit(url)
        assert parts.scheme in ("file", "data"), url
        if parts.scheme == "file":
            assert any(Path(unquote(parts.path)).resolve().is_relative_to(a) for a in allowed), url
    assert Canary.requests == []
    with urlopen(f"http://127.0.0.1:{canary}/control") as response:  # the canary does listen
        response.read()
    assert Canary.requests == ["/control"]

    for document in documents.values():
        with pikepdf.open(document.path) as pdf:
            assert len(pdf.attachments) == 0
            assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
            for page in pdf.pages:
                for annot in page.get("/Annots", []):
                    assert str(annot.Subtype) != "/FileAttachment"
        assert "root:x:0:" not in pdf_text(document.path)
    # The author's text is shown as typed, not executed.
    text = pdf_text(documents[("pcd-911", FORM)].path)
    assert squash('Hostile <img src="file:///etc/passwd"> and <link rel="attachment"') in squash(text)
    assert squash("<style>@import url(http://127.0.0.1:") in squash(text)


@pytest.fixture
def fetcher(project: Path) -> ProjectFetcher:
    return ProjectFetcher([project / "assets", project / "templates/pdf"])


def test_fetcher_serves_the_bundled_fonts_and_data_urls(fetcher: ProjectFetcher, project: Path) -> None:
    font = project / "assets/fonts/OpenSans-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "https://127.0.0.1:9/",
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "file:///dev/urandom",
        "file://otherhost/etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_fetcher_refuses_everything_else(fetcher: ProjectFetcher, url: str) -> None:
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)


def test_fetcher_refuses_escapes_from_the_assets(fetcher: ProjectFetcher, project: Path) -> None:
    (project / "assets/leak").symlink_to("/etc/passwd")
    for url in (
        (project / "assets/leak").as_uri(),
        (project / "assets").as_uri() + "/../data/decisions.yaml",
        (project / "assets").as_uri(),
    ):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)


def test_fetcher_never_follows_redirects(fetcher: ProjectFetcher) -> None:
    assert not any(isinstance(handler, HTTPRedirectHandler) for handler in fetcher.handlers)
