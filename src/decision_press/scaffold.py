"""A decision type → a new draft record file with the next free reference, valid as written.

``decision-press new`` never overwrites: it writes ``data/decisions/<slug>.yaml`` with
exclusive creation, after checking that the scaffold passes the same validation as
every record.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from decision_press.errors import DecisionPressError, InvalidRecords
from decision_press.load.yaml_source import parse_yaml
from decision_press.model import placeholders
from decision_press.model.problems import problems_from_validation_error
from decision_press.model.record import Decision, slugify
from decision_press.model.validate import load_records
from decision_press.select import today
from decision_press.settings import Settings

_TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/decisions.schema.json
# A new draft. Fill in each field, run 'decision-press check', and set status: published
# with signed and published dates when the decision is signed. authors/README.md explains
# how to write a record, authors/fields.md every field.
- reference: {reference}
  title: {title}
  status: draft
  decision_maker: {decision_maker}
  signed:            # YYYY-MM-DD, the day it is signed
  published:         # YYYY-MM-DD, the first day it may be public
  topics: [{topic}]
  summary: |
    {summary}
  recommendations:
    - The {decision_maker} {recommendation_end}
  sections:
{sections}\
  # Once published, every correction gets a dated change note (minor: true for a typo):
  # changes:
  #   - date: YYYY-MM-DD
  #     note: What changed and why.
"""


_SECTIONS = "".join(
    f"    - title: {title}\n      paragraphs:\n        - {paragraph}\n" for title, paragraph in placeholders.SECTIONS
)


def next_reference(settings: Settings, prefix: str) -> str:
    """The next free reference of a type: one more than the highest in use, drafts included.

    For a type whose pattern has a year, the series of this year (in the project's time
    zone): the first CEOD of 2025 is 'CEOD 1-2025', whatever numbers 2024 reached.
    """
    if settings.decision_type(prefix) is None:
        known = ", ".join(t.prefix for t in settings.project.decision_types)
        raise DecisionPressError(f"unknown decision type '{prefix}' (known: {known})")
    taken = [r.decision.reference for r in load_records(settings)]
    return settings.references.next_reference(prefix, taken, today(settings.project.timezone).year)


def scaffold(settings: Settings, prefix: str, title: str | None = None, topic: str = "Topic") -> Path:
    """Write a new draft record file and return its path; never overwrites anything."""
    reference = next_reference(settings, prefix)
    kind = settings.decision_type(prefix)
    assert kind is not None
    text = _TEMPLATE.format(
        reference=reference,
        title=_yaml_text(title or placeholders.TITLE),
        summary=placeholders.SUMMARY,
        recommendation_end=placeholders.RECOMMENDATION_END,
        sections=_SECTIONS,
        decision_maker=kind.decision_maker,
        topic=_yaml_text(topic),
    )
    path = settings.data_dir / "decisions" / f"{slugify(reference)}.yaml"
    display = path.relative_to(settings.root).as_posix()
    parsed = parse_yaml(text.encode(), display)
    if parsed.problems:
        raise InvalidRecords(parsed.problems)
    try:
        Decision.model_validate(parsed.data[0])
    except ValidationError as err:  # a broken template is a bug, but report it like any record
        raise InvalidRecords(problems_from_validation_error(err, display, parsed.source_map, (0,), Decision)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise DecisionPressError(f"{display} already exists; nothing was written") from None
    return path


def _yaml_text(value: str) -> str:
    """Quote a one-line value for YAML so that it stays text whatever it contains."""
    flat = " ".join(value.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'
