"""``decision-press`` run as an operator runs it: a subprocess of this Python, its output captured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def decision_press(
    project: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m decision_press --project PROJECT ARGS...``; never raises on a non-zero exit.

    ``env`` None: this process' environment.
    """
    return subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
    )
