"""A decision and everything its page shows → a cache key; a rendered page ↔ a file in the cache.

Rendering 2,000 decision pages (Jinja and Markdown-lite) costs seconds on every build and
every preview. A page is a pure function of its record, its related decisions, its PDFs'
facts, the set of public references (for links in running text), the settings, the web
templates and this package's code; when none of these changed, the page is read back.

A cached page is read back only when its entry names its own key and the SHA-256 of what it
holds matches the digest written with it; a damaged, edited, renamed or malformed entry is
treated as missing (and logged), so the page is rendered again rather than published.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from decision_press.caching import digest_of, entry_path, framed, read_json_entry, templates_and_code, write_atomic

log = logging.getLogger(__name__)


def shared_digest(templates: Path, settings_json: str, extra: Iterable[str]) -> bytes:
    """Hash of what shapes every page: templates, renderer code, settings and site-wide values."""
    digest = hashlib.sha256()
    templates_and_code(digest, templates)
    for part in (settings_json, *extra):
        digest.update(framed(part.encode("utf-8")))
    return digest.digest()


def page_key(shared: bytes, parts: Iterable[str]) -> str:
    return digest_of(parts, shared)


def read(cache_dir: Path, key: str) -> dict[str, Any] | None:
    """The page data stored under ``key``, or None when there is none or it does not check out."""
    path = entry_path(cache_dir, key, ".json")
    entry = read_json_entry(path, key)
    page = entry.get("page") if entry is not None else None
    if isinstance(page, dict) and entry is not None and entry.get("sha256") == _digest(key, page):
        return page
    if path is not None and path.exists():
        log.info("page cache: the entry %s is damaged or not its own; the page is rendered again", key[:16])
    return None


def write(cache_dir: Path, key: str, data: dict[str, Any]) -> None:
    entry = {"key": key, "sha256": _digest(key, data), "page": data}
    write_atomic(cache_dir / f"{key}.json", json.dumps(entry).encode("utf-8"))


def _digest(key: str, page: dict[str, Any]) -> str:
    """What ties a page's data to its key: the same after a JSON round trip, different after an edit."""
    return digest_of([key, json.dumps(page, sort_keys=True)])
