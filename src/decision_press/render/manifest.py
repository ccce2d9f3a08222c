"""Rendered and attached PDFs → the manifest (``decisions/manifest.json``): each PDF's path, SHA-256, size, seal.

The manifest is what ``decision-press verify`` checks a site, a mirror or a downloaded PDF
against (fields in docs/open-data.md). It is deterministic: files in path order, no time
but the build date, so two builds of the same records on the same date publish the same
bytes. This module is also the one home of its format: :func:`read_manifest` is how the
verifier reads one back, treating every value in it as untrusted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from decision_press import urls
from decision_press.caching import sha256_file
from decision_press.corpus import Corpus
from decision_press.errors import BuildFailed
from decision_press.render.json_rows import indented_json
from decision_press.render.notices import former_pdf_addresses
from decision_press.render.outputs import RenderedDocument
from decision_press.sealing import SealKey
from decision_press.session import Latest

FORMAT = "decision-press-manifest/1"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    """The file's path from the site root, e.g. 'decisions/pcd-911/pcd-911.pdf'."""
    sha256: str
    size: int
    sealed: bool
    kind: str = ""
    """'form', 'appendix' (generated, sealed on a sealed site) or 'attachment' (published as received)."""
    reference: str = ""
    same_as: str = ""
    """For a copy at a former address (a corrected reference): the path it was made and sealed for."""


def manifest_json(
    corpus: Corpus,
    documents: Iterable[RenderedDocument],
    seal: SealKey | None,
    written: Latest[str, str] | None = None,
) -> str:
    """The manifest of ``documents``; each file's SHA-256 is that of the bytes published (as the cache checked them).

    ``written`` keeps each file's entry text for the next build of a preview (:mod:`.json_rows`).
    """
    references = {decision.slug: decision.record.reference for decision in corpus.decisions}
    files: list[dict[str, object]] = []
    listed = sorted(documents, key=lambda d: d.site_path)
    for rendered in listed:
        # The cache checked these bytes against their digest when it handed them over.
        digest = rendered.sha256 or sha256_file(rendered.path)
        if digest is None:
            raise BuildFailed(f"{rendered.site_path}: cannot read {rendered.path} to list it in the manifest")
        files.append(
            {
                "path": rendered.site_path,
                "reference": references.get(rendered.slug, ""),
                "title": rendered.document.title,
                "kind": rendered.document.kind,
                "sha256": digest,
                "size": rendered.size,
                "sealed": rendered.sealed,
            }
        )
    by_document = {(d.slug, d.document.filename): d for d in listed}
    by_path = {str(item["path"]): item for item in files}
    for decision in corpus.decisions:
        for path, rendered in former_pdf_addresses(decision, by_document):
            files.append({**by_path[rendered.site_path], "path": path, "same_as": rendered.site_path})
    files.sort(key=lambda item: str(item["path"]))
    sealer = {"subject": seal.subject, "certificate_sha256": seal.fingerprint} if seal is not None else None
    manifest = {
        "format": FORMAT,
        "publisher": corpus.settings.project.organisation.name,
        "as_of": corpus.as_of.isoformat(),
        "sealed_by": sealer,
        "count": len(files),
        "files": files,
    }
    return indented_json(manifest, "files", written) + "\n"


class ManifestInvalid(ValueError):
    """A manifest that does not follow the format; the message says what is wrong."""


def read_manifest(data: bytes) -> list[ManifestEntry]:
    """The entries of a manifest, every value checked; :class:`ManifestInvalid` otherwise."""
    try:
        parsed: Any = json.loads(data)
    except (UnicodeDecodeError, ValueError) as err:
        raise ManifestInvalid(f"not JSON ({err})") from None
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT or not isinstance(parsed.get("files"), list):
        raise ManifestInvalid(f'not a Decision Press manifest (expected "format": "{FORMAT}" and a list of files)')
    entries: list[ManifestEntry] = []
    seen: set[str] = set()
    for number, item in enumerate(parsed["files"]):
        entry = _entry(item, number)
        if entry.path in seen:
            raise ManifestInvalid(f"files[{number}]: {entry.path} is listed twice")
        seen.add(entry.path)
        entries.append(entry)
    return entries


def is_document_path(path: str) -> bool:
    """Whether ``path`` can be a PDF beside a decision's page ('decisions/<slug>/<file>.pdf'), and
    nothing else: no way up, no absolute path, no scheme, no control character."""
    parts = path.split("/")
    return (
        len(parts) == 3
        and path.startswith(urls.REGISTER)
        and path.endswith(".pdf")
        and all(part not in ("", ".", "..") for part in parts)
        and not any(c in path for c in "\\?#%:")
        and path.isprintable()
    )


def _entry(item: Any, number: int) -> ManifestEntry:
    where = f"files[{number}]"
    if not isinstance(item, dict):
        raise ManifestInvalid(f"{where}: not an object")
    path, sha256, size, sealed = item.get("path"), item.get("sha256"), item.get("size"), item.get("sealed")
    if not isinstance(path, str) or not is_document_path(path):
        raise ManifestInvalid(f"{where}.path: {str(path)[:80]!r} is not the path of a decision's PDF")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ManifestInvalid(f"{where}.sha256: not 64 lower-case hex digits")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ManifestInvalid(f"{where}.size: not a number of bytes")
    if not isinstance(sealed, bool):
        raise ManifestInvalid(f"{where}.sealed: not true or false")
    kind, reference, same_as = item.get("kind"), item.get("reference"), item.get("same_as", "")
    if not isinstance(same_as, str) or (same_as and not is_document_path(same_as)):
        raise ManifestInvalid(f"{where}.same_as: {str(same_as)[:80]!r} is not the path of a decision's PDF")
    return ManifestEntry(
        path,
        sha256,
        size,
        sealed,
        kind if isinstance(kind, str) else "",
        reference if isinstance(reference, str) else "",
        same_as,
    )
