"""Validated records → warnings about defects found in real published registers.

Each check looks for a mistake that public registers have actually published: a sum typed
two ways (a summary said £246,700 where the recommendation and the grant said £264,700),
and text addressed to another decision maker than the one who decides (a DMPC decision
headed "facts and advice to the CEO", pasted from a Chief Executive decision). They are
warnings, as a human has to judge them; ``check --strict`` makes them errors.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

from decision_press.errors import Problem
from decision_press.load.yaml_source import Path_
from decision_press.model.record import Decision
from decision_press.model.sourced import SourcedDecision
from decision_press.settings import DecisionType, Settings

Report = Callable[[SourcedDecision, Path_, str, str], Problem]
"""Makes a problem at a field of a record: the rules' reporter (record, where, message, hint)."""

_MONEY = re.compile(
    r"£\s?(?P<figure>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?\s?(?P<scale>bn|billion|m|million|k)?(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SCALES = {"k": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
_FACTS_AND_ADVICE = re.compile(r"facts and advice to (?P<who>[^.:;\n]+)", re.IGNORECASE)
_ASKED = re.compile(r"^\s*the (?P<who>.+?) (?:is|are) (?:recommended|asked|requested|invited) to\b", re.IGNORECASE)


def _warning(problem: Problem) -> Problem:
    return dataclasses.replace(problem, severity="warning")


# -- sums typed two ways ------------------------------------------------------------------


def amounts_in(text: str) -> Iterator[tuple[str, Decimal]]:
    """Each sum of money written in ``text``: ('£246,700', 246700), ('£3.2m', 3200000)."""
    for match in _MONEY.finditer(text):
        try:
            value = Decimal(match["figure"].replace(",", "") + (match["fraction"] or ""))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            continue
        scale = _SCALES.get((match["scale"] or "").lower(), 1)
        yield match.group(0).strip(), value * scale


def _swapped_digits(one: Decimal, other: Decimal) -> bool:
    """Whether two sums differ only by two neighbouring digits swapped: 246,700 and 264,700."""
    a, b = format(one.normalize(), "f"), format(other.normalize(), "f")
    if len(a) != len(b) or a == b:
        return False
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    first, second = differ
    return a[first] == b[second] and a[second] == b[first]


def _record_sums(decision: Decision) -> list[tuple[str, Decimal]]:
    """The sums the record states as data: 'amount', each 'financial' line, their total."""
    sums = [("amount", decision.amount)] if decision.amount is not None else []
    sums += [(f"financial[{i}]", fact.amount) for i, fact in enumerate(decision.financial)]
    if len(decision.financial) > 1:
        sums.append(("the total of 'financial'", sum((f.amount for f in decision.financial), Decimal(0))))
    return sums


def _texts_with_sums(decision: Decision) -> Iterator[tuple[Path_, str]]:
    yield ("summary",), decision.summary
    for r_index, recommendation in enumerate(decision.recommendations):
        yield ("recommendations", r_index), recommendation.text
        for i_index, item in enumerate(recommendation.items):
            yield ("recommendations", r_index, "items", i_index), item


def amounts_disagree(records: list[SourcedDecision], settings: Settings, report: Report) -> Iterator[Problem]:
    """A sum in the summary or a recommendation that is a record's sum with two digits swapped.

    Only a swap of neighbouring digits is reported: a text names many other sums (a total,
    a share, last year's figure) that the data rightly leaves out, but 264,700 written as
    246,700 is nearly always the same sum mistyped.
    """
    for record in records:
        sums = _record_sums(record.decision)
        if not sums:
            continue
        for where, text in _texts_with_sums(record.decision):
            for written, value in amounts_in(text):
                if any(value == known for _, known in sums):
                    continue
                for field, known in sums:
                    if _swapped_digits(value, known):
                        yield _warning(
                            report(
                                record,
                                where,
                                f"the text says {written}, but {field} is £{known:,}: two digits swapped?",
                                "correct whichever figure is wrong; 'check --strict' refuses this until then",
                            )
                        )
                        break


# -- text addressed to another decision maker ---------------------------------------------


def _plain(name: str) -> str:
    """'the Deputy Mayor for Policing and Crime (DMPC)' → 'deputy mayor for policing and crime dmpc'."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def names_of(kind: DecisionType) -> set[str]:
    """Every name the type's decision maker goes by: role, addressee, their short forms, 'also_called'."""
    names = {kind.decision_maker, kind.addressee, *kind.also_called}
    for name in list(names):
        names.update(re.findall(r"\(([^()]+)\)", name))  # 'the ... (DMPC)' → 'DMPC'
        names.add(re.sub(r"\s*\([^()]*\)", "", name))
    return {_plain(name) for name in names if _plain(name)}


def _addressed_to(decision: Decision) -> Iterator[tuple[Path_, str]]:
    """Where a record's text names who it is addressed to: 'facts and advice to X', 'The X is asked to'."""
    for s_index, section in enumerate(decision.sections):
        if found := _FACTS_AND_ADVICE.search(section.title):
            yield ("sections", s_index, "title"), found["who"]
        for p_index, paragraph in enumerate(section.paragraphs):
            if paragraph.text and (found := _FACTS_AND_ADVICE.search(paragraph.text)):
                yield ("sections", s_index, "paragraphs", p_index), found["who"]
    if found := _FACTS_AND_ADVICE.search(decision.summary):
        yield ("summary",), found["who"]
    if decision.recommendation_intro and (found := _ASKED.search(decision.recommendation_intro)):
        yield ("recommendation_intro",), found["who"]


def addressed_to_another(records: list[SourcedDecision], settings: Settings, report: Report) -> Iterator[Problem]:
    """Text addressed to someone other than the decision maker of the record's type."""
    names_by_type: dict[str, set[str]] = {}
    for record in records:
        kind = settings.decision_type(record.decision.prefix)
        if kind is None:
            continue  # reported as an unknown type
        names = names_by_type.get(kind.prefix)
        if names is None:
            names = names_by_type[kind.prefix] = names_of(kind)
        for where, who in _addressed_to(record.decision):
            plain = _plain(who)
            # Running text goes on after the name ('... advice to the DMPC are set out below').
            if any(plain == name or plain.startswith(f"{name} ") for name in names):
                continue
            yield _warning(
                report(
                    record,
                    where,
                    f"addressed to '{' '.join(who.split()[:8])}', but a {kind.name} is taken by {kind.addressee}",
                    "text pasted from another type of decision? Name this decision's decision maker "
                    f"(or list the name under also_called of {kind.prefix} in decision-press.yml)",
                )
            )
