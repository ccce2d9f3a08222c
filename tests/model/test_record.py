"""The record model: shorthands, derived facts and the rules of each field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from decision_press.model.record import Decision, slugify
from decision_press.references import normalise_reference


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "reference": "PCD 911",
        "title": "A title",
        "status": "published",
        "decision_maker": "Deputy Mayor for Policing and Crime",
        "signed": "2020-10-08",
        "published": "2020-10-15",
        "topics": ["Drugs"],
        "summary": "Summary.",
        "recommendations": ["Approve."],
        "sections": [{"title": "Intro", "paragraphs": ["One.", {"text": "Two:", "items": ["a", "b"]}]}],
    }
    base.update(changes)
    return base


def test_strings_are_shorthands_for_objects() -> None:
    decision = Decision.model_validate(record())
    assert decision.decision_maker.role == "Deputy Mayor for Policing and Crime"
    assert decision.decision_maker.name is None
    assert decision.recommendations[0].text == "Approve."
    assert decision.sections[0].paragraphs[1].items == ["a", "b"]


def test_derived_facts() -> None:
    decision = Decision.model_validate(record(reference="CEOD 35-2024"))
    assert (decision.prefix, decision.slug) == ("CEOD", "ceod-35-2024")
    assert decision.public_from == dt.date(2020, 10, 15)


def test_deferral_moves_the_public_date_past_its_end() -> None:
    decision = Decision.model_validate(record(deferral={"until": "2021-03-31", "reason": "Contract not signed."}))
    assert decision.public_from == dt.date(2021, 4, 1)


def test_headline_amount_falls_back_to_the_sum_of_financial_facts() -> None:
    facts = [{"amount": "1000", "description": "A"}, {"amount": "250.50", "description": "B"}]
    assert Decision.model_validate(record(financial=facts)).headline_amount == Decimal("1250.50")
    assert Decision.model_validate(record(amount="5")).headline_amount == Decimal(5)


def test_records_are_immutable() -> None:
    decision = Decision.model_validate(record())
    with pytest.raises(ValidationError):
        decision.title = "Changed"  # type: ignore[misc]


@pytest.mark.parametrize("reference", ["PCD 911", "MD2472", "CEOD 35-2024", "DMPCD 2015 67", "KD/2024/013"])
def test_reference_shapes_accepted(reference: str) -> None:
    assert Decision.model_validate(record(reference=reference)).reference == reference


@pytest.mark.parametrize("reference", ["pcd 911", "911", "PCD", "PCD 911 <b>", "../../x", "PCDXYZA 1"])
def test_reference_shapes_refused(reference: str) -> None:
    # Only the shape every type shares; 'PCD-911' or 'PCD 0911' pass here and 'check' reads
    # them with the type's pattern (tests/model/test_reference_formats.py).
    with pytest.raises(ValidationError):
        Decision.model_validate(record(reference=reference))


def test_a_draft_needs_no_dates() -> None:
    decision = Decision.model_validate(record(status="draft", signed=None, published=None))
    assert decision.public_from is None


def test_one_line_fields_refuse_line_breaks() -> None:
    with pytest.raises(ValidationError, match="one line"):
        Decision.model_validate(record(title="Two\nlines"))


def test_slug_and_reference_normalisation() -> None:
    assert slugify("PCD 911") == "pcd-911"
    assert slugify("MPS Report: Grant (2020/21)") == "mps-report-grant-2020-21"
    assert slugify("***") == "untitled"
    assert normalise_reference(" pcd  911 ") == "PCD911"
