"""``build --preview DIR``: a review copy with drafts and embargoed decisions, never the public site."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_process import decision_press
from decision_press.site_folder import MARKER, PREVIEW_MARKER_TEXT, mark_site

pytestmark = pytest.mark.slow

AS_OF = "2026-11-26"


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return decision_press(
        project, *args, cwd=project
    )  # folders are given as an operator in the project would type them


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("review") / "project")
    result = cli(project, "build", "--as-of", AS_OF, "--preview", "review")
    assert result.returncode == 0, result.stderr
    assert "Built the preview review/:" in result.stdout and "never publish it" in result.stdout
    return project


def test_every_page_of_a_review_build_has_the_banner_and_noindex(reviewed: Path) -> None:
    pages = list((reviewed / "review").rglob("*.html"))
    assert len(pages) > 20
    unmarked = [
        p.name
        for p in pages
        if p.name != "404.html"
        and not (
            '<meta name="robots" content="noindex">' in (text := p.read_text("utf-8"))
            and "Preview: not the public site." in text
        )
    ]
    assert unmarked == []
    escaped = [p.name for p in pages if "&lt;head" in (text := p.read_text("utf-8")) or "&lt;div" in text]
    assert escaped == []  # the banner is added to the page, not the page's tags escaped
    assert "Disallow: /" in (reviewed / "review" / "robots.txt").read_text("utf-8")
    assert (reviewed / "review" / MARKER).read_text("utf-8") == PREVIEW_MARKER_TEXT


def test_held_back_decisions_are_shown_each_with_why(reviewed: Path) -> None:
    decisions = reviewed / "review" / "decisions"
    draft = (decisions / "pcd-1320" / "index.html").read_text("utf-8")
    embargoed = (decisions / "pcd-1301" / "index.html").read_text("utf-8")
    deferred = (decisions / "pcd-1263" / "index.html").read_text("utf-8")
    public = (decisions / "pcd-911" / "index.html").read_text("utf-8")
    assert "Draft: not public" in draft and "Not signed yet" in draft
    assert "Embargoed until" in embargoed and "1 June 2027</time>" in embargoed
    assert "Embargoed until" in deferred and "1 April 2027</time>" in deferred
    assert "dp-notice--preview" not in public  # a public decision has only the site's banner


def test_a_review_build_is_never_written_into_the_public_site_folder(reviewed: Path) -> None:
    result = cli(reviewed, "build", "--as-of", AS_OF, "--preview", "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "refusing to write a preview into site: the project's public site folder is site" in result.stderr
    assert not (reviewed / "site").exists()


def test_a_public_build_never_replaces_a_preview(reviewed: Path) -> None:
    result = cli(reviewed, "build", "--as-of", AS_OF, "--site-dir", "review")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "refusing to build the public site into review: it is a preview" in result.stderr
    assert (reviewed / "review" / "decisions" / "pcd-1320" / "index.html").is_file()


def test_a_preview_never_replaces_a_public_site(reviewed: Path, tmp_path: Path) -> None:
    public = tmp_path / "elsewhere"
    mark_site(public)
    (public / "index.html").write_text("published", encoding="utf-8")
    result = cli(reviewed, "build", "--as-of", AS_OF, "--preview", str(public))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "it is a public site" in result.stderr
    assert (public / "index.html").read_text("utf-8") == "published"


def test_preview_and_site_dir_together_are_refused(reviewed: Path) -> None:
    result = cli(reviewed, "build", "--preview", "review", "--site-dir", "other")
    assert result.returncode == 2 and "not both" in result.stderr
