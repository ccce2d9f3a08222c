"""A JSON document with one long list → its text as ``json.dumps(payload, indent=1)`` gives it,
writing out again only the list items that changed.

A preview writes the open data and the manifest after every save. Indented output goes
through Python's pure-Python encoder, which costs about as much as the rest of the file's
work together; compact output goes through the C encoder. So each item's indented text is
kept by its compact JSON, and only an item whose compact form is new is indented again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from decision_press.session import Latest

_ITEMS = "\x00items\x00"
"""Stands in the payload for the list, whose items are written one by one; a NUL in a value is escaped."""
_ITEMS_ESCAPED = "\\u0000items\\u0000"


def indented_json(
    payload: dict[str, Any],
    list_key: str,
    memo: Latest[str, str] | None = None,
    default: Callable[[Any], Any] | None = None,
) -> str:
    """``json.dumps(payload, ensure_ascii=False, indent=1, default=default)``, with the items of
    ``payload[list_key]`` (a top-level list) looked up in ``memo`` by their compact JSON."""
    items = payload[list_key]
    text = _dumps({**payload, list_key: [_ITEMS] if items else []}, default)
    if items:
        known: Latest[str, str] = memo if memo is not None else Latest()
        texts = [_item_text(item, known, default) for item in items]
        # Only a top-level key stands one space in, so this is the list's place and no other.
        opening = f"\n {_dumps(list_key, None)}: [\n"
        text = text.replace(f'{opening}  "{_ITEMS_ESCAPED}"\n', opening + ",\n".join(texts) + "\n", 1)
    return text


def _dumps(value: object, default: Callable[[Any], Any] | None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=default)


def compact(item: object, default: Callable[[Any], Any] | None = None) -> str:
    """An item's compact JSON, made by the C encoder: the key a kept text is found by."""
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=default)


def _item_text(item: object, memo: Latest[str, str], default: Callable[[Any], Any] | None) -> str:
    """One item as it stands in the list: two levels in, one space a level."""
    key = compact(item, default)
    text = memo.get(key)
    if text is None:
        # A value's own line breaks are escaped ("\\n"), so every line break here is the layout's.
        text = "\n".join("  " + line for line in _dumps(item, default).split("\n"))
        memo.put(key, text)
    return text
