"""``mkdocs serve`` in a copied project: editing a record's title shows up in the preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from serving import fetch, serving

from .conftest import AS_OF

pytestmark = pytest.mark.slow


def test_editing_a_record_reloads_the_preview(project: Path, tmp_path: Path) -> None:
    with serving(project, tmp_path / "serve.log", AS_OF) as server:
        page = "decisions/pcd-911/"
        assert server.wait_for(page, "Piloting a Multi-Agency Response"), server.output()
        data = project / "data" / "decisions.yaml"
        source = data.read_text(encoding="utf-8")
        old = "title: Piloting a Multi-Agency Response to Drug Trafficking"
        assert old in source
        data.write_text(
            source.replace(old, "title: Piloting a Renamed Response to Drug Trafficking", 1), encoding="utf-8"
        )
        assert server.wait_for(page, "Piloting a Renamed Response"), server.output()
        assert "Piloting a Renamed Response" in (fetch(server.url + "decisions/") or "")
        assert "'dirty' build" not in server.output()


def test_the_preview_shows_drafts_and_embargoed_decisions_with_their_banners(project: Path, tmp_path: Path) -> None:
    with serving(project, tmp_path / "serve.log", AS_OF) as server:
        assert server.wait_for("decisions/pcd-1320/", "Draft: not public"), server.output()
        embargoed = fetch(server.url + "decisions/pcd-1301/") or ""
        home = fetch(server.url) or ""
    assert "Embargoed until" in embargoed and "1 June 2027" in embargoed
    for page in (embargoed, home):
        assert '<meta name="robots" content="noindex">' in page
        assert "Preview: not the public site." in page
        assert "&lt;head" not in page and "&lt;div" not in page  # the page's own tags stay tags
