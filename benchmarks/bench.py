"""Synthetic archives → timings of Decision Press and of the raw engines on the same content.

For each archive size N this measures, in one run on this machine:

* ``check`` (median of runs);
* a cold full build (site and every PDF, empty cache), a rebuild with nothing changed and a
  rebuild after editing one record, each with PDFs rendered, peak memory and output size;
* the raw engines on the same content: a plain ``mkdocs build`` of the same pages written
  as static Markdown (same theme and navigation, no plugin), and a plain WeasyPrint process
  pool rendering the same HTML with the same stylesheet;
* a calibration (``benchmarks/calibration.py``): plain WeasyPrint in one process on a plain
  multi-page text document, seconds per page, measured just before and just after the cold
  build; the cold build's seconds per PDF page (cold build seconds over the pages of every
  PDF it rendered, all cores at work) are given as a ratio to it.

``--cold-only`` measures the cold build and the calibration only (minutes less at N = 2,000).
``--seal`` measures instead what sealing the PDFs costs (``benchmarks/seal_cost.py``).
``--search`` measures only the site search (``benchmarks/search.py``: Pagefind's index and
first answers in Chromium, at N = 2,000 and 10,000 unless sizes are given).

It prints a table with each figure as a ratio to its raw baseline and writes the results,
with the machine description, to BENCHMARKS.md (between markers, so prose around it stays).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import write_archive  # noqa: E402

PROJECT_PARTS = ("decision-press.yml", "mkdocs.yml", "templates", "assets", "docs", "overrides")  # templates: if any
BIN = Path(sys.executable).parent
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str = ""
    cpu_s: float = 0.0
    """CPU seconds, user and system, of the command and the descendants it waited for (the PDF pool, Pagefind)."""


@dataclass
class Result:
    n: int
    figures: dict[str, Any] = field(default_factory=dict)


def timed(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command; wall time, CPU time and the peak RSS of its largest process (pool workers included)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        # wait4 reports the child's peak memory, including descendants it waited for (the PDF pool).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode(errors="replace")
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime)


def make_project(target: Path, n: int) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    write_archive(target, n, REPO)
    return target


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def cached_pdfs(project: Path) -> set[str]:
    return {p.name for p in (project / ".cache").rglob("*.pdf")}


def rendered_pages(project: Path) -> int:
    """Pages of every PDF in the cache, as the build recorded them (``<key>.json`` beside each)."""
    folder = project / ".cache" / "decision-press" / "pdf"
    counts = [json.loads(p.read_text(encoding="utf-8"))["pages"] for p in folder.glob("*.json")]
    if not counts:
        raise SystemExit(f"{folder}: no page counts found (has the PDF cache changed its layout?)")
    return sum(counts)


CALIBRATION_RENDERS = 10
"""Calibration renders just before and just after each cold build: one render's time moves by
a fifth from one to the next on a shared machine, so the median is taken of twenty."""


def calibrate(repeats: int = CALIBRATION_RENDERS) -> list[float]:
    """Seconds per page of plain WeasyPrint on plain text, one figure per render, in a fresh process."""
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.calibration", "--repeats", str(repeats)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    runs: list[float] = json.loads(run.stdout.strip().splitlines()[-1])["runs"]
    return runs


def one_core(project: Path, as_of: str) -> dict[str, Any]:
    """The project's first PDFs against the calibration, rendered by turns in one fresh process."""
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.one_core", str(project), "--as-of", as_of],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return figures


def record_calibration(result: Result, calibrations: list[float], project: Path, as_of: str) -> None:
    """The calibration's median and spread over the run, and the one-core ratio measured after it."""
    result.figures["calibration_s_per_page"] = statistics.median(calibrations)
    result.figures["calibration_spread"] = (min(calibrations), max(calibrations))
    result.figures["one_core_ratio"] = one_core(project, as_of)["ratio"]


def build(project: Path, as_of: str) -> Run:
    return timed([str(BIN / "decision-press"), "--project", str(project), "build", "--as-of", as_of])


def raw_engines(project: Path, as_of: str, workers: int, *, pool: bool = True) -> tuple[Run, Run, Run | None, int, int]:
    """Write the same pages as static Markdown and the same HTML; time plain MkDocs and a WeasyPrint pool."""
    script = f"""
import sys, json, datetime as dt
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
from benchmarks.bench import export_static
print(json.dumps(export_static(Path({str(project)!r}), dt.date.fromisoformat({as_of!r}))))
"""
    exported = json.loads(
        subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    raw = Path(exported["raw_project"])
    mkdocs_run = timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(raw / "mkdocs.yml"), "-d", str(raw / "site")])
    # The site's search engine on the same pages, as a site with Pagefind runs it after MkDocs.
    from decision_press.search_index import OPTIONS, indexer

    pagefind_run = timed(
        [str(indexer()), "--site", str(raw / "site"), "--output-path", str(raw / "site" / "pagefind"), *OPTIONS]
    )
    pool_run = (
        timed(
            [sys.executable, "-m", "benchmarks.raw_weasyprint", exported["html_dir"], exported["css"], str(workers)],
            cwd=REPO,
        )
        if pool
        else None
    )
    return mkdocs_run, pagefind_run, pool_run, exported["pages"], exported["documents"]


def export_static(project: Path, as_of: dt.date) -> dict[str, Any]:
    """The generated pages as static Markdown in a plugin-free MkDocs project, and the PDF HTML as files."""
    import yaml

    from decision_press.render.pdf import style_source
    from decision_press.render.pdf_html import HtmlBuilder
    from decision_press.session import Session
    from decision_press.settings import load_settings
    from decision_press.site import Site, build_outputs

    settings = load_settings(project)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506 - our own config
    raw = project.parent / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.copytree(project / "docs", raw / "docs")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", raw / "overrides")
    site = Site(
        url=config.get("site_url"), name=config["site_name"], with_home=not (project / "docs" / "index.md").exists()
    )
    output = build_outputs(
        settings,
        as_of,
        Session(),
        site,  # PDFs warm: reused
        pdf_cache=project / ".cache" / "decision-press" / "pdf",
        page_cache=None,
    )
    corpus = output.corpus
    for page in output.pages:
        target = raw / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    # The same files too (PDFs, fonts, feed, open data): MkDocs copies them into the site
    # in either build, so the baseline publishes the same content.
    for file in output.files:
        target = raw / "docs" / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.path is not None:
            shutil.copyfile(file.path, target)
        else:
            target.write_text(file.content or "", encoding="utf-8")
    config.pop("watch", None)
    config["plugins"] = [
        p
        for p in config.get("plugins", [])
        if not (isinstance(p, dict) and "decision-press" in p) and p != "decision-press"
    ]
    (raw / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    html_dir = project.parent / "html"
    shutil.rmtree(html_dir, ignore_errors=True)
    html_dir.mkdir()
    builder = HtmlBuilder(corpus)
    count = 0
    for decision in corpus.decisions:
        for document in builder.documents(decision):
            (html_dir / f"{count:06d}.html").write_text(document.html, encoding="utf-8")
            count += 1
    css = project.parent / "print.css"
    css.write_text(style_source(corpus).css, encoding="utf-8")
    return {
        "raw_project": str(raw),
        "html_dir": str(html_dir),
        "css": str(css),
        "pages": len(output.pages),
        "documents": count,
    }


def bench(n: int, repeats: int, cold_repeats: int, as_of: str, workers: int) -> Result:
    """Medians of ``repeats`` runs; the long cold builds (ours and the raw pool) ``cold_repeats`` times."""
    result = Result(n)
    result.figures["runs"] = f"{repeats} (cold {cold_repeats})"
    result.figures["measured"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}"
    with tempfile.TemporaryDirectory(prefix=f"dp-bench-{n}-") as temp:
        project = make_project(Path(temp) / "project", n)
        checks = [timed([str(BIN / "decision-press"), "--project", str(project), "check"]) for _ in range(repeats)]
        result.figures["check_s"] = statistics.median(r.seconds for r in checks)

        colds, nothings, edits = [], [], []
        calibrations: list[float] = []
        for run in range(repeats):
            if run < cold_repeats:
                colds.append(cold_build(project, as_of, result, calibrations))
            before = cached_pdfs(project)
            nothings.append(build(project, as_of))
            result.figures["nothing_rendered"] = len(cached_pdfs(project) - before)
            records = sorted((project / "data" / "decisions").glob("*.yaml"))[0]
            text = records.read_text(encoding="utf-8")
            # A new title each run: an edit the cache has never seen, so its PDFs must render.
            records.write_text(
                text.replace("Synthetic decision 1:", f"Synthetic decision one ({run}):", 1), encoding="utf-8"
            )
            before = cached_pdfs(project)
            edits.append(build(project, as_of))
            result.figures["edit_rendered"] = len(cached_pdfs(project) - before)
            records.write_text(text, encoding="utf-8")
        record_calibration(result, calibrations, project, as_of)
        result.figures["cold_busy_cores"] = busy_cores(colds)
        for name, runs in (("cold", colds), ("nothing", nothings), ("edit", edits)):
            result.figures[f"{name}_s"] = statistics.median(r.seconds for r in runs)
            result.figures[f"{name}_peak_mb"] = max(r.peak_mb for r in runs)
        site = project / "site"
        result.figures["site_mb"] = folder_size(site) / 1e6
        result.figures["search_index_mb"] = folder_size(site / "pagefind") / 1e6  # Pagefind's whole bundle
        result.figures["pdfs"] = len(list(site.rglob("*.pdf")))

        from benchmarks.interactive import serve_draft_latency, serve_latency
        from benchmarks.search import first_answers

        answer = first_answers(site, {"reference": f"PCD {n // 2}"})["reference"]
        result.figures["first_search_s"], result.figures["search_typed_s"] = answer["open_s"], answer["typed_s"]
        result.figures["serve_edit_s"] = serve_latency(project, as_of)
        result.figures["serve_draft_edit_s"] = serve_draft_latency(project, as_of)

        mkdocs_runs, pagefind_runs, pool_runs = [], [], []
        for run in range(repeats):
            mkdocs_run, pagefind_run, pool_run, pages, documents = raw_engines(
                project, as_of, workers, pool=run < cold_repeats
            )
            mkdocs_runs.append(mkdocs_run)
            pagefind_runs.append(pagefind_run)
            if pool_run is not None:
                pool_runs.append(pool_run)
        result.figures["raw_mkdocs_s"] = statistics.median(r.seconds for r in mkdocs_runs)
        result.figures["raw_mkdocs_peak_mb"] = max(r.peak_mb for r in mkdocs_runs)
        result.figures["raw_pagefind_s"] = statistics.median(r.seconds for r in pagefind_runs)
        result.figures["raw_pagefind_peak_mb"] = max(r.peak_mb for r in pagefind_runs)
        result.figures["raw_pdf_pool_s"] = statistics.median(r.seconds for r in pool_runs)
        result.figures["pages"] = pages
        result.figures["documents"] = documents
    return result


def cold_build(project: Path, as_of: str, result: Result, calibrations: list[float]) -> Run:
    """A build from an empty cache, with the calibration measured just before and just after it."""
    calibrations += calibrate()
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    run = build(project, as_of)
    result.figures["pdf_pages"] = rendered_pages(project)
    calibrations += calibrate()
    return run


def busy_cores(runs: list[Run]) -> float:
    """Cores kept busy on average over the runs (their CPU time over their wall time), median."""
    return statistics.median(r.cpu_s / r.seconds for r in runs)


def bench_cold(n: int, cold_repeats: int, as_of: str) -> Result:
    """Only the cold build (median of ``cold_repeats``) and the calibration around it."""
    result = Result(n)
    result.figures["runs"] = f"cold only ({cold_repeats})"
    result.figures["measured"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}"
    with tempfile.TemporaryDirectory(prefix=f"dp-bench-{n}-") as temp:
        project = make_project(Path(temp) / "project", n)
        calibrations: list[float] = []
        colds = [cold_build(project, as_of, result, calibrations) for _ in range(cold_repeats)]
        result.figures["cold_s"] = statistics.median(r.seconds for r in colds)
        result.figures["cold_peak_mb"] = max(r.peak_mb for r in colds)
        result.figures["cold_busy_cores"] = busy_cores(colds)
        record_calibration(result, calibrations, project, as_of)
        result.figures["pdfs"] = len(list((project / "site").rglob("*.pdf")))
    return result


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def table(results: list[Result]) -> str:
    rows = [
        "| N | runs (cold) | check | cold build | raw MkDocs + raw PDF pool | ratio "
        "| cold build per PDF page vs plain WeasyPrint per page | nothing changed "
        "| ratio to raw MkDocs | PDFs rendered (nothing / one edit) | edit one record | peak memory | site "
        "| search index | first search (open / typed) | preview after an edit (a draft's) | measured |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows += [_row(r) for r in results]
    return "\n".join(rows)


def _spread(f: dict[str, Any]) -> str:
    """The calibration's fastest and slowest render, where the run recorded them."""
    low, high = f.get("calibration_spread", (None, None))
    return "" if low is None else f" ({low * 1000:.1f} to {high * 1000:.1f})"


def _row(r: Result) -> str:
    f = r.figures
    cells = [
        f"{r.n:,}",
        f["runs"],
        _cell(lambda: f"{f['check_s']:.2f} s"),
        _cell(lambda: f"{f['cold_s']:.1f} s"),
        _cell(
            lambda: (
                f"{f['raw_mkdocs_s']:.1f} s + {f['raw_pdf_pool_s']:.1f} s = "
                f"{f['raw_mkdocs_s'] + f['raw_pdf_pool_s']:.1f} s"
            )
        ),
        _cell(lambda: f"{f['cold_s'] / (f['raw_mkdocs_s'] + f['raw_pdf_pool_s']):.2f} x"),
        _cell(
            lambda: (
                f"{f['cold_s'] / f['pdf_pages'] * 1000:.1f} ms ({f['pdf_pages']:,} pages) / "
                f"{f['calibration_s_per_page'] * 1000:.1f} ms" + _spread(f) + " = "
                f"{f['cold_s'] / f['pdf_pages'] / f['calibration_s_per_page']:.2f} x"
            )
        )
        + _cell_note(lambda: f"; one core, by turns: {f['one_core_ratio']:.2f} x")
        + _cell_note(lambda: f"; cores busy: {f['cold_busy_cores']:.2f} of {os.cpu_count()}"),
        _cell(lambda: f"{f['nothing_s']:.1f} s"),
        _cell(lambda: f"{f['nothing_s'] / f['raw_mkdocs_s']:.2f} x"),
        _cell(lambda: f"{f['nothing_rendered']} / {f['edit_rendered']}"),
        _cell(lambda: f"{f['edit_s']:.1f} s")
        + _cell_note(
            lambda: (
                f" ({f['edit_s'] / (f['raw_mkdocs_s'] + f['raw_pagefind_s']):.2f} x raw MkDocs + raw Pagefind, "
                f"{f['raw_pagefind_s']:.1f} s)"
            )
        ),
        _cell(lambda: f"{max(f['cold_peak_mb'], f.get('nothing_peak_mb', 0.0)):.0f} MB")
        + _cell_note(lambda: f" (Pagefind's process: {f['raw_pagefind_peak_mb']:.0f} MB)"),
        _cell(lambda: f"{f['site_mb']:.0f} MB, {f['pdfs']:,} PDFs"),
        _cell(lambda: f"{f['search_index_mb']:.1f} MB"),
        f"{_seconds(f.get('first_search_s'))} / {_seconds(f.get('search_typed_s'))}",
        f"{_seconds(f.get('serve_edit_s'))} ({_seconds(f.get('serve_draft_edit_s'))})",
        f.get("measured", "see the run above"),
    ]
    return "| " + " | ".join(cells) + " |"


def _cell(make: Callable[[], str]) -> str:
    """A table cell, or "not measured" when a figure is missing (an older row, a --cold-only run)."""
    try:
        return make()
    except KeyError:
        return "not measured"


def _cell_note(make: Callable[[], str]) -> str:
    """More to a cell, or nothing when a figure of it is missing (an older row)."""
    try:
        return make()
    except KeyError:
        return ""


def _seconds(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.1f} s"


def commit() -> str:
    """The measured code: the commit, marked '+changes' when the work tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--", "src", "templates", "benchmarks") else "")


def earlier_results(text: str) -> list[Result]:
    """The rows of the table in BENCHMARKS.md, read back from its JSON block."""
    start, end = text.find(BEGIN), text.find(END)
    block = text[start:end] if 0 <= start < end else ""
    if "```json" not in block:
        return []
    rows = json.loads(block.split("```json", 1)[1].split("```", 1)[0])
    return [Result(row.pop("n"), row) for row in rows]


def write_markdown(results: list[Result], command: str) -> None:
    """Put the table in BENCHMARKS.md; sizes this run did not measure keep their earlier row."""
    path = REPO / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    measured = {r.n for r in results}
    kept = [r for r in earlier_results(text) if r.n not in measured]
    results = sorted([*results, *kept], key=lambda r: r.n)
    block = "\n".join(
        [
            BEGIN,
            f"Latest run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC: `{command}` on {machine()}. "
            "Each row says when it was measured and on which commit (a size not in the latest run keeps "
            "its earlier row).",
            "",
            table(results),
            "",
            "Raw figures (JSON):",
            "",
            "```json",
            json.dumps(
                [
                    {"n": r.n, **{k: round(v, 3) if isinstance(v, float) else v for k, v in r.figures.items()}}
                    for r in results
                ],
                indent=1,
            ),
            "```",
            END,
        ]
    )
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 2000, 10000])
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median); N = 10,000 runs once")
    parser.add_argument(
        "--cold-repeats",
        type=int,
        default=None,
        help="cold builds per figure (default: --repeats up to N = 500, then 1)",
    )
    parser.add_argument("--as-of", default="2026-11-26")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="only the cold build and the calibration (print only, BENCHMARKS.md is left alone)",
    )
    parser.add_argument(
        "--seal",
        action="store_true",
        help="measure the cost of sealing instead: cold builds with and without a seal, a nothing-changed "
        "sealed build, per-PDF seal and render time (written to BENCHMARKS.md unless --no-write)",
    )
    parser.add_argument(
        "--search",
        action="store_true",
        help="only the site search figures (benchmarks/search.py; default sizes 2000 10000)",
    )
    args = parser.parse_args()
    if args.seal:
        from benchmarks.seal_cost import main as seal_main

        seal_main(args.sizes, args.as_of, not args.no_write)
        return
    if args.search:
        from benchmarks.search import run

        given = any(arg.isdigit() for arg in sys.argv[1:])
        run(args.sizes if given else [2000, 10000], write=not args.no_write)
        return
    workers = os.cpu_count() or 1
    results = []
    for n in args.sizes:
        repeats = args.repeats if n <= 2000 else 1
        cold = args.cold_repeats if args.cold_repeats is not None else (repeats if n <= 500 else 1)
        print(f"N = {n:,} ({repeats} runs, {cold} cold) ...", flush=True)
        if args.cold_only:
            results.append(bench_cold(n, cold, args.as_of))
        else:
            results.append(bench(n, repeats, min(cold, repeats), args.as_of, workers))
        print(table(results), flush=True)
        # After each size, so that a long run stopped later keeps what it measured.
        if not (args.no_write or args.cold_only):
            write_markdown(results, "scripts/bench " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
