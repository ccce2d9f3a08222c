"""References → the forms (and appendices) of any record, drafts included, printed to be signed.

``decision-press pdf REF...`` writes, for each decision, its decision form and each generated
appendix as PDFs marked "For signature — not for publication" in the running header, with
an empty signature and date box for each signatory (the decision maker, the approving
officer and the type's further ``signatories``). They are written into a folder outside
the published site (never into the public ``site_dir`` or ``docs/``), never cached with
the site's PDFs and never published: the published form is made from the record once it
is signed.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from decision_press.caching import write_atomic
from decision_press.corpus import Corpus, PublicDecision
from decision_press.errors import BuildFailed, DecisionPressError, display_path
from decision_press.pipeline import prepare
from decision_press.references import normalise_reference
from decision_press.render import pdf_worker
from decision_press.render.pdf import style_source
from decision_press.render.pdf_glyphs import describe, missing_glyphs
from decision_press.render.pdf_html import HtmlBuilder, HtmlDocument, PdfInputError
from decision_press.select import Mode, today
from decision_press.settings import Settings

DEFAULT_FOLDER = "for-signature"
"""Where the copies go by default, in the project (beside site/, never inside it)."""
SUFFIX = "-for-signature.pdf"


class UnknownReference(DecisionPressError):
    """A reference that names no record."""


def print_for_signature(settings: Settings, references: Sequence[str], out_dir: Path | None = None) -> list[Path]:
    """Write the copies for signature of every decision in ``references`` to ``out_dir``; their paths.

    Every reference is looked up before anything is written: one unknown reference writes
    nothing and names the nearest references that exist.
    """
    folder = (out_dir or settings.root / DEFAULT_FOLDER).resolve()
    refuse_published_folder(folder, settings)
    corpus, _, _ = prepare(settings, today(settings.project.timezone), mode=Mode.PREVIEW)
    decisions = [_find(corpus, reference) for reference in references]
    builder = HtmlBuilder(corpus)
    pdf_worker.init(style_source(corpus))
    written = []
    for decision in dict.fromkeys(decisions):  # a reference given twice is printed once
        for page in _documents(builder, decision):
            missing = missing_glyphs(page.html, settings.fonts_dir)
            if missing:
                raise BuildFailed(
                    f"{decision.record.reference}: the bundled Open Sans font has no glyph for "
                    f"{describe(missing)}; replace the character in the record"
                )
            data, _ = pdf_worker.render(page.html)
            path = folder / (page.document.filename.removesuffix(".pdf") + SUFFIX)
            write_atomic(path, data)
            written.append(path)
    return written


def refuse_published_folder(folder: Path, settings: Settings) -> None:
    """Raise :class:`BuildFailed` when ``folder`` lies in the public site or in docs/, which are published."""
    for published in (settings.site_dir.resolve(), (settings.root / "docs").resolve()):
        if folder == published or folder.is_relative_to(published):
            raise BuildFailed(
                f"refusing to write forms for signature into {display_path(folder, settings.root)}: "
                f"it is inside {display_path(published, settings.root)}/, which is published, and a "
                f"form for signature is not for publication. Use --out with a folder of its own, "
                f"such as {DEFAULT_FOLDER}/."
            )


def _documents(builder: HtmlBuilder, decision: PublicDecision) -> list[HtmlDocument]:
    try:
        return builder.documents(decision, for_signature=True)
    except PdfInputError as err:
        raise BuildFailed(f"{decision.record.reference}: {err}") from None


def _find(corpus: Corpus, reference: str) -> PublicDecision:
    found = corpus.get(reference)
    if found is not None:
        return found
    known = {normalise_reference(d.record.reference): d.record.reference for d in corpus.decisions}
    near = difflib.get_close_matches(normalise_reference(reference), known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(known[n] for n in near)}?" if near else ""
    raise UnknownReference(f"no record has the reference {reference!r}.{hint}")
