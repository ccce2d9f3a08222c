"""``mkdocs serve`` in a copied project: editing a record's title shows up in the preview."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import AS_OF

pytestmark = pytest.mark.slow

MKDOCS = Path(sys.executable).with_name("mkdocs")
WAIT = 90.0
"""Upper bound for the first build and for a rebuild (a bound, not a timing assertion)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_editing_a_record_reloads_the_preview(project: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = {**os.environ, "DECISION_PRESS_AS_OF": AS_OF.isoformat()}
    # The command scripts/serve runs (--livereload works around the click > 8.2.1 regression
    # that turns live reload off; --dirty lets the plugin rebuild only what an edit changes).
    server = subprocess.Popen(
        [str(MKDOCS), "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/decisions/pcd-911/"
        assert _wait_for(url, "Piloting a Multi-Agency Response", server), (tmp_path / "serve.log").read_text(
            errors="replace"
        )
        data = project / "data" / "decisions.yaml"
        source = data.read_text(encoding="utf-8")
        old = "title: Piloting a Multi-Agency Response to Drug Trafficking"
        assert old in source
        data.write_text(
            source.replace(old, "title: Piloting a Renamed Response to Drug Trafficking", 1), encoding="utf-8"
        )
        assert _wait_for(url, "Piloting a Renamed Response", server), (tmp_path / "serve.log").read_text(
            errors="replace"
        )
        register = f"http://127.0.0.1:{port}/decisions/"
        assert "Piloting a Renamed Response" in (_fetch(register) or "")
        assert "'dirty' build" not in (tmp_path / "serve.log").read_text(errors="replace")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
