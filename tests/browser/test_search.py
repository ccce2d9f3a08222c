"""The search page in Chromium, on the Pagefind index of a real build of the example site.

What a reader does: opens search/ (or search/?q=... from the header box), types, narrows
by type and year, reaches results from the keyboard alone, and is told by a live region
how many results there are.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PART_ONE_ONLY = "capitalise on intelligence opportunities and dividends"
"""In PCD 911's Part I (paragraph 2.2) and nowhere else: not its summary, not another record."""
HELD_BACK_WORDS = [
    "CANARY-PART2-SETTLEMENT-7731",
    "CANARY-DRAFT-9183",
    "CANARY-EMBARGO-5522",
    "CANARY-DEFERRED-4410",
    "PCD 1320",
    "PCD 1301",
    "PCD 1263",
    "Renewal of the East London Victims' Hub Lease",  # the draft's title
]


@pytest.fixture
def tab(browser: Any, site_url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.foreign = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(site_url):
            request_route.continue_()
        else:
            page.foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    yield page
    context.close()


def _search(tab: Any, site_url: str, query: str) -> list[str]:
    """Type ``query`` into the search page and return the result paths, best first."""
    if "/search/" not in tab.url:
        tab.goto(site_url + "search/")
    box = tab.get_by_role("searchbox", name="Words or reference")
    box.fill("")
    tab.wait_for_function("document.getElementById('dp-search-status').textContent === ''")
    box.press_sequentially(query)
    return _answer(tab)


def _answer(tab: Any) -> list[str]:
    tab.wait_for_function("document.getElementById('dp-search-status').textContent.endsWith('.')")
    tab.wait_for_timeout(200)  # the answer to a later keystroke, if one is on its way
    tab.wait_for_function("document.getElementById('dp-search-status').textContent.endsWith('.')")
    hrefs = tab.locator("#dp-search-results a").evaluate_all("links => links.map(link => link.href)")
    return [urlparse(href).path for href in hrefs]


def test_a_phrase_only_in_part_one_finds_its_decision_first(tab: Any, site_url: str) -> None:
    found = _search(tab, site_url, PART_ONE_ONLY)
    assert found and found[0] == "/decisions/pcd-911/", found
    first = tab.locator(".dp-search-result").first
    assert first.locator("h2 a").text_content().startswith("PCD 911: Piloting a Multi-Agency Response")
    assert first.locator(".dp-search-result__date").text_content() == "Signed 8 October 2020"
    assert first.locator(".dp-search-result__excerpt mark").count()  # the excerpt marks words found
    # In double quotes, the words are found together and the excerpt is the passage itself.
    assert _search(tab, site_url, f'"{PART_ONE_ONLY}"') == ["/decisions/pcd-911/"]
    marked = [m.lower().strip(".") for m in tab.locator(".dp-search-result__excerpt mark").all_text_contents()]
    assert marked == PART_ONE_ONLY.split()
    assert tab.foreign == []


@pytest.mark.parametrize("words", HELD_BACK_WORDS)
def test_words_only_in_held_back_records_find_nothing(tab: Any, site_url: str, words: str) -> None:
    assert _search(tab, site_url, "grant")  # the index answers
    found = _search(tab, site_url, words)
    assert not [path for path in found if re.search(r"pcd-(1263|1301|1320)", path)]
    texts = " ".join(tab.locator("#dp-search-results").all_text_contents())
    assert words.split("-")[-1] not in texts


def test_type_and_year_filters_narrow_the_results(tab: Any, site_url: str) -> None:
    everything = _search(tab, site_url, "police")
    assert len(everything) > 2
    tab.get_by_label("Year signed").select_option("2021")
    in_2021 = _answer(tab)
    assert 0 < len(in_2021) < len(everything) and set(in_2021) <= set(everything)
    dates = tab.locator(".dp-search-result__date").all_text_contents()
    assert dates and all(date.endswith("2021") for date in dates)
    assert parse_qs(urlparse(tab.url).query) == {"q": ["police"], "year": ["2021"]}
    tab.get_by_label("Year signed").select_option("")
    kinds = tab.get_by_label("Type").locator("option").all_text_contents()
    narrowed = []
    for kind in kinds[1:]:
        tab.get_by_label("Type").select_option(kind)
        narrowed.append(set(_answer(tab)))
    assert all(found < set(everything) or not found for found in narrowed) or len(kinds) == 2
    assert set().union(*narrowed) == set(everything) - {p for p in everything if not p.startswith("/decisions/")}


def test_a_query_in_the_address_fills_the_box_and_runs(tab: Any, site_url: str) -> None:
    tab.goto(site_url + "search/?q=PCD+911")
    found = _answer(tab)
    assert tab.get_by_role("searchbox", name="Words or reference").input_value() == "PCD 911"
    assert found[0] == "/decisions/pcd-911/"
    status = tab.locator("#dp-search-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert re.fullmatch(r"\d+ results? for \u201cPCD 911\u201d\.", status.text_content())


@pytest.mark.parametrize("query", ["PCD 911", "pcd-911", "middle market"])
def test_a_reference_or_words_find_the_decision(tab: Any, site_url: str, query: str) -> None:
    found = _search(tab, site_url, query)
    if query != "middle market":
        assert found[0] == "/decisions/pcd-911/", found  # a reference finds its decision first
    assert "/decisions/pcd-911/" in found


def test_the_whole_search_works_from_the_keyboard_alone(tab: Any, site_url: str) -> None:
    tab.goto(site_url + "decisions/")
    for _ in range(30):  # from the top of the page to the header's search box
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "dp-header-q":
            break
    else:
        pytest.fail("the header's search box cannot be reached with the keyboard")
    tab.keyboard.type("middle market")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/search/\?q=middle\+market$"))
    _answer(tab)
    tab.get_by_role("searchbox", name="Words or reference").focus()  # where a reader refines the query
    tab.keyboard.press("End")
    tab.keyboard.type(" drugs")
    tab.keyboard.press("Enter")  # to the results: the focus moves to the count
    tab.wait_for_function("document.activeElement.id === 'dp-search-status'")
    assert "drugs" in tab.evaluate("document.activeElement.textContent")
    tab.keyboard.press("Tab")
    first = tab.evaluate("document.activeElement.getAttribute('href')")
    assert first == tab.locator("#dp-search-results a").first.get_attribute("href")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/decisions/[a-z]+-\d+/$"))


def test_search_page_with_results_has_no_axe_violations(tab: Any, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(site_url + "search/?q=grant")
    assert _answer(tab)
    results = Axe().run(tab)
    assert results.violations_count == 0, results.generate_report()
    assert tab.foreign == []


def test_without_javascript_the_search_page_points_to_the_register(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search/?q=grant")
    assert not page.locator("#dp-search-form").is_visible()
    text = " ".join((page.text_content("article") or "").split())
    assert "Search needs JavaScript" in text
    page.get_by_role("link", name="register").click()
    assert page.url.endswith("/decisions/")
    context.close()


def test_words_on_nearly_every_page_alone_still_search_and_no_worker_is_started(tab: Any, site_url: str) -> None:
    # Common words are left out of a query of other words only (the query above keeps its
    # "on" and "and" in quotes); a query of common words alone is searched as it is. Pagefind
    # runs in the page: its Web Worker cost a reader more time than it saved (BENCHMARKS.md).
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    found = _search(tab, site_url, "of the")
    assert len(found) > 2
    assert _search(tab, site_url, "the capitalise of intelligence")[0] == "/decisions/pcd-911/"
    assert not [url for url in requested if "pagefind-worker" in url]
