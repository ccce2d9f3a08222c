"""The form, report and annex read back as their text was written: no word hyphenated by the
renderer, and a numbered paragraph tagged as one paragraph, not one per printed line."""

from __future__ import annotations

import html as html_module
import io
import re
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from decision_press.render import pdf_worker
from decision_press.render.pdf import style_source
from decision_press.render.pdf_html import HtmlBuilder

from .conftest import REPO, corpus_of, structure

LINE_END_HYPHENS = ("-", "\u00ad", "\u2010")
SAMPLES = [("PCD 911", "form"), ("PCD 911", "report"), ("PCD 1040", "annex")]


def sample_html(reference: str, kind: str) -> str:
    """The HTML the build would render for ``reference``'s document of ``kind``."""
    corpus = corpus_of(REPO, "data/decisions.yaml", "data/decisions/examples.yaml")
    decision = corpus.get(reference)
    assert decision is not None
    for document in HtmlBuilder(corpus).documents(decision):
        is_kind = (
            document.document.kind == "form"
            if kind == "form"
            else document.document.kind == "appendix"
            and decision.record.appendices[document.document.index].kind == kind
        )
        if is_kind:
            return document.html
    raise AssertionError(f"{reference} has no {kind}")


def render(html: str, extra_css: str = "") -> bytes:
    """``html`` rendered by the build's own worker code, in this process."""
    corpus = corpus_of(REPO)
    style = style_source(corpus)
    pdf_worker.init(replace(style, css=style.css + extra_css))
    return pdf_worker.render(html)[0]


def source_text(html: str) -> str:
    """The text of the HTML, tags removed and whitespace collapsed: what the PDF must say."""
    body = html.split("<body", 1)[1]
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", body)))


def hyphenation_breaks(pdf: bytes, source: str) -> list[str]:
    """Line ends where the PDF's text breaks a word with a hyphen the source does not have."""
    breaks = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        for line, following in pairwise(lines):
            if not line.endswith(LINE_END_HYPHENS) or not following:
                continue
            head = line.split()[-1].rstrip("".join(LINE_END_HYPHENS))
            tail = re.match(r"[\w'’]*", following.split()[0]).group(0)  # type: ignore[union-attr]
            if not head or not tail or f"{head}-{tail}" in source:
                continue  # a hyphen the author wrote (e.g. multi-agency), broken where it stands
            breaks.append(f"{head}-/{tail}")
    return breaks


@pytest.mark.parametrize(("reference", "kind"), SAMPLES)
def test_no_word_of_the_text_is_hyphenated(reference: str, kind: str) -> None:
    html = sample_html(reference, kind)
    assert hyphenation_breaks(render(html), source_text(html)) == []


def test_the_check_finds_hyphenation_when_the_stylesheet_asks_for_it() -> None:
    # The same form with hyphenation switched on, as the stylesheet once had it: the check
    # must see the words it breaks, or its silence above would prove nothing.
    html = sample_html("PCD 911", "form")
    hyphenated = render(html, 'html { hyphens: auto; hyphenate-character: "-"; hyphenate-limit-chars: 7 3 3; }')
    assert len(hyphenation_breaks(hyphenated, source_text(html))) >= 3


def children(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def test_a_recommendation_is_one_tagged_paragraph(tmp_path: Path) -> None:
    # PCD 911's only recommendation is one paragraph of four printed lines.
    path = tmp_path / "form.pdf"
    path.write_bytes(render(sample_html("PCD 911", "form")))
    with pikepdf.open(path) as pdf:
        first_list = next(e for e in structure(pdf.Root.StructTreeRoot) if str(e.S) == "/L")
        item = children(first_list)[0]
        body = children(item)[0]
        assert str(body.S) == "/LBody"
        assert [str(kid.S) for kid in children(body)] == ["/P"]


def test_a_numbered_paragraph_is_one_tagged_paragraph(tmp_path: Path) -> None:
    # Every numbered paragraph of PCD 911's Part I is one paragraph of text: its number and
    # its lines make one /P (a paragraph running onto the next page continues in a second
    # element there, still one /P on each page).
    path = tmp_path / "form.pdf"
    path.write_bytes(render(sample_html("PCD 911", "form")))
    with pikepdf.open(path) as pdf:
        paragraphs = [
            [str(kid.S) for kid in children(e)]
            for e in structure(pdf.Root.StructTreeRoot)
            if str(e.S) == "/Div" and children(e) and str(children(e)[0].S) == "/P"
        ]
        assert len(paragraphs) == 11  # 1.1 to 6.3
        assert all(kinds.count("/P") == 1 for kinds in paragraphs), paragraphs


def drawn_lines(pdf: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(baseline's distance from the page top, font size, text) of each line of text drawn on
    ``page``, in drawing order (WeasyPrint draws from the top with y growing down)."""
    lines: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            lines.append((tm[5], size, text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return lines


OLD_SIGNATURE_LINE = """
.sign-line { height: 14mm; min-height: 0; }
.sign-line > span, .sign-line > img { display: inline; }
"""
"""The signature field before it could grow: one line box of 14 mm, the mark inline in it."""


# "before": the same check on the field as it was, which drew the mark's second line over the
# signatory's name, finds it.
@pytest.mark.parametrize("extra_css", ["", OLD_SIGNATURE_LINE], ids=["now", "before"])
def test_a_signature_mark_that_wraps_stays_in_its_field_above_the_signatory(extra_css: str) -> None:
    lines = drawn_lines(render(sample_html("PCD 911", "form"), extra_css))
    texts = [text for _, _, text in lines]
    mark = lines[texts.index("Signature") + 1 : texts.index("Date")]
    assert " ".join(text for _, _, text in mark) == (
        "Signed by Sophie Linden, Deputy Mayor for Policing and Crime on 8 October 2020"
    )
    assert len(mark) == 2  # the example's mark is longer than its field is wide
    date = lines[texts.index("8 October 2020")]
    name = lines[texts.index("Sophie Linden")]
    # Each line of the mark ends a line height or more above the signatory's name (glyphs
    # reach about 0.8 of the size above the baseline and 0.25 below), and the date stands
    # on the mark's last line, at the foot of both fields.
    clear = all(name[0] - y > size for y, size, _ in mark) and abs(date[0] - mark[-1][0]) < 0.5
    assert clear is (extra_css == ""), lines
