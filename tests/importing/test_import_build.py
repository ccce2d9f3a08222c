"""Imported pages build: every sentence of each page is on its built page and in its form PDF,
in the page's order and numbered as the page numbers it (compared sentence by sentence)."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from decision_press.model.record import slugify

from .conftest import PAGES, assert_in_order, emptied, normalised, page_sentences, place_documents, run, write_metadata

pytestmark = pytest.mark.slow

SHAPES = {
    "pcd-911.txt": ("PCD 911", "Piloting a Multi-Agency Response to Drug Trafficking"),
    "pcd-257-claim-settlement.txt": ("PCD 257", "Request for authorisation to settle a claim against the MPS"),
    "pcd-393-contract-award.txt": ("PCD 393", "Facilities Management - Contract Awards"),
    "pcd-1480-budget-monitoring.txt": ("PCD 1480", "2022/23 Quarter 4 Budget Monitoring Report"),
    "ceod-35-2024-chief-executive.txt": ("CEOD 35-2024", "Shared Endeavour Fund Call 6 Grant Fund Manager"),
    "dmpcd-2015-67-signed-pdf-only.txt": ("DMPCD 2015 67", "MOPAC Provisional Outturn 2014/15"),
}
HOSTILE = "key: value !!python/object/apply:os.system ['id'] {{ config }} <script>alert(1)</script> *not bold* &amp;"
"""A sentence that is YAML, a template, HTML and Markdown at once: it must print as written."""
METADATA = [
    "PCD 950,2020-11-01,2020-11-02,Sophie Linden,Grant funding",
    "PCD 911,2020-10-08,2020-10-15,Sophie Linden,Drugs;County Lines;Grant funding",
    "PCD 257,,2017-09-21,,Civil claims",
    "PCD 393,2017-11-02,2017-11-09,Sophie Linden,Contracts;Estates",
    "PCD 1480,,,Sophie Linden,Budget",
    "CEOD 35.2024,,2024-06-10,Lynda McMullan,Counter-extremism;Contracts",
    "DMPCD 2015 67,,2015-06-01,,Budget",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = emptied(make_project(tmp_path_factory.mktemp("import") / "project"))
    metadata = write_metadata(project, *METADATA)
    hostile = project / "hostile.txt"
    seed = (PAGES / "pcd-911.txt").read_text(encoding="utf-8")
    hostile.write_text(seed.replace("1.1. This papers", f"1.1. {HOSTILE} This papers").replace("PCD 911 ", "PCD 950 "))
    pages = [str(PAGES / name) for name in SHAPES] + [str(hostile)]
    code, output = run(project, "import", *pages, "--metadata", str(metadata))
    assert code == 0 and output.count(": imported to ") == len(pages), output
    place_documents(project)
    code, output = run(project, "check")
    assert code == 0, output
    subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", "2026-12-01"],
        check=True,
        capture_output=True,
    )
    return project / "site"


def page_text(site: Path, reference: str) -> str:
    document = (site / "decisions" / slugify(reference) / "index.html").read_text(encoding="utf-8")
    article = document.split('class="dp-page dp-decision', 1)[1]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def form_text(site: Path, reference: str) -> str:
    slug = slugify(reference)
    reader = PdfReader(io.BytesIO((site / "decisions" / slug / f"{slug}.pdf").read_bytes()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_sentence_is_on_the_page_in_order_and_numbered(built: Path, name: str) -> None:
    reference, title = SHAPES[name]
    text = page_text(built, reference)
    assert f"{reference} : {title}" in " ".join(text.split())
    assert_in_order(text, page_sentences((PAGES / name).read_text(encoding="utf-8")), f"{name} page")


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_sentence_is_in_the_form_pdf_in_order_and_numbered(built: Path, name: str) -> None:
    reference, _ = SHAPES[name]
    text = form_text(built, reference)
    assert_in_order(text, page_sentences((PAGES / name).read_text(encoding="utf-8")), f"{name} form")
    assert normalised(SHAPES[name][1]) in normalised(text)
    assert "NON-CONFIDENTIAL FACTS AND ADVICE TO THE" in text


def test_the_part_2_reason_is_published_and_the_documents_are_listed(built: Path) -> None:
    claim = page_text(built, "PCD 257")
    assert "There is a confidential Part 2 report for this decision." in " ".join(claim.split())
    contracts = " ".join(page_text(built, "PCD 393").split())
    for title in (
        "Signed decision document",
        "Appendix 1 Lot 1 Evaluation Report",
        "Appendix 2 Lot 2 Evaluation Report",
    ):
        assert f"{title} (PDF" in contracts


def test_hostile_text_prints_as_written_and_runs_nowhere(built: Path) -> None:
    document = (built / "decisions" / "pcd-950" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in document and "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert HOSTILE in " ".join(page_text(built, "PCD 950").split())
    assert HOSTILE in " ".join(form_text(built, "PCD 950").split())
