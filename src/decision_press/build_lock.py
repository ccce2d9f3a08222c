"""A project → one build at a time: an exclusive lock that the kernel drops when its build ends.

``decision-press build`` takes it for the whole build; the MkDocs plugin takes it for each
plain ``mkdocs build`` and for each rebuild of ``mkdocs serve`` (never for the whole
preview). A second build waits for the first (saying which process holds the lock) up to a
bounded time, then gives up with a clear message. Staging and retired folders of earlier
builds are only removed by a build that holds the lock, so a running build's are never.

The lock is a POSIX record lock (``fcntl.lockf``) on :data:`LOCK_FILE` in the project. Unlike
``flock`` it is not shared with forked children, so PDF workers that outlive a killed build
cannot keep the project locked; like ``flock`` it is released by the kernel when the process
that holds it ends, however it ends (``kill -9`` included). The file itself stays; only the
lock on it matters.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from decision_press.errors import BuildFailed, display_path

LOCK_FILE = Path(".cache") / "decision-press" / "build.lock"
"""Relative to the project root; ``.cache/`` is not published and not committed."""
DEFAULT_WAIT = 600.0
"""Seconds a build waits for another build of the same project before it gives up."""
_POLL = 0.2


class ProjectLock:
    """The build lock of the project at ``root``; acquire, then release (or use ``with``)."""

    def __init__(self, root: Path, *, wait: float = DEFAULT_WAIT, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = root / LOCK_FILE
        self.root = root
        self.wait = wait
        self.on_wait = on_wait
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``wait`` seconds; :class:`BuildFailed` if it stays taken."""
        if self._fd is not None:
            return
        fd = self._open()
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:  # EACCES or EAGAIN: another process holds it
                holder = _holder(fd)
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise BuildFailed(self._busy_message(holder)) from None
                if not told and self.on_wait is not None:
                    self.on_wait(
                        f"another build of this project is running ({holder}); waiting up to "
                        f"{self.wait:.0f} s for it to finish ..."
                    )
                    told = True
                time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        """Let the next build in; harmless when not held."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the file drops this process's lock on it

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as err:
            raise BuildFailed(
                f"cannot create the build lock {display_path(self.path, self.root)}: "
                f"{err.strerror}. Make {display_path(self.path.parent, self.root)}/ a "
                f"writable folder and build again."
            ) from None

    def _busy_message(self, holder: str) -> str:
        waited = "" if self.wait <= 0 else f" and still held the lock after {self.wait:.0f} s"
        return (
            f"another build of this project is running ({holder}; lock "
            f"{display_path(self.path, self.root)}){waited}. Wait for it to finish and build "
            f"again, or stop that process first."
        )


def _holder(fd: int) -> str:
    """'pid N' from the lock file, as the holder wrote it (it may not have yet)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"pid {text}" if text.isdigit() else "pid unknown"
