"""Amounts in decisions.json are JSON numbers, as docs/open-data.md says, and read back as written."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from decision_press.render.opendata import _json_number


@pytest.mark.parametrize(
    ("amount", "text"),
    [("135000", "135000"), ("1250.50", "1250.5"), ("0.01", "0.01"), ("999999999999.99", "999999999999.99")],
)
def test_amounts_are_numbers_that_read_back_exactly(amount: str, text: str) -> None:
    written = json.dumps({"amount": Decimal(amount)}, default=_json_number)
    assert written == f'{{"amount": {text}}}'
    assert Decimal(str(json.loads(written)["amount"])) == Decimal(amount)
