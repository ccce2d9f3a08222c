"""A record's signed copy: checked like an attachment, listed first on its page, in the open data."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from attachment_pdfs import tagged_pdf, untagged_pdf
from decision_press.cli import main
from decision_press.model.attachment_pdf import inspect_pdf

from .conftest import main_text, read_page

SIGNED = "data/signed/pcd-911-signed.pdf"


def set_signed_copy(project: Path, value: str) -> int:
    """Point PCD 911's signed_copy at ``value``; the line it is on."""
    records = project / "data" / "decisions.yaml"
    text = records.read_text(encoding="utf-8")
    line = f"  signed_copy: {SIGNED}\n"
    assert line in text
    records.write_text(text.replace(line, f"  signed_copy: {value}\n"), encoding="utf-8")
    return text[: text.index(line)].count("\n") + 1


def check(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    return result.exit_code, result.output


def test_the_example_signed_copy_is_a_scan_with_no_text_layer() -> None:
    inspection = inspect_pdf(Path(__file__).resolve().parents[2] / SIGNED)
    assert inspection.problem == "" and inspection.tagged
    assert inspection.scanned and inspection.pages >= 3


def test_a_rendered_pdf_has_a_text_layer_and_a_blank_one_has_none() -> None:
    assert not inspect_pdf(tagged_pdf()).scanned
    assert inspect_pdf(untagged_pdf()).scanned


@pytest.mark.slow
def test_the_page_lists_the_signed_copy_first_and_the_form_as_its_accessible_version(example_site: Path) -> None:
    page = read_page(example_site, "decisions/pcd-911/")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main_text(page)))
    documents = text[text.index("Documents") :]
    signed = re.search(r"Signed decision document \(PDF, scanned, (\d+) pages, [\d.]+ (KB|MB)\)", documents)
    assert signed is not None, documents[:400]
    assert documents.index("Signed decision document") < documents.index("Decision form (accessible version)")
    assert 'href="pcd-911-signed.pdf"' in page
    published = example_site / "decisions" / "pcd-911" / "pcd-911-signed.pdf"
    original = Path(__file__).resolve().parents[2] / SIGNED
    assert published.read_bytes() == original.read_bytes()  # byte for byte: the document that was signed
    with pikepdf.open(published) as pdf:
        assert int(signed.group(1)) == len(pdf.pages)


@pytest.mark.slow
def test_open_data_lists_the_signed_copy(example_site: Path) -> None:
    rows = json.loads((example_site / "decisions.json").read_text("utf-8"))
    rows = rows["decisions"] if isinstance(rows, dict) else rows
    (row,) = [r for r in rows if r["reference"] == "PCD 911"]
    assert row["documents"][0]["title"] == "Signed decision document"
    assert row["documents"][0]["url"].endswith("decisions/pcd-911/pcd-911-signed.pdf")


def test_check_refuses_a_signed_copy_with_a_script(project: Path) -> None:
    pdf = pikepdf.open(io.BytesIO(tagged_pdf()))
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    pdf.save(project / "data" / "signed" / "bad.pdf")
    line = set_signed_copy(project, "data/signed/bad.pdf")
    code, output = check(project)
    assert code == 1 and "Traceback" not in output
    assert f"data/decisions.yaml:{line}:3: [0].signed_copy: 'data/signed/bad.pdf' cannot be published" in output
    assert "JavaScript" in output


def test_check_warns_about_an_untagged_signed_copy(project: Path) -> None:
    (project / "data" / "signed" / "plain.pdf").write_bytes(untagged_pdf())
    line = set_signed_copy(project, "data/signed/plain.pdf")
    # Not yet published: the published-state lock would rightly ask for a change note.
    (project / "data" / "published.lock").unlink()
    code, output = check(project)
    assert code == 0
    assert (
        f"data/decisions.yaml:{line}:3: warning: [0].signed_copy: 'data/signed/plain.pdf' is not a tagged PDF" in output
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("data/signed/missing.pdf", "the file 'data/signed/missing.pdf' does not exist"),
        ("data/../decision-press.pdf", "signed_copy"),
        ("site/pcd-911.pdf", "signed_copy"),
    ],
)
def test_check_refuses_a_signed_copy_that_is_not_a_pdf_in_data(project: Path, value: str, message: str) -> None:
    set_signed_copy(project, value)
    code, output = check(project)
    assert code == 1 and "Traceback" not in output and message in output
