"""An edited records file in a long run (a preview): only the items that changed are parsed again.

Whatever is reused, the records, their lines and every problem must be what a parse of the
whole file gives: each test compares with a fresh session, which parses every file whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_press.errors import InvalidRecords
from decision_press.load.yaml_source import item_texts
from decision_press.model.validate import load_checked
from decision_press.session import Session
from decision_press.settings import load_settings

EXAMPLES = Path("data/decisions/examples.yaml")


def _fresh(project: Path) -> list[tuple[str, int, int, str]]:
    """Every record as a whole-file parse sees it: reference, index, line, title."""
    records = load_checked(load_settings(project), session=Session()).records
    return [(r.decision.reference, r.index, r.line, r.decision.title) for r in records]


def _seen(records: list) -> list[tuple[str, int, int, str]]:
    return [(r.decision.reference, r.index, r.line, r.decision.title) for r in records]


def _edit(project: Path, old: str, new: str) -> None:
    path = project / EXAMPLES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_reuses_the_records_it_left_alone_and_keeps_every_line(project: Path) -> None:
    settings = load_settings(project)
    session = Session()
    before = {r.decision.reference: r.decision for r in load_checked(settings, session=session).records}
    session.start_build()
    # A retitled record, and two comment lines that move every record below it down.
    _edit(project, "  title: Authorisation to Settle", "  # moved\n  # down\n  title: Authorisation to Settle Now")
    after = load_checked(settings, session=session).records

    assert _seen(after) == _fresh(project)
    kept = [r.decision.reference for r in after if r.decision is before.get(r.decision.reference)]
    assert "PCD 1012" not in kept and "PCD 948" in kept and "PCD 1320" in kept
    assert len(kept) == len(after) - 1


def test_a_problem_in_the_edited_item_is_reported_as_a_whole_parse_reports_it(project: Path) -> None:
    settings = load_settings(project)
    session = Session()
    load_checked(settings, session=session)
    session.start_build()
    _edit(project, "  title: Authorisation to Settle", "  title: [Authorisation to Settle")
    with pytest.raises(InvalidRecords) as in_session:
        load_checked(settings, session=session)
    with pytest.raises(InvalidRecords) as fresh:
        load_checked(settings, session=Session())
    assert [str(p) for p in in_session.value.problems] == [str(p) for p in fresh.value.problems]
    assert in_session.value.problems  # and it names the file and line


def test_a_quoted_value_holding_a_dash_line_is_not_taken_for_a_record(project: Path) -> None:
    # "- " at the start of a line inside a quoted value: a cut there is a wrong guess, and the
    # file's records must still be those of a whole parse, before and after an edit.
    _edit(
        project,
        "  title: Authorisation to Settle a Civil Claim for Wrongful Arrest\n",
        '  title: "Authorisation to Settle\n- a Civil Claim for Wrongful Arrest"\n',
    )
    session = Session()
    settings = load_settings(project)
    first = load_checked(settings, session=session).records
    assert _seen(first) == _fresh(project)
    assert any(r.decision.title == "Authorisation to Settle - a Civil Claim for Wrongful Arrest" for r in first)
    session.start_build()
    _edit(project, "  title: Lease of Premises", "  title: Lease of the Premises")
    assert _seen(load_checked(settings, session=session).records) == _fresh(project)


def test_items_are_cut_at_each_dash_at_the_start_of_a_line_after_comments_only() -> None:
    raw = b"# header\n\n- a: 1\n  b: 2\n-\n  a: 3\n# trailing\n- a: 4\n"
    items = item_texts(raw)
    assert items is not None
    assert [(i.line, i.raw) for i in items] == [
        (3, b"- a: 1\n  b: 2\n"),
        (5, b"-\n  a: 3\n# trailing\n"),
        (8, b"- a: 4\n"),
    ]
    assert item_texts(b"---\n- a: 1\n") is None  # a document marker: the whole file is parsed
    assert item_texts(b"a: 1\n") is None
    assert item_texts(b"  - a: 1\n  - a: 2\n") is None  # an indented list


def test_a_file_left_alone_for_some_builds_still_reuses_its_records_when_edited(project: Path) -> None:
    settings = load_settings(project)
    session = Session()
    before = {r.decision.reference: r.decision for r in load_checked(settings, session=session).records}
    other = project / "data" / "decisions.yaml"
    for edit in range(3):  # saves of another file: this one's result is reused whole
        session.start_build()
        other.write_text(other.read_text(encoding="utf-8") + f"# edit {edit}\n", encoding="utf-8")
        load_checked(settings, session=session)
    session.start_build()
    _edit(project, "  title: Lease of Premises", "  title: Lease of the Premises")
    after = load_checked(settings, session=session).records
    fresh = {r.decision.reference for r in after if r.decision is not before.get(r.decision.reference)}
    assert fresh == {"PCD 911", "PCD 1040"}  # the other file's record, and the one edited here
    assert _seen(after) == _fresh(project)
