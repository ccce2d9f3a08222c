"""``decision-press import`` as an author runs it: what it writes, what it reports, what it refuses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from decision_press.load.yaml_source import parse_yaml

from .conftest import SEED, place_documents, run, write_metadata

SEED_ROW = "PCD 911,2020-10-08,2020-10-15,Sophie Linden,Drugs;County Lines;Grant funding"
RECORD = "data/decisions/pcd-911.yaml"


def files_of(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "data").rglob("*")) if p.is_file()
    }


def test_the_seed_with_its_metadata_row_imports_and_passes_check(archive: Path) -> None:
    metadata = write_metadata(archive, SEED_ROW)
    code, output = run(archive, "import", str(SEED), "--metadata", str(metadata))
    assert code == 0, output
    assert output.splitlines()[0].endswith(f"pcd-911.txt: imported to {RECORD}")
    # What is left for the author: only the PDFs of the signed form and the appendix.
    attention = [line.strip() for line in output.splitlines() if line.startswith("    ")]
    assert [re.sub(r":\d+:\d+:", ":L:C:", line).split(": put")[0] for line in attention] == [
        f"{RECORD}:L:C: [0].attachments[0].file",
        f"{RECORD}:L:C: [0].attachments[1].file",
    ]
    code, output = run(archive, "check")
    assert code == 1 and "the file 'data/attachments/pcd-911-signed.pdf' does not exist" in output
    assert place_documents(archive) == [
        "data/attachments/pcd-911-signed.pdf",
        "data/attachments/pcd-911-appendix-1-mps-report-grant-funding-for-piloting-a.pdf",
    ]
    code, output = run(archive, "check")
    assert code == 0, output
    record = yaml.safe_load((archive / RECORD).read_text(encoding="utf-8"))[0]
    assert record["decision_maker"] == {"role": "Deputy Mayor for Policing and Crime", "name": "Sophie Linden"}
    assert (str(record["signed"]), str(record["published"])) == ("2020-10-08", "2020-10-15")
    assert record["topics"] == ["Drugs", "County Lines", "Grant funding"]


def test_importing_again_writes_nothing_and_says_so(archive: Path) -> None:
    metadata = write_metadata(archive, SEED_ROW)
    run(archive, "import", str(SEED), "--metadata", str(metadata))
    before = files_of(archive)
    code, output = run(archive, "import", str(SEED), "--metadata", str(metadata))
    assert code == 0
    lines = output.splitlines()
    assert lines[0].endswith(f"pcd-911.txt: skipped: PCD 911 is already at {RECORD}:6")
    assert lines[-1] == "0 imported, 1 skipped, 0 not imported; nothing was written."
    assert files_of(archive) == before


def test_a_record_already_in_the_register_is_skipped_where_it_is(project: Path) -> None:
    code, output = run(project, "import", str(SEED))
    assert code == 0
    assert "pcd-911.txt: skipped: PCD 911 is already at data/decisions.yaml:5" in output
    assert not (project / RECORD).exists()


def test_without_metadata_every_gap_is_listed_at_its_line_and_check_reports_them(archive: Path) -> None:
    code, output = run(archive, "import", str(SEED))
    assert code == 0
    text = (archive / RECORD).read_text(encoding="utf-8")
    lines = text.splitlines()

    def line_of(start: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(start))

    for field, start in [
        ("decision_maker.name", "name:"),
        ("signed", "signed:"),
        ("published", "published:"),
        ("topics[0]", '- "TO BE COMPLETED"'),
    ]:
        assert re.search(rf"{RECORD}:{line_of(start)}:\d+: \[0\]\.{re.escape(field)}: ", output), (field, output)
    assert "signed: YYYY-MM-DD  # not on the page or in the metadata: write the date" in text
    code, output = run(archive, "check")
    assert code == 1
    assert f"{RECORD}:{line_of('signed:')}:" in output and f"{RECORD}:{line_of('published:')}:" in output
    # With the dates written, check names the gaps that remain, each at its line.
    (archive / RECORD).write_text(
        text.replace("signed: YYYY-MM-DD", "signed: 2020-10-08").replace(
            "published: YYYY-MM-DD", "published: 2020-10-15"
        ),
        encoding="utf-8",
    )
    place_documents(archive)
    code, output = run(archive, "check")
    assert code == 1
    for start in ("name:", '- "TO BE COMPLETED"'):
        assert f"{RECORD}:{line_of(start)}:" in output and "still 'TO BE COMPLETED'" in output, output


def test_yaml_looking_and_hostile_sentences_stay_text(archive: Path, tmp_path: Path) -> None:
    hostile = [
        "key: value",
        "!!python/object/apply:os.system ['echo pwned']",
        "&anchor *alias ? [a, b] {c: d} | > % @ `",
        "{{ config }} {% raw %} <script>alert(1)</script> &amp; \"quoted\" 'single' \\n",
        "1. not a list",
        "- not a bullet",
    ]
    page = tmp_path / "hostile.txt"
    body = SEED.read_text(encoding="utf-8").replace(
        "1.1. This papers seeks", "1.1. " + " ".join(hostile) + " This papers seeks"
    )
    page.write_text(body, encoding="utf-8")
    code, output = run(archive, "import", str(page), "--metadata", str(write_metadata(archive, SEED_ROW)))
    assert code == 0, output
    parsed = parse_yaml((archive / RECORD).read_bytes(), RECORD)
    assert parsed.problems == []
    paragraph = parsed.data[0]["sections"][0]["paragraphs"][0]
    assert isinstance(paragraph, str) and paragraph.startswith("key: value !!python")
    place_documents(archive)
    code, output = run(archive, "check")
    assert code == 0, output


def test_pages_that_cannot_be_imported_are_named_and_nothing_is_written(archive: Path, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\x00\x00")
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of a meeting\n", encoding="utf-8")
    no_reference = tmp_path / "no-reference.txt"
    no_reference.write_text(SEED.read_text(encoding="utf-8").rsplit("\n", 1)[0] + "\nA title only\n", encoding="utf-8")
    code, output = run(archive, "import", str(binary), str(notes), str(no_reference), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "scan.txt: not imported: it is not text (a NUL byte at offset 8)" in output
    assert "notes.txt: not imported: no reader knows this page's format" in output
    assert "no-reference.txt: not imported: no reference found" in output
    assert "missing.txt: not imported: cannot read it: No such file or directory" in output
    assert output.splitlines()[-1] == "0 imported, 0 skipped, 4 not imported; nothing was written."
    assert "Traceback" not in output
    assert list((archive / "data" / "decisions").glob("*")) == []


def test_a_bad_metadata_file_stops_the_import_before_any_write(archive: Path) -> None:
    metadata = archive / "metadata.csv"
    metadata.write_text("ref,date\nPCD 911,2020-10-08\n", encoding="utf-8")
    code, output = run(archive, "import", str(SEED), "--metadata", str(metadata))
    assert code == 1
    assert output.startswith("metadata.csv:1:1: the header must be exactly")
    assert "Traceback" not in output and list((archive / "data" / "decisions").glob("*")) == []


def test_into_another_folder_and_a_file_in_the_way_is_never_overwritten(archive: Path) -> None:
    into = archive / "data" / "decisions" / "imported"
    code, output = run(archive, "import", str(SEED), "--into", str(into))
    assert code == 0 and "imported to data/decisions/imported/pcd-911.yaml" in output
    text = (into / "pcd-911.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/decisions.schema.json")
    # A file at the target name that holds no record of that reference is left as it is.
    shutil.move(into / "pcd-911.yaml", archive / "elsewhere.yaml")
    (into / "pcd-911.yaml").write_text("# an author's notes\n", encoding="utf-8")
    code, output = run(archive, "import", str(SEED), "--into", str(into))
    assert code == 0 and "skipped: data/decisions/imported/pcd-911.yaml already exists" in output
    assert (into / "pcd-911.yaml").read_text(encoding="utf-8") == "# an author's notes\n"
    assert [p.name for p in into.iterdir()] == ["pcd-911.yaml"]  # no temporary file left behind


def test_a_records_file_that_cannot_be_read_stops_the_import_naming_it(archive: Path) -> None:
    broken = archive / "data" / "decisions" / "broken.yaml"
    broken.write_text("- reference: PCD 911\n  title: [unclosed\n", encoding="utf-8")
    code, output = run(archive, "import", str(SEED))
    assert code == 1
    assert output.startswith("data/decisions/broken.yaml:") and "not valid YAML" in output
    assert "Traceback" not in output and not (archive / RECORD).exists()
