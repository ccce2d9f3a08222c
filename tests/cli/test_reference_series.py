"""References of every configured pattern, as an author meets them: 'check', links in running text, 'new'."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from decision_press.cli import main
from decision_press.pipeline import prepare
from decision_press.render.markdown_lite import MarkdownLite
from decision_press.select import today
from decision_press.settings import load_settings
from reference_types import add_types


def record(reference: str, summary: str = "An example decision used by the tests.", signed: str = "2024-03-01") -> str:
    return f"""\
- reference: {reference}
  title: Example decision {reference.replace("/", " ")}
  status: published
  decision_maker: Deputy Mayor for Policing and Crime
  signed: {signed}
  published: {signed}
  topics: [Example]
  summary: {summary}
  recommendations:
    - Approve the example.
  sections:
    - title: Introduction and background
      paragraphs:
        - The example paragraph.
"""


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


def with_series(project: Path, *records: str) -> Path:
    add_types(project)
    path = project / "data" / "decisions" / "series.yaml"
    path.write_text("".join(records), encoding="utf-8")
    return path


def test_a_reference_of_each_pattern_passes_check(project: Path) -> None:
    with_series(project, *map(record, ["CEOD 36-2024", "DMPCD 2015 67", "MD2765", "KD/2024/013"]))
    code, output = run(project, "check")
    assert code == 0, output
    assert output.splitlines()[-1].startswith("OK: 14 records valid in 3 files")


def test_check_names_the_canonical_spelling_and_the_pattern(project: Path) -> None:
    path = with_series(
        project,
        *map(record, ["CEOD 36 - 2024", "CEOD 37", "KD/2024/13", "MD2765", "MD 2765", "CEOD 35.2022"]),
    )
    code, output = run(project, "check")
    assert code == 1
    shown = path.relative_to(project).as_posix()
    lines = [line for line in output.splitlines() if line.startswith(shown)]
    assert lines == [
        f"{shown}:1:3: [0].reference: write the reference as 'CEOD 36-2024'",
        f"{shown}:15:3: [1].reference: the reference is not written as a CEOD reference: 'CEOD {{number}}-{{year}}'",
        f"{shown}:29:3: [2].reference: write the reference as 'KD/2024/013'",
        f"{shown}:57:3: [4].reference: the reference 'MD 2765' is already used by 'MD2765' at {shown}:43",
        f"{shown}:57:3: [4].reference: write the reference as 'MD2765'",
        # The example's CEOD 35-2022, in the spelling that decision-press.yml accepts.
        f"{shown}:71:3: [5].reference: the reference 'CEOD 35.2022' is already used by 'CEOD 35-2022' at "
        "data/decisions/examples.yaml:353",
        f"{shown}:71:3: [5].reference: write the reference as 'CEOD 35-2022'",
    ]
    assert "e.g. 'CEOD 1-2024'" in output


def test_references_of_every_pattern_link_in_running_text(project: Path) -> None:
    summary = "Follows CEOD 36 - 2024, DMPCD 2015 67, MD2765, KD/2024/013 and CEOD 35.2022; PCD 1 does not exist."
    with_series(
        project,
        *map(record, ["CEOD 36-2024", "DMPCD 2015 67", "MD2765", "KD/2024/013"]),
        record("PCD 2000", summary=f'"{summary}"'),
    )
    settings = load_settings(project)
    corpus = prepare(settings, dt.date(2026, 11, 26))[0]
    html = MarkdownLite(settings.references).render(summary, corpus.resolver())
    links = _Links()
    links.feed(html)
    assert links.found == [
        ("/decisions/ceod-36-2024/", "CEOD 36 - 2024"),
        ("/decisions/dmpcd-2015-67/", "DMPCD 2015 67"),
        ("/decisions/md2765/", "MD2765"),
        ("/decisions/kd-2024-013/", "KD/2024/013"),
        ("/decisions/ceod-35-2022/", "CEOD 35.2022"),
    ]


def test_the_register_orders_one_days_decisions_by_year_then_number(project: Path) -> None:
    same_day = "2024-05-02"
    with_series(project, *(record(r, signed=same_day) for r in ["CEOD 9-2024", "CEOD 10-2024", "CEOD 8-2023"]))
    corpus = prepare(load_settings(project), dt.date(2026, 11, 26))[0]
    on_that_day = [d.record.reference for d in corpus.decisions if d.signed_date == dt.date(2024, 5, 2)]
    assert on_that_day == ["CEOD 10-2024", "CEOD 9-2024", "CEOD 8-2023"]  # newest first


def test_new_continues_this_years_series(project: Path) -> None:
    year = today("Europe/London").year
    with_series(project, record(f"CEOD 7-{year}"), record(f"CEOD 12-{year - 1}"))
    code, output = run(project, "new", "--type", "CEOD")
    assert code == 0, output
    assert (project / "data" / "decisions" / f"ceod-8-{year}.yaml").is_file()
    code, output = run(project, "new", "--type", "KD")
    assert code == 0, output
    created = project / "data" / "decisions" / f"kd-{year}-001.yaml"
    assert f"- reference: KD/{year}/001\n" in created.read_text(encoding="utf-8")
    code, output = run(project, "check")
    assert code == 0, output  # the drafts are valid as written


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.found.append((self._href, data))
            self._href = None


def test_a_title_that_begins_with_a_reference_of_any_pattern_is_refused(project: Path) -> None:
    own = record("PCD 2000").replace("title: Example decision PCD 2000", "title: PCD 2000 Grip funding")
    pasted = record("PCD 2001").replace("title: Example decision PCD 2001", "title: CEOD 35.2022 fit-out uplift")
    path = with_series(project, own, pasted)
    code, output = run(project, "check")
    assert code == 1
    shown = path.relative_to(project).as_posix()
    assert [line for line in output.splitlines() if line.startswith(shown)] == [
        f"{shown}:2:3: [0].title: the title starts with its own reference ('PCD 2000')",
        f"{shown}:16:3: [1].title: the title starts with a reference ('CEOD 35.2022')",
    ]
