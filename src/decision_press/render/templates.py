"""A templates folder → the Jinja environment every renderer (web pages, PDFs) reads it with.

One home for how templates are read: autoescape on (record text is never markup), a name a
template does not have is an error rather than an empty string, block tags leave no blank
lines. A renderer adds its own filters and globals.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


def template_environment(
    folder: Path, *, keep_trailing_newline: bool = False, bytecode_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """The environment for the templates in ``folder``; a site overrides a template by shadowing it."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        bytecode_cache=bytecode_cache,
    )
