"""Sub-items are lettered by one function, so the web page and the decision form always agree."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from decision_press.corpus import item_letter
from decision_press.pipeline import prepare
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.render.web import WebRenderer
from decision_press.settings import load_settings


def test_letters_go_on_after_z() -> None:
    assert [item_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 199)] == ["a", "b", "z", "aa", "ab", "az", "ba", "gr"]


def test_the_28th_item_has_the_same_letter_on_the_page_and_in_the_form(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    items = "".join(f"        - item number {n}\n" for n in range(1, 29))
    text = records.read_text(encoding="utf-8")
    first = "  recommendations:\n    - The Deputy Mayor"
    assert first in text
    records.write_text(
        text.replace(
            first,
            "  recommendations:\n    - text: Approve the following.\n      items:\n" + items + "    - The Deputy Mayor",
            1,
        ),
        encoding="utf-8",
    )
    corpus = prepare(load_settings(project), dt.date(2026, 11, 26))[0]
    decision = corpus.get("PCD 911")
    assert decision is not None
    form = HtmlBuilder(corpus).documents(decision)[0].html
    page = next(p.content for p in WebRenderer(corpus, {}).render().pages if p.src_uri == "decisions/pcd-911/index.md")

    def label(html: str, n: int) -> str:
        match = re.search(rf'<span class="[^"]*">(\w+)\)(?:&nbsp;)?</span>\s*item number {n}<', html)
        assert match is not None, n
        return match.group(1)

    assert [label(page, n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "ab"]
    assert [label(form, n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "ab"]
