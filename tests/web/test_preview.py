"""The preview (``mkdocs serve --dirty``, as scripts/serve runs it) rebuilds only what an edit changes.

MkDocs' serve loop is driven here in-process, as ``mkdocs serve`` drives it: ``on_startup``
once, then for every rebuild a freshly loaded configuration and a dirty build into the same
folder. What the reader of the preview sees must be what a full build would show.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import site_template
from decision_press.pipeline import AS_OF_ENV

from .conftest import AS_OF, search_fragments

pytestmark = pytest.mark.slow

SERVE_URL = "http://127.0.0.1:8000/"


class Preview:
    """One ``mkdocs serve --dirty`` session on a project."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        self.config: MkDocsConfig | None = None

    def rebuild(self) -> None:
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        if self.config is None:
            config.plugins.on_startup(command="serve", dirty=True)
        self.config = config
        build(config, serve_url=SERVE_URL, dirty=True)

    def search(self) -> dict[str, tuple[str, str]]:
        """The preview's search index once its background indexing is done (see :func:`_search_entries`)."""
        assert self.config is not None
        self.config.plugins["decision-press"].wait_for_search(timeout=120)
        return _search_entries(self.site)

    def close(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()


@pytest.fixture
def preview(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setenv(AS_OF_ENV, AS_OF.isoformat())
    session = Preview(project, tmp_path / "preview")
    session.rebuild()
    yield session
    session.close()
    # MkDocs keeps plugin objects for the life of a process, as for the rebuilds of one serve;
    # later builds in this process start afresh.
    MkDocsConfig.plugins.plugin_cache.clear()


def _snapshot(site: Path) -> dict[str, tuple[int, str]]:
    return {
        path.relative_to(site).as_posix(): (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in site.rglob("*")
        if path.is_file()
    }


def _rewritten_pages(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> set[str]:
    return {
        path for path, stamp in after.items() if path.endswith(".html") and before.get(path, (None,))[0] != stamp[0]
    }


def _search_entries(site: Path) -> dict[str, tuple[str, str]]:
    """What the search index holds of each page: its text, and its metadata and filters."""
    return {
        url: (fragment["content"], json.dumps([fragment["meta"], fragment["filters"]], sort_keys=True))
        for url, fragment in search_fragments(site).items()
    }


def _full_build(project: Path, site: Path) -> Path:
    """A full review build (the preview's mode: drafts and embargoed decisions too) into ``site``.

    In its own process: MkDocs keeps plugin objects for the life of a process, as it does for
    the rebuilds of one 'serve'.
    """
    subprocess.run(
        [
            sys.executable,
            "-m",
            "decision_press",
            "--project",
            str(project),
            "build",
            "--as-of",
            AS_OF.isoformat(),
            "--preview",
            str(site),
        ],
        check=True,
        capture_output=True,
    )
    return site


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rebuilds_its_page_and_the_pages_that_list_or_link_it(
    preview: Preview, project: Path, tmp_path: Path
) -> None:
    before = _snapshot(preview.site)
    _edit(
        project / "data" / "decisions.yaml",
        "title: Piloting a Multi-Agency Response",
        "title: Piloting a Renamed Response",
    )
    preview.rebuild()
    after = _snapshot(preview.site)
    rewritten = _rewritten_pages(before, after)

    assert "Piloting a Renamed Response" in (preview.site / "decisions/pcd-911/index.html").read_text("utf-8")
    assert "Piloting a Renamed Response" in (preview.site / "decisions/index.html").read_text("utf-8")
    # PCD 948 links to PCD 911 by title; PCD 1012, PCD 1040 and CEOD 35-2022 have nothing to do with it.
    assert {"decisions/pcd-911/index.html", "decisions/index.html", "decisions/pcd-948/index.html"} <= rewritten
    assert not rewritten & {
        "decisions/pcd-1012/index.html",
        "decisions/pcd-1040/index.html",
        "decisions/ceod-35-2022/index.html",
    }
    pages = [path for path in after if path.endswith(".html")]
    assert len(rewritten) < len(pages) / 2, sorted(rewritten)
    # Unchanged PDFs are not copied again.
    assert after["decisions/pcd-1012/pcd-1012.pdf"] == before["decisions/pcd-1012/pcd-1012.pdf"]

    # The preview's search index, brought up to date in the background, is the one a full
    # build makes, with the edited title.
    full = _full_build(project, tmp_path / "full")
    searched = preview.search()
    assert searched == _search_entries(full)
    assert "Piloting a Renamed Response" in searched["/decisions/pcd-911/"][0]


def test_a_record_made_draft_stays_in_the_preview_marked_as_a_draft(preview: Preview, project: Path) -> None:
    title = "Fit-Out of the East London Victims' Hub Premises"
    page = preview.site / "decisions/ceod-35-2022/index.html"
    assert "Draft: not public" not in page.read_text("utf-8")
    examples = project / "data" / "decisions" / "examples.yaml"
    _edit(examples, f"title: {title}\n  status: published", f"title: {title}\n  status: draft")
    preview.rebuild()

    assert "Draft: not public" in page.read_text("utf-8")


def test_a_record_renamed_leaves_its_old_page_behind_in_no_file(preview: Preview, project: Path) -> None:
    title = "Fit-Out of the East London Victims' Hub Premises"
    examples = project / "data" / "decisions" / "examples.yaml"
    _edit(
        examples,
        f"- reference: CEOD 35-2022\n  title: {title}",
        "- reference: CEOD 36-2022\n  title: A Renamed Fit-Out",
    )
    preview.rebuild()

    assert (preview.site / "decisions/ceod-36-2022/index.html").is_file()
    assert not (preview.site / "decisions/ceod-35-2022").exists()
    leaks = [
        path.relative_to(preview.site).as_posix()
        for path in preview.site.rglob("*")
        if path.is_file() and title.encode("utf-8") in path.read_bytes()
    ]
    assert leaks == []


def test_a_template_change_rebuilds_every_page(preview: Preview, project: Path) -> None:
    _edit(site_template(project, "web/decision.html.j2"), ">Key information</h2>", ">Key facts</h2>")
    preview.rebuild()
    pages = sorted((preview.site / "decisions").glob("*/index.html"))
    decision_pages = [page for page in pages if "dp-decision" in page.read_text("utf-8")]
    assert len(decision_pages) >= 6
    assert all("Key facts" in page.read_text("utf-8") for page in decision_pages)


def test_undoing_an_edit_brings_back_the_first_pdf(preview: Preview, project: Path) -> None:
    # The first PDF comes back from its older cache file: copied by what it is, not by date.
    form = preview.site / "decisions" / "pcd-911" / "pcd-911.pdf"
    first = form.read_bytes()
    records = project / "data" / "decisions.yaml"
    original = records.read_text(encoding="utf-8")
    _edit(records, "title: Piloting a Multi-Agency Response", "title: Piloting a Renamed Response")
    preview.rebuild()
    assert form.read_bytes() != first
    records.write_text(original, encoding="utf-8")
    preview.rebuild()
    assert form.read_bytes() == first


def test_the_preview_search_page_says_that_search_lags(preview: Preview, project: Path, tmp_path: Path) -> None:
    page = (preview.site / "search" / "index.html").read_text(encoding="utf-8")
    assert "search is brought up to date in the background" in page
    assert "/decisions/pcd-911/" in preview.search()  # and the preview has a search index
    full = _full_build(project, tmp_path / "full")
    assert "brought up to date" not in (full / "search" / "index.html").read_text(encoding="utf-8")
