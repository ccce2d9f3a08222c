"""MkDocs adapter: the ``decision-press`` plugin that adds the register to a MkDocs site."""

from __future__ import annotations

from decision_press.mkdocs_plugin.plugin import DecisionPressPlugin

__all__ = ["DecisionPressPlugin"]
