"""Decision types of other bodies, added to the example project: the GLA's 'MD2765', a council's 'KD/2024/013'."""

from __future__ import annotations

from pathlib import Path

GLA_AND_COUNCIL = """\
  - prefix: MD
    reference: MD{number}
    name: Mayoral decision
    form_title: Mayoral Decision
    decision_maker: Mayor of London
    addressee: the Mayor
    declaration: I take the decision set out above.
  - prefix: KD
    reference: KD/{year}/{number:3}
    accept: ["KD {year} {number}"]
    name: Key decision
    form_title: Key Decision
    decision_maker: Cabinet
    addressee: the Cabinet
    declaration: The Cabinet takes the decision set out above.
"""


def add_types(project: Path, types: str = GLA_AND_COUNCIL) -> Path:
    """Append ``types`` to the project's decision_types (the last list of decision-press.yml)."""
    settings = project / "decision-press.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + types, encoding="utf-8")
    return settings
