"""``build --site-dir`` as a hurried operator types it: only a site a build made is ever replaced."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_process import decision_press as cli
from decision_press.site_folder import MARKER, mark_site

AS_OF = "2026-11-26"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        # Pagefind writes the same index under names and bytes that differ from one indexing
        # to the next; tests/web/test_search.py reads the index back instead.
        if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("guard") / "project")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "src").mkdir()
    (project / "src" / "keep.py").write_text("KEEP = 1\n", encoding="utf-8")
    result = cli(project, "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize(
    "folder",
    ["data", "docs", "templates", "overrides", "assets", "schemas", "src", ".git", "data/decisions", ".git/objects"],
)
def test_the_projects_own_folders_are_never_an_output_folder(built: Path, folder: str) -> None:
    before = tree(built / folder.split("/")[0])
    result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(built / folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"refusing to build into {folder}: it is the project's own folder {folder.split('/')[0]}/" in result.stderr
    assert "--site-dir" in result.stderr
    assert tree(built / folder.split("/")[0]) == before


def test_a_marked_project_folder_is_still_refused(built: Path) -> None:
    mark_site(built / "data")  # as a careless copy or a hostile commit could
    try:
        result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(built / "data"))
    finally:
        (built / "data" / MARKER).unlink()
    assert result.returncode == 1
    assert "refusing to build into data:" in result.stderr
    assert (built / "data" / "decisions.yaml").is_file()


@pytest.mark.parametrize("folder", [".", "..", "/"])
def test_the_project_and_folders_that_contain_it_are_refused(built: Path, folder: str) -> None:
    result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(built / folder))
    assert result.returncode == 1
    assert "it contains the project" in result.stderr and "Traceback" not in result.stderr
    assert (built / "decision-press.yml").is_file() and (built / "data" / "decisions.yaml").is_file()


def test_a_folder_of_someone_elses_files_is_left_alone(built: Path, tmp_path: Path) -> None:
    mine = tmp_path / "my-files"
    (mine / "notes").mkdir(parents=True)
    (mine / "notes" / "letter.txt").write_text("mine\n", encoding="utf-8")
    (mine / ".hidden").write_text("also mine\n", encoding="utf-8")
    before = tree(mine)
    result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(mine))
    assert result.returncode == 1
    assert f"refusing to replace {mine}: the folder is not empty and no Decision Press build made it" in result.stderr
    assert "move its files away" in result.stderr and "Traceback" not in result.stderr
    assert tree(mine) == before
    assert not list(tmp_path.glob(".my-files-*"))


def test_a_marked_folder_that_holds_a_repository_is_refused(built: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    mark_site(other)
    result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(other))
    assert result.returncode == 1
    assert "it holds .git, so it is a project or a repository" in result.stderr
    assert (other / ".git").is_dir()


def test_a_file_is_refused(built: Path) -> None:
    result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(built / "mkdocs.yml"))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (built / "mkdocs.yml").is_file()


@pytest.mark.slow
def test_an_empty_or_missing_folder_is_built_and_then_replaced_as_a_site(built: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "new" / "site"
    for folder in (empty, missing, empty):  # the last: a site this build made, replaced
        result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(folder))
        assert result.returncode == 0, result.stderr
        assert (folder / MARKER).read_text(encoding="utf-8").startswith("Decision Press site, format 1\n")
        assert (folder / "decisions" / "index.html").is_file()
    assert tree(empty) == tree(missing)


def test_the_default_site_is_marked(built: Path) -> None:
    assert (built / "site" / MARKER).is_file()
    assert (built / "src" / "keep.py").read_text(encoding="utf-8") == "KEEP = 1\n"


@pytest.mark.slow
def test_plain_mkdocs_build_is_guarded_the_same_way(built: Path, tmp_path: Path) -> None:
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    env = {**os.environ, "DECISION_PRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    before = tree(built / "data")
    refused = subprocess.run(
        [mkdocs, "build", "-q", "-d", str(built / "data")],
        cwd=built,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "refusing to build into data: it is the project's own folder data/" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert tree(built / "data") == before
    # What plain MkDocs builds is marked, so that 'decision-press build' may replace it later.
    out = tmp_path / "plain"
    subprocess.run([mkdocs, "build", "-q", "-d", str(out)], cwd=built, env=env, check=True)
    assert (out / MARKER).is_file()
    result = cli(built, "build", "--as-of", AS_OF, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
