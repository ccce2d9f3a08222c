"""The one visibility decision, row by row: status × dates × build date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from decision_press.model.record import Decision
from decision_press.model.sourced import SourcedDecision
from decision_press.select import Mode, Visibility, select_public, visibility

D = dt.date


def decision(status: str, published: str | None = "2024-01-12", **extra: Any) -> Decision:
    return Decision.model_validate(
        {
            "reference": "PCD 1",
            "title": "T",
            "status": status,
            "decision_maker": "DMPC",
            "signed": "2024-01-10" if published else None,
            "published": published,
            "topics": ["X"],
            "summary": "S.",
            "recommendations": ["R."],
            "sections": [{"title": "I", "paragraphs": ["P."]}],
            **extra,
        }
    )


WITHDRAWAL = {"withdrawal": {"date": "2024-03-01", "reason": "Replaced."}}
DEFERRAL = {"deferral": {"until": "2024-06-30", "reason": "Negotiation."}}


@pytest.mark.parametrize(
    ("status", "published", "extra", "as_of", "expected"),
    [
        ("draft", None, {}, D(2030, 1, 1), Visibility.DRAFT),
        ("draft", "2024-01-12", {}, D(2030, 1, 1), Visibility.DRAFT),
        ("published", "2024-01-12", {}, D(2024, 1, 11), Visibility.EMBARGOED),
        ("published", "2024-01-12", {}, D(2024, 1, 12), Visibility.PUBLIC),
        ("published", "2024-01-12", DEFERRAL, D(2024, 6, 30), Visibility.EMBARGOED),
        ("published", "2024-01-12", DEFERRAL, D(2024, 7, 1), Visibility.PUBLIC),
        ("withdrawn", "2024-01-12", WITHDRAWAL, D(2024, 1, 11), Visibility.EMBARGOED),
        ("withdrawn", "2024-01-12", WITHDRAWAL, D(2024, 3, 2), Visibility.WITHDRAWN),
    ],
)
def test_visibility(
    status: str, published: str | None, extra: dict[str, Any], as_of: dt.date, expected: Visibility
) -> None:
    assert visibility(decision(status, published, **extra), as_of) is expected


def test_selection_redacts_part2_text_and_counts_what_it_holds_back() -> None:
    secret = decision("published", part2={"reason": "Commercial.", "legal_basis": "FOIA s.43", "text": "SECRET"})
    records = [
        SourcedDecision(secret, Path("a.yaml"), 0, 1),
        SourcedDecision(decision("draft", None), Path("a.yaml"), 1, 20),
        SourcedDecision(decision("published", "2099-01-01"), Path("a.yaml"), 2, 40),
    ]
    selection = select_public(records, D(2025, 1, 1))

    assert selection.public[0].decision.part2.text is None  # type: ignore[union-attr]
    assert selection.public[0].decision.part2.reason == "Commercial."  # type: ignore[union-attr]
    assert "SECRET" not in repr(selection)
    assert selection.held_back == {"draft": 1, "publication date not reached (embargo or deferral)": 1}
    assert "SECRET" not in selection.summary()


def test_a_preview_keeps_held_back_records_marked_and_still_redacts_part2() -> None:
    draft = decision("draft", None, part2={"reason": "Commercial.", "text": "SECRET"})
    records = [
        SourcedDecision(decision("published"), Path("a.yaml"), 0, 1),
        SourcedDecision(draft.model_copy(update={"reference": "PCD 2"}), Path("a.yaml"), 1, 20),
        SourcedDecision(
            decision("published", "2099-01-01").model_copy(update={"reference": "PCD 3"}), Path("b.yaml"), 0, 1
        ),
    ]
    public = select_public(records, D(2025, 1, 1))
    preview = select_public(records, D(2025, 1, 1), Mode.PREVIEW)

    assert [r.decision.reference for r in public.public] == ["PCD 1"]
    assert public.previewed == {}
    assert [r.decision.reference for r in preview.public] == ["PCD 1", "PCD 2", "PCD 3"]
    assert preview.previewed == {"PCD 2": Visibility.DRAFT, "PCD 3": Visibility.EMBARGOED}
    assert "SECRET" not in repr(preview)  # Part 2 text is in no output, a preview's included
    assert preview.private_files == {Path("a.yaml"), Path("b.yaml")}  # never linked for editing
    assert "1 public" in preview.summary() and "never be published" in preview.summary()
