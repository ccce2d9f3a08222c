"""No silent edits: 'publish' records the public content, 'check' refuses a change without a note."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from click.testing import CliRunner

from decision_press.cli import main
from decision_press.published import HEADER, LOCK_FILE, LockEntry

PUBLISHED_ON = "2026-11-26"


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def lock_line(project: Path, reference: str) -> str:
    lines = (project / LOCK_FILE).read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith(f"{reference}\t"))


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: (?!warning)", line)]


def test_the_example_project_ships_its_lock_and_check_passes_on_a_fresh_copy(project: Path) -> None:
    text = (project / LOCK_FILE).read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    listed = [line.split("\t")[0] for line in text.splitlines() if not line.startswith("#")]
    # The public and withdrawn decisions on the day it was written; never a draft or a removed one.
    assert "PCD 911" in listed and "PCD 1187" in listed
    assert "PCD 1320" not in listed and "PCD 1188" not in listed
    code, output = run(project, "check")
    assert code == 0, output


def test_a_correction_without_a_change_note_fails_check_naming_the_decision_and_the_fields(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    edit(records, "  amount: 135000\n", "  amount: 153000\n")
    code, output = run(project, "check")
    assert code == 1
    [problem] = errors(output)
    line = next(n for n, text in enumerate(records.read_text().splitlines(), 1) if text.startswith("  amount:"))
    assert problem.startswith(f"data/decisions.yaml:{line}:3: [0].amount: PCD 911 changed since it was published ")
    assert problem.endswith("without a change note: amount")
    assert re.search(r"\(data/published\.lock:\d+\)", problem)
    assert "hint: add a change note" in output


def test_every_changed_field_is_named(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    edit(records, "  amount: 135000\n", "  amount: 153000\n")
    text = records.read_text(encoding="utf-8")
    records.write_text(re.sub(r"(?m)^  title: (.*)$", r"  title: \1 (corrected)", text, count=1), encoding="utf-8")
    code, output = run(project, "check")
    assert code == 1
    assert errors(output)[0].endswith("without a change note: amount, title")


def test_a_minor_change_note_passes_and_publish_then_records_it(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    before = lock_line(project, "PCD 911")
    edit(records, "  amount: 135000\n", "  amount: 153000\n")
    with records.open("a", encoding="utf-8") as handle:
        handle.write("  changes:\n    - date: 2026-11-27\n      note: Corrected a typing error.\n      minor: true\n")
    assert run(project, "check")[0] == 0

    code, output = run(project, "publish", "--as-of", "2026-11-27")
    assert code == 0, output
    assert "  updated  PCD 911 (amount)" in output.splitlines()
    after = lock_line(project, "PCD 911")
    assert after != before and "\tnotes=1\t" in after
    assert after.split("\t")[2] == before.split("\t")[2]  # first published stays
    assert run(project, "check")[0] == 0

    # The note is now recorded: the next change needs a note of its own.
    edit(records, "  amount: 153000\n", "  amount: 135000\n")
    code, output = run(project, "check")
    assert code == 1 and errors(output)[0].endswith("without a change note: amount")


def test_publish_refuses_while_check_fails_and_leaves_the_lock_as_it_was(project: Path) -> None:
    lock = project / LOCK_FILE
    before = lock.read_bytes()
    edit(project / "data" / "decisions.yaml", "  amount: 135000\n", "  amount: 153000\n")
    code, output = run(project, "publish")
    assert code == 1
    assert "PCD 911 changed since it was published" in output
    assert lock.read_bytes() == before
    assert [p.name for p in lock.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_decision_gone_from_the_records_is_an_error_at_its_lock_line(project: Path) -> None:
    lock = project / LOCK_FILE
    entry = LockEntry("PCD 999", "0" * 64, dt.date(2020, 1, 2), 0, {"title": "0" * 12})
    with lock.open("a", encoding="utf-8") as handle:
        handle.write(entry.format() + "\n")
    line = len(lock.read_text(encoding="utf-8").splitlines())
    code, output = run(project, "check")
    assert code == 1
    assert errors(output) == [
        f"data/published.lock:{line}:1: PCD 999 was published (first on 2020-01-02) but is no longer in the records"
    ]
    assert "status: removed" in output


def test_a_published_decision_cannot_become_a_draft_again(project: Path) -> None:
    edit(project / "data" / "decisions.yaml", "  status: published\n", "  status: draft\n")
    code, output = run(project, "check")
    assert code == 1
    assert "[0].status: PCD 911 was published (data/published.lock:" in output


def test_removal_is_allowed_and_publish_drops_the_decision_from_the_lock(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    edit(records, "  status: published\n", "  status: removed\n")
    with records.open("a", encoding="utf-8") as handle:
        handle.write("  removal:\n    date: 2026-11-27\n    reason: Published in error.\n")
    # Decisions that relate to PCD 911 keep their links valid in the records.
    assert run(project, "check")[0] == 0
    code, output = run(project, "publish", "--as-of", "2026-11-27")
    assert code == 0, output
    assert "  dropped  PCD 911 (removed)" in output.splitlines()
    assert "PCD 911\t" not in (project / LOCK_FILE).read_text(encoding="utf-8")


def test_a_corrected_reference_needs_a_note_and_keeps_its_first_publication(project: Path) -> None:
    records = project / "data" / "decisions" / "examples.yaml"
    first = lock_line(project, "PCD 1012").split("\t")[2]
    edit(records, "- reference: PCD 1012\n", "- reference: PCD 1021\n  previous_references: [PCD 1012]\n")
    code, output = run(project, "check")
    assert code == 1 and "PCD 1021 changed since it was published" in output
    assert errors(output)[0].endswith("without a change note: previous_references, reference")
    edit(
        records,
        "  previous_references: [PCD 1012]\n",
        "  previous_references: [PCD 1012]\n  changes:\n    - date: 2026-11-27\n"
        "      note: Corrected the reference, which was given in error as PCD 1012.\n",
    )
    assert run(project, "check")[0] == 0
    assert run(project, "publish", "--as-of", "2026-11-27")[0] == 0
    assert lock_line(project, "PCD 1021").split("\t")[2] == first
    assert "PCD 1012\t" not in (project / LOCK_FILE).read_text(encoding="utf-8")


def test_an_unreadable_lock_line_is_reported_at_its_line(project: Path) -> None:
    lock = project / LOCK_FILE
    with lock.open("a", encoding="utf-8") as handle:
        handle.write("PCD 911 edited by hand\n")
    line = len(lock.read_text(encoding="utf-8").splitlines())
    code, output = run(project, "check")
    assert code == 1
    assert f"data/published.lock:{line}:1: this line is not a published-state entry" in output


def test_check_of_some_files_leaves_the_lock_alone(project: Path) -> None:
    records = project / "data" / "decisions.yaml"
    edit(records, "  amount: 135000\n", "  amount: 153000\n")
    assert run(project, "check", str(records))[0] == 0


def test_publish_writes_a_stable_sorted_lock_and_a_second_run_changes_nothing(project: Path) -> None:
    (project / LOCK_FILE).unlink()
    code, output = run(project, "publish", "--as-of", PUBLISHED_ON)
    assert code == 0, output
    first = (project / LOCK_FILE).read_bytes()
    code, output = run(project, "publish", "--as-of", PUBLISHED_ON)
    assert code == 0 and "0 added, 0 updated, 0 dropped" in output
    assert (project / LOCK_FILE).read_bytes() == first
    references = [line.split("\t")[0] for line in first.decode().splitlines() if not line.startswith("#")]
    pcd = [int(r.split(" ")[1]) for r in references if r.startswith("PCD ")]
    assert len(pcd) > 2 and pcd == sorted(pcd)
    assert references.index(next(r for r in references if r.startswith("CEOD"))) < references.index(f"PCD {pcd[0]}")
