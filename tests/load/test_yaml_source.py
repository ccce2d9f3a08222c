"""Strict YAML loading: what authors wrote stays what they wrote, and traps are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_press.load import yaml_source
from decision_press.load.yaml_source import parse_yaml

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid"


def test_yaml_1_1_traps_stay_text() -> None:
    parsed = parse_yaml((VALID / "yaml11-traps.yaml").read_bytes(), "traps.yaml")
    record = parsed.data[0]

    assert parsed.problems == []
    assert record["title"] == "NO"
    assert record["summary"] == "1:20"
    assert record["topics"] == ["NO", "0911", "on"]
    assert record["sections"][0]["paragraphs"] == ["0911", "0135000", "yes", "off", "12e3", "Null text stays"]
    assert record["signed"] == "2024-01-10"  # a date only once the model says so


def test_bom_and_crlf_read_like_plain_lf() -> None:
    crlf = parse_yaml((VALID / "bom-crlf.yaml").read_bytes(), "a.yaml")
    plain = parse_yaml((VALID / "bom-crlf.yaml").read_bytes()[3:].replace(b"\r\n", b"\n"), "b.yaml")

    assert crlf.problems == []
    assert crlf.data == plain.data


def test_null_spellings_mean_nothing_but_quoted_null_is_text() -> None:
    parsed = parse_yaml(b"a:\nb: ~\nc: null\nd: 'null'\ne: Nothing\n", "x.yaml")
    assert parsed.data == {"a": None, "b": None, "c": None, "d": "null", "e": "Nothing"}


def test_positions_are_recorded_for_keys_and_values() -> None:
    parsed = parse_yaml(b"- reference: PCD 1\n  topics:\n    - One\n    - Two\n", "x.yaml")
    assert parsed.source_map.keys[(0, "topics")] == yaml_source.Position(2, 3)
    assert parsed.source_map.values[(0, "topics", 1)] == yaml_source.Position(4, 7)
    # A missing key falls back to its nearest ancestor.
    assert parsed.source_map.locate((0, "title")) == yaml_source.Position(1, 3)


def test_a_huge_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", 100)
    parsed = parse_yaml(b"- title: " + b"x" * 200 + b"\n", "big.yaml")
    assert parsed.data is None
    assert "the limit is 100" in parsed.problems[0].message


def test_nul_character_is_refused_with_its_line() -> None:
    parsed = parse_yaml(b"a: 1\nb: x\x00y\n", "nul.yaml")
    assert parsed.problems[0].line == 2


def test_alias_bomb_is_refused_without_expansion() -> None:
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    parsed = parse_yaml(bomb, "bomb.yaml")
    assert parsed.data is None
    assert "anchors" in parsed.problems[0].message


def test_empty_file_is_no_records() -> None:
    assert parse_yaml(b"# only a comment\n", "empty.yaml").data is None
