"""Every byte of a real build is scanned for what must never be public.

The example data carries canary strings in a draft, an embargoed decision, a deferred
decision, a decision removed after publication and a Part 2 text. None may appear in any file of the site: pages, search
index, sitemap, feed, open data, hidden files, compressed files, nor the text, metadata
or attachments of any PDF. The project is first previewed (``mkdocs serve``) and built for
review (``build --preview``), which show the draft and embargoed records: the public build
after them must still hold none of them, whatever the caches kept.

The search index is Pagefind's: every ``.pf_*`` file is gzip-compressed and, once
decompressed, starts with the signature ``pagefind_dcd``; a fragment (the text of one page)
is JSON, an index chunk (the words, lower case) and the filters are CBOR, whose strings are
plain UTF-8. Each is decompressed and scanned, whole canaries in the fragments and their
words in the index chunks.
"""

from __future__ import annotations

import datetime as dt
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
import weasyprint

from attachment_pdfs import UNTAGGED
from serving import serving
from web.conftest import pagefind_decoded

pytestmark = pytest.mark.slow

EXEMPT_CANARY = "CANARY-EXEMPT-APPENDIX-6620"
"""The content of an exempt appendix's file, and of its file name: neither may reach the site."""
CANARIES = (
    "CANARY-PART2-SETTLEMENT-7731",
    "CANARY-DEFERRED-4410",
    "CANARY-EMBARGO-5522",
    "CANARY-DRAFT-9183",
    "CANARY-REMOVED-6620",
    EXEMPT_CANARY,
    EXEMPT_CANARY.lower(),
)
HELD_BACK = ("pcd-1263", "pcd-1301", "pcd-1320")


AS_OF = "2026-11-26"


def _decision_press(project: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), *args], check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    """The example project, previewed with drafts shown, built for review, then built for the public."""
    folder = tmp_path_factory.mktemp("leaks")
    project = make_project(folder / "project")
    _add_exempt_appendix(project)
    with serving(project, folder / "serve.log", dt.date.fromisoformat(AS_OF)) as server:
        assert server.wait_for("decisions/pcd-1320/", "CANARY-DRAFT-9183"), server.output()
    _decision_press(project, "build", "--as-of", AS_OF, "--preview", str(project / "review"))
    _decision_press(project, "build", "--as-of", AS_OF)
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "site"


def test_the_review_build_before_the_public_one_showed_what_is_held_back(project: Path) -> None:
    # Otherwise the public build would have had nothing to leak from the caches.
    review = project / "review"
    for slug in HELD_BACK:
        assert (review / "decisions" / slug / "index.html").is_file(), slug
        assert (review / "decisions" / slug / f"{slug}.pdf").is_file(), slug
    pages = "".join(p.read_text("utf-8") for p in review.rglob("*.html"))
    # The held-back records only: Part 2 text, a removed decision and an exempt file are in no preview.
    assert all(canary in pages for canary in ("CANARY-DEFERRED-4410", "CANARY-EMBARGO-5522", "CANARY-DRAFT-9183"))


def _add_exempt_appendix(project: Path) -> None:
    """Give PCD 1040 an exempt appendix whose file (name and text) carries the canary."""
    relative = f"data/attachments/{EXEMPT_CANARY.lower()}.pdf"
    html = f"<html lang='en'><title>{EXEMPT_CANARY}</title><p>{EXEMPT_CANARY}</p></html>"
    (project / relative).write_bytes(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1") or b"")
    records = project / "data" / "decisions" / "examples.yaml"
    text = records.read_text(encoding="utf-8")
    site_plan = f"      file: {UNTAGGED}\n"
    assert site_plan in text
    exempt = f"    - title: Appendix B recipients\n      file: {relative}\n      exempt: {{reason: Personal data.}}\n"
    records.write_text(text.replace(site_plan, site_plan + exempt, 1), encoding="utf-8")


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


def test_a_removed_decision_leaves_only_its_notice(site: Path) -> None:
    folder = site / "decisions" / "pcd-1188"
    assert [p.name for p in folder.iterdir()] == ["index.html"]
    notice = (folder / "index.html").read_text(encoding="utf-8")
    assert "PCD 1188 was removed" in notice and "published in error" in notice
    assert '<meta name="robots" content="noindex">' in notice


def test_part2_text_reaches_no_preview_either(project: Path) -> None:
    review = project / "review"
    leaks = [
        p.relative_to(review).as_posix()
        for p in every_file(review)
        if any("CANARY-PART2-SETTLEMENT-7731" in text for text in readable_text(p))
    ]
    assert leaks == []


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
