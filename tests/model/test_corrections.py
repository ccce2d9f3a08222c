"""Change notes, removals and corrected references: the record format and its rules, at file:line:col."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from decision_press.errors import InvalidRecords
from decision_press.model.record import Decision
from decision_press.model.validate import load_checked
from decision_press.settings import load_settings


def record(**fields: Any) -> dict[str, Any]:
    """A valid published record, with ``fields`` added or replaced."""
    return {
        "reference": "PCD 911",
        "title": "A title",
        "status": "published",
        "decision_maker": "Deputy Mayor for Policing and Crime",
        "signed": "2020-10-08",
        "published": "2020-10-15",
        "topics": ["Drugs"],
        "summary": "Summary.",
        "recommendations": ["Approve."],
        "sections": [{"title": "Intro", "paragraphs": ["One."]}],
        **fields,
    }


EXTRA = """\
- reference: PCD 1500
  title: A corrected decision
  status: {status}
  decision_maker: Deputy Mayor for Policing and Crime
  signed: 2024-01-10
  published: 2024-01-15
  topics: [Drugs]
  summary: A summary.
  recommendations: [Approve.]
  sections:
    - title: Introduction and background
      paragraphs: [One paragraph.]
{extra}"""


def problems(project: Path, status: str = "published", extra: str = "") -> list[str]:
    (project / "data" / "decisions" / "extra.yaml").write_text(EXTRA.format(status=status, extra=extra), "utf-8")
    try:
        load_checked(load_settings(project))
    except InvalidRecords as err:
        return [p.format().splitlines()[0] for p in err.problems]
    return []


def test_public_changes_leave_out_the_minor_ones_and_give_the_last_update() -> None:
    decision = Decision.model_validate(
        record(
            changes=[
                {"date": "2021-03-03", "note": "Corrected the amount."},
                {"date": "2021-04-01", "note": "Fixed a typo.", "minor": "true"},
                {"date": "2021-02-01", "note": "Added the report."},
            ]
        )
    )
    assert [c.note for c in decision.public_changes] == ["Added the report.", "Corrected the amount."]
    assert decision.last_updated == dt.date(2021, 3, 3)
    assert Decision.model_validate(record()).last_updated is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "removed"}, "a removed decision needs 'removal' with its date and reason"),
        ({"removal": {"date": "2021-01-01", "reason": "x"}}, "'removal' is only allowed when status is removed"),
        ({"previous_references": ["pcd911"]}, "a reference is a capital-letter prefix"),
        ({"changes": [{"date": "2021-01-01"}]}, "note"),
    ],
)
def test_the_model_refuses_inconsistent_corrections(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Decision.model_validate(record(**changes))


def test_a_valid_correction_removal_and_former_reference_pass(project: Path) -> None:
    extra = "  previous_references: [PCD 1499]\n  changes:\n    - date: 2024-02-01\n      note: Corrected.\n"
    assert problems(project, extra=extra) == []
    removal = "  removal:\n    date: 2024-02-01\n    reason: Published in error.\n    replacement: PCD 948\n"
    assert problems(project, "removed", removal) == []


def test_a_change_note_before_publication_is_refused_at_its_date(project: Path) -> None:
    extra = "  changes:\n    - date: 2024-01-01\n      note: Corrected.\n"
    assert problems(project, extra=extra) == [
        "data/decisions/extra.yaml:14:7: [0].changes[0].date: the change is dated 2024-01-01, before the "
        "decision was published (2024-01-15)"
    ]


def test_a_removal_before_publication_and_a_bad_replacement_are_refused(project: Path) -> None:
    removal = "  removal:\n    date: 2024-01-01\n    reason: Published in error.\n    replacement: PCD 4242\n"
    assert problems(project, "removed", removal) == [
        "data/decisions/extra.yaml:14:5: [0].removal.date: removed (2024-01-01) before it was published (2024-01-15)",
        "data/decisions/extra.yaml:16:5: [0].removal.replacement: no decision 'PCD 4242' in the records",
    ]
    own = "  removal:\n    date: 2024-02-01\n    reason: Published in error.\n    replacement: PCD 1500\n"
    assert problems(project, "removed", own)[0].endswith("a removed decision cannot replace itself")


def test_a_former_reference_in_use_by_another_decision_is_refused(project: Path) -> None:
    assert problems(project, extra="  previous_references: [PCD 911]\n") == [
        "data/decisions/extra.yaml:13:25: [0].previous_references[0]: 'PCD 911' is in use by 'PCD 911': "
        "its address cannot redirect here"
    ]
    assert problems(project, extra="  previous_references: [PCD 1500]\n")[0].endswith(
        "'PCD 1500' is this decision's own reference"
    )
