"""decisions.json, decisions.csv and the manifest written row by row (each row's text kept for the
next build) are the very text of one ``json.dumps(payload, indent=1)`` or CSV writer, hostile
values included."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from decision_press.pipeline import prepare
from decision_press.render.json_rows import indented_json
from decision_press.render.opendata import _json_number, decisions_csv, decisions_json, open_data_rows, removals
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
    hostile = {
        **rows[0],
        "title": 'Line\none "two"\x00 \\u0000items\\u0000 \x00items\x00',
        "amount": Decimal("1250.50"),
    }
    changed = [hostile, *rows[1:]]
    memo.turn()
    assert decisions_json(corpus, changed, removed, memo) == _whole(corpus, changed, removed)
    assert json.loads(decisions_json(corpus, changed, removed, memo))["decisions"][0]["title"] == hostile["title"]

    # The publisher's name is read from decision-press.yml: a name that spells the stand-in.
    named = SimpleNamespace(name='\n  "\x00items\x00"\n')
    hostile_corpus: Any = SimpleNamespace(
        as_of=AS_OF, settings=SimpleNamespace(project=SimpleNamespace(organisation=named))
    )
    assert decisions_json(hostile_corpus, rows, removed) == _whole(hostile_corpus, rows, removed)
    assert decisions_json(corpus, [], removed) == _whole(corpus, [], removed)


def test_the_csv_written_row_by_row_is_the_csv_written_at_once(project: Path) -> None:
    corpus = prepare(load_settings(project), AS_OF)[0]
    rows = open_data_rows(corpus, {}, "https://example.org/")
    memo: Latest[str, str] = Latest()
    whole = decisions_csv(rows)
    assert decisions_csv(rows, memo) == whole
    assert whole.count("\r\n") >= len(rows) + 1 and len(memo) == len(rows)

    hostile = {**rows[0], "title": '=HYPERLINK("x")\r\n"quoted", comma', "topics": ["-1", "a; b"]}
    changed = [*rows[1:], hostile]
    memo.turn()
    assert decisions_csv(changed, memo) == decisions_csv(changed)
    assert '"\'=HYPERLINK(""x"")' in decisions_csv(changed, memo)


def test_a_list_written_item_by_item_is_the_list_dumped_at_once() -> None:
    memo: Latest[str, str] = Latest()
    items: list[object] = [{"a": [1, {"b": "\n"}], "c": None}, "\x00items\x00", [], {}, "plain", 2.5]
    payload = {"before": ["\x00items\x00"], "files": items, "text": '\n  "\x00items\x00"\n'}
    expected = json.dumps(payload, ensure_ascii=False, indent=1)
    assert indented_json(payload, "files", memo) == expected
    memo.turn()
    items[0] = {"a": "changed"}
    assert indented_json(payload, "files", memo) == json.dumps(payload, ensure_ascii=False, indent=1)
    assert indented_json({"files": []}, "files", memo) == json.dumps({"files": []}, indent=1)
