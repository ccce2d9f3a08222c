"""Hostile and held-back material, as the public would meet it in Chromium.

Every page of a site built with a hostile record is opened: no dialog fires and no request
leaves for another host. (That the site search finds nothing of a draft, an embargoed or
deferred decision or a Part 2 text is tested in test_search.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_project
from static_server import served_folder
from web.conftest import HOSTILE_RECORD, build

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("hostile-browser") / "project")
    (project / "data" / "decisions" / "hostile.yaml").write_text(HOSTILE_RECORD, encoding="utf-8")
    with (project / "decision-press.yml").open("a", encoding="utf-8") as settings:
        settings.write("\nregister_rows: 1\n")  # the register's script fetches the other rows
    site = build(project)
    with served_folder(site) as url:
        yield url, site


def test_no_page_of_a_hostile_site_runs_anything(browser: Any, hostile_url: tuple[str, Path]) -> None:
    base, site = hostile_url
    context = browser.new_context()
    dialogs: list[str] = []
    foreign: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base) or url.startswith("data:"):
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert "decisions/pcd-1999/index.html" in pages
    for path in pages:
        tab.goto(base + path)
        tab.wait_for_load_state("load")
    # The register's script inserts the fetched rows: the hostile title stays text there too.
    tab.goto(base + "decisions/")
    tab.get_by_label("Sort by").select_option("title-asc")
    tab.wait_for_function("!document.getElementById('dp-count').textContent.includes('newest')")
    titles = tab.locator("#dp-register tbody td:nth-child(2)").all_text_contents()
    context.close()
    assert len(titles) > 1
    assert "Hostile <script>alert(1)</script> {{ 7*7 }} # title" in titles
    assert dialogs == []
    assert foreign == []
