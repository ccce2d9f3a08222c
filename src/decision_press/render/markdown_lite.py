"""Author text (Markdown-lite) → a safe HTML fragment, the same for the website and the PDFs.

Markdown-lite is emphasis, links, bulleted and numbered lists and pipe tables. Everything
else an author types is shown as typed: raw HTML is escaped before Markdown sees it,
headings, block quotes, code blocks, images and reference-style links are switched off,
and a link survives only when it points to http, https, mailto or a path on this site,
judged after reading the target as a browser would (backslashes as slashes, tabs and
newlines refused); links to other hosts get ``rel="noopener noreferrer"``.
References in running text ("PCD 890", "CEOD 35 - 2024") become links when the caller can resolve them,
which it only does for decisions that are public.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from enum import StrEnum
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markupsafe import Markup

from decision_press.corpus import ReferenceResolver
from decision_press.references import ReferenceFormats

ALLOWED_SCHEMES = ("http", "https", "mailto")
"""Schemes an author's link may use; anything else (javascript:, data:, file: ...) is dropped."""

EXTERNAL_REL = "noopener noreferrer"
"""The ``rel`` of an author's link to another host: the page opened gets no handle on
this one and is not told which page linked to it."""

_BLOCK_OFF = ("hashheader", "setextheader", "code", "quote", "reference", "hr")
_INLINE_OFF = (
    "image_link",
    "image_reference",
    "short_image_ref",
    "reference",
    "short_reference",
    "autolink",
    "automail",
    "html",
    "entity",
    "linebreak",
)

_NOT_IN_HREF = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`]|\s")
"""Whitespace, control characters and quotes. Browsers silently delete tabs and newlines
inside a URL (``jav\tascript:``, ``/\n//evil``), so a target holding one is never kept."""

_NOT_DECODED = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Control characters hidden behind percent-escapes (``%0A``): no real link needs them."""

_PLAIN_LINE = r"[^\W\d_](?: *[^\s*_\[\]`\\|<>&\x00-\x1f\x7f-\x9f])*"
_PLAIN = re.compile(rf"\n*{_PLAIN_LINE}(?:\n+{_PLAIN_LINE})*\n*")
"""Prose that Markdown-lite would only wrap in paragraphs: every line starts with a letter
(never a list's marker or an indent) and ends in a visible character, its only whitespace
is spaces, and no character anywhere could open emphasis, a link, code, an escape, a table,
raw HTML or an entity."""
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


class LinkKind(StrEnum):
    """Where an author's link goes, once read the way a browser reads it."""

    SITE = "site"
    """A path on this site: ``/decisions/pcd-911/``."""
    EXTERNAL = "external"
    """An http or https address of any host."""
    MAIL = "mail"
    """A ``mailto:`` address."""


def _with_slashes(href: str) -> str:
    """``href`` with backslashes before any query or fragment turned into slashes.

    The WHATWG URL parser, which every browser follows, reads a backslash there as a
    slash, so ``/\\evil.example`` is the scheme-relative ``//evil.example``.
    """
    end = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:end].replace("\\", "/") + href[end:]


def link_kind(href: str) -> LinkKind | None:
    """What an author's link target is, or None when it must not be kept as a link."""
    if not href or _NOT_IN_HREF.search(href) or _NOT_DECODED.search(unquote(href)):
        return None
    target = _with_slashes(href)
    if target.startswith("/"):
        # One slash: this site. Two (also written /\ or /%2F, which a server or viewer may
        # decode) name another host. A colon in the first segment could read as a scheme.
        decoded = _with_slashes(unquote(target))
        if decoded.startswith("//") or ":" in target.split("/")[1]:
            return None
        return LinkKind.SITE
    scheme, _, rest = target.partition(":")
    scheme = scheme.lower()
    if scheme not in ALLOWED_SCHEMES or not rest:
        return None
    if scheme == "mailto":
        return LinkKind.MAIL
    # Exactly two slashes and a host: 'https:evil' and 'https:///evil' reach a host in a
    # browser too, but nobody writes an address that way on purpose.
    if not rest.startswith("//") or rest.startswith("///"):
        return None
    try:
        host = urlsplit(target).hostname
    except ValueError:  # an unclosed [IPv6 address
        return None
    return LinkKind.EXTERNAL if host else None


def safe_href(href: str) -> bool:
    """Whether a link target from author text may be kept."""
    return link_kind(href) is not None


class _LinkPolicy(Treeprocessor):
    """Drops unsafe link targets (keeping the link text) and links references in running text."""

    def __init__(self, md: markdown.Markdown, renderer: MarkdownLite) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "a":
                    self._police(parent, child)
        self._link_references(root)

    @staticmethod
    def _police(parent: etree.Element, link: etree.Element) -> None:
        """Keep a safe target in the form a browser reads it; otherwise keep only the text."""
        # Markdown's backslash escapes are still placeholders here: judge the real target.
        href = UnescapeTreeprocessor.RE.sub(lambda m: chr(int(m.group(1))), link.get("href", ""))
        kind = link_kind(href)
        if kind is None:
            _unwrap(parent, link)
            return
        link.set("href", href if kind is LinkKind.MAIL else _with_slashes(href))
        if kind is LinkKind.EXTERNAL:
            link.set("rel", EXTERNAL_REL)

    def _link_references(self, element: etree.Element) -> None:
        pattern, resolve = self.renderer.reference_pattern, self.renderer.resolver
        if pattern is None or resolve is None or element.tag == "a":
            return
        for child in list(element):
            self._link_references(child)
        # Text directly inside this element, then the tail of each child.
        if element.text:
            element.text, new = _split_references(element.text, pattern, resolve)
            for offset, node in enumerate(new):
                element.insert(offset, node)
        for child in list(element):
            if child.tail:
                child.tail, new = _split_references(child.tail, pattern, resolve)
                index = list(element).index(child)
                for offset, node in enumerate(new, start=1):
                    element.insert(index + offset, node)


def _split_references(
    text: str, pattern: re.Pattern[str], resolve: ReferenceResolver
) -> tuple[str, list[etree.Element]]:
    """Split ``text`` into a leading string and link elements (each carrying its tail)."""
    nodes: list[etree.Element] = []
    lead = ""
    position = 0
    for match in pattern.finditer(text):
        href = resolve(match.group(0))
        if href is None:
            continue
        before = text[position : match.start()]
        if nodes:
            nodes[-1].tail = (nodes[-1].tail or "") + before
        else:
            lead += before
        link = etree.Element("a", {"href": href, "class": "dp-ref"})
        link.text = match.group(0)
        nodes.append(link)
        position = match.end()
    rest = text[position:]
    if nodes:
        nodes[-1].tail = (nodes[-1].tail or "") + rest
        return lead, nodes
    return text, []


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Replace ``child`` by its text content, keeping its position and tail."""
    text = "".join(child.itertext()) + (child.tail or "")
    index = list(parent).index(child)
    parent.remove(child)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


class MarkdownLite:
    """Renders Markdown-lite; one instance is reused for every text of a build."""

    def __init__(self, references: ReferenceFormats | None = None) -> None:
        # The reference patterns of decision-press.yml find references to link, in any accepted spelling.
        self.reference_pattern: re.Pattern[str] | None = references.running_text if references else None
        self.resolver: ReferenceResolver | None = None
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        for name in _BLOCK_OFF:
            if name in self._md.parser.blockprocessors:
                self._md.parser.blockprocessors.deregister(name)
        for name in _INLINE_OFF:
            if name in self._md.inlinePatterns:
                self._md.inlinePatterns.deregister(name)
        self._md.preprocessors.deregister("html_block")
        self._md.treeprocessors.register(_LinkPolicy(self._md, self), "dp_links", 5)

    def render(self, text: str, resolver: ReferenceResolver | None = None) -> Markup:
        """Block rendering: paragraphs, lists and tables."""
        plain = self._plain(text, resolver)
        return plain if plain is not None else self._parsed(text, resolver)

    def _parsed(self, text: str, resolver: ReferenceResolver | None) -> Markup:
        """What Python-Markdown, with the policy above, makes of ``text``."""
        self.resolver = resolver
        try:
            body = self._md.reset().convert(html.escape(text, quote=False))
        finally:
            self.resolver = None
        return Markup(body)  # noqa: S704 - built from escaped input by a restricted parser

    def _plain(self, text: str, resolver: ReferenceResolver | None) -> Markup | None:
        """The paragraphs of ``text`` when it is plain prose, as :meth:`render` would make them.

        Nearly all texts of a decision are such prose (19 in 20 of the example records'), which
        Python-Markdown would parse only to wrap in paragraphs, and a build renders each text
        twice (for its page and for its PDF). None when the text needs the parser: any markup,
        list, table, escape, entity, or a reference that could become a link.
        """
        if not _PLAIN.fullmatch(text):
            return None
        if resolver is not None and self.reference_pattern is not None and self.reference_pattern.search(text):
            return None
        paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
        return Markup("\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))  # noqa: S704 - no character that could be markup

    def render_inline(self, text: str, resolver: ReferenceResolver | None = None) -> Markup:
        """Like :meth:`render`, without the wrapping paragraph, for text inside a list item."""
        body = str(self.render(text, resolver))
        if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
            body = body[3:-4]
        return Markup(body)  # noqa: S704 - see render()


@lru_cache(maxsize=1)
def _plain_renderer() -> MarkdownLite:
    """One renderer for plain text; it links no references, so it holds nothing of a build."""
    return MarkdownLite()


@lru_cache(maxsize=65536)  # the same summaries feed the pages, the feed and both open data files
def plain_text(text: str) -> str:
    """Author text as a reader sees it, without formatting: for feeds, open data and metadata.

    Derived from the rendering itself (its tags stripped, its entities decoded), so that it
    says exactly what the page says: ``snake_case_name`` stays as written, ``\\*`` is a star.
    """
    return _plain_renderer().render(text).striptags()
