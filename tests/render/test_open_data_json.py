"""decisions.json written row by row (each row's text kept for the next build) is the very text
of ``json.dumps(payload, indent=1)``, hostile values included."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from decision_press.pipeline import prepare
from decision_press.render.opendata import _json_number, decisions_json, open_data_rows, removals
from decision_press.session import Latest
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)


def _whole(corpus: Any, rows: list[dict[str, Any]], removed: list[dict[str, Any]]) -> str:
    payload = {
        "publisher": corpus.settings.project.organisation.name,
        "as_of": corpus.as_of.isoformat(),
        "count": len(rows),
        "decisions": rows,
        "removals": removed,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, default=_json_number) + "\n"


def test_the_file_is_the_whole_payload_dumped_at_once_and_a_changed_row_is_written_again(project: Path) -> None:
    corpus = prepare(load_settings(project), AS_OF)[0]
    rows = open_data_rows(corpus, {}, "https://example.org/")
    removed = removals(corpus, "https://example.org/")
    memo: Latest[str, str] = Latest()
    assert decisions_json(corpus, rows, removed, memo) == _whole(corpus, rows, removed)
    assert len(memo) == len(rows)

    # Values that could upset a text-level assembly: line breaks, quotes, NUL, the stand-in itself.
    hostile = {**rows[0], "title": 'Line\none "two"\x00 \\u0000rows\\u0000', "amount": Decimal("1250.50")}
    changed = [hostile, *rows[1:]]
    memo.turn()
    assert decisions_json(corpus, changed, removed, memo) == _whole(corpus, changed, removed)
    assert json.loads(decisions_json(corpus, changed, removed, memo))["decisions"][0]["title"] == hostile["title"]

    # The publisher's name is read from decision-press.yml: a name that spells the stand-in.
    named = SimpleNamespace(name='\n  "\x00rows\x00"\n')
    hostile_corpus: Any = SimpleNamespace(
        as_of=AS_OF, settings=SimpleNamespace(project=SimpleNamespace(organisation=named))
    )
    assert decisions_json(hostile_corpus, rows, removed) == _whole(hostile_corpus, rows, removed)
    assert decisions_json(corpus, [], removed) == _whole(corpus, [], removed)
