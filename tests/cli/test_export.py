"""``decision-press export``: which folders it refuses, and the mkdocs.yml it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from decision_press.cli import main
from decision_press.export import EXPORT_MARKER, ExportRefused, exported_config
from decision_press.settings import load_settings


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


def test_a_folder_of_someone_elses_files_is_refused_and_kept(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    code, output = run(project, "export", str(folder))
    assert code == 1
    assert f"refusing to replace {folder}: the folder is not empty and no export made it" in output
    assert f"no {EXPORT_MARKER} file" in output and "Traceback" not in output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("inside", [".", "docs", "data/decisions", ".."])
def test_the_project_and_its_own_folders_are_refused(project: Path, inside: str) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    code, output = run(project, "export", str(project / inside))
    assert code == 1
    assert "refusing to export into" in output and "Traceback" not in output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def _config(project: Path, text: str) -> str:
    return exported_config(text, project / "mkdocs.yml", load_settings(project), "A & B")


def test_the_exported_config_drops_the_plugin_and_keeps_everything_else(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(_config(project, text))
    assert config["plugins"] == []  # the project lists only the decision-press plugin (search is Pagefind)
    assert "watch" not in config and config["edit_uri"] == "" and config["docs_dir"] == "docs"
    assert config["site_name"] == "A &amp; B"  # Material inserts it unescaped
    assert config["extra"]["decision_press_organisation"]["email"] == "decisions@example.org"
    assert config["nav"] == yaml.safe_load(text)["nav"] and config["theme"] == yaml.safe_load(text)["theme"]


def test_the_exported_config_handles_other_layouts(project: Path) -> None:
    only = _config(project, "site_name: x\nplugins:\n- decision-press:\n    pdf_cache: c\nextra:\n    a: 1\n")
    config = yaml.safe_load(only)
    assert config["plugins"] == [] and config["extra"]["a"] == 1
    assert set(config["extra"]) == {"a", "decision_press_organisation"}
    beside = yaml.safe_load(_config(project, "plugins:\n- decision-press\n- search\n"))
    assert beside["plugins"] == ["search"]
    with pytest.raises(ExportRefused, match=r"mkdocs\.yml:2: extra: write it as a block"):
        _config(project, "plugins: [search]\nextra: {a: 1}\n")
