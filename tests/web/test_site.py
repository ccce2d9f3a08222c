"""A real build of the example project, read back: pages, register, publication rules, files."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from decision_press.corpus import Corpus
from decision_press.pipeline import prepare
from decision_press.settings import load_settings

from .conftest import AS_OF, CANARIES, HELD_BACK, Elements, main_text, read_page, site_files

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    built, _, _ = prepare(load_settings(REPO), AS_OF)
    return built


def squash(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    return re.sub(r"\s+", " ", text).strip()


def words_of(markdown_lite: str) -> str:
    """Author text reduced to what a reader sees (links, emphasis and table syntax dropped)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_lite)
    text = re.sub(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)", "", text)
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", " ", text, flags=re.MULTILINE)
    text = text.replace("|", " ")
    return re.sub(r"\s+", " ", text).strip()


def test_every_public_decision_has_a_page_with_every_paragraph_numbered(example_site: Path, corpus: Corpus) -> None:
    assert len(corpus.decisions) == 6
    for decision in corpus.decisions:
        page = read_page(example_site, decision.url)
        article = main_text(page)
        text = squash(article)
        record = decision.record
        assert f"{record.reference}: {record.title}" in text
        assert f"{record.reference}: {record.title} - MOPAC decisions" in html.unescape(
            re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        )  # type: ignore[union-attr]
        assert words_of(record.summary) in text
        for section in decision.sections:
            assert f"{section.number}. {section.title}" in text
            for paragraph in section.paragraphs:
                body = paragraph.paragraph
                if paragraph.number is not None:
                    # The number is visible text right before the paragraph's words.
                    assert body.text is not None
                    first_words = " ".join(words_of(body.text).split()[:6])
                    assert f"{paragraph.number} {first_words}" in text, (record.reference, paragraph.number)
                for item in body.items:
                    assert words_of(item) in text
        for number, recommendation in enumerate(record.recommendations, start=1):
            assert f"{number}. {words_of(recommendation.text)}" in text
            for letter, item in zip("abcdefgh", recommendation.items, strict=False):
                assert f"{letter}) {words_of(item)}" in text


def test_decision_page_key_information_documents_and_edit_link(example_site: Path) -> None:
    page = read_page(example_site, "decisions/pcd-911/")
    text = squash(main_text(page))
    for expected in (
        "Reference PCD 911",
        "Type DMPC decision",
        "Date signed 8 October 2020",
        "Date published 15 October 2020",
        "Amount £135,000",
        "Decision by Sophie Linden, Deputy Mayor for Policing and Crime",
        "Topics Drugs, County Lines, Grant funding",
    ):
        assert expected in text
    assert re.search(r"Decision form \(accessible version\) \(PDF, \d+ pages?, \d+ KB\)", text)
    assert (example_site / "decisions/pcd-911/pcd-911.pdf").read_bytes().startswith(b"%PDF")
    assert 'href="pcd-911.pdf"' in page
    # Related in both directions: PCD 948 continues PCD 911's pilot.
    assert "PCD 948" in text
    assert "PCD 911" in squash(main_text(read_page(example_site, "decisions/pcd-948/")))
    # No "Edit this page": the example does not declare its repository public
    # (tests/web/test_edit_link.py covers the link).
    assert not [a for a in Elements(page).all("a") if "md-content__button" in a.get("class", "")]


def test_register_lists_every_listed_decision_newest_first(example_site: Path, corpus: Corpus) -> None:
    page = read_page(example_site, "decisions/")
    table = page[page.index('id="dp-register"') : page.index("</table>", page.index('id="dp-register"'))]
    refs = re.findall(r'<td class="dp-ref-cell"><a href="[^"]+">([^<]+)</a>', table)
    assert refs == [d.record.reference for d in corpus.listed]
    assert "PCD 1187" not in refs  # withdrawn: off the default listing ...
    assert "PCD 1187" in squash(main_text(page))  # ... but still linked below
    assert "£135,000" in table
    assert "5 decisions, newest first" in squash(page)
    for url, count in (
        ("decisions/year/2021/", 3),
        ("decisions/type/pcd/", 4),
        ("topics/drugs/", 2),
        ("decisions/maker/chief-executive-of-mopac/", 1),
    ):
        facet = read_page(example_site, url)
        assert f"{count} decision{'s' if count != 1 else ''}, newest first" in squash(facet)
        assert f'href="../../../{url}"' in page or f'href="../{url}"' in page


def test_withdrawn_decision_keeps_its_page_with_a_notice(example_site: Path) -> None:
    text = squash(main_text(read_page(example_site, "decisions/pcd-1187/")))
    assert "This decision was withdrawn on 1 September 2022" in text


def test_part2_notice_shows_reason_never_content(example_site: Path) -> None:
    text = squash(main_text(read_page(example_site, "decisions/pcd-1012/")))
    assert "There is a confidential Part 2 report" in text
    assert "legally privileged advice" in text
    assert "ELPB (Specified Information) Order 2011" in text
    assert "£60,250" not in text


@pytest.mark.parametrize("canary", CANARIES)
def test_held_back_material_appears_in_no_file(example_site: Path, canary: str) -> None:
    for name, data in site_files(example_site).items():
        assert canary.encode() not in data, name


def test_held_back_decisions_have_no_url_anywhere(example_site: Path) -> None:
    files = site_files(example_site)
    for slug in HELD_BACK:
        assert not (example_site / "decisions" / slug).exists()
        for name, data in files.items():
            assert slug.encode() not in data, (slug, name)
    assert not [name for name, data in files.items() if name.startswith("pagefind/") and b"PCD 1320" in data]
    assert b"PCD 1301" not in files["feed.xml"]


def test_navigation_lists_six_pages_and_never_a_decision(example_site: Path) -> None:
    page = read_page(example_site, "")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    labels = [squash(x) for x in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.S)]
    assert labels == ["Home", "Decisions", "Topics", "Open data", "About search", "Accessibility"]


def test_every_page_is_en_gb_and_contacts_no_third_party(example_site: Path) -> None:
    for name, data in site_files(example_site).items():
        if name.endswith(".html"):
            assert b'<html lang="en-GB"' in data, name
            # Material's header widget would ask api.github.com for stars: it is switched off.
            assert b'data-md-component="source"' not in data, name
        assert not re.search(rb"googleapis|gstatic", data), name
    assert (example_site / "assets/fonts/OpenSans-Regular.ttf").is_file()


def test_404_page_names_no_decision(example_site: Path, corpus: Corpus) -> None:
    page = (example_site / "404.html").read_text(encoding="utf-8")
    assert "register of decisions" in page
    for decision in corpus.decisions:
        assert decision.record.title not in page


def test_feed_is_atom_with_newest_listed_decisions(example_site: Path, corpus: Corpus) -> None:
    root = ET.fromstring((example_site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in root.findall("a:entry/a:title", ns)]
    assert len(titles) == len(corpus.listed)
    assert titles[0] == "CEOD 35-2022: Fit-Out of the East London Victims' Hub Premises"
    links = [e.get("href") for e in root.findall("a:entry/a:link", ns)]
    assert "https://decisions.example.org/decisions/pcd-911/" in links


def test_open_data_json_and_csv_agree(example_site: Path, corpus: Corpus) -> None:
    data = json.loads((example_site / "decisions.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((example_site / "decisions.csv").read_text(encoding="utf-8"))))
    refs = [d.record.reference for d in corpus.decisions]
    assert [d["reference"] for d in data["decisions"]] == refs == [r["reference"] for r in rows]
    first = {r["reference"]: r for r in rows}["PCD 911"]
    assert first["amount"] == "135000"
    assert first["topics"] == "Drugs; County Lines; Grant funding"
    assert first["decision_form_url"] == "https://decisions.example.org/decisions/pcd-911/pcd-911.pdf"
    withdrawn = {d["reference"]: d for d in data["decisions"]}["PCD 1187"]
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["withdrawn_on"] == "2022-09-01"
    documented = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    for field in rows[0]:
        assert f"| `{field}` |" in documented
