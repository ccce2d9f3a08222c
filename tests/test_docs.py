"""Documentation that cannot drift: the field reference and the commands the README promises."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from decision_press.cli import main
from decision_press.model.record import Decision
from decision_press.model.reference import field_reference

REPO = Path(__file__).resolve().parent.parent


def test_committed_field_reference_is_current() -> None:
    committed = (REPO / "authors" / "fields.md").read_text(encoding="utf-8")
    assert committed == field_reference(), "run '.venv/bin/decision-press fields --output authors/fields.md'"


def test_every_record_field_is_described_in_the_reference() -> None:
    reference = field_reference()
    for name, info in Decision.model_fields.items():
        assert f"| `{name}` |" in reference
        assert info.description


def test_readme_names_the_two_commands_and_every_cli_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "scripts/build" in readme and "scripts/test" in readme
    for command in main.commands:  # type: ignore[attr-defined]
        assert f"decision-press {command}" in readme


def test_ci_runs_the_readme_test_command() -> None:
    assert "scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_authors_guide_example_errors_are_what_check_prints(project: Path) -> None:
    guide = (REPO / "authors" / "README.md").read_text(encoding="utf-8")
    CliRunner().invoke(main, ["--project", str(project), "new", "--type", "PCD"])
    draft = next((project / "data" / "decisions").glob("pcd-*.yaml"))
    text = draft.read_text(encoding="utf-8").replace("  signed:  ", "  signed: 2026-11-31 ", 1)
    text = text.replace("    - The Deputy", "    - text: x\n      item: [a]\n    - The Deputy", 1)
    draft.write_text(text, encoding="utf-8")

    output = CliRunner().invoke(main, ["--project", str(project), "check"]).output

    for fragment in (
        "[0].signed: 2026-11-31 is not a real date",
        "[0].recommendations[0].item: unknown field 'item'\n    hint: did you mean 'items'?",
    ):
        assert fragment in output
        assert fragment.replace("[0].recommendations[0]", "[0].recommendations[1]") in guide or fragment in guide


def guide_sessions(text: str) -> list[tuple[list[str], str]]:
    """The guide's console examples of ``decision-press``: each command's arguments and what it prints."""
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.splitlines()
        for number, line in enumerate(lines):
            if line.startswith("$ .venv/bin/decision-press "):
                printed = []
                for following in lines[number + 1 :]:
                    if following.startswith("$ "):
                        break
                    printed.append(following)
                sessions.append(
                    (shlex.split(line.removeprefix("$ .venv/bin/decision-press "), comments=True), "\n".join(printed))
                )
    return sessions


def test_authors_guide_console_examples_print_what_the_commands_print(project: Path) -> None:
    sessions = guide_sessions((REPO / "authors" / "README.md").read_text(encoding="utf-8"))
    assert [arguments[0] for arguments, _ in sessions][:2] == ["new", "check"]
    for arguments, printed in sessions:
        if not printed:
            continue  # a command shown without its output
        result = CliRunner().invoke(main, ["--project", str(project), *arguments])
        assert result.output.strip() == printed.strip(), arguments


def test_the_readmes_new_output_example_runs_on_the_example_records(project: Path) -> None:
    import datetime as dt

    from decision_press import site, urls
    from decision_press.pipeline import prepare
    from decision_press.settings import load_settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    module, line = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)[:2]
    namespace: dict[str, object] = {}
    exec(module, namespace)  # the README's render module, as written there
    corpus, _, _ = prepare(load_settings(project), dt.date(2026, 11, 26))
    calendar = namespace["decisions_calendar"](corpus, "https://decisions.example.org/")  # type: ignore[operator]
    assert calendar.startswith("BEGIN:VCALENDAR\r\n") and calendar.endswith("END:VCALENDAR\r\n")
    assert calendar.count("BEGIN:VEVENT") == len(corpus.listed) > 0
    assert "URL:https://decisions.example.org/decisions/pcd-911/\r\n" in calendar
    # The one line of the site model names a path of urls.py and the module's function.
    assert line.strip() == "files.append(GeneratedFile(urls.CALENDAR, content=decisions_calendar(corpus, site_url)))"
    assert "files.append(GeneratedFile(urls.FEED" in Path(site.__file__).read_text(encoding="utf-8")
    assert not hasattr(urls, "CALENDAR")  # an example, not a shipped output
