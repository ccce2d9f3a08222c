"""Records paths that are no ordinary file, or too big, are refused quickly and by name.

``check`` runs for real as a subprocess with a time limit: a FIFO must not hang it,
``/dev/zero`` must not exhaust memory, and an oversized file is refused after reading one
byte more than the limit, not whole.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from decision_press.load.files import FileRefused, read_regular_file
from decision_press.load.yaml_source import MAX_FILE_BYTES
from decision_press.model.record import MAX_TABLE_ROWS_PER_RECORD
from decision_press.model.types import MAX_TABLE_ROWS


def check(project: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), "check", *paths],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_a_fifo_among_the_records_is_refused_without_hanging(project: Path) -> None:
    os.mkfifo(project / "data" / "decisions" / "pipe.yaml")
    assert_refused(check(project), "data/decisions/pipe.yaml:0:0", "a named pipe, not an ordinary file")


def test_a_fifo_as_the_main_records_file_is_reported_not_skipped(project: Path) -> None:
    main = project / "data" / "decisions.yaml"
    main.unlink()
    os.mkfifo(main)
    assert_refused(check(project), "data/decisions.yaml:0:0", "a named pipe, not an ordinary file")


def test_a_fifo_as_the_settings_file_is_refused_without_hanging(project: Path) -> None:
    settings = project / "decision-press.yml"
    settings.unlink()
    os.mkfifo(settings)
    assert_refused(check(project), "decision-press.yml:0:0", "a named pipe, not an ordinary file")


def test_dev_zero_as_a_records_file_is_refused(project: Path) -> None:
    (project / "data" / "decisions" / "zero.yaml").symlink_to("/dev/zero")
    assert_refused(check(project), "data/decisions/zero.yaml", "a character device")


def test_a_file_given_on_the_command_line_that_is_a_device_is_refused(project: Path) -> None:
    assert_refused(check(project, "/dev/zero"), "/dev/zero", "a character device")


def test_an_oversized_file_is_refused_naming_the_limit(project: Path) -> None:
    big = project / "data" / "decisions" / "big.yaml"
    with big.open("wb") as handle:  # sparse: 1 GB that costs no disk
        handle.truncate(1024**3)
    assert_refused(check(project), "data/decisions/big.yaml:0:0", f"limit of {MAX_FILE_BYTES:,} bytes")


def test_an_oversized_file_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    """A file that grows without end (a pipe with a writer) is cut at the limit + 1 byte."""
    path = tmp_path / "endless"
    os.mkfifo(path)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys\nwith open({str(path)!r}, 'wb') as f:\n    while True: f.write(b'x' * 65536)",
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        with pytest.raises(FileRefused, match="named pipe"):
            read_regular_file(path, 1000)
    finally:
        writer.kill()
        writer.wait()
    regular = tmp_path / "regular"
    regular.write_bytes(b"x" * 1001)
    with pytest.raises(FileRefused, match="larger than the limit of 1,000 bytes"):
        read_regular_file(regular, 1000)
    regular.write_bytes(b"x" * 1000)
    assert read_regular_file(regular, 1000) == b"x" * 1000


def table(rows: int) -> str:
    lines = ["| n | item |", "|---|---|", *(f"| {i} | x |" for i in range(rows - 2))]
    return "".join(f"        {line}\n" for line in lines)


def with_paragraphs(project: Path, *tables: int) -> Path:
    """PCD 911 with extra first paragraphs in its first section, each a table of so many rows."""
    records = project / "data" / "decisions.yaml"
    text = records.read_text("utf-8")
    at = text.index("    paragraphs:\n") + len("    paragraphs:\n")
    extra = "".join("      - |\n" + table(rows) for rows in tables)
    records.write_text(text[:at] + extra + text[at:], "utf-8")
    return records


def test_a_table_over_the_rows_limit_is_a_check_error_at_its_paragraph(project: Path) -> None:
    records = with_paragraphs(project, MAX_TABLE_ROWS + 1)
    line = records.read_text("utf-8").splitlines().index("        | n | item |")  # the '- |' above it
    assert_refused(
        check(project, str(project / "data/decisions.yaml")),
        f"data/decisions.yaml:{line}:",
        f"{MAX_TABLE_ROWS + 1:,} rows; the limit is {MAX_TABLE_ROWS:,}",
    )


def test_tables_over_the_record_limit_are_a_check_error(project: Path) -> None:
    with_paragraphs(project, *[MAX_TABLE_ROWS] * (MAX_TABLE_ROWS_PER_RECORD // MAX_TABLE_ROWS + 1))
    assert_refused(check(project, str(project / "data/decisions.yaml")), f"the limit is {MAX_TABLE_ROWS_PER_RECORD:,}")


def test_a_table_within_the_limits_passes(project: Path) -> None:
    with_paragraphs(project, MAX_TABLE_ROWS, MAX_TABLE_ROWS_PER_RECORD - MAX_TABLE_ROWS - 50)
    result = check(project, str(project / "data/decisions.yaml"))
    assert result.returncode == 0, result.stderr
