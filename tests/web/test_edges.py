"""A register before its first decision is public: the site builds and says so."""

from __future__ import annotations

import datetime as dt
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


def test_part1_text_stays_out_of_the_search_index_but_the_summary_is_in(project: Path) -> None:
    site = build(project)
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "This papers seeks the authority" not in index  # PCD 911, paragraph 1.1
    assert "closer examination of the individuals" in index  # its executive summary
