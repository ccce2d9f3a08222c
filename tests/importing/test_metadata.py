"""The metadata CSV: exactly its header, dates as YYYY-MM-DD, every bad row named at file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from decision_press.errors import InvalidRecords
from decision_press.importing.metadata import read_metadata
from decision_press.settings import load_settings

HEADER = "reference,signed,published,decision_maker,topics\n"


def problems(project: Path, text: str) -> list[str]:
    path = project / "metadata.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidRecords) as caught:
        read_metadata(path, load_settings(project))
    return [p.format() for p in caught.value.problems]


def test_rows_are_read_by_reference_in_any_spelling(project: Path) -> None:
    path = project / "metadata.csv"
    path.write_text(HEADER + "pcd  0911,2020-10-08,2020-10-15,Sophie Linden,Drugs; County Lines ;\n", encoding="utf-8")
    settings = load_settings(project)
    row = read_metadata(path, settings)[settings.references.key("PCD 911")]
    assert (row.line, row.signed, row.published) == (2, dt.date(2020, 10, 8), dt.date(2020, 10, 15))
    assert (row.decision_maker, row.topics) == ("Sophie Linden", ("Drugs", "County Lines"))


def test_empty_cells_say_nothing(project: Path) -> None:
    path = project / "metadata.csv"
    path.write_text(HEADER + "PCD 911,,,,\n\n", encoding="utf-8")
    settings = load_settings(project)
    row = read_metadata(path, settings)[settings.references.key("PCD 911")]
    assert (row.signed, row.published, row.decision_maker, row.topics) == (None, None, None, ())


@pytest.mark.parametrize(
    "header",
    ["reference,signed,published,topics\n", "Reference,Signed,Published,Decision maker,Topics\n", ""],
)
def test_a_wrong_header_is_refused_at_line_1(project: Path, header: str) -> None:
    (found,) = problems(project, header + "PCD 911,2020-10-08,2020-10-15,Sophie Linden,Drugs\n")
    assert found.startswith(
        "metadata.csv:1:1: the header must be exactly 'reference,signed,published,decision_maker,topics'"
    )


def test_every_bad_row_is_named_at_its_line(project: Path) -> None:
    found = problems(
        project,
        HEADER
        + "PCD 911,2020-10-08,2020-10-15,Sophie Linden,Drugs\n"
        + "PCD 912,08/10/2020,2020-10-15,,Drugs\n"
        + "PCD 913,2020-10-08,2020-02-30,,Drugs\n"
        + "XYZ 1,2020-10-08,2020-10-15,,Drugs\n"
        + "PCD 914,2020-10-08\n"
        + "PCD  911,2020-10-08,2020-10-15,,Drugs\n",
    )
    assert found == [
        "metadata.csv:3:1: signed: '08/10/2020' is not a date written YYYY-MM-DD",
        "metadata.csv:4:1: published: '2020-02-30' is not a date written YYYY-MM-DD",
        "metadata.csv:5:1: reference: 'XYZ 1' is no reference of a known type (PCD, CEOD, DMPCD)",
        "metadata.csv:6:1: the row has 2 cells; the header has 5",
        "metadata.csv:7:1: reference: 'PCD  911' is already given at line 2",
    ]


def test_a_file_that_is_not_utf_8_is_named(project: Path) -> None:
    path = project / "metadata.csv"
    path.write_bytes(HEADER.encode() + "PCD 911,,,Zoë,\n".encode("cp1252"))
    with pytest.raises(InvalidRecords) as caught:
        read_metadata(path, load_settings(project))
    assert caught.value.problems[0].format().startswith("metadata.csv:2:1: the metadata is not UTF-8 text")
