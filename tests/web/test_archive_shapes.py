"""Shapes of real archives, built: no topics, the whole text in the signed PDF, exempt appendices, 'asked to note'."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
import weasyprint

from conftest import copy_project

from .conftest import build, main_text, read_page, site_files

EXEMPT_CANARY = "CANARY-EXEMPT-APPENDIX-6620"

RECORDS = """\
- reference: PCD 2001
  title: Quarter 4 budget monitoring
  status: published
  decision_maker: Deputy Mayor for Policing and Crime
  signed: 2024-06-03
  published: 2024-06-10
  asked_to: note
  summary: The outturn follows the budget set by CEOD 35.2022 and DMPCD 2015 67.
  recommendations:
    - the draft outturn underspend of £3.0m.
  sections:
    - title: Introduction and background
      paragraphs:
        - The report covers 2023/24.
- reference: DMPCD 2015 67
  title: MOPAC Provisional Outturn 2014/15
  status: published
  decision_maker: Deputy Mayor for Policing and Crime
  signed: 2015-05-27
  published: 2015-06-01
  topics: [Budget]
  summary: The provisional outturn for 2014/15 is an underspend of £22m against the net revenue budget.
  recommendations:
    - Note the provisional outturn.
  attachments:
    - title: Signed decision
      file: data/attachments/dmpcd-2015-67-signed.pdf
      full_text: true
- reference: PCD 2002
  title: Grants to third parties
  status: published
  decision_maker: Deputy Mayor for Policing and Crime
  signed: 2024-07-01
  published: 2024-07-08
  topics: [Grant funding]
  summary: The grants are paid under delegated authority.
  recommendations:
    - Approve the grants listed in Appendix B.
  sections:
    - title: Introduction and background
      paragraphs:
        - The recipients are listed in Appendix B.
  attachments:
    - title: Grant plan
      file: data/attachments/pcd-2002-grant-plan.pdf
    - title: Appendix B grant recipients
      file: data/attachments/pcd-2002-appendix-b.pdf
      exempt:
        reason: It names the recipients, who have not agreed to be named.
        legal_basis: FOIA s.40
    - title: Appendix C draft agreement
      exempt:
        reason: Commercially sensitive until signed.
"""


def pdf_saying(text: str) -> bytes:
    data = weasyprint.HTML(string=f"<html lang='en'><title>{text}</title><p>{text}</p></html>").write_pdf(
        pdf_variant="pdf/ua-1"
    )
    assert data is not None
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("archive") / "project")
    attachments = project / "data" / "attachments"
    (attachments / "dmpcd-2015-67-signed.pdf").write_bytes(pdf_saying("The DMPC approves the provisional outturn."))
    (attachments / "pcd-2002-grant-plan.pdf").write_bytes(pdf_saying("Grant plan"))
    (attachments / "pcd-2002-appendix-b.pdf").write_bytes(pdf_saying(EXEMPT_CANARY))
    (project / "data" / "decisions" / "archive.yaml").write_text(RECORDS, encoding="utf-8")
    return build(project)


def pdf_text(path: Path) -> str:
    return " ".join("".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages).split())


def test_a_decision_without_topics_is_published_on_no_topic_page(site: Path) -> None:
    page = main_text(read_page(site, "decisions/pcd-2001/"))
    assert "<dt>Topics</dt> <dd>None yet</dd>" in page


def test_asked_to_note_words_the_page_and_the_form(site: Path) -> None:
    lead_in = "The Deputy Mayor for Policing and Crime (DMPC) is asked to note:"
    assert f"<p>{lead_in}</p>" in read_page(site, "decisions/pcd-2001/")
    assert lead_in in pdf_text(site / "decisions" / "pcd-2001" / "pcd-2001.pdf")


def test_references_of_other_patterns_link_from_the_page(site: Path) -> None:
    page = read_page(site, "decisions/pcd-2001/")
    links = {text: href for href, text in re.findall(r'<a class="dp-ref" href="([^"]+)">([^<]+)</a>', page)}
    assert links == {"CEOD 35.2022": "../../decisions/ceod-35-2022/", "DMPCD 2015 67": "../../decisions/dmpcd-2015-67/"}


def test_a_decision_whose_text_is_its_signed_pdf_has_no_generated_form(site: Path) -> None:
    folder = site / "decisions" / "dmpcd-2015-67"
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".pdf") == ["signed-decision.pdf"]
    page = main_text(read_page(site, "decisions/dmpcd-2015-67/"))
    assert "The full text of this decision is in its signed PDF" in page
    assert 'href="signed-decision.pdf"' in page
    assert "Part I: facts and advice" not in page


def test_an_exempt_appendix_shows_its_title_and_reason_never_its_content(site: Path) -> None:
    page = main_text(read_page(site, "decisions/pcd-2002/"))
    for title, reason in [
        ("Appendix B grant recipients", "It names the recipients, who have not agreed to be named."),
        ("Appendix C draft agreement", "Commercially sensitive until signed."),
    ]:
        assert title in page and reason in page
    assert "FOIA s.40" in page
    files = site_files(site)
    assert sorted(name for name in files if name.startswith("decisions/pcd-2002/")) == [
        "decisions/pcd-2002/grant-plan.pdf",
        "decisions/pcd-2002/index.html",
        "decisions/pcd-2002/pcd-2002.pdf",
    ]
    assert not [name for name, data in files.items() if b"appendix-b" in data or b"appendix-c" in data]
    leaks = [name for name, data in files.items() if EXEMPT_CANARY.encode() in data]
    leaks += [name for name in files if name.endswith(".pdf") and EXEMPT_CANARY in pdf_text(site / name)]
    assert leaks == []
    assert "Appendix B grant recipients" in pdf_text(site / "decisions" / "pcd-2002" / "pcd-2002.pdf")


def test_the_attached_signed_pdf_is_shipped_as_it_is(site: Path) -> None:
    data = (site / "decisions" / "dmpcd-2015-67" / "signed-decision.pdf").read_bytes()
    assert "provisional outturn" in " ".join(
        "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages).split()
    )
