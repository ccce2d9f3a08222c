"""Hostile record text renders literally: no script, no event handler, no javascript: link,
no Markdown structure and no template evaluation reach the built site."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from .conftest import HOSTILE, Elements, main_text, read_page, search_fragments, site_files

pytestmark = pytest.mark.slow

PAGE = "decisions/pcd-1999/"


def test_hostile_decision_is_published(hostile_site: Path) -> None:
    assert (hostile_site / PAGE / "index.html").is_file()


def test_no_script_handler_or_javascript_link_from_data(hostile_site: Path) -> None:
    for name, data in site_files(hostile_site).items():
        if not name.endswith(".html"):
            continue
        page = data.decode("utf-8")
        elements = Elements(page)
        for attrs in elements.all("script"):
            # Only the theme's and the site's own scripts, never inline code from a record.
            assert "alert" not in str(attrs), name
        assert "alert(1)</script>" not in page.replace("&lt;script&gt;alert(1)&lt;/script&gt;", ""), name
        for tag, attrs in elements.tags:
            assert not any(key.startswith("on") for key in attrs), (name, tag, attrs)
            assert tag not in ("iframe", "img") or attrs.get("src") != "x", (name, tag)
            for key in ("href", "src", "action"):
                value = html.unescape(attrs.get(key, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:text")), (name, tag, attrs)


def test_hostile_text_is_shown_literally(hostile_site: Path) -> None:
    page = read_page(hostile_site, PAGE)
    article = main_text(page)
    text = html.unescape(re.sub(r"<[^>]+>", "", article))
    for value in HOSTILE.values():
        assert value in text, value
    assert "49" not in text.replace("PCD 1999", "")  # {{ 7*7 }} was never evaluated
    # '# Not a heading' made no heading; '!!! danger' made no admonition; no snippet read.
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", article, re.S)
    assert not any(h.strip().startswith("Not a heading") for h in headings)
    assert "admonition" not in re.findall(r'class="([^"]*)"', article)
    assert "root:x:0:0" not in page
    assert "injected" in text and "<title>injected" not in page


def test_title_is_escaped_in_head_and_search(hostile_site: Path) -> None:
    page = read_page(hostile_site, PAGE)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert "<script>" not in title.group(1)
    assert "PCD 1999: Hostile" in html.unescape(title.group(1))
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description is not None and "<" not in description.group(1)
    # The search index holds the title as text; the search page inserts it as text.
    meta = search_fragments(hostile_site)["/decisions/pcd-1999/"]["meta"]
    assert meta["title"] == "Hostile <script>alert(1)</script> {{ 7*7 }} # title"


def test_part2_of_hostile_record_stays_out(hostile_site: Path) -> None:
    for name, data in site_files(hostile_site).items():
        assert b"CANARY-HOSTILE-PART2-0001" not in data, name


def test_feed_and_open_data_escape_hostile_text(hostile_site: Path) -> None:
    import json
    import xml.etree.ElementTree as ET

    root = ET.fromstring((hostile_site / "feed.xml").read_bytes())
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("<script>alert(1)</script>" in t for t in titles)
    data = json.loads((hostile_site / "decisions.json").read_text(encoding="utf-8"))
    assert any("<script>" in d["title"] for d in data["decisions"])
