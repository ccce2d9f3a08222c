"""The authors' guide's worked correction, followed step by step as a comms officer would.

Correct an amount, run 'check' (it fails, naming the decision and the field), add the change
note the guide shows, 'check' again, 'publish': each command prints what the guide says.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from decision_press.cli import main

GUIDE = Path(__file__).resolve().parents[2] / "authors" / "README.md"
EXAMPLE_DAY = "2026-12-01"
"""The day of the guide's example ('publish' records what is public on it)."""


def worked_example() -> tuple[list[tuple[str, str]], str]:
    """The guide's commands with what each prints, and the change note it adds."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("**Worked example: correct an amount.**")
    section = text[start : text.index("\n## ", start)]
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        for command in re.split(r"(?m)^\$ ", block)[1:]:
            line, _, printed = command.partition("\n")
            sessions.append((line, printed.strip()))
    [note] = re.findall(r"```yaml\n(.*?)```", section, re.S)
    return sessions, note


def without_warnings(output: str) -> str:
    """What check printed, less the example site plan's warning (the guide leaves it out)."""
    lines = output.strip().splitlines()
    kept = []
    for number, line in enumerate(lines):
        if ": warning: " in line or (line.startswith("    hint:") and ": warning: " in lines[number - 1]):
            continue
        kept.append(line)
    return "\n".join(kept)


def test_the_worked_correction_prints_what_the_guide_says(project: Path) -> None:
    sessions, note = worked_example()
    assert [line for line, _ in sessions] == [
        "decision-press check",
        "decision-press check",
        "decision-press publish",
        "scripts/build",
    ]
    records = project / "data" / "decisions.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("  amount: 135000\n", "  amount: 153000\n"), encoding="utf-8")

    def run(line: str) -> tuple[int, str]:
        arguments = line.split()[1:] + (["--as-of", EXAMPLE_DAY] if line.endswith("publish") else [])
        result = CliRunner().invoke(main, ["--project", str(project), *arguments])
        return result.exit_code, without_warnings(result.output)

    (line, printed), *rest = sessions
    assert run(line) == (1, printed)

    with records.open("a", encoding="utf-8") as handle:
        handle.write(note)
    for line, printed in rest[:2]:
        assert run(line) == (0, printed)
    lock = (project / "data" / "published.lock").read_text(encoding="utf-8")
    assert re.search(r"(?m)^PCD 911\t[0-9a-f]{64}\t2020-10-15\tnotes=1\t", lock)
