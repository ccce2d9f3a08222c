"""Settings are text: a site_name holding markup is shown as written, never inserted as a tag."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import copy_project

from .conftest import Elements, build

SITE_NAME = "<img src=x onerror=alert(1)> & Co"


@pytest.fixture(scope="module")
def marked_up_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("site-name") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_name: MOPAC decisions\n" in text
    config.write_text(
        text.replace("site_name: MOPAC decisions\n", "site_name: '<img src=x onerror=alert(1)> & Co'\n"),
        encoding="utf-8",
    )
    return build(project)


def test_no_page_carries_the_site_name_as_a_tag(marked_up_site: Path) -> None:
    pages = sorted(marked_up_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<img src=x" not in text, page
        assert not Elements(text).all("img"), page  # the generated pages have no image at all
        assert "&amp;amp;" not in text and "&amp;lt;" not in text, page  # escaped once, not twice


def test_the_site_name_reads_as_written(marked_up_site: Path) -> None:
    home = (marked_up_site / "index.html").read_text(encoding="utf-8")
    # The home page is titled by the site name alone.
    title = re.search(r"<title>(.*?)</title>", home, re.S)
    assert title is not None and html.unescape(title.group(1)).strip() == SITE_NAME
    header = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', home, re.S)
    assert header is not None and html.unescape(header.group(1)) == SITE_NAME
    feeds = [attrs for attrs in Elements(home).all("link") if attrs.get("type") == "application/atom+xml"]
    assert [attrs["title"] for attrs in feeds] == [f"{SITE_NAME}: new decisions"]
    h1 = re.search(r'<h1 id="title">(.*?)</h1>', home, re.S)
    assert h1 is not None and html.unescape(h1.group(1)) == SITE_NAME
    decision = (marked_up_site / "decisions/pcd-911/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; Co" in decision


def test_the_feed_names_the_site_as_written(marked_up_site: Path) -> None:
    root = ET.fromstring((marked_up_site / "feed.xml").read_bytes())
    assert root.findtext("{http://www.w3.org/2005/Atom}title") == SITE_NAME
