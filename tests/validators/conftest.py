"""Validator fixtures: the example site built once and served on loopback, and the checkers' paths.

The checkers are installed by ``scripts/test`` (npm ci from package-lock.json, Debian's Java and
Chromium); a missing one fails the test with the command to run, never skips it silently.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from static_server import served_folder
from web.conftest import build

NODE_BIN = REPO / "node_modules" / ".bin"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGE_TYPES = {
    "home": "",
    "register": "decisions/",
    "decision": "decisions/pcd-911/",
    "topic": "topics/drugs/",
    "open data": "open-data/",
}
"""The five page types that every checker reads."""

MORE_PAGES = {
    "topics": "topics/",
    "year": "decisions/year/2020/",
    "decision type": "decisions/type/pcd/",
    "decision maker": "decisions/maker/deputy-mayor-for-policing-and-crime/",
    "withdrawn decision": "decisions/pcd-1012/",
    "decision with an untagged attachment": "decisions/pcd-1040/",
    "accessibility statement": "accessibility/",
    "not found": "404.html",
}


def require(path: Path | str, what: str) -> str:
    """The checker's path, or a failure that says how to install it."""
    found = shutil.which(str(path)) if isinstance(path, str) else (str(path) if path.exists() else None)
    if found is None:
        pytest.fail(f"{what} is not installed ({path}): run scripts/test, which installs it")
    return found


@dataclass(frozen=True)
class ServedSite:
    """A built site: its folder, and the address it is served at."""

    folder: Path
    url: str
    project: Path


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The example project built the documented way and served at http://127.0.0.1:<port>/."""
    project = copy_project(tmp_path_factory.mktemp("validated") / "project")
    site = build(project)
    with served_folder(site) as url:
        yield ServedSite(site, url, project)
