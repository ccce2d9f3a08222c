"""Every byte of a real build is scanned for what must never be public.

The example data carries canary strings in a draft, an embargoed decision, a deferred
decision and a Part 2 text. None may appear in any file of the site: pages, search
index, sitemap, feed, open data, hidden files, compressed files, nor the text, metadata
or attachments of any PDF.
"""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pypdf
import pytest
import weasyprint

from attachment_pdfs import UNTAGGED

pytestmark = pytest.mark.slow

EXEMPT_CANARY = "CANARY-EXEMPT-APPENDIX-6620"
"""The content of an exempt appendix's file, and of its file name: neither may reach the site."""
CANARIES = (
    "CANARY-PART2-SETTLEMENT-7731",
    "CANARY-DEFERRED-4410",
    "CANARY-EMBARGO-5522",
    "CANARY-DRAFT-9183",
    EXEMPT_CANARY,
    EXEMPT_CANARY.lower(),
)
HELD_BACK = ("pcd-1263", "pcd-1301", "pcd-1320")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("leaks") / "project")
    _add_exempt_appendix(project)
    subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", "2026-11-26"],
        check=True,
        capture_output=True,
    )
    return project / "site"


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
