"""PCD 911's PDFs read back: every paragraph in order, the form's blocks in the form's order."""

from __future__ import annotations

from pypdf import PdfReader

from decision_press.model.record import OFFICER_CHECK_LABELS
from decision_press.render.markdown_lite import plain_text

from .conftest import FORM, REPORT, Rendered911, assert_in_order, squash

PREFIX = 60
"""Characters of each paragraph compared: enough to be distinctive."""


def test_every_paragraph_of_the_form_appears_in_order(rendered_911: Rendered911) -> None:
    record = rendered_911.decision.record
    needles = [plain_text(record.summary)[:PREFIX]]
    needles += [plain_text(r.text)[:PREFIX] for r in record.recommendations]
    for section in record.sections:
        needles.append(section.title)
        for paragraph in section.paragraphs:
            if paragraph.text is not None:
                needles.append(plain_text(paragraph.text)[:PREFIX])
            needles += [plain_text(item)[:PREFIX] for item in paragraph.items]
    assert_in_order(rendered_911.text(FORM), needles)


def test_part_one_is_numbered_from_position(rendered_911: Rendered911) -> None:
    text = rendered_911.text(FORM)
    numbered = []
    for section in rendered_911.decision.sections:
        numbered.append(f"{section.number}. {section.title}")
        numbered += [
            f"{p.number} {plain_text(p.paragraph.text or '')[:30]}" for p in section.paragraphs if p.number is not None
        ]
    # Numbers are read before their text: sections 1 to 7, paragraphs 1.1 to 6.3.
    assert numbered[0] == "1. Introduction and background"
    assert numbered[-1] == "7. Background/supporting papers"
    assert_in_order(text, numbered)
    # The bare list under 'Background/supporting papers' carries no number 7.1.
    assert "7.1" not in text


def test_the_form_blocks_come_in_the_order_of_the_signed_form(rendered_911: Rendered911) -> None:
    assert_in_order(
        rendered_911.text(FORM),
        [
            "Mayor's Office for Policing and Crime",
            "DMPC Decision – PCD 911",
            "Piloting a Multi-Agency Response to Drug Trafficking",
            "Executive summary",
            "Recommendation",
            "1. The Deputy Mayor for Policing and Crime is recommended",
            "Deputy Mayor for Policing and Crime",
            "I confirm I have considered whether or not I have any personal",
            "Interests declared",
            "None.",
            "Signature",
            "Date",
            "8 October 2020",
            "Sophie Linden",
            "PART I – NON-CONFIDENTIAL FACTS AND ADVICE TO THE DEPUTY MAYOR FOR POLICING AND CRIME (DMPC)",
            "1. Introduction and background",
            "Public access to information",
            "Is the publication of this form to be deferred?",
            "No",
            "Is there a Part 2 form?",
            "No",
            "Originating officer declaration",
            *OFFICER_CHECK_LABELS.values(),
            "Officer approval",
            "I have been consulted about the proposal",
            "Signature",
            "Date",
            "Chief Executive",
        ],
    )


def test_the_mps_report_has_its_blocks_and_sections(rendered_911: Rendered911) -> None:
    report = rendered_911.decision.record.appendices[0]
    assert report.kind == "report"
    needles = [
        "OFFICIAL",
        "Appendix 1 to DMPC Decision – PCD 911",
        report.title,
        "Report by",
        "on behalf of the Commissioner",
        "24 September 2020",
        "Illustrative text",
        "Report summary",
        plain_text(report.summary)[:PREFIX],
        "Recommendation",
        "a) approve the acceptance",
        "b) note that a Detective Inspector",
    ]
    for section in report.sections:
        needles.append(section.title)
        needles += [plain_text(p.text)[:PREFIX] for p in section.paragraphs if p.text is not None]
    needles += ["Report author", "Detective Inspector, Serious Organised Crime Command"]
    assert_in_order(rendered_911.text(REPORT), needles)


def test_running_header_and_page_x_of_y(rendered_911: Rendered911) -> None:
    reader = PdfReader(rendered_911.path(FORM))
    count = len(reader.pages)
    assert count == rendered_911.documents[("pcd-911", FORM)].pages
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {count}" in text
        assert "PCD 911" in text
        assert "Piloting a Multi-Agency Response to Drug Trafficking" in text


def test_every_section_is_bookmarked(rendered_911: Rendered911) -> None:
    def titles(outline: list[object]) -> list[str]:
        found: list[str] = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [str(item.title)]  # type: ignore[attr-defined]
        return found

    marks = [squash(t) for t in titles(PdfReader(rendered_911.path(FORM)).outline)]
    for section in rendered_911.decision.sections:
        assert any(squash(section.title) in mark for mark in marks), section.title
    for heading in ("Executive summary", "Recommendation", "Officer approval", "PART I"):
        assert any(squash(heading) in mark for mark in marks), heading
