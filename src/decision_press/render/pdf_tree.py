"""A PDF document's HTML → the element tree WeasyPrint would parse from it, about four times
faster; or None, and WeasyPrint parses it as always.

WeasyPrint parses HTML with tinyhtml5, a complete HTML5 parser written in Python: about a
twentieth of a document's rendering time. The documents' HTML is made by the templates and
Markdown-lite, which write plain, explicit markup: every element closed, tables with their
row groups, no comments, every record value escaped. For such markup an HTML5 parser builds
exactly the tree the tags spell out, and Python's own tokenizer (``html.parser``) can build it.

Only then, though: an HTML5 parser also mends markup (it closes a paragraph before a table,
adds a missing ``tbody``, moves text out of a table, reopens misnested formatting), and a
site's own templates may rely on that. So :func:`parse` accepts a short list of elements in
the places their content model allows and refuses everything else, returning None so that
tinyhtml5 decides. Its trees are compared with tinyhtml5's by ``tests/pdf/test_pdf_tree.py``
on every example document and on generated markup, broken markup included.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = frozenset({"br", "hr", "img", "meta"})
"""Elements without content or end tag."""
_HEAD = frozenset({"meta", "title"})
_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "search"),
        *("section", "summary", "table", "ul"),
    }
)
"""Start tags that close an open paragraph in HTML5 (so a ``p`` holding one is refused)."""
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FLOW = frozenset(
    {
        *("header", "footer", "main", "section", "article", "aside", "nav", "div", "p", "blockquote"),
        *("figure", "figcaption", "ol", "ul", "dl", "table", "hr", *_HEADINGS),
        *("span", "strong", "em", "b", "i", "u", "s", "small", "sup", "sub", "a", "abbr", "time"),
        *("code", "mark", "cite", "br", "img"),
    }
)
"""Elements accepted in the body, besides those of lists and tables below."""
_CHILDREN = {
    "table": frozenset({"caption", "thead", "tbody", "tfoot"}),
    "thead": frozenset({"tr"}),
    "tbody": frozenset({"tr"}),
    "tfoot": frozenset({"tr"}),
    "tr": frozenset({"th", "td"}),
    "ol": frozenset({"li"}),
    "ul": frozenset({"li"}),
    "dl": frozenset({"dt", "dd"}),
}
"""Elements whose children HTML5 would rearrange unless they are exactly these."""
_PARENTS = {
    child: frozenset(parent for parent, children in _CHILDREN.items() if child in children)
    for child in {child for children in _CHILDREN.values() for child in children}
}
_NO_TEXT = frozenset({"table", "thead", "tbody", "tfoot", "tr", "ol", "ul", "dl"})
"""Where HTML5 moves text elsewhere (tables) or where the templates never write any."""
_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|nbsp|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)")
"""An ampersand that is not one of the references the templates write."""
_ATTRIBUTE = re.compile(r"[a-z][a-z0-9-]*")


class _Refused(Exception):
    """The markup is not what :func:`parse` knows how to build like HTML5."""


def parse(html: str) -> ET.Element | None:
    """The ``html`` element of ``html``, as ``tinyhtml5.parse(html, namespace_html_elements=False)``
    builds it; None when the markup is not plain enough to be sure."""
    # HTML5 turns CR and NUL into other characters before parsing; comments become nodes.
    if "\r" in html or "\x00" in html or "<!--" in html or "<![" in html or _REFERENCE.search(html):
        return None
    builder = _Builder()
    try:
        builder.feed(html)
        builder.close()
        return builder.finished()
    except _Refused:
        return None
    except Exception:  # anything html.parser itself trips on: the complete parser decides
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: ET.Element | None = None
        self.head: ET.Element | None = None
        self.body: ET.Element | None = None
        self.open: list[ET.Element] = []
        self.last: ET.Element | None = None  # the element whose tail takes text now
        self.doctype = False
        self.ended = False  # after </body>

    # -- tokens ---------------------------------------------------------------------

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html" or self.doctype or self.root is not None:
            raise _Refused
        self.doctype = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.Element(tag, self._attributes(attrs))
        self._place(element)
        if tag not in VOID:
            self.open.append(element)
            self.last = None
        else:
            self.last = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:  # '<div/>' opens a div in HTML5
            raise _Refused
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1].tag != tag:
            raise _Refused  # an end tag HTML5 would match by closing others, or ignore
        element = self.open.pop()
        if element is self.body:
            self.ended = True
        self.last = element

    def handle_data(self, data: str) -> None:
        if not data:
            return
        blank = not data.strip(" \t\n\f")
        if self.ended:  # after </body> or </html>: HTML5 appends the blank to the body's end
            if not blank or self.body is None:
                raise _Refused
            _append(self.body[-1] if len(self.body) else self.body, "tail" if len(self.body) else "text", data)
            return
        if not self.open:
            if blank:
                return  # before <html>
            raise _Refused
        current = self.open[-1]
        if current is self.root and self.head is None:
            if not blank:
                raise _Refused
            return  # before <head>: HTML5 drops it
        if not blank and (current.tag in _NO_TEXT or current is self.root or current is self.head):
            raise _Refused
        if self.last is not None:
            _append(self.last, "tail", data)
        else:
            _append(current, "text", data)

    def handle_comment(self, data: str) -> None:
        raise _Refused

    def handle_pi(self, data: str) -> None:
        raise _Refused

    def unknown_decl(self, data: str) -> None:
        raise _Refused

    # -- structure ------------------------------------------------------------------

    def _place(self, element: ET.Element) -> None:
        tag = element.tag
        if self.ended:
            raise _Refused
        if self.root is None:
            if tag != "html" or not self.doctype:
                raise _Refused
            self.root = element
            return
        if not self.open:
            raise _Refused
        parent = self.open[-1]
        if parent is self.root:
            if tag == "head" and self.head is None and not len(self.root):
                self.head = element
            elif tag == "body" and self.head is not None and self.body is None:
                self.body = element
            else:
                raise _Refused
        elif parent is self.head:
            if tag not in _HEAD:
                raise _Refused
        elif parent.tag == "title":
            raise _Refused  # HTML5 reads a title's content as text
        elif not self._allowed_in_body(tag, parent):
            raise _Refused
        parent.append(element)

    def _allowed_in_body(self, tag: str, parent: ET.Element) -> bool:
        open_tags = [element.tag for element in self.open]
        if tag in _PARENTS:
            if parent.tag not in _PARENTS[tag]:
                return False
        elif tag not in _FLOW or parent.tag in _CHILDREN:
            return False
        if tag in _BLOCK and "p" in open_tags:
            return False
        if tag in _HEADINGS and any(open_tag in _HEADINGS for open_tag in open_tags):
            return False
        return not (tag == "a" and "a" in open_tags)

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        values: dict[str, str] = {}
        for name, value in attrs:
            if name in values or not _ATTRIBUTE.fullmatch(name):
                raise _Refused  # HTML5 keeps the first of two; names with ':' get namespaces
            values[name] = "" if value is None else value
        return values

    def finished(self) -> ET.Element:
        if self.root is None or self.body is None or not self.ended or self.open not in ([], [self.root]):
            raise _Refused
        return self.root


def _append(element: ET.Element, attribute: str, text: str) -> None:
    setattr(element, attribute, (getattr(element, attribute) or "") + text)
