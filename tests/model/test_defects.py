"""Defects seen in real registers → warnings at file:line:col, errors under 'check --strict'."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from decision_press.cli import main
from decision_press.model.defects import amounts_in

RECORD = """\
- reference: PCD 2003
  title: Home Office grip funding uplift
  status: published
  decision_maker: Deputy Mayor for Policing and Crime
  signed: 2024-02-01
  published: 2024-02-08
  topics: [Grant funding]
  financial:
    - amount: 919250
      description: Home Office uplift
    - amount: 264700
      description: Grant to the Jill Dando Institute
  summary: The uplift of £919,250 funds a grant of £246,700 to the Jill Dando Institute, part of £1.2m over three years.
  recommendation_intro: "The CEO is recommended to:"
  recommendations:
    - Approve a grant of £264,700 to the Jill Dando Institute.
    - text: "Approve:"
      items:
        - a grant of £150,000 to British Transport Police;
        - the uplift of £919,520.
  sections:
    - title: Non-confidential facts and advice to the Chief Executive
      paragraphs:
        - The example paragraph.
    - title: Introduction and background
      paragraphs:
        - This is advice to the DMPC, as the facts and advice to the DMPC always are.
"""


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


def test_sums_are_read_as_written() -> None:
    text = "£246,700, £1.2m, £3,186.2m, £60k, £ 500 and £2bn; not 500 or £x."
    assert list(amounts_in(text)) == [
        ("£246,700", Decimal(246700)),
        ("£1.2m", Decimal("1.2") * 1_000_000),
        ("£3,186.2m", Decimal("3186.2") * 1_000_000),
        ("£60k", Decimal(60_000)),
        ("£ 500", Decimal(500)),
        ("£2bn", Decimal(2_000_000_000)),
    ]


def test_real_register_defects_are_warnings_at_their_lines(project: Path) -> None:
    path = project / "data" / "decisions" / "defects.yaml"
    path.write_text(RECORD, encoding="utf-8")
    code, output = run(project, "check", str(path))
    assert code == 0, output
    shown = "data/decisions/defects.yaml"
    warnings = [line for line in output.splitlines() if line.startswith(shown)]
    assert warnings == [
        f"{shown}:13:3: warning: [0].summary: the text says £246,700, but financial[1] is £264,700: "
        "two digits swapped?",
        f"{shown}:14:3: warning: [0].recommendation_intro: addressed to 'CEO', but a DMPC decision is taken by "
        "the Deputy Mayor for Policing and Crime (DMPC)",
        f"{shown}:20:11: warning: [0].recommendations[1].items[1]: the text says £919,520, but financial[0] is "
        "£919,250: two digits swapped?",
        f"{shown}:22:7: warning: [0].sections[0].title: addressed to 'the Chief Executive', but a DMPC decision is "
        "taken by the Deputy Mayor for Policing and Crime (DMPC)",
    ]
    code, output = run(project, "check", "--strict", str(path))
    assert code == 1
    assert "4 problems found in the records" in output
