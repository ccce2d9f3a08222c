"""Author links read as a browser reads them: nothing that leaves the site passes as a site path."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from decision_press.build import build_site
from decision_press.mkdocs_plugin.runner import run_mkdocs_build
from decision_press.references import ReferenceFormats
from decision_press.render.markdown_lite import EXTERNAL_REL, LinkKind, MarkdownLite, link_kind
from decision_press.settings import load_settings

MD = MarkdownLite(ReferenceFormats.of({"PCD": ["PCD {number}"]}))

HOSTILE_HREFS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav\tascript:alert(1)",
    "java\nscript:alert(1)",
    "jav\rascript:alert(1)",
    "\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,x",
    "file:///etc/passwd",
    "file://evil.example/share",
    "//evil.example",
    "//evil.example/a",
    "/\\evil.example/a",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\\\evil.example",
    "/%2F/evil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/\n//evil.example",
    "/\t/evil.example",
    "/\r//evil.example",
    "/ //evil.example",
    "/\u3000/evil.example",
    "/\x0b/evil.example",
    "/%0A//evil.example",
    "/%09/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "https:///evil.example",
    "http:\\evil.example",
    "https://",
    "https://[::1",
    "mailto:",
    "/x:y",
    "evil.example",
    "./a",
    "#top",
]
"""Targets that must lose their link: each leaves the site, runs script, or hides characters."""

KEPT = [
    ("/decisions/pcd-911/", "/decisions/pcd-911/", LinkKind.SITE),
    ("/decisions/?q=a\\b", "/decisions/?q=a\\b", LinkKind.SITE),
    ("/a\\b/", "/a/b/", LinkKind.SITE),
    ("https://example.org/a?b=c", "https://example.org/a?b=c", LinkKind.EXTERNAL),
    ("HTTP://Example.org", "HTTP://Example.org", LinkKind.EXTERNAL),
    ("https://evil.example\\@good.example/", "https://evil.example/@good.example/", LinkKind.EXTERNAL),
    ("https:\\\\example.org/", "https://example.org/", LinkKind.EXTERNAL),
    ("mailto:someone@example.org", "mailto:someone@example.org", LinkKind.MAIL),
]
"""Targets kept, with the form they are published in (what a browser would follow)."""


class Links(HTMLParser):
    """Every ``<a>`` of a fragment with its attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append({k: v or "" for k, v in attrs})

    def handle_data(self, data: str) -> None:
        self.text += data


def _escaped(href: str) -> str:
    """``href`` as Markdown source: each backslash escaped, so the link's target is ``href``."""
    return href.replace("\\", "\\\\")


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_hostile_target_is_refused(href: str) -> None:
    assert link_kind(href) is None


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_hostile_target_renders_as_text_only(href: str) -> None:
    found = Links(MD.render(f"Before [the link]({_escaped(href)}) after."))
    assert found.links == []
    assert "the link" in found.text


@pytest.mark.parametrize(
    "source",
    [
        "[x](/\\evil.example/a)",
        "[x](/\n//evil.example)",
        "[x](/\\\\evil.example)",
        "[x](<//evil.example>)",
        "[x](<jav\tascript:alert(1)>)",
    ],
)
def test_links_as_typed_in_markdown_stay_text(source: str) -> None:
    assert Links(MD.render(source)).links == []


@pytest.mark.parametrize(("href", "published", "kind"), KEPT)
def test_safe_target_is_kept_as_a_browser_reads_it(href: str, published: str, kind: LinkKind) -> None:
    assert link_kind(href) is kind
    found = Links(MD.render(f"[x]({_escaped(href)})"))
    assert [link["href"] for link in found.links] == [published]
    rel = found.links[0].get("rel")
    assert rel == (EXTERNAL_REL if kind is LinkKind.EXTERNAL else None)


PARAGRAPH = (
    "Links: [slash backslash](/\\evil.example/a), [slash newline]"
    "(/\n//evil.example), [percent](/%2F/evil.example), [tab](jav\tascript:alert(1)), "
    "[outside](https://example.org/report) and [inside](/decisions/)."
)


def _annotation_uris(pdf_path: Path) -> list[str]:
    uris = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    uris.append(str(action.URI))
    return uris


def test_a_built_site_and_its_pdf_link_nowhere_off_site(project: Path) -> None:
    records = project / "data/decisions.yaml"
    text = records.read_text(encoding="utf-8")
    anchor = "    - title: Introduction and background\n      paragraphs:\n"
    assert anchor in text
    block = "        - |\n" + "".join(f"          {line}\n" for line in PARAGRAPH.split("\n"))
    records.write_text(text.replace(anchor, anchor + block), encoding="utf-8")
    site = project / "site"
    build_site(load_settings(project), dt.date(2026, 11, 26), run_mkdocs_build, site)

    page = (site / "decisions/pcd-911/index.html").read_text(encoding="utf-8")
    article = page[page.index('<article class="md-content__inner') : page.index("</article>")]
    links = Links(article)
    assert "slash newline" in links.text and "percent" in links.text
    assert not [link for link in links.links if "evil" in link.get("href", "") or "script" in link.get("href", "")]
    outside = [link for link in links.links if link.get("href") == "https://example.org/report"]
    assert outside and all(link.get("rel") == EXTERNAL_REL for link in outside)
    assert any(link.get("href") == "/decisions/" and "rel" not in link for link in links.links)

    uris = _annotation_uris(site / "decisions/pcd-911/pcd-911.pdf")
    assert "https://example.org/report" in uris  # the annotations are read: the safe link is there
    assert not [uri for uri in uris if "evil" in uri or uri.startswith("//") or "script" in uri.lower()]
