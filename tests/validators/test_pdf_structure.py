"""Every PDF that Decision Press generates for the example site, read against PDF/UA-1's structure rules.

What is checked, with pikepdf: the document is marked as tagged, has a language and a title that a
viewer shows, embeds every font; figures carry alternative text; lists, tables and their rows are
made of the parts the standard names; headings do not skip a level; and no text, path or image on a
page is painted outside marked content (tagged, or marked as an artifact).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from decision_press.pipeline import prepare
from decision_press.settings import load_settings
from pdf.conftest import structure as elements
from web.conftest import AS_OF

from .conftest import ServedSite

PARTS = {
    "/L": {"/LI", "/Caption"},
    "/LI": {"/Lbl", "/LBody"},
    "/Table": {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"},
    "/THead": {"/TR"},
    "/TBody": {"/TR"},
    "/TFoot": {"/TR"},
    "/TR": {"/TH", "/TD"},
}
"""Structure elements whose children the standard restricts, and the children allowed."""

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}
"""Content operators that put something on the page."""


def generated_pdfs(served_site: ServedSite, kind: str) -> list[Path]:
    """The site's PDFs of one kind that Decision Press made ('form' or 'appendix'; not attachments)."""
    corpus, _, _ = prepare(load_settings(served_site.project), AS_OF)
    return [
        served_site.folder / decision.url / document.filename
        for decision in corpus.decisions
        for document in decision.documents
        if document.kind == kind
    ]


def children(element: pikepdf.Dictionary) -> list[str]:
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return [str(kid.S) for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def untagged_painting(page: pikepdf.Page) -> int:
    """How many painting operators of a page lie outside any marked-content sequence."""
    depth, outside = 0, 0
    for _operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name in PAINTING and depth == 0:
            outside += 1
    return outside


def problems_of(path: Path) -> list[str]:
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if not ("/MarkInfo" in root and bool(root.MarkInfo.get("/Marked", False))):
            found.append("not marked as tagged")
        if not str(root.get("/Lang", "")):
            found.append("no language")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            found.append("no title")
        if not ("/ViewerPreferences" in root and bool(root.ViewerPreferences.get("/DisplayDocTitle", False))):
            found.append("title not shown by viewers")
        if "/StructTreeRoot" not in root:
            return [*found, "no structure tree"]
        level = 0
        for element in elements(root.StructTreeRoot):
            kind = str(element.S)
            if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
                found.append("figure without alternative text")
            if kind in PARTS and (wrong := set(children(element)) - PARTS[kind]):
                found.append(f"{kind} holds {sorted(wrong)}")
            if kind in {f"/H{n}" for n in range(1, 7)}:
                if int(kind[2]) > level + 1:
                    found.append(f"{kind} after H{level}")
                level = int(kind[2])
        for number, page in enumerate(pdf.pages, 1):
            if outside := untagged_painting(page):
                found.append(f"page {number}: {outside} painting operators outside marked content")
        for font in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"):
            descriptor = font.DescendantFonts[0].FontDescriptor if font.Subtype == "/Type0" else font.FontDescriptor
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"font {font.BaseFont} not embedded")
    return found


def test_the_site_has_forms_and_appendices(served_site: ServedSite) -> None:
    assert "pcd-911.pdf" in [p.name for p in generated_pdfs(served_site, "form")]
    appendices = [p.name for p in generated_pdfs(served_site, "appendix")]
    assert any(name.startswith("mps-report") for name in appendices)
    assert any(name.startswith("annex") for name in appendices)
    assert all(p.is_file() for kind in ("form", "appendix") for p in generated_pdfs(served_site, kind))


@pytest.mark.parametrize("kind", ["form", "appendix"])
def test_every_generated_pdf_keeps_the_structure_rules(served_site: ServedSite, kind: str) -> None:
    found = {p.relative_to(served_site.folder).as_posix(): problems_of(p) for p in generated_pdfs(served_site, kind)}
    assert found
    assert {name: problems for name, problems in found.items() if problems} == {}
