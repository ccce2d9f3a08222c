"""Browser fixtures: the example site built once, served on loopback, and Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS
from conftest import copy_project
from static_server import served_folder
from web.conftest import build


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built example site, served at http://127.0.0.1:<port>/.

    Its register lists only its 3 newest decisions in the page (of 5), as a large archive's
    register does, so that the script's fetching of the other rows is exercised too.
    """
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    with (project / "decision-press.yml").open("a", encoding="utf-8") as settings:
        settings.write("\nregister_rows: 3\n")
    with served_folder(build(project)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
