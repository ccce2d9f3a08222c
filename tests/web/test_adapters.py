"""The same site from every engine: ProperDocs with the plugin, and plain MkDocs from an export.

Each build starts from its own copy of the example project (its own PDF cache), so equal PDFs
mean equal renders, not one cache read twice. Compared with the MkDocs plugin build: every
decision page's main content (its <article>), every PDF and every data file, byte for byte.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import copy_project

from .conftest import AS_OF

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
DATA_FILES = ("decisions.json", "decisions.csv", "decisions.schema.json", "feed.xml")


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DECISION_PRESS_AS_OF": AS_OF.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _article(page: Path) -> str:
    found = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"{page} has no <article>"
    return found[0]


def assert_same_site(reference: Path, other: Path) -> None:
    """Decision pages' <article>, PDFs and data files of ``other`` equal those of ``reference``."""
    decisions = sorted(
        page.parent.name
        for page in (reference / "decisions").glob("*/index.html")
        if (page.parent / f"{page.parent.name}.pdf").exists()
        # A former reference's address holds a redirect page (and the PDFs), not an article.
        and "<article" in page.read_text(encoding="utf-8")
    )
    assert len(decisions) >= 5, decisions
    for slug in decisions:
        page = Path("decisions", slug, "index.html")
        assert _article(other / page) == _article(reference / page), page
    pdfs = sorted(path.relative_to(reference) for path in reference.rglob("*.pdf"))
    assert pdfs == sorted(path.relative_to(other) for path in other.rglob("*.pdf"))
    assert len(pdfs) > len(decisions)  # the decisions' own PDFs and their attachments
    for pdf in pdfs:
        assert (other / pdf).read_bytes() == (reference / pdf).read_bytes(), pdf
    for name in DATA_FILES:
        assert (other / name).read_bytes() == (reference / name).read_bytes(), name


def test_properdocs_builds_the_same_site_as_mkdocs(example_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # ProperDocs reads mkdocs.yml when named, loads the plugin from its mkdocs.plugins entry
    # point and the Material theme from mkdocs.themes, and serves `import mkdocs.*` itself.
    result = _run(str(BIN / "properdocs"), "build", "-f", "mkdocs.yml", cwd=project)
    assert "Decision Press: 6 decisions" in result.stderr
    assert_same_site(example_site, project / "site")


def test_an_export_builds_with_plain_mkdocs_into_the_same_site(example_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    exported = tmp_path / "exported"
    result = _run(str(BIN / "decision-press"), "export", str(exported), "--as-of", AS_OF.isoformat(), cwd=project)
    assert f"Exported {exported}/" in result.stdout
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == []  # the site searches with Pagefind, which the plugin runs
    assert "watch" not in config
    # No plugin: what the tree holds is all a plain engine needs.
    result = _run(str(BIN / "mkdocs"), "build", "--strict", cwd=exported)
    assert "Decision Press" not in result.stderr
    assert_same_site(example_site, exported / "site")
    # An export replaces an earlier export, whole.
    (exported / "docs" / "stale.md").write_text("# Stale\n", encoding="utf-8")
    _run(str(BIN / "decision-press"), "export", str(exported), "--as-of", AS_OF.isoformat(), cwd=project)
    assert not (exported / "docs" / "stale.md").exists()
    assert (exported / "docs" / "decisions" / "pcd-911" / "index.md").is_file()
