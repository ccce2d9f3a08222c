"""Corrections in the open, read back from two real builds of the example project.

The first build is the site as published; the second comes after a comms officer corrected
an amount (with a change note), corrected a reference, withdrew one decision and removed
another. Every address of the first build must still answer in the second.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from conftest import copy_project

from .conftest import build, read_page, search_fragments

pytestmark = pytest.mark.slow

SITE_URL = "https://decisions.example.org/"
FIRST, SECOND = dt.date(2026, 11, 26), dt.date(2026, 11, 28)
CORRECTED = "2026-11-27"
AMOUNT_NOTE = "Corrected the amount accepted from £153,000 to £135,000, as in the grant letter."
REMOVED_TITLE = "Fit-Out of the East London Victims"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def correct(project: Path) -> None:
    """An amount corrected with a note, a reference corrected, a withdrawal and a removal."""
    main, examples = project / "data" / "decisions.yaml", project / "data" / "decisions" / "examples.yaml"
    edit(
        main,
        "  amount: 135000\n",
        f"  amount: 135000\n  changes:\n    - date: {CORRECTED}\n      note: {AMOUNT_NOTE}\n",
    )
    edit(
        examples,
        "- reference: PCD 1012\n",
        f"- reference: PCD 1021\n  previous_references: [PCD 1012]\n  changes:\n    - date: {CORRECTED}\n"
        "      note: Corrected the reference, given in error as PCD 1012.\n",
    )
    text = examples.read_text(encoding="utf-8")
    text = set_status(text, "PCD 1040", f"withdrawn\n  withdrawal:\n    date: {CORRECTED}\n    reason: Superseded.")
    text = set_status(
        text,
        "CEOD 35-2022",
        f"removed\n  removal:\n    date: {CORRECTED}\n    reason: Published in error, as the works were never "
        "commissioned.\n    replacement: PCD 948",
    )
    examples.write_text(text, encoding="utf-8")


def set_status(text: str, reference: str, status: str) -> str:
    """``text`` with the record ``reference`` given ``status`` (and the block written after it)."""
    start = text.index(f"- reference: {reference}\n")
    at = text.index("  status: published\n", start)
    return text[:at] + f"  status: {status}\n" + text[at + len("  status: published\n") :]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = copy_project(tmp_path_factory.mktemp("corrections") / "project")
    first = build(project, FIRST)
    kept = tmp_path_factory.mktemp("first") / "site"
    shutil.copytree(first, kept)
    correct(project)
    return kept, build(project, SECOND)


def every_file(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def answer(site: Path, url_path: str, hops: int = 3) -> Path | None:
    """The file a static host serves at ``url_path``, after following meta-refresh redirects."""
    target = site / url_path
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return None
    if target.suffix == ".html" and hops:
        refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', target.read_text("utf-8"))
        if refresh:
            return answer(site, urljoin("/" + url_path, refresh[1]).lstrip("/"), hops - 1)
    return target


def sitemap_urls(site: Path) -> dict[str, str | None]:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    found = re.findall(r"<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]+)</lastmod>)?", text)
    return {loc: lastmod or None for loc, lastmod in found}


def test_every_address_of_the_first_build_still_answers_after_rename_withdrawal_and_removal(
    sites: tuple[Path, Path],
) -> None:
    first, second = sites
    # The removed decision had PDFs, at its address and at its former one (CEOD 35), which are
    # gone with its content; its pages at both addresses still answer.
    removed = ("decisions/ceod-35-2022/", "decisions/ceod-35/")
    removed_pdfs = {f for f in every_file(first) if f.startswith(removed) and f.endswith(".pdf")}
    assert {f.split("/")[1] for f in removed_pdfs} == {"ceod-35-2022", "ceod-35"}
    lost = [
        path
        for path in every_file(first)
        # Pagefind's own files are named afresh by each indexing; readers reach them by the search page.
        if path not in removed_pdfs
        and not path.startswith("pagefind/")
        and answer(second, path.removesuffix("index.html")) is None
    ]
    assert lost == []
    assert not any((second / path).exists() for path in removed_pdfs)
    for loc in sitemap_urls(first):  # every address search engines were given
        assert answer(second, urlsplit(loc).path.lstrip("/")) is not None, loc


def test_a_renamed_decision_redirects_from_its_page_and_serves_its_pdfs_at_the_old_addresses(
    sites: tuple[Path, Path],
) -> None:
    _, second = sites
    redirect = (second / "decisions" / "pcd-1012" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}decisions/pcd-1021/">' in redirect
    assert '<meta http-equiv="refresh" content="0; url=../../decisions/pcd-1021/">' in redirect
    assert '<meta name="robots" content="noindex">' in redirect
    assert answer(second, "decisions/pcd-1012/") == second / "decisions" / "pcd-1021" / "index.html"
    old_pdfs = sorted(p.name for p in (second / "decisions" / "pcd-1012").glob("*.pdf"))
    new_pdfs = sorted(p.name for p in (second / "decisions" / "pcd-1021").glob("*.pdf"))
    assert "pcd-1012.pdf" in old_pdfs and "pcd-1021.pdf" in new_pdfs and len(old_pdfs) == len(new_pdfs)
    assert (second / "decisions/pcd-1012/pcd-1012.pdf").read_bytes() == (
        second / "decisions/pcd-1021/pcd-1021.pdf"
    ).read_bytes()
    urls = sitemap_urls(second)
    assert f"{SITE_URL}decisions/pcd-1021/" in urls and f"{SITE_URL}decisions/pcd-1012/" not in urls


def test_a_removed_decision_leaves_only_its_notice(sites: tuple[Path, Path]) -> None:
    _, second = sites
    folder = second / "decisions" / "ceod-35-2022"
    assert [p.name for p in folder.iterdir()] == ["index.html"]
    notice = (folder / "index.html").read_text(encoding="utf-8")
    assert "CEOD 35-2022 was removed" in notice
    assert '<time datetime="2026-11-27">27 November 2026</time>' in notice
    assert "the works were never commissioned" in notice
    assert 'href="../../decisions/pcd-948/">PCD 948: ' in notice
    assert '<meta name="robots" content="noindex">' in notice
    leaks = [path for path in every_file(second) if REMOVED_TITLE.encode() in (second / path).read_bytes()]
    assert leaks == []
    assert f"{SITE_URL}decisions/ceod-35-2022/" not in sitemap_urls(second)
    data = json.loads((second / "decisions.json").read_text(encoding="utf-8"))
    assert "CEOD 35-2022" not in {d["reference"] for d in data["decisions"]}
    assert data["removals"][0] == {
        "reference": "CEOD 35-2022",
        "removed_on": "2026-11-27",
        "reason": "Published in error, as the works were never commissioned.",
        "replacement": "PCD 948",
        "url": f"{SITE_URL}decisions/ceod-35-2022/",
    }
    assert not [url for url in search_fragments(second) if "ceod-35" in url]
    assert "ceod-35-2022" not in (second / "feed.xml").read_text(encoding="utf-8")
    assert "CEOD 35-2022" not in (second / "decisions.csv").read_text(encoding="utf-8")


def test_the_corrected_page_shows_its_last_update_and_every_public_change_note(sites: tuple[Path, Path]) -> None:
    first, second = sites
    page = read_page(second, "decisions/pcd-911/")
    assert re.search(r"<dt>Last updated</dt> <dd><time datetime=\"2026-11-27\">27 November 2026</time>", page)
    changes = page[page.index('id="changes"') :]
    assert "Corrected the amount accepted from £153,000 to £135,000" in changes
    assert "First published" in changes
    # The example's minor note (a spelling fix) is recorded in the record, never published.
    example = read_page(first, "decisions/ceod-35-2022/")
    assert "Added the financial year of the fit-out works" in example and "spelling mistake" not in example


def test_the_feed_entry_moves_and_says_what_changed(sites: tuple[Path, Path]) -> None:
    first, second = sites
    before = feedparser.parse((first / "feed.xml").read_bytes())
    feed = feedparser.parse((second / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = {entry.link: entry for entry in feed.entries}
    entry = entries[f"{SITE_URL}decisions/pcd-911/"]
    assert entry.updated.startswith(CORRECTED) and entry.published.startswith("2020-10-15")
    assert entry.summary.startswith(f"Updated 27 November 2026: {AMOUNT_NOTE}")
    assert feed.entries[0].updated.startswith(CORRECTED)  # a correction is news: it comes first
    assert feed.feed.updated.startswith(CORRECTED)
    old = {e.link: e for e in before.entries}[f"{SITE_URL}decisions/pcd-911/"]
    assert old.updated.startswith("2020-10-15")


def test_open_data_gives_each_decisions_change_history_and_last_update(sites: tuple[Path, Path]) -> None:
    first, second = sites
    data = json.loads((second / "decisions.json").read_text(encoding="utf-8"))
    rows = {d["reference"]: d for d in data["decisions"]}
    assert rows["PCD 911"]["last_updated"] == CORRECTED
    assert rows["PCD 911"]["changes"] == [{"date": CORRECTED, "note": AMOUNT_NOTE}]
    example = {d["reference"]: d for d in json.loads((first / "decisions.json").read_text("utf-8"))["decisions"]}
    assert example["CEOD 35-2022"]["last_updated"] == "2026-11-20"
    # The minor one (2022-02-04) is not published.
    assert [change["date"] for change in example["CEOD 35-2022"]["changes"]] == ["2022-02-03", "2026-11-20"]
    assert rows["PCD 1040"]["status"] == "withdrawn" and rows["PCD 1021"]["last_updated"] == CORRECTED
    table = {row["reference"]: row for row in csv.DictReader(io.StringIO((second / "decisions.csv").read_text()))}
    assert table["PCD 911"]["last_updated"] == CORRECTED
    assert table["PCD 911"]["changes"] == f"{CORRECTED}: {AMOUNT_NOTE}"
    assert table["PCD 1187"]["last_updated"] == ""


def test_the_sitemap_dates_each_decision_by_its_last_change(sites: tuple[Path, Path]) -> None:
    first, second = sites
    urls = sitemap_urls(second)
    assert urls[f"{SITE_URL}decisions/pcd-911/"] == CORRECTED
    assert sitemap_urls(first)[f"{SITE_URL}decisions/ceod-35-2022/"] == "2026-11-20"
    assert urls[f"{SITE_URL}decisions/pcd-1187/"] == "2022-06-16"  # never corrected: its publication
