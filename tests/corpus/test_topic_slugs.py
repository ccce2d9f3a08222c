"""Topic names → page slugs that are readable, unique, and refused at 'check' when two spellings meet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from decision_press.build import build_site
from decision_press.cli import main
from decision_press.corpus import Corpus
from decision_press.errors import InvalidRecords, Problem
from decision_press.mkdocs_plugin.runner import run_mkdocs_build
from decision_press.model.record import slugify
from decision_press.model.validate import load_records
from decision_press.pipeline import prepare
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)


def record(number: int, topics: str) -> str:
    return f"""
- reference: PCD {number}
  title: Topic test {number}
  status: published
  decision_maker:
    role: Deputy Mayor for Policing and Crime
  signed: 2022-03-01
  published: 2022-03-08
  topics: {topics}
  summary: A summary.
  recommendations:
    - Approve.
  sections:
    - title: Background
      paragraphs:
        - A paragraph.
"""


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Drugs", "drugs"),
        ("DRUGS!", "drugs"),
        ("County Lines", "county-lines"),
        ("Ísland", "island"),
        ("Café crème", "cafe-creme"),
        ("Cafe\u0301", "cafe"),
        ("Straße", "strasse"),
        ("Øresund", "oresund"),
        ("İstanbul", "istanbul"),
        ("Αστυνόμευση", "αστυνόμευση"),
        ("ΟΔΟΣ", "οδος"),
        ("Полиция Москвы", "полиция-москвы"),
        ("الشرطة المجتمعية", "الشرطة-المجتمعية"),
        ("हिन्दी", "हिन्दी"),
        ("日本 語", "日本-語"),
        ("a/../b", "a-b"),
        ("／etc／passwd", "etc-passwd"),
        ("ＡＢＣ", "abc"),
    ],
)
def test_slugs_are_readable(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("name", ["Αθήνα", "Москва", "القاهرة", "Ísland", "x\u0301/\\..:?#%"])
def test_slugs_are_safe_path_segments(name: str) -> None:
    slug = slugify(name)
    assert slug and not re.search(r"[/\\.:?#%\s]", slug)
    assert slugify(slug) == slug  # stable


def test_text_without_letters_never_becomes_a_topic_page(project: Path) -> None:
    assert slugify("***") == "untitled"  # a document title: its file name needs something
    assert slugify("***", empty="") == ""
    problems = _problems(project, record(1950, '["***"]'))
    assert [p.message for p in problems] == ["the topic '***' has no letter or digit to name its page"]


def _problems(project: Path, text: str, name: str = "topics.yaml") -> list[Problem]:
    (project / "data/decisions" / name).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidRecords) as caught:
        load_records(load_settings(project))
    return caught.value.problems


def test_two_spellings_in_two_records_are_an_error_naming_both(project: Path) -> None:
    problems = _problems(
        project, record(1950, "[Harbour patrol, Grant funding]") + record(1951, '[Policing, "HARBOUR PATROL!"]')
    )
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.line, problem.field) == ("data/decisions/topics.yaml", 25, "[1].topics[1]")
    assert problem.message == (
        "the topic 'HARBOUR PATROL!' is spelled 'Harbour patrol' at "
        "data/decisions/topics.yaml:9; both would be the page topics/harbour-patrol/"
    )
    assert "use one spelling" in problem.hint


def test_a_spelling_clash_with_another_file_names_that_file(project: Path) -> None:
    # PCD 911 in data/decisions.yaml has the topic 'Drugs'.
    problems = _problems(project, record(1950, "[drugs]"))
    assert len(problems) == 1
    assert re.search(r"'drugs' is spelled 'Drugs' at data/decisions\.yaml:\d+", problems[0].message)


def test_two_spellings_or_a_repeat_in_one_record_are_errors(project: Path) -> None:
    problems = _problems(project, record(1950, "[Harbour patrol, harbour Patrol, Policing, Policing]"))
    assert [(p.field, p.message.split(";")[0]) for p in problems] == [
        ("[0].topics[1]", "the topic 'harbour Patrol' is spelled 'Harbour patrol' at data/decisions/topics.yaml:9"),
        ("[0].topics[3]", "the topic 'Policing' is listed twice"),
    ]


def test_check_prints_the_clash_without_a_traceback(project: Path) -> None:
    (project / "data/decisions/topics.yaml").write_text(record(1950, "[drugs]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(
        r"^data/decisions/topics\.yaml:9:\d+: \[0\]\.topics\[0\]: the topic 'drugs' is spelled "
        r"'Drugs' at data/decisions\.yaml:\d+",
        result.output,
        re.M,
    )


def corpus(project: Path) -> Corpus:
    found, _, _ = prepare(load_settings(project), AS_OF)
    return found


# Arabic topics get readable slugs too (above), but the bundled PDF font has no Arabic
# letters, so 'check' refuses them until a font that has them is bundled.


def test_non_latin_topics_get_their_own_pages(project: Path) -> None:
    (project / "data/decisions/topics.yaml").write_text(
        record(1950, "[Αστυνόμευση, Полиция]") + record(1951, "[Полиция, Ísland]"), encoding="utf-8"
    )
    topics = corpus(project).topics
    assert topics["αστυνόμευση"][0] == "Αστυνόμευση"
    assert topics["полиция"][0] == "Полиция"
    assert [d.record.reference for d in topics["полиция"][1]] == ["PCD 1951", "PCD 1950"]
    assert topics["island"][0] == "Ísland"
    assert "untitled" not in topics
    for _, decisions in topics.values():
        assert len(decisions) == len(set(decisions))


def test_a_built_site_has_and_links_the_non_latin_topic_pages(project: Path) -> None:
    names = {"Αστυνόμευση": "αστυνόμευση", "Полиция Москвы": "полиция-москвы", "Ísland": "island"}
    (project / "data/decisions/topics.yaml").write_text(
        record(1950, "[Αστυνόμευση, Полиция Москвы, Ísland]"), encoding="utf-8"
    )
    site = project / "site"
    build_site(load_settings(project), AS_OF, run_mkdocs_build, site)
    decision_page = (site / "decisions/pcd-1950/index.html").read_text(encoding="utf-8")
    topics_page = (site / "topics/index.html").read_text(encoding="utf-8")
    assert not (site / "topics/untitled").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for name, slug in names.items():
        page = (site / "topics" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<h1 id="title">Topic: {name}</h1>' in page
        assert "PCD 1950" in page
        assert f'href="../../topics/{slug}/" data-pagefind-filter="topic">{name}</a>' in decision_page
        assert f'href="../topics/{slug}/">{name}</a>' in topics_page
        assert f"<loc>https://decisions.example.org/topics/{quote(slug)}/</loc>" in sitemap
