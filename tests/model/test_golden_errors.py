"""One invalid file per kind of mistake → the exact report ``decision-press check`` prints.

The expected reports live beside the fixtures as ``<name>.expected``. After an intended
change to a message, regenerate them with:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/model/test_golden_errors.py

and read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from decision_press.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


@pytest.fixture
def in_fixture_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run inside a copy of the project, with the fixtures under ``cases/``."""
    cases = project / "cases"
    shutil.copytree(FIXTURES / "invalid", cases)
    monkeypatch.chdir(cases)
    return project


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_gets_its_golden_report(fixture: Path, in_fixture_project: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(in_fixture_project), "check", fixture.name])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected_file = fixture.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(result.output, encoding="utf-8")
    assert result.output == expected_file.read_text(encoding="utf-8")


def test_every_fixture_has_a_golden_report() -> None:
    missing = [p.name for p in INVALID if not p.with_suffix(".expected").is_file()]
    assert not missing


def test_explicit_python_tag_never_runs(in_fixture_project: Path, tmp_path: Path) -> None:
    canary = Path("/tmp/decision-press-canary")
    canary.unlink(missing_ok=True)
    CliRunner().invoke(main, ["--project", str(in_fixture_project), "check", "explicit-tag.yaml"])
    assert not canary.exists()
