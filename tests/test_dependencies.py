"""Every package the code imports is declared in pyproject.toml: none arrives only as another's dependency."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def imported_top_level(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    # 'tests': the benchmarks make their throw-away certificate authority with the tests' own helper.
    return names - set(sys.stdlib_module_names) - {"decision_press", "benchmarks", "tests", "conftest", "__future__"}


def declared(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in requirements
    }


def test_every_run_time_import_is_a_declared_dependency() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    distributions = packages_distributions()
    undeclared = {
        module: distributions.get(module)
        for module in imported_top_level(REPO / "src")
        if not {d.lower().replace("_", "-") for d in distributions.get(module, [])} & declared(project["dependencies"])
    }
    assert undeclared == {}


def test_the_benchmark_script_installs_what_the_benchmarks_import() -> None:
    script = (REPO / "scripts" / "bench").read_text(encoding="utf-8")
    lock = re.search(r"^ensure_venv (\S+)$", script, re.M)
    assert lock is not None
    locked = {
        line.split("==")[0].lower()
        for line in (REPO / lock.group(1)).read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    }
    distributions = packages_distributions()
    missing = {
        module
        for module in imported_top_level(REPO / "benchmarks")
        if not {d.lower().replace("_", "-") for d in distributions.get(module, [module])} & locked
    }
    assert missing == set()


def test_the_search_indexer_binary_is_installed_from_the_lock() -> None:
    """Pagefind's binary comes in the pagefind-bin wheel, pinned with hashes: nothing downloads at run time."""
    import subprocess

    from decision_press.search_index import indexer

    binary = indexer()
    assert binary.is_file() and binary.resolve().is_relative_to(Path(sys.prefix).resolve())
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.split() == ["pagefind", "1.5.2"]
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert re.search(r"^pagefind-bin==1\.5\.2 \\\n    --hash=sha256:[0-9a-f]{64}", lock, re.M)
