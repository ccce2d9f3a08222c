"""An attached PDF without tags: its decision's page says so beside its link, and how to ask for another format."""

from __future__ import annotations

import re
from pathlib import Path

from attachment_pdfs import TAGGED, UNTAGGED, add_attachment, tagged_pdf
from decision_press.settings import load_settings

from .conftest import build, read_page

NOTICE = "This document may not be accessible: it is a PDF without tags"


def documents_list(page: str) -> dict[str, str]:
    """Each item of the page's list of documents, by the file its link opens."""
    start = page.index('<ul class="dp-documents">')
    items = re.findall(r"<li>(.*?)</li>", page[start : page.index("</ul>", start)], re.S)
    return {re.search(r'<a href="([^"]+)"', item).group(1): item for item in items}  # type: ignore[union-attr]


def test_the_notice_stands_beside_the_untagged_attachment_only(project: Path) -> None:
    add_attachment(project, TAGGED, tagged_pdf())
    email = load_settings(project).project.organisation.email
    site = build(project)

    documents = documents_list(read_page(site, "decisions/pcd-1040/"))
    assert set(documents) == {
        "pcd-1040.pdf",
        "annex-a-options-appraisal-for-the-victims-hub-premises.pdf",
        "illustrative-site-plan.pdf",
        "floor-plan.pdf",
    }
    assert [name for name, item in documents.items() if NOTICE in item] == ["illustrative-site-plan.pdf"]
    notice = documents["illustrative-site-plan.pdf"]
    assert notice.index("</a>") < notice.index(NOTICE)  # beside the link, not inside its name
    assert (
        f'<a href="mailto:{email}?subject=Another%20format%3A%20PCD%201040%2C%20Illustrative%20site%20plan">{email}</a>'
    ) in notice
    for other in ("pcd-911", "pcd-948", "ceod-35-2022"):
        assert NOTICE not in read_page(site, f"decisions/{other}/")


def test_the_notice_goes_when_the_attachment_is_replaced_by_a_tagged_pdf(project: Path) -> None:
    assert NOTICE in read_page(build(project), "decisions/pcd-1040/")
    (project / UNTAGGED).write_bytes(tagged_pdf())
    page = read_page(build(project), "decisions/pcd-1040/")  # the same cache: the page is made again
    assert "illustrative-site-plan.pdf" in documents_list(page)
    assert NOTICE not in page
