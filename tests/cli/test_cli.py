"""The command line as an author uses it: exit codes and what is printed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from decision_press.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


def test_check_passes_on_the_example_data(project: Path) -> None:
    code, output = run(project, "check")
    assert code == 0
    last = output.splitlines()[-1]
    assert last.startswith("OK: ") and "data/decisions.yaml" in last
    # The example site plan (PCD 1040) is an untagged PDF: a warning, not a failure.
    assert last.endswith("; 1 warning above") and ": warning: [2].attachments[0].file: " in output


def test_check_reports_every_problem_of_every_file_in_one_run(project: Path) -> None:
    for name in ("bad-status.yaml", "impossible-date.yaml", "tab-indentation.yaml"):
        shutil.copy(FIXTURES / "invalid" / name, project / "data" / "decisions" / name)
    code, output = run(project, "check")
    assert code == 1
    lines = [line for line in output.splitlines() if not line.startswith("    ") and ": warning: " not in line]
    assert lines == [
        "data/decisions/bad-status.yaml:3:3: [0].status: must be one of 'draft', 'published', 'withdrawn' or 'removed'",
        "data/decisions/impossible-date.yaml:5:3: [0].signed: 2024-02-30 is not a real date",
        "data/decisions/tab-indentation.yaml:3:1: a tab is used for indentation",
        "3 problems found in the records (and 1 warning)",  # the example site plan is an untagged PDF
    ]


def test_new_scaffolds_the_next_free_reference_and_never_overwrites(project: Path) -> None:
    code, output = run(project, "new", "--type", "PCD", "--title", 'A "quoted": title')
    assert code == 0, output
    created = project / "data" / "decisions" / "pcd-1321.yaml"
    assert created.is_file()
    assert run(project, "check")[0] == 0  # valid as written

    code, output = run(project, "new", "--type", "PCD")
    assert code == 0
    assert (project / "data" / "decisions" / "pcd-1322.yaml").is_file()

    created.write_text(created.read_text().replace("PCD 1321", "PCD 1400"))
    (project / "data" / "decisions" / "pcd-1401.yaml").write_text("# already here\n")
    code, output = run(project, "new", "--type", "PCD")
    assert code == 1
    assert "already exists" in output
    assert (project / "data" / "decisions" / "pcd-1401.yaml").read_text() == "# already here\n"


def test_new_refuses_an_unknown_type(project: Path) -> None:
    code, output = run(project, "new", "--type", "XYZ")
    assert code == 1 and "unknown decision type 'XYZ'" in output


def test_schema_describes_every_field(project: Path) -> None:
    code, _ = run(project, "schema", "--output", str(project / "out"))
    assert code == 0
    schema = json.loads((project / "out" / "decisions.schema.json").read_text())
    decision = schema["$defs"]["Decision"]
    assert decision["additionalProperties"] is False
    assert all(prop.get("description") for prop in decision["properties"].values())
    paragraph = schema["$defs"]["ListParagraph"]
    assert paragraph["anyOf"][0]["type"] == "string"


def test_committed_schemas_are_current(project: Path) -> None:
    run(project, "schema", "--output", str(project / "fresh"))
    for name in ("decisions.schema.json", "decision-press.schema.json"):
        committed = Path(__file__).resolve().parents[2] / "schemas" / name
        assert committed.read_text() == (project / "fresh" / name).read_text(), (
            "run '.venv/bin/decision-press schema' and commit schemas/"
        )


@pytest.mark.parametrize("command", [["check", "--help"], ["new", "--help"], ["build", "--help"], ["--version"]])
def test_help_and_version(project: Path, command: list[str]) -> None:
    code, output = run(project, *command)
    assert code == 0 and output.strip()


def test_build_refuses_a_malformed_date(project: Path) -> None:
    code, output = run(project, "build", "--as-of", "26/11/2026")
    assert code == 2 and "YYYY-MM-DD" in output


def test_outside_a_project_the_error_is_plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "no decision-press.yml" in result.output and "Traceback" not in result.output
