"""Edges of the website: an empty register and the page cache (what search indexes: test_search.py)."""

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


def test_cached_decision_pages_equal_fresh_ones_and_follow_their_related_decisions(
    project: Path, tmp_path: Path
) -> None:
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
    records.write_text(
        records.read_text(encoding="utf-8").replace(
            "Home Office Funding for County Lines Middle-Market Enforcement 2021/22",
            "Renamed Middle-Market Enforcement",
            1,
        ),
        encoding="utf-8",
    )
    # PCD 911's page shows PCD 948's title under "Related decisions": it must follow the rename.
    assert "Renamed Middle-Market Enforcement" in pages(tmp_path / "pages")["decisions/pcd-911/index.md"]


def test_a_long_register_lists_its_newest_rows_and_publishes_the_rest_for_its_script(project: Path) -> None:
    import re

    from decision_press.pipeline import prepare
    from decision_press.render.web import WebRenderer
    from decision_press.settings import load_settings

    def register(rows: int | None) -> tuple[str, dict[str, str | None]]:
        settings = project / "decision-press.yml"
        text = re.sub(r"\nregister_rows: \d+\n", "\n", settings.read_text(encoding="utf-8"))
        settings.write_text(text + (f"\nregister_rows: {rows}\n" if rows else ""), encoding="utf-8")
        corpus = prepare(load_settings(project), dt.date(2026, 11, 26))[0]
        out = WebRenderer(corpus, {}).render()
        page = next(p.content for p in out.pages if p.src_uri == "decisions/index.md")
        return page, {f.src_uri: f.content for f in out.files}

    def rows_of(html: str) -> list[str]:
        return re.findall(r"<tr data-year=.*?</tr>", html, re.S)

    whole, files = register(None)  # 5 listed decisions, under the default of 100
    assert len(rows_of(whole)) == 5
    assert "decisions/register-rows.json" not in files
    assert "data-all-rows" not in whole

    paged, files = register(2)
    assert rows_of(paged) == rows_of(whole)[:2]  # the two newest, as the whole table shows them
    assert 'data-total="5" data-all-rows="register-rows.json"' in paged
    assert "5 decisions, newest first. The 2 newest are listed here" in " ".join(paged.split())
    assert "decisions/year/2021/" in paged  # the year pages that list the rest without a script
    fetched = json.loads(files["decisions/register-rows.json"] or "")
    assert fetched["rows"] == rows_of(whole)  # every row, made and escaped as the page's own
