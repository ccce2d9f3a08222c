"""What a public thing is → its path on the site, from the site root, without a leading slash.

The one home of the public URL scheme. Published URLs are cited in letters, minutes and
other sites, so none of these may ever change: a test (``tests/web/test_site.py``) reads
them back from a built site. A page's path ends in '/', and its Markdown source is that path
plus ``index.md`` (:func:`page_source`). Templates get the same functions as the ``urls``
global.
"""

from __future__ import annotations

REGISTER = "decisions/"
TOPICS = "topics/"
OPEN_DATA = "open-data/"
FEED = "feed.xml"
DATA_JSON = "decisions.json"
DATA_CSV = "decisions.csv"
DATA_SCHEMA = "decisions.schema.json"
SEARCH = "search/"
"""The search page; ``search/?q=grant`` opens it with that search run."""
REGISTER_ROWS = "decisions/register-rows.json"
"""Every row of a paged register, for its script."""
MANIFEST = "decisions/manifest.json"
"""Every PDF of the site with its SHA-256, size and seal, for ``decision-press verify``."""
FACET_KINDS = ("year", "type", "maker")
"""The register's filters with pages under decisions/ (a topic has its own, under topics/)."""


def decision(slug: str) -> str:
    """A decision's page: 'decisions/pcd-911/'."""
    return f"{REGISTER}{slug}/"


def document(slug: str, filename: str) -> str:
    """A decision's PDF (its form or an appendix), beside its page."""
    return f"{decision(slug)}{filename}"


def topic(slug: str) -> str:
    return f"{TOPICS}{slug}/"


def facet(kind: str, slug: str) -> str:
    """A filter's page: 'decisions/year/2021/', 'decisions/type/pcd/', 'topics/drugs/'."""
    if kind == "topic":
        return topic(slug)
    if kind not in FACET_KINDS:
        raise ValueError(f"no page for the filter kind {kind!r}")
    return f"{REGISTER}{kind}/{slug}/"


def static_page(url: str) -> str:
    """A page published as a plain HTML file (a removal notice, a redirect): 'decisions/pcd-9/index.html'."""
    return f"{url}index.html"


def page_source(url: str) -> str:
    """A page's path → the Markdown file an engine builds it from: 'decisions/' → 'decisions/index.md'."""
    return f"{url}index.md"
