"""A decision and everything its page shows → a cache key; a rendered page ↔ a file in the cache.

Rendering 2,000 decision pages (Jinja and Markdown-lite) costs seconds on every build and
every preview. A page is a pure function of its record, its related decisions, its PDFs'
facts, the set of public references (for links in running text), the settings, the web
templates and this package's code; when none of these changed, the page is read back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from decision_press.caching import digest_of, framed, templates_and_code, write_atomic


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
    try:
        data: dict[str, Any] = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def write(cache_dir: Path, key: str, data: dict[str, Any]) -> None:
    write_atomic(cache_dir / f"{key}.json", json.dumps(data).encode("utf-8"))
