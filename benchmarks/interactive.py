"""A built synthetic project → the wait an author notices: the preview after an edit.

``serve_latency``: ``mkdocs serve --livereload --dirty`` (what ``scripts/serve`` runs) runs on
the project; after its first build one record's title is edited and the page is polled until
the new title is served (time from the save to the new page), several times.
``serve_draft_latency`` does the same for a draft added for the run (the preview shows drafts).
The first search is measured by :mod:`benchmarks.search`.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our loopback server
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait(url: str, text: str, limit: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in _page(url):
            return time.perf_counter() - started
        time.sleep(0.1)
    return None


def serve_latency(project: Path, as_of: str, edits: int = 3, limit: float = 600.0) -> float | None:
    """Median seconds from saving an edited record to the preview serving the new title."""
    records = sorted((project / "data" / "decisions").glob("*.yaml"))[0]
    return _serve_edits(project, as_of, records, "pcd-1", "Synthetic decision 1:", edits, limit)


DRAFT_FILE = "zz-bench-draft.yaml"
DRAFT_REFERENCE = 999_999


def serve_draft_latency(project: Path, as_of: str, edits: int = 3, limit: float = 600.0) -> float | None:
    """The same for a draft: the preview shows drafts (with their banner), and an author edits one.

    The draft is a copy of PCD 1 made draft, in a file of its own for the length of the run.
    """
    first = sorted((project / "data" / "decisions").glob("*.yaml"))[0]
    records = yaml.safe_load(first.read_text(encoding="utf-8"))
    draft = {**records[0], "reference": f"PCD {DRAFT_REFERENCE}", "status": "draft"}
    draft["title"] = f"Synthetic draft {DRAFT_REFERENCE}: {draft['title'].split(': ', 1)[1]}"
    for field in ("signed", "published"):
        draft.pop(field, None)
    path = project / "data" / "decisions" / DRAFT_FILE
    path.write_text(yaml.safe_dump([draft], sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        return _serve_edits(
            project, as_of, path, f"pcd-{DRAFT_REFERENCE}", f"Synthetic draft {DRAFT_REFERENCE}:", edits, limit
        )
    finally:
        path.unlink(missing_ok=True)


def _serve_edits(
    project: Path, as_of: str, records: Path, slug: str, marker: str, edits: int, limit: float
) -> float | None:
    """Median seconds from saving ``records`` with ``marker`` edited to the page at ``slug`` showing it."""
    port = _free_port()
    env = {**os.environ, "DECISION_PRESS_AS_OF": as_of, "NO_MKDOCS_2_WARNING": "1"}
    # The command scripts/serve runs.
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("mkdocs")), "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    text = records.read_text(encoding="utf-8")
    try:
        url = f"http://127.0.0.1:{port}/decisions/{slug}/"
        if _wait(url, marker, limit) is None:
            return None
        times = []
        for edit in range(edits):
            time.sleep(1.0)  # the preview is idle, as when an author saves
            title = f"{marker.removesuffix(':')} edited {edit}:"
            records.write_text(text.replace(marker, title, 1), encoding="utf-8")
            seconds = _wait(url, title, limit)
            if seconds is None:
                return None
            times.append(seconds)
        return statistics.median(times)
    finally:
        records.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
