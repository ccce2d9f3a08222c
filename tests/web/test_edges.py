"""Edges of the website: an empty register, what search indexes, and the page cache."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from .conftest import build

pytestmark = pytest.mark.slow


def test_a_site_with_no_public_decision_builds_and_says_so(project: Path) -> None:
    site = build(project, dt.date(2019, 1, 1))  # before every example decision
    register = (site / "decisions" / "index.html").read_text(encoding="utf-8")
    assert "No decisions have been published yet." in register
    assert not list(site.rglob("*.pdf"))
    assert not (site / "decisions" / "pcd-911").exists()


def test_search_indexes_a_decision_by_its_title_and_summary_only(project: Path) -> None:
    site = build(project)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [doc for doc in index["docs"] if doc["location"].startswith("decisions/pcd-911/")]
    assert [doc["location"] for doc in entries] == ["decisions/pcd-911/", "decisions/pcd-911/#executive-summary"]
    assert entries[0]["title"].startswith("PCD 911: Piloting a Multi-Agency Response")
    assert "closer examination of the individuals" in entries[1]["text"]  # its executive summary
    text = json.dumps(index)
    assert "This papers seeks the authority" not in text  # PCD 911, paragraph 1.1
    assert "Serious Organised Crime SOC Grant funding" not in text  # its recommendation


def test_cached_decision_pages_equal_fresh_ones_and_follow_their_related_decisions(project: Path,
                                                                                  tmp_path: Path) -> None:
    from decision_press.pipeline import prepare
    from decision_press.render.web import WebRenderer
    from decision_press.settings import load_settings

    def pages(cache: Path | None) -> dict[str, str]:
        corpus = prepare(load_settings(project), dt.date(2026, 11, 26))[0]
        return {p.src_uri: p.content for p in WebRenderer(corpus, {}, cache_dir=cache).render().pages}

    fresh = pages(None)
    assert pages(tmp_path / "pages") == fresh  # written to the cache
    assert pages(tmp_path / "pages") == fresh  # read back from it
    records = project / "data" / "decisions" / "examples.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace(
        "Home Office Funding for County Lines Middle-Market Enforcement 2021/22",
        "Renamed Middle-Market Enforcement", 1), encoding="utf-8")
    # PCD 911's page shows PCD 948's title under "Related decisions": it must follow the rename.
    assert "Renamed Middle-Market Enforcement" in pages(tmp_path / "pages")["decisions/pcd-911/index.md"]
