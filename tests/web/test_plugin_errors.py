"""A build that fails while rendering says why once, names what to fix, and never shows a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, site_template

SNOWMAN = "\u2603"


@pytest.fixture
def template_with_undrawable_character(project: Path) -> Path:
    form = site_template(project, "pdf/form.html.j2")
    form.write_text(form.read_text(encoding="utf-8").replace("<h1", f"{SNOWMAN}<h1", 1), encoding="utf-8")
    return project


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*command], cwd=project, env=env, capture_output=True, text=True, check=False, timeout=300)


def test_plain_mkdocs_build_reports_a_render_failure_without_a_traceback(
    template_with_undrawable_character: Path,
) -> None:
    result = run(template_with_undrawable_character, sys.executable, "-m", "mkdocs", "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "U+2603 SNOWMAN" in result.stderr and "replace the character in the PDF templates" in result.stderr
    assert not list((template_with_undrawable_character / "site").rglob("*.html"))  # no page was written


def test_decision_press_build_says_the_reason_once(template_with_undrawable_character: Path) -> None:
    result = run(
        template_with_undrawable_character,
        str(REPO / ".venv" / "bin" / "decision-press"),
        "build",
        "--as-of",
        "2026-11-26",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Aborted with a BuildError" not in result.stderr
    assert result.stderr.count("U+2603 SNOWMAN") == 1
    assert "decision-press: the site was not built: PCD" in result.stderr
