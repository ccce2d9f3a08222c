"""'Edit this page' is opt-in, and never leads to a file that holds what the public may not see."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project
from decision_press.pipeline import prepare
from decision_press.settings import load_settings

from .conftest import AS_OF, Elements, build

EDIT_BASE = "https://github.com/example/mopac-decisions/edit/main/"

SPLIT_RECORD = """
- reference: PCD 1950
  title: Alone in its file
  status: published
  decision_maker:
    role: Deputy Mayor for Policing and Crime
  signed: 2022-03-01
  published: 2022-03-08
  topics: [Policing]
  summary: A summary.
  recommendations:
    - Approve.
  sections:
    - title: Background
      paragraphs:
        - A paragraph.
"""


def edit_links(page: str) -> list[str]:
    return [a["href"] for a in Elements(page).all("a") if "md-content__button" in a.get("class", "")]


def declare_public(project: Path) -> None:
    settings = project / "decision-press.yml"
    text = settings.read_text(encoding="utf-8")
    assert "# public_repository: true\n" in text
    settings.write_text(text.replace("# public_repository: true\n", "public_repository: true\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("public-repo") / "project")
    declare_public(project)
    (project / "data/decisions/pcd-1950.yaml").write_text(SPLIT_RECORD, encoding="utf-8")
    return build(project)


def test_no_page_has_an_edit_link_unless_the_repository_is_public(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not edit_links(text), page
        assert "/edit/main/" not in text, page


def test_a_public_repository_links_a_decision_to_its_own_clean_file(public_site: Path) -> None:
    page = (public_site / "decisions/pcd-911/index.html").read_text(encoding="utf-8")
    assert edit_links(page) == [f"{EDIT_BASE}data/decisions.yaml"]
    alone = (public_site / "decisions/pcd-1950/index.html").read_text(encoding="utf-8")
    assert edit_links(alone) == [f"{EDIT_BASE}data/decisions/pcd-1950.yaml"]
    accessibility = (public_site / "accessibility/index.html").read_text(encoding="utf-8")
    assert edit_links(accessibility) == [f"{EDIT_BASE}docs/accessibility.md"]


@pytest.mark.parametrize("slug", ["pcd-948", "pcd-1012", "pcd-1040", "ceod-35-2022", "pcd-1187"])
def test_no_edit_link_to_a_file_holding_drafts_embargoes_or_part2(public_site: Path, slug: str) -> None:
    # examples.yaml holds a draft (PCD 1320), an embargoed and a deferred decision and Part 2 text.
    page = (public_site / f"decisions/{slug}/index.html").read_text(encoding="utf-8")
    assert not edit_links(page)
    assert "examples.yaml" not in page


def test_part2_text_alone_makes_a_file_private(project: Path) -> None:
    declare_public(project)
    with_part2 = SPLIT_RECORD + "  part2:\n    reason: Commercially sensitive\n    text: CANARY-EDIT-PART2\n"
    (project / "data/decisions/pcd-1950.yaml").write_text(with_part2, encoding="utf-8")
    corpus, _, _ = prepare(load_settings(project), AS_OF)
    decision = corpus.get("PCD 1950")
    assert decision is not None
    assert corpus.edit_path(decision) is None
    pcd_911 = corpus.get("PCD 911")
    assert pcd_911 is not None and corpus.edit_path(pcd_911) == "data/decisions.yaml"
    (project / "data/decisions/pcd-1950.yaml").write_text(SPLIT_RECORD, encoding="utf-8")
    corpus, _, _ = prepare(load_settings(project), AS_OF)
    decision = corpus.get("PCD 1950")
    assert decision is not None and corpus.edit_path(decision) == "data/decisions/pcd-1950.yaml"


def test_a_sibling_draft_added_later_removes_a_cached_edit_link(project: Path) -> None:
    declare_public(project)
    records = project / "data/decisions/pcd-1950.yaml"
    records.write_text(SPLIT_RECORD, encoding="utf-8")
    site = build(project)
    assert edit_links((site / "decisions/pcd-1950/index.html").read_text(encoding="utf-8"))
    draft = SPLIT_RECORD.replace("PCD 1950", "PCD 1951").replace("status: published", "status: draft")
    records.write_text(SPLIT_RECORD + draft, encoding="utf-8")
    site = build(project)  # the page itself is unchanged: only its edit link must go
    assert not edit_links((site / "decisions/pcd-1950/index.html").read_text(encoding="utf-8"))
