"""Attached PDFs without tags: 'check' warns (naming the file and what to do), '--strict' refuses.

A tagged PDF here is a real one, rendered by WeasyPrint as PDF/UA-1 (with a table, whose cells
carry structure attributes); an untagged one is made with pikepdf, or is the example site plan.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from attachment_pdfs import LINE, TAGGED, UNTAGGED, add_attachment, tagged_pdf, untagged_pdf
from decision_press.cli import main
from decision_press.errors import InvalidRecords, Problem
from decision_press.model.attachment_pdf import inspect_pdf
from decision_press.model.validate import load_checked, load_records
from decision_press.settings import load_settings


def test_a_pdf_rendered_with_tags_is_tagged_and_clean() -> None:
    inspection = inspect_pdf(tagged_pdf())
    assert inspection.tagged and inspection.untagged == ""
    assert inspection.problem == ""  # a table cell's attributes (/A with /O) are not an action


@pytest.mark.parametrize(
    ("marked", "reason"), [(False, "no /MarkInfo /Marked true"), (True, "no structure tree, /StructTreeRoot")]
)
def test_a_pdf_without_tags_says_why(marked: bool, reason: str) -> None:
    inspection = inspect_pdf(untagged_pdf(marked=marked))
    assert not inspection.tagged and inspection.untagged == reason
    assert inspection.problem == "" and inspection.pages == 1  # published all the same


def test_a_structure_attribute_dressed_as_an_action_is_still_refused() -> None:
    with pikepdf.open(io.BytesIO(tagged_pdf())) as pdf:
        page = pdf.pages[0].obj
        page.Annots = pikepdf.Array(
            [
                pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=pikepdf.Array([0, 0, 9, 9]),
                        A=pikepdf.Dictionary(O=pikepdf.Name.Layout, S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")),
                    )
                )
            ]
        )
        out = io.BytesIO()
        pdf.save(out)
    assert "a Launch action" in inspect_pdf(out.getvalue()).problem


def test_check_warns_only_for_the_untagged_attachment_and_exits_0(project: Path) -> None:
    add_attachment(project, TAGGED, tagged_pdf())
    checked = load_checked(load_settings(project))
    [warning] = checked.warnings
    assert warning.is_warning
    assert (warning.path, warning.line, warning.column, warning.field) == (
        "data/decisions/examples.yaml",
        LINE,
        7,
        "[2].attachments[0].file",
    )
    assert warning.message == (
        f"'{UNTAGGED}' is not a tagged PDF (no /MarkInfo /Marked true), so screen readers may not read it in order"
    )
    assert "export it as a tagged PDF" in warning.hint and "expect requests for another format" in warning.hint
    assert TAGGED not in warning.message
    assert len(load_records(load_settings(project))) == len(checked.records)  # the build is not stopped

    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.splitlines()[0] == f"data/decisions/examples.yaml:{LINE}:7: warning: {warning.field}: "
        f"{warning.message}"
    )
    assert f"    hint: {warning.hint}" in result.stderr
    assert result.stdout.startswith("OK: ") and result.stdout.rstrip().endswith("; 1 warning above")
    assert TAGGED not in result.output


def test_check_is_silent_when_every_attachment_is_tagged(project: Path) -> None:
    (project / UNTAGGED).write_bytes(tagged_pdf())
    result = CliRunner().invoke(main, ["--project", str(project), "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert load_checked(load_settings(project)).warnings == []


def test_check_strict_makes_the_warning_an_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(project), "check", "--strict"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "OK:" not in result.output
    assert (
        f"data/decisions/examples.yaml:{LINE}:7: [2].attachments[0].file: '{UNTAGGED}' is not a tagged PDF"
    ) in result.output
    assert result.output.rstrip().endswith("1 problem found in the records")
    with pytest.raises(InvalidRecords) as caught:
        load_checked(load_settings(project), strict=True)
    assert [p.field for p in caught.value.problems] == ["[2].attachments[0].file"] and caught.value.warnings == []


def test_an_error_elsewhere_reports_the_warning_too(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    records.write_text(
        records.read_text(encoding="utf-8").replace("signed: 2020-10-08", "signed: 2020-10-32", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    assert result.exit_code == 1
    assert "data/decisions.yaml:12:3: [0].signed: 2020-10-32 is not a real date" in result.output
    assert f"data/decisions/examples.yaml:{LINE}:7: warning: [2].attachments[0].file: " in result.output
    assert re.search(r"\n\d+ problems? found in the records \(and 1 warning\)\n$", result.output)


def test_a_warning_formats_after_its_position_and_an_error_as_before() -> None:
    error = Problem("data/x.yaml", 3, 5, "[0].title", "is wrong", "fix it")
    assert error.format() == "data/x.yaml:3:5: [0].title: is wrong\n    hint: fix it"
    warning = Problem("data/x.yaml", 3, 5, "[0].title", "may be wrong", severity="warning")
    assert warning.format() == "data/x.yaml:3:5: warning: [0].title: may be wrong"
    assert warning.as_error().format() == "data/x.yaml:3:5: [0].title: may be wrong"
    invalid = InvalidRecords([warning, error])
    assert (invalid.problems, invalid.warnings) == ([error], [warning])
    assert str(invalid) == "1 problem found in the records (and 1 warning)"
    assert invalid.report().splitlines() == [
        error.format().splitlines()[0],
        "    hint: fix it",
        warning.format(),
        str(invalid),
    ]
