"""Plain text (feed, open data, PDF metadata) says what the rendered page says, formatting removed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_press.render.markdown_lite import MarkdownLite, plain_text


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("snake_case_name and file_name", "snake_case_name and file_name"),
        ("_x_ and __y__", "x and y"),
        ("*a* and **b**", "a and b"),
        (r"x\*y*", "x*y*"),
        ("[the guidance](https://www.gov.uk/) applies", "the guidance applies"),
        ("| Year | Sum |\n|---|---|\n| 2021 | £5 |", "Year Sum 2021 £5"),
        ("Tom & Jerry <b>bold</b>", "Tom & Jerry <b>bold</b>"),
        ("- one\n- two", "one two"),
    ],
)
def test_formatting_is_removed_and_nothing_else(text: str, plain: str) -> None:
    assert plain_text(text) == plain


@given(st.text(alphabet=st.sampled_from("ab_*[]()|-#<>&\\ \n1."), max_size=40))
def test_the_same_words_as_the_rendering(text: str) -> None:
    assert plain_text(text) == MarkdownLite().render(text).striptags()
