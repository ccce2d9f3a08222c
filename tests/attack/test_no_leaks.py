"""Every byte of a real build is scanned for what must never be public.

The example data carries canary strings in a draft, an embargoed decision, a deferred
decision and a Part 2 text. None may appear in any file of the site: pages, search
index, sitemap, feed, open data, hidden files, compressed files, nor the text, metadata
or attachments of any PDF.

The search index is Pagefind's: every ``.pf_*`` file is gzip-compressed and, once
decompressed, starts with the signature ``pagefind_dcd``; a fragment (the text of one page)
is JSON, an index chunk (the words, lower case) and the filters are CBOR, whose strings are
plain UTF-8. Each is decompressed and scanned, whole canaries in the fragments and their
words in the index chunks.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pypdf
import pytest

from web.conftest import pagefind_decoded

pytestmark = pytest.mark.slow

CANARIES = ("CANARY-PART2-SETTLEMENT-7731", "CANARY-DEFERRED-4410", "CANARY-EMBARGO-5522", "CANARY-DRAFT-9183")
HELD_BACK = ("pcd-1263", "pcd-1301", "pcd-1320")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("leaks") / "project")
    subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", "2026-11-26"],
        check=True,
        capture_output=True,
    )
    return project / "site"


def readable_text(path: Path) -> Iterator[str]:
    """Everything a reader or a machine could get out of one file."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix.startswith(".pf_"):
        data = pagefind_decoded(path)
    yield data.decode("utf-8", errors="replace")
    if data.startswith(b"%PDF-"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        yield "".join(page.extract_text() or "" for page in reader.pages)
        yield repr(dict(reader.metadata or {}))
        yield "".join(str(item.title) for item in _outline(reader.outline))
        with pikepdf.open(io.BytesIO(data)) as pdf:
            yield repr(pdf.open_metadata())
            for name, attached in pdf.attachments.items():
                yield name + attached.get_file().read_bytes().decode("utf-8", errors="replace")


def _outline(items: list) -> Iterator:  # type: ignore[type-arg]
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def every_file(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()]  # rglob includes hidden files


def test_the_site_has_pdfs_and_compressed_files_to_scan(site: Path) -> None:
    suffixes = {p.suffix for p in every_file(site)}
    assert {".html", ".pdf", ".json", ".xml"} <= suffixes


@pytest.mark.parametrize("canary", CANARIES)
def test_no_canary_in_any_byte_of_the_site(site: Path, canary: str) -> None:
    leaks = [
        p.relative_to(site).as_posix() for p in every_file(site) if any(canary in text for text in readable_text(p))
    ]
    assert leaks == []


def test_no_path_for_held_back_decisions(site: Path) -> None:
    paths = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert not [p for p in paths if any(slug in p for slug in HELD_BACK)]


def test_no_generated_pdf_carries_an_attachment(site: Path) -> None:
    for pdf_path in site.rglob("*.pdf"):
        with pikepdf.open(pdf_path) as pdf:
            if pdf_path.name.startswith("pcd-1040-site-plan") or "site-plan" in pdf_path.name:
                continue  # an author's attachment, shipped byte for byte
            assert len(pdf.attachments) == 0, pdf_path


def _pagefind_files(site: Path, suffix: str) -> list[Path]:
    files = sorted((site / "pagefind").rglob(f"*{suffix}"))
    assert files, f"no {suffix} files in the search index"
    return files


def test_search_fragments_hold_the_public_text_and_no_canary(site: Path) -> None:
    fragments = [pagefind_decoded(p).decode("utf-8") for p in _pagefind_files(site, ".pf_fragment")]
    pages = [json.loads(text) for text in fragments]
    urls = {page["url"] for page in pages}
    assert "/decisions/pcd-911/" in urls
    assert not [url for url in urls if any(slug in url for slug in HELD_BACK)]
    for canary in CANARIES:
        assert not [page["url"] for page, text in zip(pages, fragments, strict=True) if canary in text], canary


def test_search_index_chunks_hold_no_word_of_a_canary(site: Path) -> None:
    chunks = b"".join(pagefind_decoded(p) for p in _pagefind_files(site, ".pf_index"))
    filters = b"".join(pagefind_decoded(p) for p in _pagefind_files(site, ".pf_filter"))
    assert b"grant" in chunks  # the scan reads the index's words
    assert b"Drugs" in filters  # and its filters
    for canary in CANARIES:
        for word in (canary.lower(), canary.rsplit("-", 1)[1]):  # the marker, and its number alone
            assert word.encode("utf-8") not in chunks, (canary, word)
