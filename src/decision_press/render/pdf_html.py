"""Public decision → the HTML of each of its generated PDFs (decision form, reports, annexes).

HTML is made in the parent process: it is cheap, it holds every fact of the record (so its
hash is the cache key) and only these strings travel to the render workers. Author text goes
through :class:`~decision_press.render.markdown_lite.MarkdownLite` and nothing else; one-line
fields go through Jinja's autoescape.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from markupsafe import Markup

from decision_press.corpus import Corpus, Document, PublicDecision, item_letter, number_sections
from decision_press.errors import BuildFailed, DecisionPressError
from decision_press.model.record import OFFICER_CHECK_LABELS, Decision
from decision_press.render.markdown_lite import MarkdownLite, plain_text
from decision_press.render.templates import template_environment
from decision_press.render.web_format import long_date
from decision_press.session import Session

FIXED_DATE = dt.date(2000, 1, 1)
"""PDF creation date of a record with no date at all: a constant, never the clock."""

TICK_IMAGE = "data:image/svg+xml;base64," + base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16">'
    b'<path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="#0b0c0c" stroke-width="2.2" '
    b'stroke-linecap="round" stroke-linejoin="round"/></svg>'
).decode("ascii")
"""The tick of the officer's table, drawn: Open Sans has no glyph for U+2713."""

TEMPLATES = {"form": "form.html.j2", "report": "report.html.j2", "annex": "annex.html.j2"}


class PdfInputError(DecisionPressError):
    """A record asks for something the PDF renderer refuses (e.g. an image outside assets/)."""


@dataclass(frozen=True)
class HtmlDocument:
    """One generated PDF's HTML, ready to send to a render worker."""

    slug: str
    document: Document
    html: str


def environment(templates_dir: Path, bytecode_cache: BytecodeCache | None = None) -> Environment:
    """The Jinja environment of the PDF templates: the site's ``templates_dir`` first, then the package's.

    Made afresh for each build, so that a template a site adds or removes between builds is
    seen; ``bytecode_cache`` (a session's) keeps them from being compiled again.
    """
    env = template_environment(templates_dir, keep_trailing_newline=True, bytecode_cache=bytecode_cache)
    env.filters["long_date"] = long_date
    env.globals["tick_image"] = TICK_IMAGE
    env.globals["officer_check_labels"] = {check.value: label for check, label in OFFICER_CHECK_LABELS.items()}
    return env


def numbered(html: Markup, number: str) -> Markup:
    """Rendered Markdown with ``number`` (e.g. "1.1", "2.", "a)") opening its first paragraph.

    Inside the paragraph the number is read with its text as one paragraph; a number set
    before a block paragraph would need that paragraph made inline, and an inline paragraph
    is tagged as one paragraph per printed line. Text that opens with a list or a table
    keeps its number on a line of its own.
    """
    label = Markup('<span class="num">{}&nbsp;</span>').format(number)
    if html.startswith("<p>"):
        return Markup("<p>") + label + html[len("<p>") :]
    return label + html


def image_data_url(root: Path, relative: str) -> str:
    """An image under ``root/assets`` as a data: URL, so the HTML (the cache key) holds its bytes."""
    assets = (root / "assets").resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(assets) or not path.is_file():
        raise PdfInputError(f"{relative}: the image must be a file inside assets/")
    if path.stat().st_size > 2 * 1024 * 1024:
        raise PdfInputError(f"{relative}: a signature image must be smaller than 2 MB")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


class HtmlBuilder:
    """Builds the HTML of every generated document of a corpus with one Markdown-lite renderer."""

    def __init__(self, corpus: Corpus, session: Session | None = None) -> None:
        self.corpus = corpus
        self.settings = corpus.settings
        compiled = session.compiled_templates if session is not None else None
        self.env = environment(self.settings.templates_dir / "pdf", compiled)
        self.markdown = MarkdownLite(self.settings.references)

    # -- text helpers handed to the templates ------------------------------------------

    def _md(self, text: str) -> Markup:
        # References are not linked in PDFs: a printed copy has no site to link into.
        return self.markdown.render(text)

    def _md_inline(self, text: str) -> Markup:
        return self.markdown.render_inline(text)

    def _md_numbered(self, text: str, number: str) -> Markup:
        return numbered(self.markdown.render(text), number)

    # -- documents ---------------------------------------------------------------------

    def documents(self, decision: PublicDecision, *, for_signature: bool = False) -> list[HtmlDocument]:
        """The HTML of each generated document of ``decision`` (attachments are not generated).

        ``for_signature``: the copies printed to be signed (``decision-press pdf``), marked
        "For signature — not for publication", with empty signature and date boxes.
        """
        record = decision.record
        # Part 2 text is removed by the selection; a PDF must never be able to show it.
        # A check that 'python -O' keeps, unlike an assert.
        if record.part2 is not None and record.part2.text is not None:
            raise BuildFailed(f"{record.reference}: Part 2 text reached the PDF renderer; nothing was rendered")
        built = []
        for document in decision.documents:
            if document.kind == "form":
                html = self.form(decision, document, for_signature=for_signature)
            elif document.kind == "appendix":
                html = self.appendix(decision, document, for_signature=for_signature)
            else:
                continue
            built.append(HtmlDocument(decision.slug, document, html))
        return built

    def _common(self, decision: PublicDecision, document: Document, for_signature: bool) -> dict[str, Any]:
        record = decision.record
        org = self.settings.project.organisation
        maker = record.decision_maker
        maker_text = f"{maker.name}, {maker.role}" if maker.name else maker.role
        created = record.signed or record.published or FIXED_DATE
        modified = max(d for d in (created, record.published, _withdrawn_on(record)) if d is not None)
        return {
            "decision": decision,
            "record": record,
            "type": decision.type,
            "org": org,
            "document": document,
            "md": self._md,
            "md_inline": self._md_inline,
            "md_numbered": self._md_numbered,
            "letter": item_letter,
            "short_title": record.short_title or record.title,
            "for_signature": for_signature,
            "printed": self.corpus.as_of,
            "meta": {
                "author": f"{org.name}; {maker_text}",
                "description": plain_text(record.summary),
                "keywords": ", ".join(record.topics),
                "created": created.isoformat(),
                "modified": modified.isoformat(),
            },
        }

    def form(self, decision: PublicDecision, document: Document, *, for_signature: bool = False) -> str:
        record = decision.record
        signature = (
            image_data_url(self.settings.root, record.declaration.signature_image)
            if record.declaration.signature_image and not for_signature
            else None
        )
        context = self._common(decision, document, for_signature) | {
            "title": f"{record.reference} {record.title}",
            "sections": decision.sections,
            "recommendation_intro": decision.recommendation_intro,
            "signature_image": signature,
        }
        return self.env.get_template(TEMPLATES["form"]).render(context)

    def appendix(self, decision: PublicDecision, document: Document, *, for_signature: bool = False) -> str:
        appendix = decision.record.appendices[document.index]
        context = self._common(decision, document, for_signature) | {
            "title": appendix.title,
            "appendix": appendix,
            "appendix_number": document.index + 1,
            "sections": number_sections(appendix.sections),
        }
        if appendix.kind == "report":
            by = appendix.report_by
            if by is not None:
                context["meta"]["author"] = f"{by.name}, {by.role}" if by.name else by.role
            context["meta"]["description"] = plain_text(appendix.summary)
            if appendix.date is not None:
                context["meta"]["created"] = context["meta"]["modified"] = appendix.date.isoformat()
        return self.env.get_template(TEMPLATES[appendix.kind]).render(context)


def _withdrawn_on(record: Decision) -> dt.date | None:
    return record.withdrawal.date if record.withdrawal is not None else None
