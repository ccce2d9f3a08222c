"""An attachment's bytes → what in it must not be published, whether it is tagged, and how many pages it has.

Attachments are published byte for byte (a signed scan must stay the document that was
signed), so a PDF that could act in a reader's viewer is refused rather than altered:
scripts, actions other than moving within the document or opening a web or mail link,
embedded files, XFA forms, encryption, and anything that does not open as a PDF. A PDF
without tags (the structure a screen reader follows) is published, but its author is warned
and its readers are told. The file is read with qpdf (through pikepdf), never rendered or run.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
"""Largest attachment published (a long scanned report is a few MB)."""
SAFE_ACTIONS = frozenset({"/GoTo", "/Named"})
"""Actions that only move within the document (a bookmark, 'next page')."""
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
"""URI actions that may stay: web and mail links, as in author text."""
MEDIA_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"})
"""Annotations that carry a file, media or a program of their own."""

FIX_ATTACHMENT = (
    "re-export the PDF without scripts, actions, attachments or form scripts "
    "(for example print it to a new PDF), then run 'decision-press check' again"
)
"""What an author can do about any of the problems found."""
FIX_UNTAGGED = (
    "export it as a tagged PDF (in Word: Save as PDF, Options, 'Document structure tags for "
    "accessibility'), or expect requests for another format; its decision's page says so beside its link"
)
"""What an author can do about an attachment without tags."""


@dataclass(frozen=True)
class Inspection:
    """What was found in one attachment."""

    pages: int
    contents: tuple[str, ...] = ()
    """Active content found, in plain words, e.g. 'JavaScript', 'a Launch action'."""
    unusable: str = ""
    """Why the file cannot be read as a PDF at all ('is encrypted ...'), or empty."""
    untagged: str = ""
    """Why the PDF is not a tagged PDF ('no /MarkInfo /Marked true'), or empty when it is."""
    scanned: bool = False
    """No page has a font, so there is no text layer: page images only, as from a scanner."""

    @property
    def tagged(self) -> bool:
        """Marked as tagged and with a structure tree: what a screen reader needs to read it in order."""
        return not self.untagged

    @property
    def problem(self) -> str:
        """What is wrong, as the end of '<file> cannot be published: ...'; empty when all is well."""
        if self.unusable:
            return f"it {self.unusable}"
        return f"it contains {'; '.join(self.contents)}" if self.contents else ""


def inspect_pdf(source: Path | bytes) -> Inspection:
    """Open ``source`` as a PDF and list everything in it that makes it unfit to publish."""
    if isinstance(source, Path):
        if source.stat().st_size > MAX_ATTACHMENT_BYTES:
            return Inspection(0, unusable=f"is larger than {MAX_ATTACHMENT_BYTES // 1_048_576} MB")
        source = source.read_bytes()
    data = source
    if not data.startswith(b"%PDF-"):  # qpdf would look further in, for a PDF after other data
        return Inspection(0, unusable="is not a PDF file (it does not start with %PDF-)")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                return Inspection(0, unusable="is encrypted (a password or usage restrictions)")
            found = dict.fromkeys(_active_content(pdf))  # in order of discovery, once each
            pages = len(pdf.pages)
            untagged = _untagged(pdf.Root)
            scanned = not any(_has_fonts(page.obj) for page in pdf.pages)
    except pikepdf.PasswordError:
        return Inspection(0, unusable="is encrypted (it needs a password to open)")
    except (pikepdf.PdfError, OSError, RecursionError, ValueError) as err:
        return Inspection(0, unusable=f"is not a PDF file that opens ({_reason(err)})")
    if pages == 0:
        return Inspection(0, unusable="is a PDF without pages")
    return Inspection(pages, tuple(found), untagged=untagged, scanned=scanned)


def _has_fonts(holder: pikepdf.Object, depth: int = 0) -> bool:
    """Whether a page (or a form XObject drawn on it) has a font to draw text with: a text layer."""
    resources = holder.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary):
        return False
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary) and len(fonts.keys()) > 0:
        return True
    objects = resources.get("/XObject")
    if depth > 3 or not isinstance(objects, pikepdf.Dictionary):  # forms nest; a loop stops here
        return False
    return any(
        isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form" and _has_fonts(form, depth + 1)
        for form in objects.values()
    )


def _untagged(root: pikepdf.Object) -> str:
    """Why the document catalogue does not make a tagged PDF (PDF/UA-1 7.1), or empty."""
    mark_info = root.get("/MarkInfo")
    marked = mark_info.get("/Marked", False) if isinstance(mark_info, pikepdf.Dictionary) else False
    if not (isinstance(marked, bool) and marked):
        return "no /MarkInfo /Marked true"
    if not isinstance(root.get("/StructTreeRoot"), pikepdf.Dictionary):
        return "no structure tree, /StructTreeRoot"
    return ""


def _reason(err: BaseException) -> str:
    # qpdf names the stream it read ('stream <_io.BytesIO ...>: ...'); keep what is wrong.
    return str(err).rsplit(": ", 1)[-1].strip() or type(err).__name__


def _active_content(pdf: pikepdf.Pdf) -> Iterator[str]:
    for dictionary in _dictionaries(pdf):
        keys = set(dictionary.keys())
        if "/JS" in keys:
            yield "JavaScript"
        if keys & {"/EF", "/EmbeddedFiles"}:
            yield "embedded files"
        if "/XFA" in keys:
            yield "an XFA form (it can hold scripts)"
        if "/AA" in keys:
            yield "actions that run by themselves when a page or field is used (/AA)"
        if dictionary.get("/Subtype") in MEDIA_ANNOTATIONS:
            yield f"a {str(dictionary.Subtype)[1:]} annotation (a file or media inside the PDF)"
        if "/OpenAction" in keys:
            opening = dictionary.get("/OpenAction")
            if isinstance(opening, pikepdf.Dictionary) and opening.get("/S") not in SAFE_ACTIONS:
                yield "an action run when the file is opened (OpenAction)"
                yield from _action(opening)
        if "/A" in keys and not _attributes(dictionary.get("/A")):
            yield from _action(dictionary.get("/A"))
        if dictionary.get("/Type") == "/Action":
            yield from _action(dictionary)


def _attributes(value: object) -> bool:
    """A structure element's /A: attributes (owner /O, such as a table cell's headers), not an action.

    An action always names its type in /S; a dictionary with an owner and no type does nothing.
    """
    return isinstance(value, pikepdf.Dictionary) and "/O" in value and "/S" not in value


def _action(action: object) -> Iterator[str]:
    if not isinstance(action, pikepdf.Dictionary):
        return
    kind = str(action.get("/S", ""))
    if kind == "/URI":
        target = str(action.get("/URI", ""))
        if not target.lower().startswith(SAFE_LINK_SCHEMES):
            yield f"a link to '{target[:80]}'"
    elif kind == "/JavaScript":
        yield "JavaScript"
    elif kind not in SAFE_ACTIONS:
        yield f"a {kind[1:] or 'nameless'} action"


def _dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary of the file: each indirect object and everything directly inside it."""
    pending: list[object] = [pdf.trailer, *pdf.objects]
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if isinstance(item, pikepdf.Dictionary):
            yield item
            children = item.values()
        elif isinstance(item, pikepdf.Array):
            children = list(item)
        else:
            continue
        # Indirect children are objects of their own, already in the list: no cycles.
        pending.extend(
            child
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect
        )
