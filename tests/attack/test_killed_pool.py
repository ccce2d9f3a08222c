"""A build killed while it renders PDFs leaves no PDF worker behind (SIGTERM and SIGKILL).

The build runs in its own session, so every process it starts (the pool's workers) carries
the build's session id; after the kill, /proc must hold no living process of that session.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from decision_press.site_folder import mark_site

pytestmark = pytest.mark.slow


def session_members(session: int) -> dict[int, str]:
    """Living processes (not zombies) of ``session``: pid → state, read from /proc."""
    members: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        state, sid = fields[0], int(fields[3])
        if sid == session and state not in ("Z", "X"):
            members[int(entry.name)] = state
    return members


def children_of(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize("kill_with", [signal.SIGTERM, signal.SIGKILL])
def test_no_pdf_worker_outlives_a_killed_build(
    tmp_path: Path, make_project: Callable[[Path], Path], kill_with: signal.Signals
) -> None:
    project = make_project(tmp_path / "project")
    build = subprocess.Popen(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", "2026-11-26"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while len(children_of(build.pid)) < 2 and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
        workers = children_of(build.pid)
        assert build.poll() is None and len(workers) >= 2, "the build ended before its pool started"
        time.sleep(1.0)  # the workers are rendering now
        os.kill(build.pid, kill_with)
        build.wait(timeout=60)
        deadline = time.monotonic() + 20
        while session_members(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_members(build.pid) == {}, "PDF workers outlived the build"
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and pid in session_members(build.pid)]
        if kill_with == signal.SIGTERM:
            assert b"Traceback" not in (build.stderr.read() if build.stderr else b"")
            assert not list(project.glob(".site-staging-*")), "the interrupted build left its staging folder"
    finally:
        for pid in session_members(build.pid):
            os.kill(pid, signal.SIGKILL)
        if build.stderr:
            build.stderr.close()


def test_a_worker_killed_mid_render_fails_the_build_by_name(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    """The system killing a worker (as the OOM killer would) ends the build with a message naming a
    document, and the previous site stays."""
    project = make_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous site", "utf-8")
    mark_site(project / "site")  # a site an earlier build made, which a build may replace
    build = subprocess.Popen(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", "2026-11-26"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not children_of(build.pid) and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.02)
        workers = children_of(build.pid)
        assert workers, "the build ended before its pool started"
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = build.communicate(timeout=120)
    finally:
        for pid in session_members(build.pid):
            os.kill(pid, signal.SIGKILL)
    assert build.returncode == 1
    assert "Traceback" not in stderr, stderr
    # Any document of the example may be the one in flight: PCD 911's, or CEOD 35-2022's, the first.
    named = r"not built: (PCD|CEOD) [\w-]+: [\w.-]+\.pdf: .*worker process was stopped abruptly"
    assert re.search(named, stderr), stderr
    assert (project / "site" / "index.html").read_text("utf-8") == "previous site"
