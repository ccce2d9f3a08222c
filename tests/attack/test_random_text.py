"""Random text in every text field: every renderer shows it and nothing from it runs.

Hypothesis throws arbitrary Unicode (markup, template syntax, control-free garbage) at
each author text field of a decision; the web page and the PDF HTML must render without
raising, contain no element, attribute or link that could run, and keep text that has no
Markdown-lite syntax exactly as typed.
"""

from __future__ import annotations

import datetime as dt
import html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from decision_press.corpus import Corpus
from decision_press.model.record import Decision
from decision_press.model.sourced import SourcedDecision
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.render.web import WebRenderer
from decision_press.select import select_public
from decision_press.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
FIELDS = (
    "title",
    "summary",
    "recommendation",
    "paragraph",
    "item",
    "part2_reason",
    "legal_basis",
    "topic",
    "maker_name",
    "contact_role",
)
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "img", "style", "link", "meta", "form", "svg", "base"}


def record(field: str, text: str) -> dict[str, Any]:
    value = {
        "title": "Title",
        "summary": "Summary.",
        "recommendation": "Approve.",
        "paragraph": "Paragraph.",
        "item": "Item.",
        "part2_reason": "Commercial.",
        "legal_basis": "FOIA s.43",
        "topic": "Topic",
        "maker_name": "Name",
        "contact_role": "Officer",
    }
    value[field] = text
    return {
        "reference": "PCD 5",
        "title": value["title"],
        "status": "published",
        "decision_maker": {"role": "Deputy Mayor for Policing and Crime", "name": value["maker_name"]},
        "signed": "2024-01-10",
        "published": "2024-01-12",
        "topics": [value["topic"]],
        "summary": value["summary"],
        "recommendations": [{"text": value["recommendation"], "items": [value["item"]]}],
        "sections": [{"title": "Intro", "paragraphs": [{"text": value["paragraph"], "items": [value["item"]]}]}],
        "part2": {"reason": value["part2_reason"], "legal_basis": value["legal_basis"], "text": "SECRET-PART2-TEXT-93"},
        "contact": {"role": value["contact_role"]},
    }


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src") and (value or "").strip().lower().startswith(("javascript:", "data:", "file:")):
                self.problems.append(f"{tag} {name}={value}")


def audit(markup: str, baseline: set[str]) -> list[str]:
    parser = _Audit()
    parser.feed(markup)
    found = set(_tags(markup))
    return parser.problems + sorted((found - baseline) & DANGEROUS_TAGS)


def _tags(markup: str) -> list[str]:
    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

    parser = Tags()
    parser.feed(markup)
    return parser.tags


@pytest.fixture(scope="module")
def project_settings() -> Settings:
    return load_settings(REPO)


def render_all(settings_: Settings, data: dict[str, Any]) -> list[str]:
    decision = Decision.model_validate(data)
    selection = select_public([SourcedDecision(decision, REPO / "data" / "x.yaml", 0, 1)], dt.date(2025, 1, 1))
    corpus = Corpus(selection, settings_)
    pages = [page.content for page in WebRenderer(corpus, {}).render().pages]
    documents = [doc.html for doc in HtmlBuilder(corpus).documents(corpus.decisions[0])]
    return pages + documents


@pytest.fixture(scope="module")
def baseline(project_settings: Settings) -> set[str]:
    return {tag for markup in render_all(project_settings, record("title", "Title")) for tag in _tags(markup)}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), text=st.text(min_size=1, max_size=120))
def test_random_text_never_raises_and_never_runs(
    project_settings: Settings, baseline: set[str], field: str, text: str
) -> None:
    try:
        outputs = render_all(project_settings, record(field, text))
    except ValidationError:
        assume(False)  # the model refused it with a clear message; nothing to render
        return
    for markup in outputs:
        assert audit(markup, baseline) == []
        assert "SECRET-PART2-TEXT-93" not in markup


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(FIELDS),
    text=st.text(alphabet=st.sampled_from([*"abcXYZ <>&\"'{}%;=/", "é", "£", "–"]), min_size=3, max_size=60),
)
def test_text_without_markdown_syntax_is_shown_as_typed(project_settings: Settings, field: str, text: str) -> None:
    text = " ".join(text.split())
    assume(len(text) >= 3)
    try:
        outputs = render_all(project_settings, record(field, text))
    except ValidationError:
        assume(False)
        return
    escaped_forms = {html.escape(text, quote=False), html.escape(text, quote=True)}
    pages = "\n".join(outputs)
    assert any(form in pages for form in escaped_forms) or any(form in html.unescape(pages) for form in (text,))
