"""Reference patterns of decision-press.yml → parsed references, canonical spelling, slugs, order, settings problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_press.errors import InvalidRecords
from decision_press.model.record import slugify
from decision_press.model.validate import load_records
from decision_press.references import ParsedReference
from decision_press.settings import Settings, load_settings
from reference_types import add_types


@pytest.fixture
def settings(project: Path) -> Settings:
    add_types(project)
    return load_settings(project)


@pytest.mark.parametrize(
    ("written", "parsed", "canonical", "slug"),
    [
        ("PCD 911", ("PCD", None, 911), "PCD 911", "pcd-911"),
        ("pcd911", ("PCD", None, 911), "PCD 911", "pcd-911"),
        ("PCD 0911", ("PCD", None, 911), "PCD 911", "pcd-911"),
        ("CEOD 35-2024", ("CEOD", 2024, 35), "CEOD 35-2024", "ceod-35-2024"),
        ("CEOD 35 - 2024", ("CEOD", 2024, 35), "CEOD 35-2024", "ceod-35-2024"),
        ("CEOD 26.2023", ("CEOD", 2023, 26), "CEOD 26-2023", "ceod-26-2023"),
        ("DMPCD 2015 67", ("DMPCD", 2015, 67), "DMPCD 2015 67", "dmpcd-2015-67"),
        ("MD2765", ("MD", None, 2765), "MD2765", "md2765"),
        ("MD 2765", ("MD", None, 2765), "MD2765", "md2765"),
        ("KD/2024/013", ("KD", 2024, 13), "KD/2024/013", "kd-2024-013"),
        ("KD/2024/13", ("KD", 2024, 13), "KD/2024/013", "kd-2024-013"),
        ("KD 2024 13", ("KD", 2024, 13), "KD/2024/013", "kd-2024-013"),
        ("KD/2024/1013", ("KD", 2024, 1013), "KD/2024/1013", "kd-2024-1013"),
    ],
)
def test_every_spelling_of_a_reference_reads_as_one_canonical_reference(
    settings: Settings, written: str, parsed: tuple[str, int | None, int], canonical: str, slug: str
) -> None:
    found = settings.references.parse(written)
    assert found == ParsedReference(*parsed)
    assert settings.references.canonical(found) == canonical
    assert slugify(canonical) == slug


@pytest.mark.parametrize(
    "written", ["CEOD 35", "PCD 0", "PCD 911a", "KD/24/13", "DMPCD 201567", "XYZ 5", "PCD-100", "MDA 5"]
)
def test_what_no_pattern_reads(settings: Settings, written: str) -> None:
    assert settings.references.parse(written) is None


def test_the_example_references_keep_their_urls(project: Path) -> None:
    settings = load_settings(project)
    for record in load_records(settings):
        parsed = settings.references.parse(record.decision.reference)
        assert parsed is not None and settings.references.canonical(parsed) == record.decision.reference
    slugs = {r.decision.reference: r.decision.slug for r in load_records(settings)}
    assert slugs["PCD 911"] == "pcd-911" and slugs["PCD 1320"] == "pcd-1320"


def test_references_sort_by_year_then_number(settings: Settings) -> None:
    written = [
        "CEOD 10-2024",
        "CEOD 2-2024",
        "CEOD 35-2023",
        "DMPCD 2016 3",
        "DMPCD 2015 158",
        "KD/2024/013",
        "KD/2023/200",
    ]
    ordered = sorted(written, key=settings.references.sort_key)
    assert ordered == [
        "DMPCD 2015 158",
        "DMPCD 2016 3",
        "CEOD 35-2023",
        "KD/2023/200",
        "CEOD 2-2024",
        "CEOD 10-2024",
        "KD/2024/013",
    ]
    assert sorted(["PCD 1012", "PCD 99", "PCD 911"], key=settings.references.sort_key) == [
        "PCD 99",
        "PCD 911",
        "PCD 1012",
    ]


def test_references_are_found_in_running_text_in_every_accepted_spelling(settings: Settings) -> None:
    finder = settings.references.running_text
    assert finder is not None
    text = (
        "Funding was approved by CEOD 35 - 2024 and CEOD 26.2023, following PCD 911. The older "
        "DMPCD 2015 67 and MD2765 are cited, as is KD/2024/013; XPCD 5, PCD 12a and MDA 7 are not references."
    )
    found = [m.group(0) for m in finder.finditer(text)]
    assert found == ["CEOD 35 - 2024", "CEOD 26.2023", "PCD 911", "DMPCD 2015 67", "MD2765", "KD/2024/013"]
    assert [str(settings.references.key(f)) for f in found][:2] == [
        str(ParsedReference("CEOD", 2024, 35)),
        str(ParsedReference("CEOD", 2023, 26)),
    ]


def test_next_reference_continues_this_years_series(settings: Settings) -> None:
    taken = ["CEOD 35-2024", "CEOD 4-2025", "CEOD 3-2025", "PCD 1400", "KD/2025/009"]
    assert settings.references.next_reference("CEOD", taken, 2025) == "CEOD 5-2025"
    assert settings.references.next_reference("CEOD", taken, 2026) == "CEOD 1-2026"
    assert settings.references.next_reference("KD", taken, 2025) == "KD/2025/010"
    assert settings.references.next_reference("PCD", taken, 2026) == "PCD 1401"  # no year: one series


# -- the settings file --------------------------------------------------------------------------


def _type(prefix: str, reference: str, accept: str = "") -> str:
    lines = [f"  - prefix: {prefix}", f'    reference: "{reference}"']
    if accept:
        lines.append(f'    accept: ["{accept}"]')
    lines += [
        "    name: A type",
        "    form_title: A Decision",
        "    decision_maker: Someone",
        "    addressee: them",
        "    declaration: I decide.",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (_type("KD", "KD/{year}/{num}"), "reference", "unknown token '{num}'"),
        (_type("KD", "KD/{year}"), "reference", "the pattern has no {number}"),
        (_type("KD", "KD {number}{year}"), "reference", "put a space or other text between two tokens"),
        (_type("KD", "KD #{number}"), "reference", "not '#'"),
        (_type("KD", "KD {number}", "KD/{year}/{nmber}"), "accept", "unknown token '{nmber}'"),
        (_type("KD", "DK {number}"), "reference", "does not begin with the type's prefix 'KD'"),
        (_type("KD", "KDX {number}"), "reference", "does not begin with the type's prefix 'KD'"),
        (_type("KD", "KD/{year}/{number}", "KD {number}"), "accept", "does not have the same tokens"),
        (_type("PCD", "PCD/{number}"), "prefix", "the references of the two types would overlap"),
    ],
)
def test_a_pattern_that_cannot_work_is_reported_at_its_line(
    project: Path, extra: str, field: str, message: str
) -> None:
    path = add_types(project, extra)
    with pytest.raises(InvalidRecords) as raised:
        load_settings(project)
    lines = path.read_text(encoding="utf-8").splitlines()
    start = len(lines) - extra.count("\n")  # the added type's first line, counted from 0
    key = "  - prefix" if field == "prefix" else f"    {field}:"
    index = next(i for i in range(start, len(lines)) if lines[i].startswith(key))
    column = (lines[index].index("prefix") if field == "prefix" else len(f"    {field}: ")) + 1
    if field == "reference":
        column = lines[index].index("reference") + 1
    elif field == "accept":
        column = lines[index].index('"') + 1  # the spelling itself, the first of the list
    position = f"decision-press.yml:{index + 1}:{column}: decision_types[{len(load_types(project)) - 1}]."
    report = raised.value.report()
    assert position in report and message in report, report


def load_types(project: Path) -> list[str]:
    """The prefixes in the settings file, in order (read as text: the file does not load)."""
    text = (project / "decision-press.yml").read_text(encoding="utf-8")
    return [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("  - prefix:")]
