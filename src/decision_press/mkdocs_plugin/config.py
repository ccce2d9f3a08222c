"""``plugins: - decision-press: {...}`` in mkdocs.yml → typed plugin options."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class DecisionPressConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the decision-press MkDocs plugin."""

    enabled = c.Type(bool, default=True)
    """Set to false to build the hand-written pages only (no records, no PDFs)."""
    pdf_cache = c.Type(str, default=".cache/decision-press/pdf")
    """Folder (relative to mkdocs.yml) where rendered PDFs are kept between builds."""
    as_of = c.Optional(c.Type(str))
    """Refused when set: a build date belongs to the build (``decision-press build --as-of``, or
    ``$DECISION_PRESS_AS_OF`` for plain ``mkdocs build``/``serve``), never to a committed file.
    Declared so that the refusal says why, rather than MkDocs calling the option unknown."""
