"""Project settings (``decision-press.yml``) → :class:`Settings`, shared by the CLI and the plugin.

The settings say who publishes (the organisation), which decision types exist (the
reference prefixes and how each type's form is headed), and where the records live. They
are read with the same strict YAML loader and reported with the same ``file:line:col``
messages as the records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, Field, ValidationError, field_validator

from decision_press.errors import InvalidRecords, Problem, display_path
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.load.yaml_source import parse_yaml
from decision_press.model.problems import format_field, problems_from_validation_error
from decision_press.model.types import STRICT, Flag, Line, Text
from decision_press.references import (
    ReferenceFormats,
    ReferencePattern,
    TypeFormat,
    default_pattern,
    pattern_problems,
)

SETTINGS_FILE = "decision-press.yml"
SETTINGS_LIMIT = 1_048_576
"""The largest settings file read (a real one is a few kilobytes)."""


def _compiles(pattern: str) -> str:
    ReferencePattern.compile(pattern)  # its PatternError (a ValueError) is reported at the field
    return pattern


PatternText = Annotated[Line, AfterValidator(_compiles)]
"""A reference pattern such as 'CEOD {number}-{year}'."""


class DecisionType(BaseModel):
    """One kind of decision, recognised by its reference prefix."""

    model_config = STRICT
    prefix: str = Field(pattern=r"^[A-Z]{1,6}$", description="Reference prefix, e.g. 'PCD'.")
    spaced: Flag = Field(True, description="Whether references put a space after the prefix ('PCD 911').")
    name: Line = Field(description="Name of the type in the register, e.g. 'DMPC decision'.")
    form_title: Line = Field(description="Form heading before the reference, e.g. 'DMPC Decision'.")
    decision_maker: Line = Field(description="The role that signs this type of decision.")
    addressee: Line = Field(description="Short name of the decision maker in headings, e.g. 'the DMPC'.")
    recommendation_intro: Line | None = Field(None, description="Default lead-in of the recommendations.")
    declaration: Text = Field(description="The decision maker's declaration printed above the signature.")
    approval_statement: Text | None = Field(None, description="The officer approval statement, if this type has one.")
    reference: PatternText | None = Field(
        None,
        description="How references of this type are written: the prefix, then the tokens {number} "
        "(or {number:3}, at least three digits with leading zeros) and {year} (four digits) between "
        "literal text, e.g. 'CEOD {number}-{year}', 'DMPCD {year} {number}', 'KD/{year}/{number:3}'. "
        "Default: the prefix, a space unless 'spaced' is false, and {number}.",
    )
    also_called: list[Line] = Field(
        default_factory=list,
        max_length=20,
        description="Other names of the decision maker in headings and lead-ins, e.g. ['DMPC'] or ['CEO']: "
        "'check' warns about text addressed to anyone else ('facts and advice to the CEO' in a DMPC decision).",
    )
    accept: list[PatternText] = Field(
        default_factory=list,
        max_length=20,
        description="Older spellings read as this type's references, e.g. 'CEOD {number}.{year}'; "
        "spacing and case never matter. The records write the 'reference' pattern.",
    )
    signatories: list[Line] = Field(
        default_factory=list,
        max_length=10,
        description="Further people who sign this type's form, by role (e.g. 'Director of Finance'), "
        "after the decision maker and the approving officer: the form for signature has an empty "
        "signature and date box for each.",
    )

    @property
    def pattern(self) -> str:
        """The reference pattern: 'reference', else the prefix and {number}."""
        return self.reference or default_pattern(self.prefix, self.spaced)

    @cached_property
    def reference_format(self) -> TypeFormat:
        """Reads and writes this type's references."""
        return TypeFormat.compile(self.prefix, self.pattern, self.accept)


class Organisation(BaseModel):
    """The public body that publishes the decisions."""

    model_config = STRICT
    name: Line = Field(description='Full name, e.g. "Mayor\'s Office for Policing and Crime".')
    short_name: Line = Field(description="Short name, e.g. 'MOPAC'.")
    email: Line = Field(description="Where the public asks for another format or reports a problem.")
    address: Text | None = Field(None, description="Postal address for requests (optional).")


class Signing(BaseModel):
    """The seal: a certificate that seals every generated PDF, and the root that vouches for it."""

    model_config = STRICT
    certificate: Line = Field(
        description="The PKCS#12 file (.p12 or .pfx) holding the sealing key and its certificate chain, "
        "relative to the project or absolute. It must lie outside the project folder, so that the key "
        "is never committed or published with the records."
    )
    password_env: str = Field(
        pattern=r"^[A-Z_][A-Z0-9_]{0,63}$",
        description="Name of the environment variable holding the PKCS#12 file's password (never the "
        "password itself), e.g. DECISION_PRESS_SEAL_PASSWORD.",
    )
    trust_root: Line | None = Field(
        None,
        description="A PEM file with the root certificate that 'decision-press verify' checks seals "
        "against when given no --trust (public: it may be committed).",
    )


class ProjectFile(BaseModel):
    """The whole of ``decision-press.yml``."""

    model_config = STRICT
    organisation: Organisation = Field(description="The public body that publishes the decisions.")
    decision_types: list[DecisionType] = Field(min_length=1, description="Every kind of decision, by reference prefix.")
    timezone: Line = Field("Europe/London", description="Time zone whose calendar decides 'today'.")
    public_repository: Flag = Field(
        False,
        description="Whether the repository that holds the records is public. Only then do pages show "
        "'Edit this page' (with repo_url and edit_uri in mkdocs.yml), and never on a decision "
        "whose file also holds a draft, a decision not yet published or Part 2 text.",
    )
    register_rows: int = Field(
        100,
        ge=1,
        le=100_000,
        description="How many of the newest decisions the register page lists itself. The rest are "
        "fetched when a reader filters or sorts, and every decision is listed on the page "
        "of the year it was signed; a short page keeps the register quick to open.",
    )
    signing: Signing | None = Field(
        None,
        description="Seal every generated PDF at build time with an invisible PAdES signature (see "
        "authors/README.md, 'The seal'). Without it the PDFs are not sealed; the manifest of every "
        "PDF's SHA-256 is published either way.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        # Checked here, so that a typo is a file:line:col problem, not a traceback at build time.
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                f"unknown time zone {value!r}: use an IANA time zone name such as 'Europe/London' or 'UTC'"
            ) from None
        return value


@dataclass(frozen=True)
class Settings:
    """Everything a stage needs to know about the project, with resolved paths."""

    root: Path
    project: ProjectFile

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        """The site's own templates (web/, pdf/), each overriding the package's file of the same name."""
        return self.root / "templates"

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def fonts_dir(self) -> Path:
        """The bundled fonts: drawn into the PDFs, served to browsers, checked against the records."""
        return self.assets_dir / "fonts"

    @property
    def site_dir(self) -> Path:
        """Where ``decision-press build`` puts the live site unless told otherwise."""
        return self.root / "site"

    def record_files(self) -> list[Path]:
        """``data/decisions.yaml`` then every ``data/decisions/*.yaml``, in a stable order."""
        main = self.data_dir / "decisions.yaml"
        extra = sorted((self.data_dir / "decisions").glob("*.yaml"))
        # Anything at the main file's name is read, so that a FIFO or a folder there is
        # reported by the loader rather than silently skipped.
        return ([main] if main.exists() or main.is_symlink() else []) + extra

    def decision_type(self, prefix: str) -> DecisionType | None:
        return next((t for t in self.project.decision_types if t.prefix == prefix), None)

    @cached_property
    def references(self) -> ReferenceFormats:
        """Every type's reference patterns: parsing, canonical spelling, links in running text."""
        return ReferenceFormats(t.reference_format for t in self.project.decision_types)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``decision-press.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if os.path.lexists(folder / SETTINGS_FILE):  # a FIFO or folder there is reported when read
            return folder
    raise InvalidRecords(
        [
            Problem(
                display_path(here / SETTINGS_FILE),
                0,
                0,
                "",
                f"no {SETTINGS_FILE} here or in any folder above",
                "run the command inside a Decision Press project",
            )
        ]
    )


def load_settings(root: Path | None = None) -> Settings:
    """Read and validate ``decision-press.yml``; raises :class:`InvalidRecords` on problems."""
    root = find_root(root)
    path = root / SETTINGS_FILE
    display = display_path(path, root)
    try:
        data = read_regular_file(path, SETTINGS_LIMIT)
    except FileRefused as err:
        hint = f"{SETTINGS_FILE} must be an ordinary, small text file"
        raise InvalidRecords([Problem(display, 0, 0, "", f"cannot read the file: {err.reason}", hint)]) from None
    except OSError as err:
        raise InvalidRecords([Problem(display, 0, 0, "", f"cannot read the file: {err.strerror}")]) from None
    parsed = parse_yaml(data, display)
    if parsed.problems:
        raise InvalidRecords(parsed.problems)
    try:
        project = ProjectFile.model_validate(parsed.data)
    except ValidationError as err:
        raise InvalidRecords(problems_from_validation_error(err, display, parsed.source_map, (), ProjectFile)) from None
    patterns = [(t.prefix, t.pattern, t.accept) for t in project.decision_types]
    problems = []
    for found in pattern_problems(patterns):
        where = ("decision_types", found.index, *found.field)
        position = parsed.source_map.locate(where)
        problems.append(
            Problem(display, position.line, position.column, format_field(where), found.message, found.hint)
        )
    if problems:
        raise InvalidRecords(problems)
    return Settings(root=root, project=project)


def setting_at(settings: Settings, *path: str) -> str:
    """Where a setting is written, as editors jump to it: 'decision-press.yml:31:16: signing.certificate'.

    For problems found after the settings were read (a missing environment variable, a file the
    setting names): the file is parsed again, which costs little next to the build that needs it.
    """
    file = settings.root / SETTINGS_FILE
    try:
        parsed = parse_yaml(read_regular_file(file, SETTINGS_LIMIT), SETTINGS_FILE)
        position = parsed.source_map.locate(path)
        where = f"{position.line}:{position.column}"
    except (FileRefused, OSError):
        where = "0:0"
    return f"{display_path(file, settings.root)}:{where}: {'.'.join(path)}"
