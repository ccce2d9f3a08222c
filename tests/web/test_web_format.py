"""Small formatting helpers of the web pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import markdown
import pytest

from decision_press.render.web_format import (
    as_raw_html_block,
    front_matter,
    html_text,
    long_date,
    money,
    relative_root,
)


def test_long_date_and_money() -> None:
    assert long_date(dt.date(2020, 10, 8)) == "8 October 2020"
    assert money(Decimal(135000)) == "£135,000"
    assert money(Decimal("1250.5")) == "£1,250.50"


@pytest.mark.parametrize(
    ("src_uri", "root"),
    [
        ("index.md", ""),
        ("decisions/index.md", "../"),
        ("decisions/pcd-911/index.md", "../../"),
        ("decisions/year/2020/index.md", "../../../"),
        ("open-data.md", "../"),
    ],
)
def test_relative_root(src_uri: str, root: str) -> None:
    assert relative_root(src_uri) == root


def test_front_matter_is_literal_yaml() -> None:
    import yaml

    text = front_matter({"title": html_text('a "b" <c>: # d\n---'), "search": {"exclude": True}})
    values = yaml.safe_load(text.strip().strip("-"))
    assert values == {"title": "a &quot;b&quot; &lt;c&gt;: # d\n---", "search": {"exclude": True}}


def test_raw_html_block_survives_markdown_literally() -> None:
    fragment = "<div>\n  <p>a</p>\n\n    <p># Not a heading &lt;script&gt; [x](javascript:1) *b*</p>\n\n</div>"
    block = as_raw_html_block(fragment)
    assert "\n\n" not in block
    out = markdown.markdown(block, extensions=["tables", "attr_list", "toc"])
    assert "<h1" not in out and "<em>" not in out and "<a " not in out
    assert "&lt;script&gt;" in out


def test_raw_html_block_must_be_one_div() -> None:
    with pytest.raises(ValueError, match="one <div>"):
        as_raw_html_block("<p>loose</p>")
