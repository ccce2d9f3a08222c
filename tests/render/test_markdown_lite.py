"""Markdown-lite: the allowed syntax renders, everything else is shown literally and never runs."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_press.model.rules import _strings
from decision_press.pipeline import prepare
from decision_press.references import ReferenceFormats
from decision_press.render.markdown_lite import MarkdownLite, plain_text, safe_href
from decision_press.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
MD = MarkdownLite(ReferenceFormats.of({"PCD": ["PCD {number}"], "CEOD": ["CEOD {number}-{year}"]}))
ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "code"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def resolve(reference: str) -> str | None:
    return "/decisions/pcd-911/" if reference == "PCD 911" else None


def test_allowed_syntax() -> None:
    html = MD.render("*em* **strong** [site](https://example.org)\n\n- one\n- two\n\n| A |\n|---|\n| 1 |")
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">site</a>' in html
    assert "<li>one</li>" in html and "<td>1</td>" in html


def test_raw_html_and_template_syntax_are_shown_literally() -> None:
    source = "<script>alert(1)</script> <img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}"
    found = elements(MD.render(source))
    assert [tag for tag, _ in found.tags] == ["p"]
    assert found.text == source


def test_markdown_beyond_the_subset_is_literal() -> None:
    html = MD.render("# Not a heading\n\n> not a quote\n\n    not code\n\n![i](file:///etc/passwd)")
    found = elements(html)
    assert {tag for tag, _ in found.tags} == {"p"}
    assert "# Not a heading" in found.text and "file:///etc/passwd" in found.text


def test_unsafe_links_keep_their_text_but_lose_their_target() -> None:
    html = MD.render("[a](javascript:alert(1)) [b](//evil.example) [c](data:text/html,x) [d](/decisions/)")
    hrefs = [attrs.get("href") for tag, attrs in elements(html).tags if tag == "a"]
    assert hrefs == ["/decisions/"]
    assert "a b c d" in elements(html).text


def test_references_link_only_when_the_resolver_allows() -> None:
    html = MD.render("See PCD 911 and PCD 912.", resolve)
    links = [(attrs.get("href"), attrs.get("class")) for tag, attrs in elements(html).tags if tag == "a"]
    assert links == [("/decisions/pcd-911/", "dp-ref")]
    assert "PCD 912" in html


def test_references_inside_an_author_link_are_not_linked_twice() -> None:
    html = MD.render("[PCD 911](https://example.org)", resolve)
    assert html.count("<a ") == 1


def test_safe_href() -> None:
    assert safe_href("https://example.org/a?b=c")
    assert safe_href("mailto:someone@example.org")
    assert not safe_href("JavaScript:alert(1)")
    assert not safe_href("//evil.example/")
    assert not safe_href("/x:y")


def test_plain_text_strips_the_syntax() -> None:
    assert plain_text("A *b* [c](https://x.org)\n\nd") == "A b c d"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_renders_to_allowed_markup_only(text: str) -> None:
    html = MD.render(text, resolve)
    for tag, attrs in elements(html).tags:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") for name in attrs)
        href = attrs.get("href")
        if href is not None:
            assert safe_href(href)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_characters="*_[]()`|-#>\\!+.0123456789\r", blacklist_categories=("Cs", "Cc")),
        min_size=1,
        max_size=200,
    )
)
def test_text_without_markdown_syntax_comes_back_verbatim(text: str) -> None:
    found = elements(MD.render(text)).text
    assert " ".join(found.split()) == " ".join(text.split())


PROSE_PIECES = [*"*abcxyzABCZéßł0123456789 .,;:'\"()?/%£-+=~{}^!#“”’—"]
PROSE_PIECES += ["\n", "\n\n", "  ", "1. ", "- ", "PCD 911", "\t", " \n"]
PROSE = st.lists(
    st.sampled_from(PROSE_PIECES),
    min_size=1,
    max_size=60,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(PROSE)
def test_prose_taken_without_the_parser_renders_as_the_parser_renders_it(text: str) -> None:
    """The short path for plain prose (most texts) is only ever a shortcut to the same markup."""
    for resolver in (None, resolve):
        assert MD.render(text, resolver) == MD._parsed(text, resolver)


def test_plain_prose_skips_the_parser_and_anything_else_takes_it() -> None:
    assert MD._plain("The Deputy Mayor approved it.\n\nCosts: £1.2m (see 3 - 4).", None) == (
        "<p>The Deputy Mayor approved it.</p>\n<p>Costs: £1.2m (see 3 - 4).</p>"
    )
    needs_the_parser = [
        "An *emphasis*",
        "A [link](https://example.org)",
        "Lines\n- a list",
        "1. numbered",
        "  indented",
        "a | b",
        "a & b",
        "a <b>",
        "an \\escape",
        "tab\there",
        "trailing space ",
        "",
    ]
    for text in needs_the_parser:
        assert MD._plain(text, None) is None, text
    # A reference is linked by the parser's tree processor, so it takes the parser when linking.
    assert MD._plain("As PCD 911 said.", resolve) is None
    assert MD._plain("As PCD 911 said.", None) == "<p>As PCD 911 said.</p>"


def test_every_text_of_the_example_records_renders_as_the_parser_renders_it() -> None:
    corpus = prepare(load_settings(REPO), dt.date(2026, 11, 26))[0]  # the project's own records
    data = [decision.record.model_dump(mode="json") for decision in corpus.decisions]
    texts = [text for record in data for _, text in _strings(record, ())]
    assert sum(MD._plain(text, None) is not None for text in texts) > len(texts) / 2
    for text in texts:
        assert MD.render(text, resolve) == MD._parsed(text, resolve), text
