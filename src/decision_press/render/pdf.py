"""Corpus → PDF files (placeholder: one page per document; the full forms replace this)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from decision_press.corpus import Corpus
from decision_press.render.documents import Progress, RenderedDocument


def render_all(corpus: Corpus, cache_dir: Path,
               progress: Progress | None = None) -> dict[tuple[str, str], RenderedDocument]:
    from markupsafe import escape
    from weasyprint import HTML  # imported late: only PDF work needs WeasyPrint

    cache_dir.mkdir(parents=True, exist_ok=True)
    result = {}
    for decision in corpus.decisions:
        for document in decision.documents:
            if document.kind == "attachment":
                source = corpus.settings.root / decision.record.attachments[document.index].file
                data = source.read_bytes()
            else:
                html = f"<html lang='en-GB'><title>{escape(document.title)}</title><h1>{escape(document.title)}</h1>"
                data = HTML(string=html).write_pdf()
            path = cache_dir / f"{hashlib.sha256(data).hexdigest()}.pdf"
            if not path.exists():
                path.write_bytes(data)
            result[(decision.slug, document.filename)] = RenderedDocument(
                decision.slug, document, path, data.count(b"/Type /Page\n") or 1, len(data))
    _ = shutil
    return result
