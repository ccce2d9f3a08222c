"""Two builds of one project at once: they take turns, and a killed one never leaves half a site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from decision_press.build_lock import LOCK_FILE, ProjectLock
from web.conftest import pagefind_decoded

pytestmark = pytest.mark.slow

AS_OF = "2026-11-26"
COMMAND = [sys.executable, "-m", "decision_press"]


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COMMAND, "--project", str(project), "build", "--as-of", AS_OF, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def cold(project: Path) -> None:
    """Forget every rendered PDF and page, so that the next build takes seconds, not one."""
    for cache in (project / ".cache" / "decision-press").glob("*"):
        if cache.is_dir():
            subprocess.run(["rm", "-rf", str(cache)], check=True)


def assert_complete(site: Path, reference: dict[str, str]) -> None:
    # Pagefind names some index files by a hash that differs between two indexings of the
    # same pages: the search index is compared by its files' count and read back whole.
    def outside_index(files: dict[str, str]) -> dict[str, str]:
        return {name: digest for name, digest in files.items() if not name.startswith("pagefind/")}

    files = tree(site)
    index = [name for name in files if name.startswith("pagefind/")]
    assert len(index) == len([name for name in reference if name.startswith("pagefind/")])
    assert "pagefind/pagefind.js" in index
    for name in index:
        if name.endswith(".pf_fragment"):
            pagefind_decoded(site / name)  # a whole gzip stream with its signature
    files, reference = outside_index(files), outside_index(reference)
    assert sorted(files) == sorted(reference)  # every page, PDF, asset and font
    assert files == reference  # and each one whole
    assert (site / "assets" / "stylesheets" / "decision-press.css").stat().st_size > 0
    assert any(site.glob("assets/javascripts/bundle.*.min.js"))
    assert (site / "assets" / "fonts" / "OpenSans-Regular.ttf").stat().st_size > 0


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("concurrent") / "project")
    subprocess.run([*COMMAND, "--project", str(project), "build", "--as-of", AS_OF], check=True, capture_output=True)
    return project


@pytest.fixture(scope="module")
def reference(project: Path) -> dict[str, str]:
    return tree(project / "site")


def test_two_builds_started_together_both_end_with_a_complete_site(project: Path, reference: dict[str, str]) -> None:
    cold(project)
    first, second = start(project), start(project)
    results = [(process.wait(timeout=600), *process.communicate()) for process in (first, second)]
    for code, out, err in results:
        assert code == 0, err
        assert out.startswith("Built site/:") and "Traceback" not in err
    # One of them found the other running and waited for it, saying so.
    assert sum("another build of this project is running (pid " in err for _, _, err in results) == 1
    assert_complete(project / "site", reference)
    assert not list(project.glob(".site-*"))


def test_a_build_killed_while_rendering_pdfs_leaves_the_other_to_finish(
    project: Path, reference: dict[str, str]
) -> None:
    cold(project)
    victim = start(project)
    assert victim.stderr is not None
    line = ""
    while not line.startswith("PDF ") and victim.poll() is None:
        line = victim.stderr.readline()
    assert line.startswith("PDF "), "the build never reached its PDFs"
    survivor = start(project)
    assert survivor.stderr is not None
    waiting = survivor.stderr.readline()  # its first words: it found the victim holding the lock
    assert "another build of this project is running" in waiting, waiting
    assert victim.poll() is None, "the victim finished before it could be killed"
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    _, err = survivor.communicate(timeout=600)
    assert survivor.returncode == 0, err
    assert_complete(project / "site", reference)
    # The victim's staging folder was removed by the survivor, which held the lock.
    assert not list(project.glob(".site-*"))


def test_a_second_build_refuses_clearly_when_told_not_to_wait(project: Path, reference: dict[str, str]) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from decision_press.build_lock import ProjectLock\n"
                "lock = ProjectLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); time.sleep(60)"
            ),
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = subprocess.run(
            [*COMMAND, "--project", str(project), "build", "--as-of", AS_OF, "--wait", "0"],
            capture_output=True,
            text=True,
            check=False,
        )
        waited = subprocess.run(
            [*COMMAND, "--project", str(project), "build", "--as-of", AS_OF, "--wait", "1"],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"another build of this project is running (pid {holder.pid}; lock {LOCK_FILE.as_posix()})" in result.stderr
    assert waited.returncode == 1
    assert "still held the lock after 1 s" in waited.stderr
    assert_complete(project / "site", reference)


def test_plain_mkdocs_build_waits_for_the_lock(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "plain"
    lock = ProjectLock(project)
    lock.acquire()
    try:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("mkdocs")), "build", "-d", str(out)],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "DECISION_PRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"},
        )
        assert process.stderr is not None
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 120  # MkDocs loads its plugins before it reaches the lock
        while not any("another build of this project is running" in line for line in lines):
            assert process.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.1)
        assert not (out / "index.html").exists()
    finally:
        lock.release()
    process.wait(timeout=600)
    reader.join(timeout=60)
    assert process.returncode == 0, "".join(lines)
    assert (out / "index.html").is_file()


@pytest.fixture
def serve_config(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MkDocsConfig]:
    monkeypatch.setenv("DECISION_PRESS_AS_OF", AS_OF)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    yield config
    config.plugins.on_shutdown()
    MkDocsConfig.plugins.plugin_cache.clear()


def test_mkdocs_serve_holds_the_lock_per_rebuild_not_for_the_whole_preview(
    project: Path, serve_config: MkDocsConfig
) -> None:
    mkdocs_build(serve_config, serve_url="http://127.0.0.1:8000/")
    assert (Path(serve_config.site_dir) / "index.html").is_file()
    # Between rebuilds another process may take the lock at once.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from pathlib import Path; from decision_press.build_lock import ProjectLock\n"
                "ProjectLock(Path(sys.argv[1]), wait=0).acquire()"
            ),
            str(project),
        ],
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, probe.stderr
