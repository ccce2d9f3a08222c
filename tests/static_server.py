"""A folder served read-only on loopback, as any static web server would, for the tests and the
benchmarks that read a built site over HTTP (the browser, the validators, ``verify`` by URL)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # a request log line per file would bury the tests' own output


@contextmanager
def served_folder(folder: Path) -> Iterator[str]:
    """``folder`` served at http://127.0.0.1:<a free port>/ while the block runs: its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
