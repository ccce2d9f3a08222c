"""Site search: what the Pagefind index of a real build holds, and how the index is cached.

The index is read back the way a browser gets it: each page's fragment decompressed and
parsed (see :func:`conftest.search_fragments`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from decision_press.errors import BuildFailed
from decision_press.search_index import BUNDLE, ENTRY, KEPT_ENTRIES, index_site

from .conftest import AS_OF, HELD_BACK, build, read_page, search_fragments

pytestmark = pytest.mark.slow

PCD_911 = "/decisions/pcd-911/"


def test_a_decision_is_indexed_with_every_public_word(example_site: Path) -> None:
    fragment = search_fragments(example_site)[PCD_911]
    text = " ".join(fragment["content"].split())
    assert "This papers seeks the authority" in text  # Part I, paragraph 1.1
    assert "Serious Organised Crime SOC Grant funding" in text  # a recommendation
    assert "closer examination of the individuals" in text  # the executive summary
    assert "Decision form" in text  # the name of its document
    assert fragment["meta"]["reference"] == "PCD 911"
    assert fragment["meta"]["title"].startswith("Piloting a Multi-Agency Response")
    assert fragment["meta"]["signed"] == "8 October 2020"
    filters = fragment["filters"]
    assert set(filters) == {"type", "year", "topic", "maker"}
    assert filters["year"] == ["2020"] and filters["type"] == ["DMPC decision"]
    assert filters["maker"] == ["Deputy Mayor for Policing and Crime"]
    assert filters["topic"] == ["Drugs", "County Lines", "Grant funding"]


def test_only_the_content_of_decisions_and_hand_written_pages_is_indexed(example_site: Path) -> None:
    fragments = search_fragments(example_site)
    urls = set(fragments)
    assert {"/accessibility/", "/open-data/", PCD_911} <= urls
    listings = {"/", "/decisions/", "/decisions/year/2021/", "/topics/", "/topics/drugs/", "/search/"}
    assert not urls & listings  # pages that list decisions would answer every query
    assert not [url for url in urls if any(slug in url for slug in HELD_BACK)]
    text = fragments[PCD_911]["content"]
    for furniture in ("Skip to content", "Search decisions", "Open Government Licence", "different format"):
        assert furniture not in text  # header, navigation, footer and the per-page boilerplate


def test_materials_lunr_index_is_off_and_the_search_page_is_there(example_site: Path) -> None:
    assert not (example_site / "search" / "search_index.json").exists()
    assert (example_site / BUNDLE / "pagefind.js").is_file()
    page = read_page(example_site, "search/")
    assert 'id="dp-search-form"' in page and "<noscript>" in page
    assert "register</a> lists every decision" in page
    home = read_page(example_site, "")
    assert 'action="search/"' in home and 'name="q"' in home  # the header's box opens search/?q=


def _small_site(folder: Path, pages: int = 3) -> Path:
    for n in range(pages):
        page = folder / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="en"><body><nav>menu</nav><main data-pagefind-body><h1>Page {n}</h1>'
            f"<p>Word{n} and a common word.</p></main></body></html>",
            encoding="utf-8",
        )
    return folder


def test_an_unchanged_site_reuses_its_index_and_a_change_indexes_again(tmp_path: Path) -> None:
    site, cache = _small_site(tmp_path / "site"), tmp_path / "cache"
    first = index_site(site, cache)
    assert not first.reused and first.pages == 3
    made = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / BUNDLE).rglob("*") if p.is_file()}
    original = (site / "p1" / "index.html").read_bytes()
    shutil.rmtree(site / BUNDLE)
    again = index_site(site, cache)
    assert again.reused
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / BUNDLE).rglob("*") if p.is_file()} == made
    (site / "p1" / "index.html").write_text(
        '<html lang="en"><body><main data-pagefind-body><h1>Changed</h1></main></body></html>', encoding="utf-8"
    )
    changed = index_site(site, cache)
    assert not changed.reused
    # The edit undone: the earlier index is still in the cache.
    (site / "p1" / "index.html").write_bytes(original)
    assert index_site(site, cache).reused


def test_the_cache_keeps_the_most_recently_used_indexes_only(tmp_path: Path) -> None:
    site, cache = _small_site(tmp_path / "site"), tmp_path / "cache"
    page = site / "p1" / "index.html"
    first = page.read_bytes()
    index_site(site, cache)
    for edit in range(KEPT_ENTRIES):
        page.write_text(
            f'<html lang="en"><body><main data-pagefind-body><h1>Edit {edit}</h1></main></body></html>',
            encoding="utf-8",
        )
        assert not index_site(site, cache).reused
    assert len([p for p in cache.iterdir() if p.is_dir()]) == KEPT_ENTRIES
    page.write_bytes(first)  # the oldest was forgotten
    assert not index_site(site, cache).reused


@pytest.mark.parametrize("damage", ["edit a chunk", "add a file", "edit the entry"])
def test_a_damaged_cache_entry_is_made_again(tmp_path: Path, damage: str) -> None:
    site, cache = _small_site(tmp_path / "site"), tmp_path / "cache"
    index_site(site, cache)
    (entry,) = [p for p in cache.iterdir() if p.is_dir()]
    if damage == "edit a chunk":
        chunk = next(entry.rglob("*.pf_fragment"))
        chunk.write_bytes(chunk.read_bytes() + b"x")
    elif damage == "add a file":
        (entry / "extra.js").write_text("alert(1)", encoding="utf-8")
    else:
        data = json.loads((entry / ENTRY).read_text(encoding="utf-8"))
        data["key"] = "0" * 64
        (entry / ENTRY).write_text(json.dumps(data), encoding="utf-8")
    result = index_site(site, cache)
    assert not result.reused
    assert not (site / BUNDLE / "extra.js").exists()
    assert not (site / BUNDLE / ENTRY).exists()


def test_a_site_without_pages_to_index_fails_with_pagefinds_reason(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    with pytest.raises(BuildFailed, match="the search index could not be built"):
        index_site(tmp_path / "site", tmp_path / "cache")
    assert not (tmp_path / "site" / BUNDLE).exists()


def test_a_search_cache_that_cannot_be_written_fails_the_build_and_keeps_the_live_site(project: Path) -> None:
    site = build(project)
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    records = project / "data" / "decisions" / "examples.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace("Piloting", "Testing", 1), encoding="utf-8")
    cache = project / ".cache" / "decision-press" / "search"
    shutil.rmtree(cache)
    cache.write_text("not a folder", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", AS_OF.isoformat()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "search" in done.stderr and "not a folder" in done.stderr
    assert "Traceback" not in done.stderr
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # the staged, unindexed site never went live


def test_a_plain_mkdocs_build_indexes_too(project: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "-d", str(tmp_path / "out")],
        cwd=project,
        env={**os.environ, "DECISION_PRESS_AS_OF": AS_OF.isoformat()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "search:" in done.stderr and "pages indexed" in done.stderr
    assert PCD_911 in search_fragments(tmp_path / "out")
