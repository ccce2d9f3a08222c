"""URL → resource bytes for WeasyPrint, only from data: URLs and the project's own folders.

WeasyPrint's default fetcher reads any ``file:`` path and any ``http:`` host, which in a
renderer fed by author text means local file reads and SSRF (CVE-2024-28184,
CVE-2025-68616). Author text is escaped before it reaches the HTML, so nothing it says is
fetched; this fetcher is the second wall: everything outside the allow-list stops the
render with :class:`weasyprint.urls.FatalURLFetchingError` instead of being skipped.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 8 * 1024 * 1024
"""Largest file the renderer may read: fonts are ~0.2 MB, a signature image far less."""


class ProjectFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
    """Fetches ``data:`` URLs and regular files inside the allowed folders; refuses the rest."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(timeout=5, allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
        # Resolved once: a symlink inside a root that points outside it must not pass.
        self.roots = tuple(Path(root).resolve() for root in roots)

    def allowed_path(self, url: str) -> Path | None:
        """The resolved file a ``file:`` URL names, when it lies inside a root; else None."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            return None
        if not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
            return None  # devices (/dev/urandom), folders and huge files never reach the renderer
        return path

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        path = self.allowed_path(url) if scheme == "file" else None
        if path is not None:
            # Read the resolved path ourselves, so what is checked is what is read.
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
        raise FatalURLFetchingError(f"blocked resource outside the project's assets: {url[:200]}")
