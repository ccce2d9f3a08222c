"""A draft from 'decision-press new' passes 'check' as a draft, and fails once published with its example text."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from decision_press.cli import main
from decision_press.model import placeholders


def test_new_draft_is_valid_but_cannot_be_published_unchanged(project: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(main, ["--project", str(project), "new", "--type", "PCD", "--title", "Knife crime"])
    assert created.exit_code == 0
    assert runner.invoke(main, ["--project", str(project), "check"]).exit_code == 0
    draft = next((project / "data" / "decisions").glob("pcd-*.yaml"))
    text = draft.read_text(encoding="utf-8").replace("status: draft", "status: published")
    text = re.sub(r"  signed: .*", "  signed: 2026-11-20", text)
    text = re.sub(r"  published: .*", "  published: 2026-11-21", text)
    draft.write_text(text, encoding="utf-8")

    result = runner.invoke(main, ["--project", str(project), "check"])

    assert result.exit_code == 1
    where = re.escape(draft.relative_to(project).as_posix())
    flagged = re.findall(rf"^{where}:(\d+):\d+: (\S+): still holds the example text", result.output, re.M)
    assert [field for _, field in flagged] == [
        "[0].summary",
        "[0].recommendations[0].text",
        *(f"[0].sections[{n}].paragraphs[0].text" for n in range(len(placeholders.SECTIONS))),
    ]
    lines = draft.read_text(encoding="utf-8").splitlines()
    assert placeholders.SUMMARY in lines[int(flagged[0][0])]  # the line after 'summary: |'
