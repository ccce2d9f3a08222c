"""A long preview does not grow: its memos hold one build's worth, and the collector's frozen
set stays bounded, however many edits it rebuilds.

Both kinds of preview are driven in-process as ``mkdocs serve`` drives them (``on_startup``
once, then a freshly loaded configuration and a build per save): plain ``mkdocs serve``,
whose rebuilds are full ones, and ``--dirty``, as scripts/serve runs it.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from decision_press.mkdocs_plugin.plugin import DecisionPressPlugin
from decision_press.pipeline import AS_OF_ENV

from .conftest import AS_OF

pytestmark = pytest.mark.slow

REBUILDS = 6


def _memo_sizes(plugin: DecisionPressPlugin) -> dict[str, int]:
    session = plugin._session
    sizes = {f"memo {i}": len(memo) for i, memo in enumerate(session.memos())}
    sizes["templates"] = len(session.compiled_templates)
    return sizes


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_memos_and_frozen_objects_stay_bounded_over_many_rebuilds(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dirty: bool
) -> None:
    monkeypatch.setenv(AS_OF_ENV, AS_OF.isoformat())
    records = project / "data" / "decisions.yaml"
    config: MkDocsConfig | None = None
    sizes: list[dict[str, int]] = []
    frozen: list[int] = []
    gc.unfreeze()
    try:
        for rebuild in range(REBUILDS):
            if rebuild:  # a save that changes a record file (a new comment line), as an author's edit does
                records.write_text(records.read_text(encoding="utf-8") + f"# edit {rebuild}\n", encoding="utf-8")
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "preview"))
            if rebuild == 0:
                config.plugins.on_startup(command="serve", dirty=dirty)
            build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
            plugin = next(p for p in config.plugins.values() if isinstance(p, DecisionPressPlugin))
            sizes.append(_memo_sizes(plugin))
            frozen.append(gc.get_freeze_count())
        assert sizes[1]["memo 0"] > 0, "the session remembers the validated record files"
        assert sizes[-1] == sizes[1], f"memos grew with each edit: {sizes}"
        # A dirty preview sets the survivors of each rebuild aside, and looks at them again
        # every few builds; without that, or with a freeze per load, the count grows each time.
        assert frozen[-1] <= frozen[1] * 1.05 + 1000, f"frozen objects grew: {frozen}"
    finally:
        if config is not None:
            config.plugins.on_shutdown()
        MkDocsConfig.plugins.plugin_cache.clear()
        gc.unfreeze()
        gc.enable()
