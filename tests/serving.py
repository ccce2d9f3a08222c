"""A real ``mkdocs serve`` (the command scripts/serve runs) on a project copy, for tests to read from."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from decision_press.pipeline import AS_OF_ENV

MKDOCS = Path(sys.executable).with_name("mkdocs")
WAIT = 90.0
"""Upper bound for the first build and for a rebuild (a bound, not a timing assertion)."""


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@dataclass
class Server:
    """A running ``mkdocs serve`` and where to read it."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def wait_for(self, path: str, text: str) -> bool:
        """Whether the page at ``path`` shows ``text`` before :data:`WAIT` runs out."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            page = fetch(self.url + path)
            if page is not None and text in page:
                return True
            time.sleep(0.5)
        return False

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(project: Path, log: Path, as_of: dt.date) -> Iterator[Server]:
    """``mkdocs serve --livereload --dirty`` in ``project`` as of ``as_of``, stopped on leaving."""
    port = _free_port()
    env = {**os.environ, AS_OF_ENV: as_of.isoformat()}
    with log.open("wb") as out:
        # The command scripts/serve runs (--livereload works around the click > 8.2.1 regression
        # that turns live reload off; --dirty lets the plugin rebuild only what an edit changes).
        process = subprocess.Popen(
            [str(MKDOCS), "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Server(process, f"http://127.0.0.1:{port}/", log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
