"""The text reader: a published page's blocks and hand numbering → the neutral parsed decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_press.importing.parsed import ParsedDecision
from decision_press.importing.readers import PageRefused, PageText, page_text, read_page
from decision_press.importing.references import read_reference
from decision_press.importing.run import READERS
from decision_press.importing.writer import markdown_text
from decision_press.render.markdown_lite import MarkdownLite
from decision_press.settings import load_settings

from .conftest import PAGES, REPO, SEED


def read(text: str) -> ParsedDecision:
    return read_page(PageText("page.txt", text, ()), load_settings(REPO), READERS)


def test_the_seed_page_is_read_block_by_block() -> None:
    parsed = read(SEED.read_text(encoding="utf-8"))
    assert (parsed.reference, parsed.title) == ("PCD 911", "Piloting a Multi-Agency Response to Drug Trafficking")
    assert [p.text for p in parsed.summary] == [SEED.read_text(encoding="utf-8").splitlines()[2]]
    assert len(parsed.recommendations) == 1 and parsed.recommendations[0].text.startswith("The Deputy Mayor")
    assert parsed.facts_heading == "Non-confidential facts and advice to the Deputy Mayor for Policing and Crime (DMPC)"
    assert [s.title for s in parsed.sections] == [
        "Introduction and background",
        "Issues for consideration",
        "Financial Comments",
        "Legal Comments",
        "GDPR and Data Privacy",
        "Equality Comments",
        "Background/supporting papers",
    ]
    assert [len(s.paragraphs) for s in parsed.sections] == [1, 2, 1, 2, 2, 3, 1]
    legal = parsed.sections[3].paragraphs[0]
    assert legal.text is not None and legal.text.endswith("which provides that")
    assert legal.items[1:] == [
        "(2)That includes—",
        "(a)entering into contracts and other agreements (whether legally binding or not);",
    ]
    papers = parsed.sections[6].paragraphs[0]
    assert papers.text is None and len(papers.items) == 1
    assert parsed.documents == [papers.items[0]]
    assert parsed.part2_reason is None and parsed.notes == []


def test_numbered_and_lettered_recommendations_become_items_without_their_numbers() -> None:
    parsed = read((PAGES / "pcd-393-contract-award.txt").read_text(encoding="utf-8"))
    assert parsed.recommendation_intro == "The Deputy Mayor for Policing and Crime is recommended to:"
    first, second = parsed.recommendations
    assert first.text.startswith("Approve the award of Lot 1") and first.items == []
    assert second.items == ["an initial term of 7 years;", "options to extend for 3 further periods of 1 year."]
    assert parsed.documents == ["Appendix 1 Lot 1 Evaluation Report", "Appendix 2 Lot 2 Evaluation Report"]


def test_key_information_gives_dates_and_the_decision_maker() -> None:
    parsed = read((PAGES / "pcd-257-claim-settlement.txt").read_text(encoding="utf-8"))
    assert str(parsed.signed) == "2017-09-14" and parsed.published is None
    assert parsed.decision_maker_name == "Sophie Linden"
    assert parsed.part2_reason == (
        "There is an open and an exempt report because of data protection, commercial sensitivity "
        "and legal professional privilege."
    )


def test_a_lead_in_without_a_heading_starts_the_recommendations() -> None:
    parsed = read((PAGES / "pcd-1480-budget-monitoring.txt").read_text(encoding="utf-8"))
    assert [len(p.items) for p in parsed.summary] == [0, 3, 0]
    assert [r.text[:12] for r in parsed.recommendations] == ["Approve the ", "Approve the ", "Note the dra"]


def test_a_skipped_number_is_kept_in_order_and_noted() -> None:
    text = SEED.read_text(encoding="utf-8").replace("2.2. The MPS state", "2.4. The MPS state")
    parsed = read(text)
    assert len(parsed.sections[1].paragraphs) == 2
    assert parsed.notes == ["paragraph 2.4 of the page is 2.2 in the record"]


def test_text_before_the_first_section_is_kept_in_a_section_of_its_own() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "1. Introduction and background", "The report follows.\n1. Introduction and background"
    )
    parsed = read(text)
    assert parsed.sections[0].title == "Facts and advice"
    assert parsed.sections[0].paragraphs[0].text == "The report follows."
    assert parsed.sections[1].title == "Introduction and background"


@pytest.mark.parametrize(
    "text",
    [
        "a *starred* and _underlined_ word, [a link](https://example.org) and `code` \\ here",
        "1. a number that Markdown would read as a list",
        "- a dash that Markdown would read as a bullet",
        "key: value and !!python/object:os.system and {{ jinja }} and <script>x</script> & more",
    ],
)
def test_page_text_renders_as_exactly_that_text(text: str) -> None:
    assert MarkdownLite().render(markdown_text(text)).striptags() == text


def test_a_binary_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    with pytest.raises(PageRefused, match=r"not text \(a NUL byte at offset 9\)"):
        page_text(path, "scan.txt")


def test_a_huge_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Key information\n" + b"x" * 2_100_000)
    with pytest.raises(PageRefused, match="larger than the limit of 2,000,000 bytes"):
        page_text(path, "huge.txt")


def test_windows_1252_and_utf_16_are_read_and_control_characters_replaced(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Key information\nThe ‘middle market’ costs £5.\x07".encode("cp1252"))
    page = page_text(legacy, "legacy.txt")
    assert page.text == "Key information\nThe ‘middle market’ costs £5. "
    assert [note.split(";")[0] for note in page.notes] == [
        "the page is not UTF-8",
        "invisible control characters in the page were replaced by spaces",
    ]
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Key information\nCafé £5".encode("utf-16"))
    assert page_text(wide, "wide.txt").text == "Key information\nCafé £5"


def test_a_page_no_reader_knows_is_refused() -> None:
    with pytest.raises(PageRefused, match="no reader knows"):
        read("Just some notes\nwith nothing of a decision page")


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("PCD 911 Piloting a pilot", ("PCD 911", "Piloting a pilot")),
        ("pcd0911: Piloting", ("PCD 911", "Piloting")),
        ("PCD 1480 2022/23 Quarter 4", ("PCD 1480", "2022/23 Quarter 4")),
        ("CEOD 35 - 2024 Grant Fund Manager", ("CEOD 35-2024", "Grant Fund Manager")),
        ("ceod 26.2023: Knife crime", ("CEOD 26-2023", "Knife crime")),
        ("DMPCD 2015 67 MOPAC Provisional Outturn 2014/15", ("DMPCD 2015 67", "MOPAC Provisional Outturn 2014/15")),
        ("PCD 9110 is not PCD 911", ("PCD 9110", "is not PCD 911")),
        ("CEOD 35 Grant Fund Manager", None),  # a CEOD reference has its year
        ("XYZ 12 Something", None),
    ],
)
def test_the_reference_is_read_from_the_start_of_a_line(line: str, found: tuple[str, str] | None) -> None:
    assert read_reference(line, load_settings(REPO)) == found
