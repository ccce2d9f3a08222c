"""pydantic's validation errors → author-facing :class:`Problem` s at ``file:line:col``, with hints.

Shared by the records (:mod:`decision_press.model.validate`) and the settings file
(:mod:`decision_press.settings`): each passes its own root model, so that a hint for an
unknown field lists the fields of the model that was being read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from decision_press.errors import Problem
from decision_press.load.yaml_source import Path_, SourceMap


def problems_from_validation_error(
    err: ValidationError, display: str, source_map: SourceMap, prefix: Path_, model: type[BaseModel]
) -> list[Problem]:
    """Translate pydantic's errors about ``model`` into author-facing problems placed at the right line."""
    problems = []
    for error in err.errors(include_url=False):
        loc = _drop_union_tags(tuple(error["loc"]))
        path = (*prefix, *loc)
        kind = error["type"]
        # A missing field is reported at the mapping that lacks it, not at a line that does not exist.
        position = source_map.locate(path[:-1] if kind == "missing" else path)
        message, hint = _explain(error, loc, model)
        problems.append(Problem(display, position.line, position.column, format_field(path), message, hint))
    return problems


def _drop_union_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Remove the appendix kind pydantic inserts into locations: the author never wrote it."""
    kept = []
    for i, part in enumerate(loc):
        after_appendix_index = i >= 2 and loc[i - 2] == "appendices" and isinstance(loc[i - 1], int)
        if after_appendix_index and part in ("report", "annex") and i + 1 < len(loc):
            continue
        kept.append(part)
    return tuple(kept)


def format_field(path: Iterable[Any]) -> str:
    """``(0, 'sections', 2, 'title')`` → ``[0].sections[2].title``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(error: Any, loc: tuple[Any, ...], root: type[BaseModel]) -> tuple[str, str]:
    kind, message = error["type"], error["msg"]
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"the required field '{name}' is missing", ""
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
        if not close and "text" in known and not str(name).isidentifier():
            # "- Accept £480,000: of the grant" is read as a field named "Accept £480,000".
            return f"unknown field '{name}'", "this is text with ': ' in it; put the whole text in quotes"
        hint = f"did you mean '{close[0]}'?" if close else (f"known fields: {', '.join(known)}" if known else "")
        return f"unknown field '{name}'", hint
    if kind in ("string_type", "str_type"):
        return "expected text here", "put the value in quotes if it is meant as text"
    if kind == "list_type":
        return "expected a list here", "write each item on its own line starting with '- '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a set of fields here", "indent the fields under this name"
    if kind == "too_short":
        return ("must not be empty" if error.get("ctx", {}).get("min_length") == 1 else message.lower()), ""
    if kind == "string_too_long":
        return f"is too long (at most {error['ctx']['max_length']:,} characters)", ""
    if kind == "enum" or kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}", _did_you_mean(error)
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return "unknown 'kind'", "use kind: report or kind: annex"
    if kind == "string_pattern_mismatch":
        return "is not in the expected form", _pattern_hint(str(name))
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return message, ""


def _did_you_mean(error: Any) -> str:
    """'Published' → did you mean 'published'? (the allowed values are quoted in the context)."""
    allowed = re.findall(r"'([^']*)'", str(error["ctx"]["expected"]))
    given = str(error.get("input", ""))
    by_case = {value.lower(): value for value in allowed}
    close = by_case.get(given.strip().lower()) or next(iter(difflib.get_close_matches(given, allowed, n=1)), None)
    return f"did you mean '{close}'?" if close else ""


def _pattern_hint(name: str) -> str:
    return {
        "file": "attachments live in data/attachments/ and end in .pdf",
        "financial_year": "write it like 2020/21",
        "signature_image": "put the image under assets/ and give its path, e.g. assets/signatures/dmpc.png",
        "prefix": "use capital letters only, e.g. PCD",
    }.get(name, "")


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a location under ``root`` points into, to suggest the right field name."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _first_model(field.annotation)
    return model


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _first_model(arg)
        if found is not None:
            return found
    metadata = getattr(annotation, "__origin__", None)
    return _first_model(metadata) if metadata is not None and metadata is not annotation else None
