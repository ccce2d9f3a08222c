"""The MkDocs plugin: invalid records stop the build with the same report as 'check'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_press.errors import BuildFailed

from .conftest import build

pytestmark = pytest.mark.slow


def test_invalid_record_stops_the_build_with_file_line_col(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    broken = project / "data" / "decisions" / "broken.yaml"
    broken.write_text(
        "- reference: PCD 2000\n  title: Missing almost everything\n  status: publishd\n", encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as caught:
        build(project)
    assert "not built" in str(caught.value)
    # MkDocs logs the plugin's error: the report of 'decision-press check', not a traceback.
    message = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert "3:3: [0].status: must be one of" in message
    assert re.search(r"data/decisions/broken\.yaml:\d+:\d+: ", message), message
    assert "Traceback" not in message
    assert not (project / "site").exists()


def test_disabled_plugin_builds_hand_written_pages_only(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - decision-press:\n", "  - decision-press:\n      enabled: false\n"), encoding="utf-8"
    )
    # The nav names generated pages, so a hand-written home page stands in.
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    site = build(project)
    assert (site / "accessibility" / "index.html").is_file()
    assert not (site / "decisions" / "pcd-911").exists()


def test_accessibility_statement_uses_the_configured_email(project: Path) -> None:
    settings = project / "decision-press.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("email: decisions@example.org", "email: formats@police.example"),
        encoding="utf-8",
    )
    site = build(project)
    page = (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:formats@police.example"' in page
    assert "5 working days" in page and "Equality Advisory and Support Service" in page
    assert "{{" not in page
    assert "mailto:formats@police.example" in (site / "decisions/pcd-911/index.html").read_text(encoding="utf-8")


def test_deferred_and_embargoed_decisions_appear_once_their_date_has_come(project: Path) -> None:
    import datetime as dt

    site = build(project, dt.date(2027, 6, 1))
    deferred = (site / "decisions/pcd-1263/index.html").read_text(encoding="utf-8")
    assert "Publication of this decision was deferred until" in deferred
    assert "31 March 2027" in deferred
    assert (site / "decisions/pcd-1301/index.html").is_file()
    assert not (site / "decisions/pcd-1320").exists()  # a draft stays out whatever the date
