"""Domain errors: problems found in the authors' files, and the exceptions that carry them.

Every stage reports what is wrong as :class:`Problem` values rather than raising at the
first one, so that an author sees every mistake in every file in one run. A problem is an
error (nothing may be built) or a warning (it may be published, but the author should know,
e.g. an attachment without tags). The command line and the MkDocs plugin translate these
into their own conventions at the boundary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in an author's file, with where it is and how to fix it."""

    path: str
    """The file, as the author would type it (relative to the project when possible)."""
    line: int
    """1-based line of the offending value (0 when the whole file is at fault)."""
    column: int
    """1-based column of the offending value."""
    field: str
    """Dotted path of the field inside the file, e.g. ``[2].sections[0].title``."""
    message: str
    """What is wrong, in plain words."""
    hint: str = ""
    """How to fix it, when there is something useful to say."""
    severity: Severity = "error"
    """An error stops the build; a warning is reported and the record is published."""

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def as_error(self) -> Problem:
        """The same problem as an error (``check --strict`` treats warnings so)."""
        return replace(self, severity="error")

    def format(self) -> str:
        """Render as ``path:line:col: field: message (hint)``, the form editors can jump to.

        A warning says so after the position: ``path:line:col: warning: field: message``.
        """
        where = f"{self.path}:{self.line}:{self.column}" + (": warning" if self.is_warning else "")
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def display_path(path: Path, root: Path | None = None) -> str:
    """Show ``path`` relative to ``root`` (or the working directory) when it lies inside it."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def count_of(number: int, noun: str) -> str:
    """'1 warning', '2 warnings'."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


class DecisionPressError(Exception):
    """Base class of every error Decision Press raises on purpose."""


class InvalidRecords(DecisionPressError):
    """The records (or the project settings) have problems; nothing may be built from them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        found = sorted(problems)
        self.problems = [p for p in found if not p.is_warning]
        """The errors, sorted by file and position."""
        self.warnings = [p for p in found if p.is_warning]
        """Warnings found on the way, reported with the errors so that the author sees everything."""
        count = len(self.problems)
        also = f" (and {count_of(len(self.warnings), 'warning')})" if self.warnings else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found in the records{also}")

    def report(self) -> str:
        """Every problem and warning, one per line, sorted by file and position, then a count."""
        return "\n".join([*(p.format() for p in sorted(self.problems + self.warnings)), str(self)])


class BuildFailed(DecisionPressError):
    """A build could not complete; the previous site is left as it was."""
