"""One build date, one precedence: --as-of (else today); never a date in a committed file.

``as_of`` under the plugin in mkdocs.yml is refused by ``decision-press build`` and by plain
``mkdocs build``; a future ``--as-of`` into the live site needs ``--allow-future``; an unknown
time zone in decision-press.yml is a ``file:line:col`` problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_process import decision_press as cli
from decision_press.select import today

AS_OF = "2026-11-26"
FUTURE = "2099-01-01"
EMBARGOED = "pcd-1263"
"""Signed, with a publication date after AS_OF but long before FUTURE."""
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("date") / "project")
    result = cli(project, "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "decisions" / EMBARGOED).exists()
    return project


@pytest.fixture
def dated_config(built: Path) -> Path:
    """mkdocs.yml with a build date under the plugin, as a committed file might have."""
    config = built / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    plugin_line = "  - decision-press:\n"
    assert plugin_line in original
    config.write_text(original.replace(plugin_line, f"{plugin_line}      as_of: '{FUTURE}'\n"), encoding="utf-8")
    yield config
    config.write_text(original, encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_date_in_mkdocs_yml_is_refused_by_build_and_the_site_kept(built: Path, dated_config: Path) -> None:
    before = tree(built / "site")
    result = cli(built, "build", "--as-of", AS_OF)
    assert result.returncode == 1
    line = _line_of(dated_config, "as_of:")
    assert f"mkdocs.yml:{line}:7: plugins.decision-press.as_of: a build date in mkdocs.yml is refused" in result.stderr
    assert "decision-press build --as-of YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr
    assert tree(built / "site") == before


def test_a_date_in_mkdocs_yml_is_refused_by_plain_mkdocs(built: Path, dated_config: Path, tmp_path: Path) -> None:
    out = tmp_path / "plain"
    result = subprocess.run(
        [MKDOCS, "build", "-q", "-d", str(out)],
        cwd=built,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "plugins.decision-press.as_of: a build date in mkdocs.yml is refused" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "decisions" / EMBARGOED).exists()


def test_a_future_date_into_the_live_site_needs_a_flag(built: Path) -> None:
    before = tree(built / "site")
    for site_dir in ((), ("--site-dir", str(built / "site"))):
        result = cli(built, "build", "--as-of", FUTURE, *site_dir)
        assert result.returncode == 1
        assert f"--as-of {FUTURE} is after today" in result.stderr
        assert "the live site" in result.stderr and "--allow-future" in result.stderr
        assert "--site-dir" in result.stderr and "Traceback" not in result.stderr
    assert tree(built / "site") == before


@pytest.mark.slow
def test_a_future_date_builds_into_another_folder(built: Path, tmp_path: Path) -> None:
    preview = tmp_path / "preview"
    result = cli(built, "build", "--as-of", FUTURE, "--site-dir", str(preview))
    assert result.returncode == 0, result.stderr
    assert (preview / "decisions" / EMBARGOED / "index.html").is_file()
    assert not (built / "site" / "decisions" / EMBARGOED).exists()


def test_the_environment_variable_does_not_reach_decision_press_build(built: Path, tmp_path: Path) -> None:
    # The refusal happens after the date is chosen: the variable's future date must not be it.
    env = {**os.environ, "DECISION_PRESS_AS_OF": FUTURE}
    result = cli(built, "build", "--site-dir", str(built / "data"), env=env)
    assert "DECISION_PRESS_AS_OF is ignored by 'decision-press build'" in result.stderr
    now = today("Europe/London")
    assert f"building as of {now}" in result.stderr
    assert dt.date.fromisoformat(FUTURE) > now


def test_a_bad_date_in_the_environment_names_the_variable(built: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [MKDOCS, "build", "-q", "-d", str(tmp_path / "out")],
        cwd=built,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DECISION_PRESS_AS_OF": "26/11/2026", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "DECISION_PRESS_AS_OF='26/11/2026' is not a date: write it as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_future_date_in_the_environment_is_said_loudly_by_plain_mkdocs(built: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [MKDOCS, "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=built,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DECISION_PRESS_AS_OF": FUTURE, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert f"building as of {FUTURE} (DECISION_PRESS_AS_OF), after today" in result.stderr
    assert "preview only" in result.stderr
    assert result.returncode != 0  # a warning, so --strict refuses it


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe", "../../etc/passwd", "Europe/Lndon"])
def test_an_unknown_time_zone_is_a_problem_in_decision_press_yml(project: Path, zone: str) -> None:
    settings = project / "decision-press.yml"
    text = settings.read_text(encoding="utf-8")
    assert "timezone: Europe/London\n" in text
    settings.write_text(text.replace("timezone: Europe/London\n", f"timezone: '{zone}'\n"), encoding="utf-8")
    line = _line_of(settings, "timezone:")
    for command in (("check",), ("build", "--as-of", AS_OF), ("build",)):
        result = cli(project, *command)
        assert result.returncode == 1
        assert f"decision-press.yml:{line}:" in result.stderr
        assert f"timezone: unknown time zone {zone!r}: use an IANA time zone name" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
