"""The published form says what was signed: who, in which role, and when; and where the signed original is."""

from __future__ import annotations

import re
from pathlib import Path

from decision_press.pipeline import prepare
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.select import Mode
from decision_press.settings import load_settings

from .conftest import AS_OF
from .test_forms import block, form_html, text_of


def drop_signed_copy(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    text = records.read_text(encoding="utf-8")
    line = "  signed_copy: data/signed/pcd-911-signed.pdf\n"
    assert line in text
    records.write_text(text.replace(line, ""), encoding="utf-8")


def test_the_decision_makers_box_names_who_signed_in_which_role_and_when(project: Path) -> None:
    declaration = text_of(block(form_html(project), "declaration"))
    assert "Signed by Sophie Linden, Deputy Mayor for Policing and Crime on 8 October 2020" in declaration
    assert not re.search(r"Signature Signed Date", declaration)  # never the word alone


def test_a_signed_copy_is_said_to_be_published_beside_the_form(project: Path) -> None:
    declaration = text_of(block(form_html(project), "declaration"))
    assert "The signed original of this form is published beside it" in declaration
    drop_signed_copy(project)
    assert "signed original" not in text_of(block(form_html(project), "declaration"))


def test_an_unsigned_draft_form_says_nothing_was_signed(project: Path) -> None:
    preview, _, _ = prepare(load_settings(project), AS_OF, mode=Mode.PREVIEW)  # drafts are only in a preview
    draft = preview.get("PCD 1320")
    assert draft is not None
    html = HtmlBuilder(preview).documents(draft)[0].html
    assert "Signed by" not in html and "signed original" not in html
