"""Removed and renamed decisions → the plain HTML files that keep their old addresses answering.

Published addresses are cited elsewhere and must never break. A removed decision's address
serves a short notice (removed, when, why, a replacement when there is one) and nothing of
its content. A decision whose reference was corrected answers at every former address: the
page is a redirect (a canonical link and a refresh, kept out of search engines), and each
of its PDFs is served at its former address as it is, because a static host cannot redirect
a PDF. A filter page (a year, a type, a topic, a decision maker) left with no listed decision
after a withdrawal or a removal redirects to the register. These are files, not pages: no
register, search index or sitemap lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import jinja2

from decision_press import urls
from decision_press.corpus import Corpus, PublicDecision
from decision_press.model.record import slugify
from decision_press.render.outputs import GeneratedFile, RenderedDocument
from decision_press.render.web_format import relative_root
from decision_press.select import RemovedDecision, facet_urls


def notice_files(
    corpus: Corpus,
    env: jinja2.Environment,
    documents: Mapping[tuple[str, str], RenderedDocument],
    site_url: str | None,
    facet_pages: Iterable[str],
) -> list[GeneratedFile]:
    """The removal notices, and the redirects and PDFs at every former address.

    ``facet_pages`` are the filter pages this build makes; a filter page that only withdrawn
    or removed decisions would fill redirects to the register instead of disappearing.
    """
    files: list[GeneratedFile] = []
    for removed in corpus.removed:
        files.append(_removal_notice(corpus, env, removed))
        url = urls.decision(removed.slug)
        files += [_redirect(env, _moved(old, removed.reference), url, site_url) for old in removed.previous_references]
    for decision in corpus.decisions:
        for old in decision.record.previous_references:
            files.append(_redirect(env, _moved(old, decision.record.reference), decision.url, site_url))
        files += [
            GeneratedFile(path, path=rendered.path, linkable=True)
            for path, rendered in former_pdf_addresses(decision, documents)
        ]
    emptied = {url for d in corpus.decisions for url in facet_urls(d.record)}
    emptied.update(url for removed in corpus.removed for url in removed.facet_urls)
    emptied.difference_update(facet_pages)
    files += [_redirect(env, (url, _EMPTIED, _REGISTER), urls.REGISTER, site_url) for url in sorted(emptied)]
    return files


_EMPTIED = "No current decision is listed under this filter any more."
_REGISTER = "the register of decisions"


def _moved(old: str, new: str) -> tuple[str, str, str]:
    """A former reference's address → (that address, what happened, where to go)."""
    return urls.decision(slugify(old)), f"{old} is now {new}.", new


def _removal_notice(corpus: Corpus, env: jinja2.Environment, removed: RemovedDecision) -> GeneratedFile:
    url = urls.decision(removed.slug)
    replacement = corpus.get(removed.removal.replacement) if removed.removal.replacement else None
    html = env.get_template("removed.html.j2").render(
        root=relative_root(urls.page_source(url)), n=removed, replacement=replacement
    )
    return GeneratedFile(urls.static_page(url), content=html)


def _redirect(env: jinja2.Environment, moved: tuple[str, str, str], target: str, site_url: str | None) -> GeneratedFile:
    """The page at a former address → a redirect to ``target`` (a page path), saying why."""
    url, reason, name = moved
    root = relative_root(urls.page_source(url))
    html = env.get_template("redirect.html.j2").render(
        root=root,
        reason=reason,
        name=name,
        target=f"{root}{target}",
        canonical=f"{site_url}{target}" if site_url else f"{root}{target}",
    )
    return GeneratedFile(urls.static_page(url), content=html)


def former_pdf_addresses(
    decision: PublicDecision, documents: Mapping[tuple[str, str], RenderedDocument]
) -> list[tuple[str, RenderedDocument]]:
    """Each PDF of ``decision`` at each of its former addresses (the site path, and the PDF).

    The form was named after the old slug; the other documents keep their file names.
    """
    found = []
    for old in decision.record.previous_references:
        old_slug = slugify(old)
        for document in decision.documents:
            rendered = documents.get((decision.slug, document.filename))
            if rendered is None:
                continue
            filename = f"{old_slug}.pdf" if document.kind == "form" else document.filename
            found.append((urls.document(old_slug, filename), rendered))
    return found
