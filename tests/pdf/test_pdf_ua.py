"""WeasyPrint's user-agent stylesheet → pdf_ua's narrowed one: fewer styles, the same PDFs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.html import UA

from decision_press.pipeline import prepare
from decision_press.render import pdf_ua, pdf_worker
from decision_press.render.pdf import style_source
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.settings import load_settings

from .conftest import assert_in_order

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)
PRINT_CSS = (REPO / "src/decision_press/templates/pdf/print.css").read_text(encoding="utf-8")
FOOTNOTES = "aside.fn { float: footnote; }"


def changed_lines(before: str, after: str) -> tuple[set[str], set[str]]:
    """(lines only in ``before``, lines only in ``after``)."""
    old, new = set(before.splitlines()), set(after.splitlines())
    return old - new, new - old


def rule_names(lines: set[str]) -> set[str]:
    return {line.split("{", 1)[0].strip() for line in lines}


UNNAMED_MARGIN_BOXES = {
    "@top-left-corner",
    "@top-center",
    "@top-right-corner",
    "@left-top",
    "@left-middle",
    "@left-bottom",
    "@right-top",
    "@right-middle",
    "@right-bottom",
    "@bottom-left-corner",
    "@bottom-right",
    "@bottom-right-corner",
}
"""The margin boxes print.css gives no content: it names @top-left, @top-right, @bottom-left
and @bottom-center."""
NOTES = {"::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback"}


def test_the_marker_is_scoped_to_list_items_and_unused_rules_dropped() -> None:
    text = pdf_ua.narrowed(UA, PRINT_CSS)
    assert text is not None
    removed, added = changed_lines(UA, text)
    assert rule_names(removed) == {"::marker", *NOTES, "@footnote", "@note-area", *UNNAMED_MARGIN_BOXES}
    assert rule_names(added) == {"li::marker"}


def test_a_stylesheet_with_footnotes_or_more_margin_boxes_keeps_their_rules() -> None:
    text = pdf_ua.narrowed(UA, PRINT_CSS + FOOTNOTES + "@page { @bottom-right { content: 'Draft' } }")
    assert text is not None
    removed, added = changed_lines(UA, text)
    assert rule_names(removed) == {"::marker", *(UNNAMED_MARGIN_BOXES - {"@bottom-right"})}
    assert rule_names(added) == {"li::marker"}


@pytest.mark.parametrize("css", ["p.step { display: list-item; }", "p::marker { content: '-'; }"])
def test_a_stylesheet_with_list_items_or_markers_of_its_own_keeps_weasyprints(css: str) -> None:
    assert pdf_ua.narrowed(UA, PRINT_CSS + css) is None
    assert pdf_ua.user_agent_stylesheet(PRINT_CSS + css) is None


@pytest.mark.parametrize(
    "changed",
    [
        "\n".join(line for line in UA.splitlines() if not line.startswith("::note-callback")),  # a rule gone
        UA.replace("@top-center ", "@top-centre "),  # a rule renamed
        UA + "\n::marker { color: red }\n",  # a rule twice
    ],
)
def test_a_weasyprint_whose_rules_read_otherwise_keeps_its_own(changed: str) -> None:
    assert pdf_ua.narrowed(changed, PRINT_CSS) is None


def render(markup: str, css: CSS, fonts: Any, document_class: type[Any]) -> bytes:
    options: dict[str, Any] = {"pdf_variant": pdf_worker.PDF_VARIANT}
    document = document_class(string=markup).render(font_config=fonts, stylesheets=[css], **options)
    data = document.write_pdf(**options)
    assert isinstance(data, bytes)
    return data


def test_every_example_document_renders_to_the_same_pdf_with_either() -> None:
    corpus = prepare(load_settings(REPO), AS_OF)[0]
    pdf_worker._loaded.clear()
    pdf_worker.init(style_source(corpus))
    ua, fonts, css = (pdf_worker._loaded[name] for name in ("ua", "fonts", "css"))
    assert ua is not None, "the project's own stylesheet is narrowed"
    narrowed = pdf_ua.document_class(ua)
    builder = HtmlBuilder(corpus)
    documents = [d.html for decision in corpus.decisions for d in builder.documents(decision)]
    documents += [d.html for d in builder.documents(corpus.decisions[0], for_signature=True)]
    assert len(documents) >= 10
    for markup in documents:
        assert render(markup, css, fonts, narrowed) == render(markup, css, fonts, HTML), markup[:300]


def test_footnotes_and_lists_render_to_the_same_pdf_with_either() -> None:
    style = style_source(prepare(load_settings(REPO), AS_OF)[0])
    pdf_worker._loaded.clear()
    pdf_worker.init(dataclasses.replace(style, css=style.css + FOOTNOTES))
    ua, fonts, css = (pdf_worker._loaded[name] for name in ("ua", "fonts", "css"))
    assert ua is not None
    markup = (
        "<!DOCTYPE html><html lang='en-GB'><head><title>Notes</title></head><body>"
        "<p>A claim<aside class='fn'>Its source.</aside> and a list:</p>"
        "<ol><li>one</li><li>two</li></ol><ul><li>three</li></ul></body></html>"
    )
    narrowed = render(markup, css, fonts, pdf_ua.document_class(ua))  # footnotes kept, unused boxes not
    assert narrowed == render(markup, css, fonts, HTML)
    text = PdfReader(io.BytesIO(narrowed)).pages[0].extract_text()
    # The footnote's call and marker are drawn, and so are the lists' markers (after their text).
    assert_in_order(text, ["A claim1 and a list:", "one", "two", "three", "1.", "2.", "•", "1. Its source."])
