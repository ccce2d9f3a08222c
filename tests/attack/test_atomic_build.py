"""A build replaces the whole site or nothing: failures, kills and stale files."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

AS_OF = "2026-11-26"


def cli(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), *args],
        capture_output=True,
        text=True,
        check=check,
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file (hidden ones included) under ``folder`` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("atomic") / "project")
    cli(project, "build", "--as-of", AS_OF)
    return project


def test_a_failed_build_leaves_the_previous_site_byte_identical(built: Path) -> None:
    before = tree(built / "site")
    records = built / "data" / "decisions.yaml"
    original = records.read_text(encoding="utf-8")
    try:
        records.write_text(original.replace("status: published", "status: publishd", 1), encoding="utf-8")
        result = cli(built, "build", "--as-of", AS_OF, check=False)
    finally:
        records.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "data/decisions.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert tree(built / "site") == before


def test_a_build_killed_half_way_leaves_the_previous_site_byte_identical(built: Path) -> None:
    before = tree(built / "site")
    (built / ".cache").exists() and subprocess.run(["rm", "-rf", str(built / ".cache")], check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "decision_press", "--project", str(built), "build", "--as-of", AS_OF],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(built.glob(".site-staging-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)  # let it write part of the new site
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(built / "site") == before
    # The next build clears what the killed one left behind.
    cli(built, "build", "--as-of", AS_OF)
    assert not list(built.glob(".site-*"))


def test_nothing_from_an_older_build_survives(built: Path) -> None:
    (built / "site" / ".part2.html").write_text("left over", encoding="utf-8")
    (built / "site" / "decisions" / "pcd-9999").mkdir(parents=True, exist_ok=True)
    records = built / "data" / "decisions" / "examples.yaml"
    original = records.read_text(encoding="utf-8")
    try:
        # PCD 948 was public; made a draft, it must vanish from every file.
        start = original.index("- reference: PCD 948")
        end = original.index("\n- reference:", start + 1)
        record = original[start:end].replace("status: published", "status: draft", 1)
        records.write_text(original[:start] + record + original[end:], encoding="utf-8")
        cli(built, "build", "--as-of", AS_OF)
    finally:
        records.write_text(original, encoding="utf-8")
    site = built / "site"
    assert not (site / ".part2.html").exists()
    assert not (site / "decisions" / "pcd-9999").exists()
    assert not (site / "decisions" / "pcd-948").exists()
    # Other decisions may still say "PCD 948" in their own words, but never link to it or show its title.
    title = "Home Office Funding for County Lines Middle-Market Enforcement"
    mentions = [
        p
        for p in site.rglob("*")
        if p.is_file()
        and p.suffix in {".html", ".json", ".xml", ".csv", ".txt"}
        and ("pcd-948" in (text := p.read_text(encoding="utf-8", errors="replace")) or title in text)
    ]
    assert mentions == []
