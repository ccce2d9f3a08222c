"""The documents' HTML → pdf_tree's element tree: exactly tinyhtml5's wherever it is built, and
no tree at all for markup an HTML5 parser would mend (so WeasyPrint parses it as always)."""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import tinyhtml5
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from weasyprint import HTML

from decision_press.corpus import Corpus
from decision_press.model.record import Decision
from decision_press.model.sourced import SourcedDecision
from decision_press.pipeline import prepare
from decision_press.render import pdf_tree, pdf_worker
from decision_press.render.pdf import style_source
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.select import select_public
from decision_press.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


def shape(element: ET.Element) -> tuple[Any, ...]:
    """Everything WeasyPrint reads of a tree: tags, attributes, text and tails, in order."""
    return (element.tag, dict(element.attrib), element.text or "", element.tail or "", [shape(c) for c in element])


def html5(markup: str) -> tuple[Any, ...]:
    return shape(tinyhtml5.parse(markup, namespace_html_elements=False))


@pytest.fixture(scope="module")
def example_documents() -> list[str]:
    corpus = prepare(load_settings(REPO), AS_OF)[0]
    builder = HtmlBuilder(corpus)
    return [
        document.html
        for decision in corpus.decisions
        for for_signature in (False, True)
        for document in builder.documents(decision, for_signature=for_signature)
    ]


def test_every_example_document_gets_the_tree_tinyhtml5_builds(example_documents: list[str]) -> None:
    assert len(example_documents) >= 10
    for markup in example_documents:
        tree = pdf_tree.parse(markup)
        assert tree is not None, markup[:200]
        assert shape(tree) == html5(markup)


def test_a_document_renders_to_the_same_pdf_either_way(example_documents: list[str]) -> None:
    pdf_worker._loaded.clear()
    pdf_worker.init(style_source(prepare(load_settings(REPO), AS_OF)[0]))
    markup = example_documents[0]
    parsed = HTML(string=markup, url_fetcher=pdf_worker._loaded["fetcher"])
    built = pdf_worker._html(markup)
    # What HTML() sets is what the worker sets: a WeasyPrint that sets more must be looked at.
    assert vars(built).keys() == vars(parsed).keys()
    assert (built.base_url, built.media_type) == (parsed.base_url, parsed.media_type)
    options: dict[str, Any] = {"pdf_variant": pdf_worker.PDF_VARIANT}
    style = {"font_config": pdf_worker._loaded["fonts"], "stylesheets": [pdf_worker._loaded["css"]]}
    assert built.render(**style, **options).write_pdf(**options) == parsed.render(**style, **options).write_pdf(
        **options
    )


@pytest.mark.parametrize(
    "body",
    [
        "<p>One<div>block in a paragraph</div></p>",  # HTML5 closes the paragraph first
        "<table><tr><td>no row group</td></tr></table>",  # HTML5 adds a tbody
        "<table><tbody><tr><td>a</td></tr></tbody>text in a table</table>",  # moved before it
        "<ul><li>one<li>two</ul>",  # the first item closed by the second
        "<p><b>misnested <i>formatting</b></i></p>",
        "<p>unclosed",
        "<div/>",
        "<p>a comment <!-- here --></p>",
        "<p>&copy legacy reference</p>",
        '<p class="a" class="b">two classes</p>',
        '<p xml:lang="en">a namespaced attribute</p>',
        "<svg><circle r='1'/></svg>",
        "<h2>heading <h3>in a heading</h3></h2>",
        "<a href='#a'>link <a href='#b'>in a link</a></a>",
        "<p>a line\r\nbreak</p>",
        "<form><input></form>",
    ],
)
def test_markup_an_html5_parser_would_mend_gets_no_tree(body: str) -> None:
    markup = f"<!DOCTYPE html>\n<html><head><title>T</title></head><body>{body}</body></html>"
    assert pdf_tree.parse(markup) is None
    assert pdf_tree.parse("<!DOCTYPE html>\n<html><head><title>T</title></head><body><p>x</p></body></html>")


_PIECES = [
    *("<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<strong>", "</strong>", "<em>", "</em>"),
    *("<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<table>", "</table>", "<tbody>", "</tbody>"),
    *("<thead>", "</thead>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>", "<h2>", "</h2>"),
    *("<h3>", "</h3>", "<a href='#x'>", "</a>", "<br>", "<img alt='' src='data:,'>", "<section>", "</section>"),
    *("text", " ", "\n", "&amp;", "&lt;b&gt;", "&#39;", "&#x80;", "&nbsp;", "<caption>", "</caption>"),
    *("<b>", "</b>", "<i>", "</i>", "<dl>", "</dl>", "<dt>", "</dt>", "<dd>", "</dd>", "</br>", "<hr>"),
]


def test_generated_markup_gets_either_no_tree_or_tinyhtml5s_own() -> None:
    """Random sequences of tags and text, most of them broken: a tree, when built, is HTML5's."""
    chance = random.Random(911)
    built = 0
    for _ in range(4000):
        body = "".join(chance.choice(_PIECES) for _ in range(chance.randint(1, 12)))
        markup = f"<!DOCTYPE html>\n<html lang='en'>\n<head>\n<title>T</title>\n</head>\n<body>{body}</body>\n</html>\n"
        tree = pdf_tree.parse(markup)
        if tree is not None:
            built += 1
            assert shape(tree) == html5(markup), body
    assert 50 < built < 3800  # both outcomes are exercised


_TEXT = ["text", " ", "\n", "&amp; more", "&lt;b&gt;", "it&#39;s", "&#x80;", "a&nbsp;b", "&quot;q&quot;", ""]
_INLINE = ["span", "strong", "em", "b", "i", "a", "small", "sup", "code"]
_BLOCK = ["p", "div", "section", "h2", "h3", "ul", "ol", "dl", "table", "blockquote"]


def _inline(chance: random.Random, depth: int, in_link: bool = False) -> str:
    parts = []
    for _ in range(chance.randint(0, 3)):
        pick = chance.random()
        if pick < 0.5 or depth > 3:
            parts.append(chance.choice(_TEXT))
        elif pick < 0.6:
            parts.append(chance.choice(["<br>", "<img alt='' src='data:,'>"]))
        else:
            tag = chance.choice([t for t in _INLINE if not (in_link and t == "a")])
            attribute = " href='#x'" if tag == "a" else chance.choice(["", " class='c'", ' data-x="1"'])
            parts.append(f"<{tag}{attribute}>{_inline(chance, depth + 1, in_link or tag == 'a')}</{tag}>")
    return "".join(parts)


def _block(chance: random.Random, depth: int) -> str:
    tag = chance.choice(_BLOCK if depth < 3 else ["p", "h3"])
    space = chance.choice(["", "\n", " "])
    if tag in ("ul", "ol"):
        items = "".join(f"{space}<li>{_flow(chance, depth + 1)}</li>" for _ in range(chance.randint(0, 3)))
        return f"<{tag}>{items}{space}</{tag}>"
    if tag == "dl":
        return f"<dl>{space}<dt>{_inline(chance, depth)}</dt><dd>{_flow(chance, depth + 1)}</dd>{space}</dl>"
    if tag == "table":
        cells = "".join(f"<td>{_flow(chance, depth + 1)}</td>{space}" for _ in range(chance.randint(1, 3)))
        head = f"<thead><tr><th>{_inline(chance, depth)}</th></tr></thead>" if chance.random() < 0.5 else ""
        caption = f"<caption>{_inline(chance, depth)}</caption>" if chance.random() < 0.3 else ""
        return f"<table>{space}{caption}{head}<tbody>{space}<tr>{cells}</tr>{space}</tbody>{space}</table>"
    if tag in ("p", "h2", "h3"):
        return f"<{tag}>{_inline(chance, depth)}</{tag}>"
    return f"<{tag}>{_flow(chance, depth + 1)}</{tag}>"


def _flow(chance: random.Random, depth: int) -> str:
    return "".join(
        chance.choice([_inline(chance, depth), _block(chance, depth), chance.choice(_TEXT)])
        for _ in range(chance.randint(0, 3))
    )


def test_generated_plain_markup_gets_tinyhtml5s_tree() -> None:
    """Random well-formed documents of the elements the templates write: always built, always HTML5's."""
    chance = random.Random(2026)
    for _ in range(1500):
        body = _flow(chance, 0)
        head = "<head>\n<meta charset='utf-8'>\n<title>T &amp; t</title>\n</head>"
        markup = f"<!DOCTYPE html>\n<html lang='en-GB'>\n{head}\n<body>\n{body}\n</body>\n</html>\n"
        tree = pdf_tree.parse(markup)
        assert tree is not None, body
        assert shape(tree) == html5(markup), body


@pytest.fixture(scope="module")
def project_settings() -> Settings:
    return load_settings(REPO)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["title", "summary", "recommendation"]), text=st.text(min_size=1, max_size=80))
def test_any_record_text_keeps_a_document_on_its_tree(project_settings: Settings, field: str, text: str) -> None:
    records = yaml.safe_load((REPO / "data" / "decisions.yaml").read_text(encoding="utf-8"))
    data = {**records[0], field: [text] if field == "recommendation" else text}
    try:
        decision = Decision.model_validate(data)
    except ValidationError:
        assume(False)
        return
    selection = select_public([SourcedDecision(decision, REPO / "data" / "x.yaml", 0, 1)], AS_OF)
    corpus = Corpus(selection, project_settings)
    for document in HtmlBuilder(corpus).documents(corpus.decisions[0]):
        tree = pdf_tree.parse(document.html)
        assert tree is not None
        assert shape(tree) == html5(document.html)
