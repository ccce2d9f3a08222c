"""The pre-commit hooks run what scripts/test runs before its tests, and nothing it does not."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _script_checks() -> list[str]:
    """The commands of scripts/test before pytest, with "$VENV" written as .venv."""
    text = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    commands = re.findall(r'^"\$VENV/bin/(\S+)"(.*)$', text, re.MULTILINE)
    return [f".venv/bin/{tool}{args}".strip() for tool, args in commands if tool != "pytest"]


def test_the_hooks_are_the_checks_of_scripts_test() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(hook["language"] == "system" and hook["pass_filenames"] is False for hook in hooks)
    assert [hook["entry"] for hook in hooks] == _script_checks()
    assert len(hooks) == 4


def test_the_code_is_formatted() -> None:
    command = shlex.split(next(check for check in _script_checks() if " format " in check))
    command[0] = str(Path(sys.executable).with_name("ruff"))  # this venv's, wherever it is
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
