"""PCD 911's PDFs are tagged (PDF/UA-1), described by the record and use only Open Sans, embedded."""

from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest

from decision_press.render.markdown_lite import plain_text

from .conftest import FORM, REPORT, Rendered911, structure

BOTH = pytest.mark.parametrize("filename", [FORM, REPORT])


@BOTH
def test_tagged_with_language_and_structure(rendered_911: Rendered911, filename: str) -> None:
    with rendered_911.open(filename) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "en-GB"
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        kinds = [str(element.S) for element in structure(root.StructTreeRoot)]
        assert kinds.count("/H1") == 1
        assert "/H2" in kinds and "/H3" in kinds and "/Table" in kinds


def test_every_image_has_alternative_text(rendered_911: Rendered911) -> None:
    with rendered_911.open(FORM) as pdf:
        figures = [e for e in structure(pdf.Root.StructTreeRoot) if str(e.S) == "/Figure"]
        assert len(figures) == 7  # the seven ticks of the originating officer's table
        assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_metadata_comes_from_the_record(rendered_911: Rendered911) -> None:
    record = rendered_911.decision.record
    with rendered_911.open(FORM) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "PCD 911 Piloting a Multi-Agency Response to Drug Trafficking"
        assert str(info.Author) == (
            "Mayor's Office for Policing and Crime; Sophie Linden, Deputy Mayor for Policing and Crime"
        )
        assert str(info.Subject) == plain_text(record.summary)
        assert str(info.Keywords) == "Drugs, County Lines, Grant funding"
        # Dates from the record (signed, published), never the clock.
        assert str(info.CreationDate) == "D:20201008"
        assert str(info.ModDate) == "D:20201015"
    with rendered_911.open(REPORT) as pdf:
        assert str(pdf.docinfo.Title) == record.appendices[0].title
        assert str(pdf.docinfo.CreationDate) == "D:20200924"
        assert str(pdf.docinfo.Keywords) == "Drugs, County Lines, Grant funding"


@BOTH
def test_only_open_sans_and_every_font_embedded(rendered_911: Rendered911, filename: str) -> None:
    with rendered_911.open(filename) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
        assert fonts
        for font in fonts:
            name = str(font.BaseFont).split("+")[-1].replace("-", "")
            assert "OpenSans" in name, name
            if str(font.Subtype) == "/Type0":
                descriptor = font.DescendantFonts[0].FontDescriptor
            else:
                descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_sees_only_embedded_open_sans(rendered_911: Rendered911) -> None:
    listing = subprocess.run(
        ["pdffonts", str(rendered_911.path(FORM))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        name, embedded = line.split()[0], line.split()[-5]
        assert "Open-Sans" in name and embedded == "yes", line
