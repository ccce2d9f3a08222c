"""Values of a record → the words and numbers a reader sees (dates, sums, sizes, paths).

Shared by the web pages, the PDFs, the feed and the open data, so a date or a sum reads
the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from decimal import Decimal


def long_date(value: dt.date | None) -> str:
    """2020-10-08 → '8 October 2020' (GOV.UK style); '' for no date (an unsigned form)."""
    return "" if value is None else f"{value.day} {value:%B %Y}"


def money(value: Decimal) -> str:
    """135000 → '£135,000'; 1250.5 → '£1,250.50'."""
    if value == value.to_integral_value():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def relative_root(src_uri: str) -> str:
    """The way back to the site root from a page's URL: 'decisions/pcd-911/index.md' → '../../'."""
    folder = posixpath.dirname(src_uri)
    if not src_uri.endswith("index.md"):
        # With directory URLs, 'accessibility.md' is served as 'accessibility/'.
        folder = posixpath.join(folder, posixpath.splitext(posixpath.basename(src_uri))[0])
    depth = len([part for part in folder.split("/") if part])
    return "../" * depth


def front_matter(values: dict[str, object]) -> str:
    """A YAML front matter block; every value is written as JSON, which YAML reads literally."""
    lines = ["---"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    lines.append("---")
    return "\n".join(lines) + "\n"


def html_text(text: str) -> str:
    """Plain text → text MkDocs and Material may insert raw into HTML (titles, descriptions).

    Material writes ``page.meta.title`` and ``description`` into the page without escaping,
    so anything from a record is escaped here, quotes included (it lands in attributes).
    """
    return html.escape(text, quote=True)


def as_raw_html_block(fragment: str) -> str:
    """An HTML fragment → Markdown that Python-Markdown passes through untouched.

    The fragment must be one block element (``<div>…</div>``). Python-Markdown keeps a raw
    HTML block verbatim up to its end, but a blank line inside it can end the block early
    and let author text be read as Markdown, so blank lines are removed and no line is
    indented (an indented line after a blank one would become a code block).
    """
    lines = [line.strip() for line in fragment.strip().splitlines()]
    body = "\n".join(line for line in lines if line)
    if not re.match(r"<div[\s>]", body) or not body.endswith("</div>"):
        raise ValueError("a generated page body must be one <div> element")
    return body + "\n"
