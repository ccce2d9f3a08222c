"""``decision-press pdf REF...``: the forms of any record, drafts included, printed to be signed."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cli_process import decision_press
from decision_press.render.pdf_html import HtmlBuilder

from .conftest import REPORT, corpus_of, squash

pytestmark = pytest.mark.slow

MARKING = "For signature — not for publication"


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return decision_press(project, *args, cwd=project)


def add_signatory(project: Path, role: str) -> None:
    """Give the PCD type a further signatory in decision-press.yml."""
    settings = project / "decision-press.yml"
    text = settings.read_text(encoding="utf-8")
    anchor = "    form_title: DMPC Decision\n"
    assert anchor in text
    settings.write_text(text.replace(anchor, f"{anchor}    signatories: [{role}]\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("sign") / "project")
    add_signatory(project, "Director of Finance")
    result = cli(project, "pdf", "PCD 911", "pcd 1320")
    assert result.returncode == 0, result.stderr
    assert "not for publication" in result.stdout
    return project / "for-signature"


def test_the_forms_and_appendices_of_a_signed_and_a_draft_record_are_printed(printed: Path) -> None:
    names = sorted(p.name for p in printed.iterdir())
    assert names == sorted(
        ["pcd-911-for-signature.pdf", "pcd-1320-for-signature.pdf", REPORT.removesuffix(".pdf") + "-for-signature.pdf"]
    )


@pytest.mark.parametrize("name", ["pcd-911-for-signature.pdf", "pcd-1320-for-signature.pdf"])
def test_every_page_is_marked_and_no_public_url_is_printed(printed: Path, name: str) -> None:
    reader = PdfReader(printed / name)
    pages = [page.extract_text() or "" for page in reader.pages]
    assert pages and all(squash(MARKING) in squash(text) for text in pages)
    text = "\n".join(pages)
    assert not re.search(r"https?://|www\.|/decisions/", text)
    assert "Signed by" not in text  # nothing says it was signed: it is to be signed


def test_each_signatory_has_an_empty_signature_and_date_box(printed: Path) -> None:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(printed / "pcd-911-for-signature.pdf").pages)
    for role in ("Deputy Mayor for Policing and Crime", "Chief Executive", "Director of Finance"):
        assert squash(role) in squash(text), role
    assert "8 October 2020" not in text  # the date signed is left for the pen
    # The tick table with each officer's confirmation.
    assert "Financial advice" in text and "Legal advice" in text


def test_the_html_for_signature_has_only_empty_boxes(project: Path) -> None:
    add_signatory(project, "Director of Finance")
    corpus = corpus_of(project, "data/decisions.yaml")
    decision = corpus.get("PCD 911")
    assert decision is not None
    html = HtmlBuilder(corpus).documents(decision, for_signature=True)[0].html
    lines = re.findall(r'<div class="sign-line">(.*?)</div>', html, re.S)
    assert len(lines) == 2 * 3  # a signature and a date box for each of three signatories
    assert all(line.strip() == "" for line in lines)
    assert 'data-title="For signature — not for publication"' in html


def test_the_first_page_looks_marked_as_a_picture(printed: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(printed / "pcd-1320-for-signature.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (picture,) = tmp_path.glob("p*.png")
    image = Image.open(picture).convert("RGB")
    red = sum(1 for r, g, b in image.getdata() if r > 170 and g < 110 and b < 90)  # the marking's red border
    assert red > 200
    top = image.crop((0, 0, image.width, image.height // 8)).convert("L")
    assert min(top.getdata()) < 128  # the running header is printed


def test_an_unknown_reference_names_the_nearest_and_writes_nothing(project: Path) -> None:
    result = cli(project, "pdf", "PCD 911", "PCD 9111")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no record has the reference 'PCD 9111'. Did you mean PCD 911" in result.stderr
    assert not (project / "for-signature").exists()


def test_forms_for_signature_are_never_written_into_the_public_site(project: Path) -> None:
    result = cli(project, "pdf", "PCD 911", "--out", "site/decisions")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "refusing to write forms for signature into site/decisions" in result.stderr
    assert not (project / "site").exists()


def test_a_signatories_setting_of_the_wrong_shape_is_reported_at_its_place(project: Path) -> None:
    settings = project / "decision-press.yml"
    text = settings.read_text(encoding="utf-8")
    anchor = "    form_title: DMPC Decision\n"
    settings.write_text(text.replace(anchor, f"{anchor}    signatories: Director of Finance\n", 1), encoding="utf-8")
    line = text[: text.index(anchor)].count("\n") + 2
    result = cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"decision-press.yml:{line}:5: decision_types[0].signatories: expected a list here" in result.stderr
