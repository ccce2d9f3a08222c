"""PDFs to attach to the example project: tagged ones as WeasyPrint writes them, untagged ones from pikepdf."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import weasyprint

UNTAGGED = "data/attachments/pcd-1040-site-plan.pdf"
"""The example project's attachment (PCD 1040): an untagged PDF."""
TAGGED = "data/attachments/pcd-1040-floor-plan.pdf"
LINE = 350
"""The line of the site plan's 'file:' in data/decisions/examples.yaml."""


def tagged_pdf() -> bytes:
    """A tagged PDF (PDF/UA-1) as WeasyPrint writes it, with a table and a heading."""
    html = (
        "<html lang='en'><head><title>Floor plan</title></head><body><h1>Floor plan</h1>"
        "<table><tr><th scope='row'>Room</th><td>Waiting room</td></tr></table></body></html>"
    )
    data = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert data is not None
    return data


def untagged_pdf(*, marked: bool = False) -> bytes:
    """A one-page PDF made by pikepdf: no structure tree, and marked as tagged only if ``marked``."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if marked:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def add_attachment(project: Path, relative: str, data: bytes) -> None:
    """Give PCD 1040 a second attachment, after its site plan (with the change note a published
    decision needs for it)."""
    (project / relative).write_bytes(data)
    records = project / "data" / "decisions" / "examples.yaml"
    text = records.read_text(encoding="utf-8")
    site_plan = f"      file: {UNTAGGED}\n"
    assert site_plan in text
    records.write_text(
        text.replace(
            site_plan,
            f"{site_plan}    - title: Floor plan\n      file: {relative}\n"
            "  changes:\n    - date: 2026-11-27\n      note: Added the floor plan.\n",
            1,
        ),
        encoding="utf-8",
    )
