"""A built synthetic project → the two waits a person notices: the preview after an edit, and the first search.

* ``serve_latency``: ``mkdocs serve --livereload --dirty`` (what ``scripts/serve`` runs) runs on
  the project; after its first build one record's title is edited and the page is polled
  until the new title is served (time from the save to the new page), several times;
  ``serve_draft_latency`` does the same for a draft added for the run (the preview shows drafts).
* ``first_search``: the built site is served on loopback; headless Debian Chromium opens the
  register, types a reference into the search box and waits for the first result (time from
  opening the page, so fetching and indexing the search index is included; typed once more
  if Material dropped it); then types another reference and times its answer.
"""

from __future__ import annotations

import functools
import http.server
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def first_search(site: Path, query: str, then: str, runs: int = 3) -> tuple[float, float] | None:
    """Median seconds to a search answer on the register: from opening the page, and from typing.

    The first figure starts when the page is opened and the reader types at once, so loading
    the page and the search index is included. Material drops a query typed before its index
    is ready; as a reader would, the query is typed once more when the search panel stops
    saying it is initialising and shows no result. (Typing again and again instead queues a
    query per key in Material's worker, which then answers them all before a later one:
    seconds at N = 10,000, a cost of the benchmark and not of the site.) The second figure
    starts when ``then`` is typed into the same page once the first has been answered, and
    ends when its decision is the first result.
    """
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opened, typed = [], []
    wanted = then.lower().replace(" ", "-")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            for _ in range(runs):
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.server_port}/decisions/")
                box = page.get_by_role("textbox", name="Search decisions")
                results = page.locator(".md-search-result__item a")
                meta = page.locator(".md-search-result__meta")
                box.press_sequentially(query)  # key events, as a reader types
                retyped = False
                deadline = time.perf_counter() + 300
                while not results.count():
                    if time.perf_counter() > deadline:
                        return None
                    if not retyped and "nitiali" not in (meta.text_content() or ""):
                        page.wait_for_timeout(200)  # the answer to the first query may be on its way
                        if not results.count():
                            box.fill("")
                            box.press_sequentially(query)
                            retyped = True
                    page.wait_for_timeout(20)
                opened.append(time.perf_counter() - started)
                box.fill("")
                started = time.perf_counter()
                box.press_sequentially(then)  # Material answers key events, not a pasted value
                page.wait_for_function(
                    "w => (document.querySelector('.md-search-result__item a') || {}).href?.includes(w)",
                    arg=f"/decisions/{wanted}/",
                    timeout=60_000,
                )
                typed.append(time.perf_counter() - started)
                page.close()
            browser.close()
            return statistics.median(opened), statistics.median(typed)
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    """``python -m benchmarks.interactive SITE N``: the first-search figures of a built benchmark site."""
    site, n = Path(sys.argv[1]), int(sys.argv[2])
    searched = first_search(site, f"PCD {n // 2}", f"PCD {n // 3}")
    print(
        "not measured (no Chromium or no answer)"
        if searched is None
        else f"first search from opening the register {searched[0]:.2f} s, typed into a loaded page {searched[1]:.2f} s"
    )


if __name__ == "__main__":
    main()
