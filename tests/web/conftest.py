"""Web fixtures: the example site built once, a hostile record, and readers for the output."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_project
from decision_press.build import build_site
from decision_press.mkdocs_plugin.runner import run_mkdocs_build
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)
"""The build date of the tests: PCD 1263 (deferred) and PCD 1301 (embargoed) are held back."""

CANARIES = (
    "CANARY-PART2-SETTLEMENT-7731",
    "CANARY-DEFERRED-4410",
    "CANARY-EMBARGO-5522",
    "CANARY-DRAFT-9183",
    "CANARY-REMOVED-6620",
)
HELD_BACK = ("pcd-1263", "pcd-1301", "pcd-1320")

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "link": "[x](javascript:alert(1))",
    "heading": "# Not a heading",
    "jinja": "{{ 7*7 }}",
}

HOSTILE_RECORD = """
- reference: PCD 1999
  title: "Hostile <script>alert(1)</script> {{ 7*7 }} # title"
  status: published
  decision_maker:
    role: Deputy Mayor for Policing and Crime
    name: "<img src=x onerror=alert(1)>"
  signed: 2022-02-01
  published: 2022-02-08
  topics: ["<script>alert(1)</script>", "Hostile topic"]
  amount: 1000
  summary: |
    # Not a heading

    <script>alert(1)</script> and <img src=x onerror=alert(1)> and [x](javascript:alert(1)) and {{ 7*7 }}
  recommendations:
    - "[x](javascript:alert(1)) <iframe src=https://evil.example></iframe>"
  sections:
    - title: "<script>alert(1)</script> # Not a heading"
      paragraphs:
        - |
          # Not a heading

          {{ 7*7 }} <script>alert(1)</script>
        - text: "!!! danger \\"admonition\\""
          items: ["<img src=x onerror=alert(1)>", "--8<-- \\"/etc/passwd\\""]
        - "---\\ntitle: injected\\n---"
  legal_bases: ["<script>alert(1)</script>"]
  part2:
    reason: "<img src=x onerror=alert(1)> reason"
    legal_basis: "[x](javascript:alert(1))"
    text: CANARY-HOSTILE-PART2-0001
  contact:
    role: "<script>alert(1)</script>"
    email: "a@example.org"
"""


def build(project: Path, as_of: dt.date = AS_OF) -> Path:
    """Build ``project`` into project/site the documented way and return the folder."""
    site = project / "site"
    build_site(load_settings(project), as_of, run_mkdocs_build, site)
    return site


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site (hidden ones too), ``*.gz`` and Pagefind's ``*.pf_*`` decompressed."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            elif path.suffix.startswith(".pf_"):  # Pagefind's index files
                data = pagefind_decoded(path)
            files[path.relative_to(site).as_posix()] = data
    return files


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built once for every reading test."""
    return build(copy_project(tmp_path_factory.mktemp("example") / "project"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project plus a record full of hostile text, built once."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "data" / "decisions" / "hostile.yaml").write_text(HOSTILE_RECORD, encoding="utf-8")
    return build(project)


class Elements:
    """Start tags of an HTML document, with attributes, read by the standard library parser."""

    def __init__(self, text: str) -> None:
        from html.parser import HTMLParser

        found: list[tuple[str, dict[str, str]]] = []

        class Collector(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                found.append((tag, {k: v or "" for k, v in attrs}))

        Collector().feed(text)
        self.tags = found

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def read_page(site: Path, url: str) -> str:
    """The HTML of a page by its URL path, e.g. 'decisions/pcd-911/'."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def main_text(page: str) -> str:
    """The article of a Material page (without header, nav and footer)."""
    start = page.index('<article class="md-content__inner')
    return page[start : page.index("</article>", start)]


PAGEFIND_SIGNATURE = b"pagefind_dcd"


def pagefind_decoded(path: Path) -> bytes:
    """A Pagefind index file (``*.pf_*``) → its bytes: gzip, then the signature ``pagefind_dcd``."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(PAGEFIND_SIGNATURE), path
    return data[len(PAGEFIND_SIGNATURE) :]


def search_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """What the search index holds of each page (its fragment: text, meta, filters), by URL."""
    import json

    fragments = [json.loads(pagefind_decoded(p)) for p in sorted((site / "pagefind").rglob("*.pf_fragment"))]
    return {fragment["url"]: fragment for fragment in fragments}
