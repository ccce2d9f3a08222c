"""The ``decision-press`` command: thin verbs over the core, domain errors turned into exit codes.

Bad input never produces a traceback: problems are printed as ``file:line:col: field:
message`` and the command exits with status 1. A traceback means a bug in Decision Press.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from decision_press import __version__
from decision_press.build_lock import DEFAULT_WAIT
from decision_press.errors import BuildFailed, DecisionPressError, InvalidRecords, count_of, display_path
from decision_press.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def _reports_errors(command: F) -> F:
    """Print domain errors for people (never a traceback) and exit with status 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidRecords as err:
            click.echo(err.report(), err=True)
            raise SystemExit(1) from None
        except DecisionPressError as err:
            click.echo(f"decision-press: {err}", err=True)
            raise SystemExit(1) from None

    return wrapper  # type: ignore[return-value]


def _settings(ctx: click.Context) -> Settings:
    root = ctx.obj.get("root") if ctx.obj else None
    return load_settings(Path(root) if root else None)


def _as_of(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD, e.g. 2026-11-26") from None
    return value


def _as_of_option(help_text: str) -> Callable[[F], F]:
    """The build date option, written one way for every command that takes it."""
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        callback=lambda c, p, v: _as_of(v),
        metavar="YYYY-MM-DD",
        help=help_text,
    )


def _wait_option(help_text: str) -> Callable[[F], F]:
    """How long a command waits for the project's lock (:mod:`decision_press.build_lock`)."""
    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=DEFAULT_WAIT,
        show_default=True,
        metavar="SECONDS",
        help=help_text,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="decision-press")
@click.option(
    "--project",
    "root",
    type=click.Path(file_okay=False, exists=True),
    help="Project folder (default: the nearest folder with decision-press.yml).",
)
@click.pass_context
def main(ctx: click.Context, root: str | None) -> None:
    """Publish a public body's formal decisions from YAML records.

    Authors write decisions in data/decisions.yaml (and data/decisions/*.yaml).
    'check' finds every mistake at once, 'new' starts a record with the next free
    reference, and 'build' makes the website with every PDF in site/.
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit with status 1 on any).")
@click.pass_context
@_reports_errors
def check(ctx: click.Context, paths: tuple[Path, ...], strict: bool) -> None:
    """Check records for mistakes, reporting each as file:line:col.

    With no PATHS, checks data/decisions.yaml and every data/decisions/*.yaml.
    Exits with status 1 when anything is wrong. Warnings (such as an attached PDF
    without tags) are printed as file:line:col: warning: and leave the status 0,
    unless --strict. Cross-record rules (unique references, related decisions that
    exist) apply to the files given. With no PATHS, every decision listed in
    data/published.lock must keep its public content, unless a change note was added
    since 'publish' recorded it.
    """
    from decision_press.model.validate import load_checked
    from decision_press.published import lock_problems

    settings = _settings(ctx)
    checked = load_checked(settings, list(paths) or None, strict=strict)
    records = checked.records
    if not paths:  # the published state covers every record, so only a check of them all compares it
        silent_edits = lock_problems(settings, records)
        if silent_edits:
            raise InvalidRecords([*silent_edits, *checked.warnings])
    for warning in checked.warnings:
        click.echo(warning.format(), err=True)
    files = sorted({display_path(path, settings.root) for path in {r.path for r in records}})
    warned = f"; {count_of(len(checked.warnings), 'warning')} above" if checked.warnings else ""
    click.echo(
        f"OK: {len(records)} record{'s' if len(records) != 1 else ''} valid in "
        f"{len(files)} file{'s' if len(files) != 1 else ''} ({', '.join(files)}){warned}"
    )


@main.command()
@click.option(
    "--type",
    "prefix",
    default=None,
    metavar="PREFIX",
    help="Decision type by reference prefix, e.g. PCD (default: the first type in decision-press.yml).",
)
@click.option("--title", default=None, help="Title of the new decision.")
@click.option("--topic", default="Topic", show_default=True, help="A first topic.")
@click.pass_context
@_reports_errors
def new(ctx: click.Context, prefix: str | None, title: str | None, topic: str) -> None:
    """Start a new draft decision with the next free reference.

    Writes data/decisions/<reference>.yaml (never overwriting a file) with every
    required field in place, valid as written. Edit it, then run 'check'.
    """
    from decision_press.scaffold import scaffold

    settings = _settings(ctx)
    prefix = prefix or settings.project.decision_types[0].prefix
    path = scaffold(settings, prefix.upper(), title, topic)
    click.echo(
        f"Created {display_path(path, settings.root)}: a draft, never published until its "
        f"status is 'published'. Edit it, then run 'decision-press check'."
    )


@main.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the schema files (default: schemas/ in the project).",
)
@click.pass_context
@_reports_errors
def schema(ctx: click.Context, output: Path | None) -> None:
    """Write the JSON Schemas editors use to complete and check records.

    The data files start with '# yaml-language-server: $schema=...', which editors
    with the YAML language server (such as VS Code's YAML extension) follow.
    """
    from decision_press.model.schema import write_schemas

    settings = _settings(ctx)
    for path in write_schemas(output or settings.root / "schemas"):
        click.echo(f"Wrote {display_path(path, settings.root)}")


@main.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of printing (e.g. authors/fields.md).",
)
def fields(output: Path | None) -> None:
    """Print the reference of every record field, from the record model itself."""
    from decision_press.model.reference import field_reference

    text = field_reference()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")


@main.command()
@_as_of_option(
    "Publish as on this date (default: today in the publisher's time zone). "
    "Decisions whose published date is later are held back. This is the only "
    "build date 'build' uses: an as_of in mkdocs.yml is refused and "
    "$DECISION_PRESS_AS_OF is ignored."
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site/ in the project). It must be new, empty or a "
    "site an earlier build made; never one of the project's own folders.",
)
@click.option(
    "--allow-future",
    is_flag=True,
    help="Allow an --as-of after today into the default site/ folder, which publishes "
    "decisions before their date. Not needed with another --site-dir.",
)
@_wait_option("How long to wait for another build of this project to finish (0: give up at once).")
@click.option("--strict", is_flag=True, help="Fail on any warning from MkDocs.")
@click.option(
    "--preview",
    "preview_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Build a review copy into DIR instead of the public site: drafts and embargoed "
    "decisions too, each with a banner, every page marked noindex. DIR is never the "
    "public site folder; never publish it.",
)
@click.pass_context
@_reports_errors
def build(
    ctx: click.Context,
    as_of: str | None,
    site_dir: Path | None,
    allow_future: bool,
    wait: float,
    strict: bool,
    preview_dir: Path | None,
) -> None:
    """Build the public website and every PDF into site/.

    The new site replaces the old one only when everything was built: a failed
    build leaves the previous site untouched. Drafts, decisions not yet due and
    Part 2 text never reach any output. One build of a project runs at a time.
    With --preview DIR, a review copy (drafts included, never published) goes to DIR.
    """
    from decision_press.build import build_site
    from decision_press.mkdocs_plugin.runner import run_mkdocs_build
    from decision_press.pipeline import AS_OF_ENV, parse_as_of, prepare
    from decision_press.select import Mode
    from decision_press.session import Session

    if preview_dir is not None and site_dir is not None:
        raise click.UsageError("give either --preview DIR (a review copy) or --site-dir (the public site), not both")
    mode = Mode.PREVIEW if preview_dir is not None else Mode.PUBLIC
    site_dir = preview_dir or site_dir
    settings = _settings(ctx)
    date = parse_as_of(as_of, settings)
    _refuse_silent_future(settings, date, site_dir, allow_future)
    if os.environ.get(AS_OF_ENV):
        click.echo(
            f"decision-press: note: {AS_OF_ENV} is ignored by 'decision-press build'; "
            f"building as of {date} (set the date with --as-of)",
            err=True,
        )
    session = Session()  # this run's: the engine's adapter reuses the records checked here
    session.start_build()
    prepare(settings, date, session=session, mode=mode)  # fail early, with the same messages as 'check'
    result = build_site(
        settings,
        date,
        run_mkdocs_build,
        site_dir,
        strict=strict,
        wait=wait,
        on_wait=lambda message: click.echo(f"decision-press: {message}", err=True),
        session=session,
        mode=mode,
    )
    what = "the preview " if mode is Mode.PREVIEW else ""
    click.echo(
        f"Built {what}{display_path(result.site_dir, settings.root)}/: {result.files} files, "
        f"{result.bytes / 1_048_576:.1f} MB in {result.seconds:.1f} s"
    )
    if mode is Mode.PREVIEW:
        click.echo("It shows drafts and embargoed decisions: give it to reviewers, never publish it.")


@main.command()
@_as_of_option("Record what is public on this date (default: today in the publisher's time zone).")
@_wait_option("How long to wait for a build of this project to finish (0: give up at once).")
@click.pass_context
@_reports_errors
def publish(ctx: click.Context, as_of: str | None, wait: float) -> None:
    """Record the public content of every public decision in data/published.lock.

    Run it when a decision is published or corrected, and commit the lock with the
    records. From then on 'check' fails when a listed decision's public content changes
    without a new change note. Refused while 'check' fails. A build never writes the lock.
    """
    from decision_press.pipeline import parse_as_of
    from decision_press.published import publish as record_published

    settings = _settings(ctx)
    result = record_published(settings, parse_as_of(as_of, settings), wait=wait)
    for reference in result.added:
        click.echo(f"  added    {reference}")
    for reference, fields in result.updated:
        click.echo(f"  updated  {reference}" + (f" ({', '.join(fields)})" if fields else " (change notes)"))
    for reference in result.dropped:
        click.echo(f"  dropped  {reference} (removed)")
    click.echo(
        f"Wrote {display_path(result.path, settings.root)}: {len(result.added)} added, "
        f"{len(result.updated)} updated, {len(result.dropped)} dropped, {result.unchanged} unchanged. "
        "Commit it with the records."
    )


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_as_of_option("Publish as on this date (default: today in the publisher's time zone).")
@_wait_option("How long to wait for another build of this project to finish (0: give up at once).")
@click.pass_context
@_reports_errors
def export(ctx: click.Context, folder: Path, as_of: str | None, wait: float) -> None:
    """Write the site as a plain docs tree and mkdocs.yml that any engine builds without the plugin.

    FOLDER gets docs/ (the hand-written pages, every generated page as Markdown with
    raw HTML, every PDF and data file) and mkdocs.yml (the project's, without the
    decision-press plugin). FOLDER must be new, empty or an earlier export.
    """
    from decision_press.export import export_site
    from decision_press.pipeline import parse_as_of
    from decision_press.select import today

    settings = _settings(ctx)
    date = parse_as_of(as_of, settings)
    if date > (now := today(settings.project.timezone)):
        click.echo(
            f"decision-press: note: exporting as of {date}, after today ({now}): decisions are "
            f"shown before their publication date. Never publish this tree.",
            err=True,
        )
    result = export_site(
        settings, date, folder, wait=wait, on_wait=lambda message: click.echo(f"decision-press: {message}", err=True)
    )
    for src_uri in result.replaced:
        click.echo(f"decision-press: docs/{src_uri} is replaced by a generated file", err=True)
    shown = display_path(result.folder, settings.root)
    click.echo(f"Exported {shown}/: {result.outputs.summary()}. Build it with: cd {shown} && mkdocs build")


@main.command("import")
@click.argument("pages", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--metadata",
    "metadata_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="CSV with the header reference,signed,published,decision_maker,topics (what the pages do not say).",
)
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Folder for the new record files (default: data/decisions).",
)
@click.pass_context
@_reports_errors
def import_(ctx: click.Context, pages: tuple[Path, ...], metadata_file: Path | None, into: Path | None) -> None:
    """Import published decision pages (their text) as new records, one file per page.

    Never overwrites: a page whose reference is already a record is skipped. Prints,
    for each page, where it went or why not, and what needs an author's attention,
    as file:line:col. Exits with status 1 when a page could not be imported.
    """
    from decision_press.importing.run import import_pages

    settings = _settings(ctx)
    reports = import_pages(pages, settings, metadata_file, into)
    for report in reports:
        click.echo(f"{report.source}: {report.message}")
        if report.attention:
            click.echo(f"  needs attention ({len(report.attention)}):")
            for problem in report.attention:
                click.echo("    " + problem.format().replace("\n", "\n    "))
    counts = {outcome: sum(1 for r in reports if r.outcome == outcome) for outcome in ("imported", "skipped", "failed")}
    summary = f"{counts['imported']} imported, {counts['skipped']} skipped, {counts['failed']} not imported"
    if counts["imported"]:
        click.echo(f"{summary}. Next: fix what is listed above, then run 'decision-press check'.")
    else:
        click.echo(f"{summary}; nothing was written.")
    if counts["failed"]:
        raise SystemExit(1)


VERIFY_FAILED = 1
VERIFY_CANNOT = 3


@main.command()
@click.argument("target", metavar="PATH_OR_URL")
@click.option(
    "--trust",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="CERT.pem",
    help="Root certificate the seals must lead to (default: signing.trust_root in decision-press.yml, "
    "when run in a project). Without one, only the manifest is checked.",
)
@click.pass_context
def verify(ctx: click.Context, target: str, trust: Path | None) -> None:
    """Check that a site's PDFs are the ones it published, and their seals.

    PATH_OR_URL is a built site folder (site/), a site's address (https://...), or one
    PDF (a file or an address). Every PDF is checked against the site's manifest
    (decisions/manifest.json): missing, not listed, changed, or another decision's.
    With a trust root, each sealed PDF's seal is checked as well. Each failing file is
    named with why. Exit status: 0 every file checked is intact; 1 a file failed;
    2 wrong usage; 3 nothing could be checked (no manifest, site unreachable, bad trust root).
    """
    from decision_press.verify import CannotVerify, summary_lines
    from decision_press.verify import verify as verify_target

    try:
        roots, label = _trust_roots(ctx, trust)
        report = verify_target(target, roots, label)
    except CannotVerify as err:
        click.echo(f"decision-press: {err}", err=True)
        raise SystemExit(VERIFY_CANNOT) from None
    for line in summary_lines(report):
        click.echo(line)
    if not report.ok:
        raise SystemExit(VERIFY_FAILED)


def _trust_roots(ctx: click.Context, trust: Path | None) -> tuple[list[object] | None, str]:
    """The certificates seals are checked against: --trust, else the project's signing.trust_root."""
    from decision_press.errors import DecisionPressError
    from decision_press.render.pdf_seal import load_trust_roots
    from decision_press.sealing import configured_trust_root, read_key_file
    from decision_press.verify import CannotVerify

    where = "--trust"
    if trust is None:
        try:
            trust = configured_trust_root(_settings(ctx))
        except DecisionPressError:
            return None, ""  # not in a project, or its settings are broken: the manifest alone
        where = "signing.trust_root"
        if trust is None:
            return None, ""
    try:
        return load_trust_roots(read_key_file(trust, f"{where} {trust}")), display_path(trust)
    except DecisionPressError as err:
        raise CannotVerify(str(err)) from None
    except (ValueError, TypeError) as err:
        raise CannotVerify(f"{where} {trust}: not a certificate file: {err}") from None


@main.command()
@click.argument("references", nargs=-1, required=True, metavar="REF...")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PDFs (default: for-signature/ in the project). Never inside the public site folder.",
)
@click.pass_context
@_reports_errors
def pdf(ctx: click.Context, references: tuple[str, ...], out_dir: Path | None) -> None:
    """Print the decision form and appendices of REF... (drafts too) to be signed.

    Each PDF is marked 'For signature - not for publication' and has an empty
    signature and date box for each signatory. They are never published: once
    signed, set 'signed' (and 'signed_copy') in the record and build.
    """
    from decision_press.render.pdf_signature import print_for_signature

    settings = _settings(ctx)
    for path in print_for_signature(settings, references, out_dir):
        click.echo(f"Wrote {display_path(path, settings.root)}")
    click.echo("For signature only: these PDFs are not for publication.")


def _refuse_silent_future(settings: Settings, date: dt.date, site_dir: Path | None, allowed: bool) -> None:
    """A date after today into the live site only on purpose: it publishes embargoed decisions."""
    from decision_press.select import today

    now = today(settings.project.timezone)
    live = (site_dir or settings.site_dir).resolve() == settings.site_dir.resolve()
    if date > now and live and not allowed:
        raise BuildFailed(
            f"--as-of {date} is after today ({now} in {settings.project.timezone}): built "
            f"into {display_path(settings.site_dir, settings.root)}/, the live site, it "
            f"would publish decisions before their publication date. To preview, build "
            f"into another folder (--site-dir preview); to publish it anyway, add "
            f"--allow-future."
        )
