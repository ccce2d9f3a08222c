"""The decision form's variants: withdrawn, deferred, Part 2, unsigned, signature image, overrides."""

from __future__ import annotations

import base64
import dataclasses
import re
from pathlib import Path

import pikepdf
import pytest

from conftest import site_template
from decision_press.errors import BuildFailed, InvalidRecords
from decision_press.render.pdf import render_all
from decision_press.render.pdf_html import HtmlBuilder

from .conftest import FORM, corpus_of, pdf_text, squash

CANARY = "CANARY-PART2-TEXT-4242"
# A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def edit_911(project: Path, after: str, lines: str, replace: tuple[str, str] | None = None) -> None:
    """Insert YAML ``lines`` into PCD 911's record after the line ``after``."""
    path = project / "data/decisions.yaml"
    text = path.read_text(encoding="utf-8")
    assert after in text
    text = text.replace(after, after + lines, 1)
    if replace is not None:
        text = text.replace(*replace)
    path.write_text(text, encoding="utf-8")


def form_html(project: Path) -> str:
    corpus = corpus_of(project)
    decision = corpus.get("PCD 911")
    assert decision is not None
    return HtmlBuilder(corpus).documents(decision)[0].html


def block(html: str, css_class: str) -> str:
    """The HTML of the first <section> whose class list holds ``css_class``."""
    match = re.search(rf'<section class="[^"]*\b{css_class}\b[^"]*">(.*?)</section>', html, re.S)
    assert match is not None, css_class
    return match.group(1)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_withdrawn_form_carries_the_notice_first(project: Path) -> None:
    edit_911(
        project,
        "  published: 2020-10-15\n",
        "  withdrawal:\n    date: 2021-02-01\n    reason: The Home Office withdrew the grant offer.\n",
        ("status: published", "status: withdrawn"),
    )
    text = text_of(form_html(project))
    assert text.index("Withdrawn on 1 February 2021") < text.index("DMPC Decision – PCD 911")
    assert "The Home Office withdrew the grant offer." in text


def test_deferred_publication_is_answered_with_reason_and_date(project: Path) -> None:
    edit_911(
        project,
        "  published: 2020-10-15\n",
        "  deferral:\n    until: 2020-11-30\n    reason: The operation was still running.\n",
    )
    text = text_of(block(form_html(project), "publication"))
    assert "Is the publication of this form to be deferred? Yes Until: 30 November 2020" in text
    assert "Reason: The operation was still running." in text
    assert "Is there a Part 2 form? No" in text


def test_part_2_shows_reason_and_basis_never_its_text(project: Path) -> None:
    edit_911(
        project,
        "  published: 2020-10-15\n",
        f"  part2:\n    reason: It names informants.\n    legal_basis: FOIA s.30\n    text: {CANARY}\n",
    )
    html = form_html(project)
    assert CANARY not in html
    text = text_of(block(html, "publication"))
    assert "Is there a Part 2 form? Yes Reason: It names informants. Legal basis: FOIA s.30" in text

    documents = render_all(corpus_of(project), project.parent / "cache", workers=1)
    for document in documents.values():
        assert CANARY.encode() not in document.path.read_bytes()
        assert squash(CANARY) not in squash(pdf_text(document.path))
        with pikepdf.open(document.path) as pdf:
            assert CANARY not in str(dict(pdf.docinfo.items()))


def test_the_renderer_refuses_a_record_that_still_holds_part_2_text(project: Path) -> None:
    edit_911(project, "  published: 2020-10-15\n", "  part2:\n    reason: Exempt.\n")
    corpus = corpus_of(project)
    decision = corpus.get("PCD 911")
    assert decision is not None and decision.record.part2 is not None
    leaked = decision.record.model_copy(update={"part2": decision.record.part2.model_copy(update={"text": CANARY})})
    with pytest.raises(BuildFailed, match="Part 2"):
        HtmlBuilder(corpus).documents(dataclasses.replace(decision, record=leaked))


def test_unsigned_approval_prints_empty_lines_ready_to_sign(project: Path) -> None:
    approval = block(form_html(project), "approval")
    assert re.search(r'sign-date">\s*<span class="sign-label">Date</span>\s*<div class="sign-line"></div>', approval)
    assert "Signed" not in approval

    edit_911(project, "  officer_approval:\n", "    name: A. Officer\n    signed: 2020-10-06\n")
    approval = text_of(block(form_html(project), "approval"))
    assert "Signed" in approval and "6 October 2020" in approval and "A. Officer" in approval


def test_signature_image_is_embedded_with_alternative_text(project: Path) -> None:
    (project / "assets/signatures").mkdir()
    (project / "assets/signatures/dmpc.png").write_bytes(PNG)
    edit_911(project, "  declaration:\n", "    signature_image: assets/signatures/dmpc.png\n")
    html = form_html(project)
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in html
    assert 'alt="Signature of Sophie Linden"' in html

    documents = render_all(corpus_of(project), project.parent / "cache", workers=1)
    with pikepdf.open(documents[("pcd-911", FORM)].path) as pdf:
        alts = [str(o.Alt) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Alt" in o]
        assert "Signature of Sophie Linden" in alts


def test_a_site_overrides_a_template_in_its_own_templates_folder(project: Path) -> None:
    template = site_template(project, "pdf/form.html.j2")
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            '<p class="org">{{ org.name }}</p>', '<p class="org">SITE OVERRIDE {{ org.short_name }}</p>'
        ),
        encoding="utf-8",
    )
    assert "SITE OVERRIDE MOPAC" in form_html(project)


def test_a_character_the_font_cannot_draw_is_refused_at_its_line(project: Path) -> None:
    edit_911(
        project,
        "  topics: [Drugs, County Lines, Grant funding]\n",
        "",
        ("The proposal is for the acceptance", "✓ The proposal is for the acceptance"),
    )
    with pytest.raises(InvalidRecords) as raised:
        corpus_of(project)
    assert re.search(r"data/decisions.yaml:\d+:\d+: .*U\+2713 CHECK MARK", raised.value.report())


def test_a_template_character_the_font_cannot_draw_is_refused_by_name(project: Path) -> None:
    form = site_template(project, "pdf/form.html.j2")
    form.write_text(form.read_text(encoding="utf-8").replace("</h1>", " ✓</h1>", 1), encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"U\+2713 CHECK MARK"):
        render_all(corpus_of(project), project.parent / "cache", workers=1)


def test_a_signature_image_that_leads_outside_the_assets_is_refused(project: Path) -> None:
    (project / "assets/signatures").mkdir()
    image = project / "assets/signatures/dmpc.png"
    image.write_bytes(PNG)
    edit_911(project, "  declaration:\n", "    signature_image: assets/signatures/dmpc.png\n")
    corpus = corpus_of(project)
    # Swapped after validation (the validator refuses it too): the renderer checks again.
    image.unlink()
    image.symlink_to("/dev/urandom")
    with pytest.raises(BuildFailed, match="inside assets"):
        render_all(corpus, project.parent / "cache", workers=1)
