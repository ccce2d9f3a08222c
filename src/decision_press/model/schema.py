"""Record and settings models → JSON Schema, so editors complete and check fields as authors type.

The data files start with ``# yaml-language-server: $schema=...`` pointing at the files
written here. Where the model accepts a plain string as shorthand for an object (a
paragraph, a recommendation, the decision maker), the schema says so too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from decision_press.model.record import Decision
from decision_press.settings import ProjectFile

STRING_SHORTHANDS = ("ListParagraph", "Recommendation", "DecisionMaker")


def decisions_schema() -> dict[str, Any]:
    """JSON Schema of a records file: a list of decisions."""
    schema = TypeAdapter(list[Decision]).json_schema(mode="validation")
    for name in STRING_SHORTHANDS:
        definition = schema["$defs"][name]
        schema["$defs"][name] = {
            "description": definition.get("description", ""),
            "anyOf": [{"type": "string", "description": "Shorthand for {text: ...}."}, definition],
        }
    return _with_header(schema, "Decision Press records", "A list of decision records.")


def settings_schema() -> dict[str, Any]:
    """JSON Schema of ``decision-press.yml``."""
    return _with_header(
        ProjectFile.model_json_schema(mode="validation"),
        "Decision Press settings",
        "Who publishes, and which kinds of decision exist.",
    )


def _with_header(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "description": description,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write both schemas into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (
        ("decisions.schema.json", decisions_schema()),
        ("decision-press.schema.json", settings_schema()),
    ):
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
