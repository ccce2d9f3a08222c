"""A site's templates folder and the package's → the Jinja environment every renderer reads them with.

The package ships every template (``decision_press/templates/web`` and ``.../pdf``), so a
new site needs none. A site's own ``templates/web/`` or ``templates/pdf/`` overrides them
file by file: the site's folder is looked in first, the package's second.

One home for how templates are read: autoescape on (record text is never markup), a name a
template does not have is an error rather than an empty string, block tags leave no blank
lines. A renderer adds its own filters and globals.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The templates shipped with the package: ``web/`` and ``pdf/``."""


def template_folders(site_folder: Path) -> tuple[Path, Path]:
    """A site's ``templates/web`` (or ``pdf``) → it and the package's folder of the same kind, in that order."""
    return site_folder, PACKAGE_TEMPLATES / site_folder.name


def template_file(site_folder: Path, name: str) -> Path:
    """The file ``name`` of a kind of template: the site's when it has one, else the package's."""
    own = site_folder / name
    return own if own.is_file() else PACKAGE_TEMPLATES / site_folder.name / name


def template_environment(
    site_folder: Path, *, keep_trailing_newline: bool = False, bytecode_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """The environment for a kind of template (``site_folder`` is the site's ``templates/web`` or ``pdf``)."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in template_folders(site_folder)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        bytecode_cache=bytecode_cache,
    )
