"""The addresses a withdrawal or removal could empty: the same as the register's filter pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from decision_press.pipeline import prepare
from decision_press.render.web import facets
from decision_press.select import facet_urls
from decision_press.settings import load_settings


def test_facet_urls_of_the_listed_decisions_are_exactly_the_filter_pages(project: Path) -> None:
    corpus, _, _ = prepare(load_settings(project), dt.date(2026, 11, 26))
    implied = {url for decision in corpus.listed for url in facet_urls(decision.record)}
    pages = {facet.url for values in facets(corpus).values() for facet in values}
    assert implied == pages
    assert "decisions/type/ceod/" in pages and "topics/grant-funding/" in pages


def test_a_removed_decision_carries_its_reference_removal_and_addresses_only(project: Path) -> None:
    corpus, selection, _ = prepare(load_settings(project), dt.date(2026, 11, 26))
    [removed] = corpus.removed
    assert removed.reference == "PCD 1188" and removed.removal.replacement == "PCD 1187"
    assert "topics/county-lines/" in removed.facet_urls
    assert "CANARY" not in repr(removed)
    assert corpus.get("PCD 1188") is None and "1 removed" in selection.summary()
