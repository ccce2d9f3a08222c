"""The built site in Chromium: zero axe-core violations, no dialogs, no third-party requests,
British English, headings in order, keyboard use and the register's script."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "home": "",
    "register": "decisions/",
    "decision": "decisions/pcd-911/",
    "withdrawn decision": "decisions/pcd-1187/",
    "decision with Part 2": "decisions/pcd-1012/",
    "topic": "topics/drugs/",
    "year": "decisions/year/2021/",
    "search": "search/",
    "404": "no-such-page/",
}


@pytest.fixture
def page(browser: Any, site_url: str) -> Any:
    """A fresh page that records dialogs and requests to any other host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs, tab.foreign = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(site_url) or url.startswith("data:"):
            request_route.continue_()
        else:
            tab.foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    yield tab
    context.close()


def _open(page: Any, site_url: str, path: str) -> None:
    response = page.goto(site_url + path)
    if path.startswith("no-such-page"):
        # http.server has no 404 page of its own: show the site's, as a web server would.
        assert response.status == 404
        page.goto(site_url + "404.html")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(page: Any, site_url: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _open(page, site_url, PAGES[name])
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.dialogs == []
    assert page.foreign == []
    assert page.evaluate("document.documentElement.lang") == "en-GB"


@pytest.mark.parametrize("name", PAGES)
def test_headings_do_not_skip_levels(page: Any, site_url: str, name: str) -> None:
    _open(page, site_url, PAGES[name])
    levels = page.evaluate(
        "[...document.querySelectorAll('article h1, article h2, article h3, article h4, article h5,"
        " article h6')].map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_register_filters_and_sorts_with_javascript(page: Any, site_url: str) -> None:
    _open(page, site_url, "decisions/")
    count = page.locator("#dp-count")
    # The page holds the 3 newest rows; reaching the filters fetches the other 2.
    assert count.text_content() == "Showing the 3 newest of 5 decisions"
    assert page.locator("#dp-register tbody tr").count() == 3
    assert count.get_attribute("aria-live") == "polite"
    page.get_by_label("Topic").select_option("Drugs")
    page.wait_for_function("document.querySelectorAll('#dp-register tbody tr').length === 5")
    assert page.locator("#dp-register caption").text_content() == "All decisions"
    assert page.locator("#dp-register tbody tr:not([hidden])").count() == 2
    assert count.text_content() == "Showing 2 of 5 decisions"
    page.get_by_label("Topic").select_option("")
    page.get_by_label("Words or reference").fill("pcd911")
    page.wait_for_function("document.getElementById('dp-count').textContent.includes('1 of 5')")
    page.get_by_label("Words or reference").fill("")
    page.get_by_label("Sort by").select_option("date-asc")
    first = page.locator("#dp-register tbody tr:not([hidden]) td").first.text_content()
    assert first == "PCD 911"  # the oldest: one of the rows the page did not hold
    assert page.dialogs == [] and page.foreign == []


def test_keyboard_reaches_skip_link_and_register(page: Any, site_url: str) -> None:
    _open(page, site_url, "decisions/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert re.search(r"Skip to content", focused)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "dp-q":
            break
    else:
        pytest.fail("the register's filter box cannot be reached with the keyboard")


def test_no_javascript_register_still_offers_filter_pages(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "decisions/")
    assert not tab.locator("#dp-filters").is_visible()
    assert tab.locator("#dp-register tbody tr").count() == 3
    assert "The 3 newest are listed here; the page of each year lists every decision" in (
        " ".join((tab.text_content("article") or "").split())
    )
    tab.get_by_role("link", name="Drugs").first.click()
    assert tab.url.endswith("/topics/drugs/")
    assert "2 decisions, newest first" in (tab.text_content("article") or "")
    context.close()
