"""A synthetic archive → site search figures: Pagefind's index time, size and memory, and first answers in Chromium.

A full build of 10,000 decisions with every PDF takes most of an hour here, so the search
figures are taken on an HTML-only site: the real decision pages and search page of the
synthetic archive (rendered by the package's own templates, without PDFs), each in a small
page shell with a header, a menu and a footer as Material's pages have, with the site's
stylesheet and search script. The content Pagefind indexes (``data-pagefind-body``) is the
same as in a full build.

For each size: the index (wall and CPU seconds, peak memory of Pagefind's process, files
and bytes), then in headless Debian Chromium, for three kinds of query (a reference, a
distinctive phrase, the word on the most pages): the time to the first result from opening
``search/?q=...`` (Pagefind's start-up included) and from typing into a loaded search page,
and the bytes fetched for the first query. The load average is recorded with each figure,
as the machine may be shared.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHELL = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/assets/stylesheets/decision-press.css"></head>
<body><header><a href="/">Decisions</a><form role="search" action="/search/"><input name="q"
aria-label="Search decisions"><button>Search</button></form></header>
<nav><ul><li>Home</li><li>Decisions</li><li>Topics</li><li>Open data</li><li>Accessibility</li></ul></nav>
<main><article class="md-content__inner md-typeset">{body}</article></main>
<footer>Mayor's Office for Policing and Crime. Open Government Licence v3.0.</footer>
<script src="/assets/javascripts/search.js"></script></body></html>
"""


def synthetic_site(target: Path, n: int) -> Path:
    """The synthetic archive's decision pages and search page as a static site in ``target/site``."""
    from benchmarks.synthetic import write_archive
    from decision_press.pipeline import prepare
    from decision_press.render.web import WebRenderer
    from decision_press.settings import load_settings

    project = target / "project"
    project.mkdir(parents=True)
    for part in ("decision-press.yml", "mkdocs.yml", "docs"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    write_archive(project, n, REPO)
    corpus = prepare(load_settings(project), dt.date(2026, 11, 26))[0]
    site = target / "site"
    shutil.copytree(REPO / "docs" / "assets", site / "assets")
    for page in WebRenderer(corpus, {}).render().pages:
        if not (page.src_uri.startswith("decisions/") and page.src_uri.count("/") == 2) and page.src_uri != (
            "search/index.md"
        ):
            continue  # the lists are not indexed; only decisions and the search page are needed
        body = page.content.split("\n---\n", 1)[1]
        indexed = page.src_uri != "search/index.md"
        html = f"<div data-pagefind-body>{body}</div>" if indexed else body
        out = site / page.src_uri.removesuffix("index.md") / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(SHELL.format(title="Decision", body=html), encoding="utf-8")
    return site


def index(site: Path) -> dict[str, Any]:
    """Pagefind on ``site`` as the build runs it: seconds, peak memory, and the bundle's size."""
    from benchmarks.bench import timed
    from decision_press.search_index import BUNDLE, OPTIONS, indexer

    load = os.getloadavg()[0]
    before = os.times()
    run = timed([str(indexer()), "--site", str(site), *OPTIONS])
    after = os.times()
    files = [p for p in (site / BUNDLE).rglob("*") if p.is_file()]
    return {
        "index_s": run.seconds,
        "index_cpu_s": (after.children_user - before.children_user) + (after.children_system - before.children_system),
        "index_peak_mb": run.peak_mb,
        "index_files": len(files),
        "index_mb": sum(p.stat().st_size for p in files) / 1e6,
        "index_load": load,
    }


def reuse(site: Path, cache: Path) -> float:
    """Seconds a build in which no page changed spends on search: hashing the pages, checking and copying the cache."""
    from decision_press.search_index import index_site

    index_site(site, cache)  # fills the cache
    again = index_site(site, cache)
    if not again.reused:
        raise SystemExit("the search index was not reused for an unchanged site")
    return again.seconds


def most_common_word(site: Path) -> str:
    """The word on the most decision pages, as the index's fragments hold the pages' text."""
    import gzip

    pages: collections.Counter[str] = collections.Counter()
    for fragment in (site / "pagefind").rglob("*.pf_fragment"):
        text = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])["content"]
        pages.update({w for w in re.findall(r"[a-z]{3,}", text.lower())})
    return pages.most_common(1)[0][0]


def _record(sizes: list[tuple[str, int]], request: Any) -> None:
    sizes.append((request.url, request.sizes()["responseBodySize"]))


def first_answers(site: Path, queries: dict[str, str], runs: int = 3) -> dict[str, Any]:
    """For each query: seconds to the first result (from opening, from typing) and bytes fetched."""
    from playwright.sync_api import sync_playwright
    from tests.chromium import CHROMIUM, CHROMIUM_ARGS
    from tests.static_server import served_folder

    figures: dict[str, Any] = {}
    with served_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for kind, query in queries.items():
            opened, typed, fetched, search_bytes = [], [], [], []
            for _ in range(runs):
                context = browser.new_context()  # a fresh cache: a first visit
                page = context.new_page()
                sizes: list[tuple[str, int]] = []
                page.on("requestfinished", functools.partial(_record, sizes))
                started = time.perf_counter()
                page.goto(base + "search/?q=" + query.replace(" ", "+"))
                page.wait_for_selector("#dp-search-results a", timeout=120_000)
                opened.append(time.perf_counter() - started)
                fetched.append(sum(size for _, size in sizes))
                search_bytes.append(sum(size for url, size in sizes if "/pagefind/" in url))
                page.goto(base + "search/")
                page.wait_for_load_state("networkidle")
                box = page.get_by_role("searchbox", name="Words or reference")
                started = time.perf_counter()
                box.fill(query)
                page.wait_for_selector("#dp-search-results a", timeout=120_000)
                typed.append(time.perf_counter() - started)
                context.close()
            figures[kind] = {
                "query": query,
                "open_s": statistics.median(opened),
                "typed_s": statistics.median(typed),
                "fetched_kb": statistics.median(fetched) / 1000,
                "pagefind_kb": statistics.median(search_bytes) / 1000,
                "load": os.getloadavg()[0],
            }
        browser.close()
    return figures


def bench_search(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"dp-search-{n}-") as temp:
        started = time.perf_counter()
        site = synthetic_site(Path(temp), n)
        result: dict[str, Any] = {"n": n, "site_s": time.perf_counter() - started}
        result.update(index(site))
        result["reuse_s"] = reuse(site, Path(temp) / "cache")
        queries = {
            "reference": f"PCD {min(4321, n // 2)}",
            "phrase": "capitalise on intelligence opportunities",
            "common word": most_common_word(site),
        }
        result["answers"] = first_answers(site, queries)
        result["measured"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return result


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| N | index (wall / CPU) | reused | Pagefind peak memory | index files, size | query"
        " | first answer from opening | typed into a loaded page"
        " | fetched for the first query (of it Pagefind's) | load average |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for kind, a in r["answers"].items():
            rows.append(
                f"| {r['n']:,} | {r['index_s']:.1f} s / {r['index_cpu_s']:.1f} s | {r.get('reuse_s', 0.0):.2f} s "
                f"| {r['index_peak_mb']:.0f} MB "
                f"| {r['index_files']:,}, {r['index_mb']:.1f} MB | {kind}: `{a['query']}` | {a['open_s']:.2f} s "
                f"| {a['typed_s']:.2f} s | {a['fetched_kb']:.0f} KB ({a['pagefind_kb']:.0f} KB) "
                f"| {r['index_load']:.1f} / {a['load']:.1f} |"
            )
    return "\n".join(rows)


BEGIN, END = "<!-- search:begin -->", "<!-- search:end -->"


def write_markdown(results: list[dict[str, Any]], command: str) -> None:
    """Put the search table in BENCHMARKS.md, between its markers (added at the end the first time)."""
    path = REPO / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    block = "\n".join(
        [
            BEGIN,
            f"Latest search run: `{command}`, {results[-1]['measured']}.",
            "",
            table(results),
            "",
            "Raw figures (JSON):",
            "",
            "```json",
            json.dumps(results, indent=1),
            "```",
            END,
        ]
    )
    start, end = text.find(BEGIN), text.find(END)
    text = text[:start] + block + text[end + len(END) :] if 0 <= start < end else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def run(sizes: list[int], *, write: bool) -> None:
    """Measure each size, print the table after each, and (``write``) record it in BENCHMARKS.md."""
    results = []
    for n in sizes:
        results.append(bench_search(n))
        print(table(results), flush=True)
        if write:
            write_markdown(results, "scripts/bench --search " + " ".join(map(str, sizes)))


def main() -> None:
    """``python -m benchmarks.search [N ...]`` (default 2000 10000): print the table only."""
    run([int(a) for a in sys.argv[1:]] or [2000, 10000], write=False)


if __name__ == "__main__":
    main()
