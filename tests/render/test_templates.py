"""The package ships the templates; a site's own templates/ overrides them file by file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import site_template
from decision_press.pipeline import prepare
from decision_press.render.outputs import GeneratedPage
from decision_press.render.templates import PACKAGE_TEMPLATES
from decision_press.render.web import WebRenderer
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)


def _pages(project: Path) -> tuple[dict[str, GeneratedPage], bytes]:
    corpus, _, _ = prepare(load_settings(project), AS_OF)
    renderer = WebRenderer(corpus, {})
    return {page.src_uri: page for page in renderer.render().pages}, renderer._site_digest


def test_a_project_without_templates_renders_every_page_from_the_package(project: Path) -> None:
    assert not (project / "templates").exists()
    assert sorted(p.name for p in PACKAGE_TEMPLATES.iterdir()) == ["pdf", "web"]
    pages, _ = _pages(project)
    assert "Key information" in pages["decisions/pcd-911/index.md"].content
    assert "All decisions" in pages["decisions/year/2021/index.md"].content


def test_a_site_template_overrides_only_its_own_file(project: Path) -> None:
    before, digest_before = _pages(project)
    facet = site_template(project, "web/facet.html.j2")
    facet.write_text(facet.read_text(encoding="utf-8").replace("All decisions", "Every decision"), encoding="utf-8")
    after, digest_after = _pages(project)
    assert "Every decision" in after["decisions/year/2021/index.md"].content
    assert "All decisions" not in after["decisions/year/2021/index.md"].content
    # The other templates still come from the package: every other page is as it was.
    assert after["decisions/pcd-911/index.md"] == before["decisions/pcd-911/index.md"]
    assert after["decisions/index.md"] == before["decisions/index.md"]
    # The page cache key covers the site's templates as well as the package's.
    assert digest_after != digest_before
