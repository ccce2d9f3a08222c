"""Record model → the authors' field reference in Markdown (``authors/fields.md``).

Generated from the same field descriptions as the JSON Schema, so the reference cannot
drift from what ``check`` accepts; a test fails when the committed file is out of date.
"""

from __future__ import annotations

import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from decision_press.model.record import Decision
from decision_press.model.types import MAX_LINE, MAX_TEXT
from decision_press.settings import ProjectFile

_SCALARS = {"date": "date (YYYY-MM-DD)", "Decimal": "amount in pounds", "bool": "true or false", "str": "text"}


def field_reference() -> str:
    """The whole reference: the record, then every nested object, then the settings file."""
    lines = [
        "# Record fields",
        "",
        "Generated from the record model by `decision-press fields`; do not edit by hand.",
        "*Markdown-lite text* accepts emphasis, links, bulleted and numbered lists and tables;",
        "anything else, raw HTML included, is shown exactly as typed.",
        "",
    ]
    seen: list[type[BaseModel]] = []
    queue: list[type[BaseModel]] = [Decision, ProjectFile]
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        lines += _model_section(model, queue)
    return "\n".join(lines).rstrip() + "\n"


def _model_section(model: type[BaseModel], queue: list[type[BaseModel]]) -> list[str]:
    title = "The settings file (decision-press.yml)" if model is ProjectFile else f"`{model.__name__}`"
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    lines = [f"## {title}", "", doc, "", "| Field | Type | Required | What it is |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        kind = _text_kind(info.metadata) or _describe(info.annotation, queue)
        required = "yes" if info.is_required() else "no"
        lines.append(f"| `{name}` | {kind} | {required} | {_description(info)} |")
    return [*lines, ""]


def _description(info: FieldInfo) -> str:
    return (info.description or "").replace("|", "\\|")


def _text_kind(metadata: Any) -> str | None:
    """'Markdown-lite' or 'one line of text', from the length limit the type carries."""
    for item in metadata:
        limits = [item, *getattr(item, "metadata", [])]
        for limit in limits:
            if getattr(limit, "max_length", None) == MAX_TEXT:
                return "Markdown-lite text"
            if getattr(limit, "max_length", None) == MAX_LINE:
                return "one line of text"
    return None


def _describe(annotation: Any, queue: list[type[BaseModel]]) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        parts = [_describe(arg, queue) for arg in get_args(annotation) if arg is not type(None)]
        return " or ".join(parts)
    if origin is list:
        return f"list of {_describe(get_args(annotation)[0], queue)}"
    if origin is Literal:
        return " or ".join(f"`{value}`" for value in get_args(annotation))
    metadata_origin = getattr(annotation, "__origin__", None)
    if metadata_origin is not None and get_args(annotation):
        return _text_kind(get_args(annotation)[1:]) or _describe(get_args(annotation)[0], queue)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        queue.append(annotation)
        return f"[`{annotation.__name__}`](#{annotation.__name__.lower()})"
    if isinstance(annotation, type) and hasattr(annotation, "__members__"):
        return " or ".join(f"`{m.value}`" for m in annotation.__members__.values())
    name = getattr(annotation, "__name__", str(annotation))
    return _SCALARS.get(name, name)
