"""A synthetic archive of N decisions → what sealing costs: cold builds with and without a seal, a
nothing-changed sealed build, and per PDF, sealing time against render time in one process.

The machine may be shared, so wall-clock build times move with its load; the per-PDF figures
are measured in this one process, render then seal of the same documents one after the other,
so their ratio holds however busy the machine is. The load average is recorded around each
measurement. ``scripts/bench --seal N`` runs it and writes the figures to BENCHMARKS.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import BIN, REPO, Run, cached_pdfs, commit, machine, make_project, timed

BEGIN, END = "<!-- bench-seal:begin -->", "<!-- bench-seal:end -->"
SAMPLE = 30
"""Documents rendered and sealed in this process for the per-PDF figures."""


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def per_pdf(project: Path, as_of: dt.date, sample: int = SAMPLE) -> dict[str, Any]:
    """Median seconds to render one PDF and to seal it, over the same ``sample`` documents, in this process."""
    from decision_press.pipeline import prepare
    from decision_press.render import pdf_worker
    from decision_press.render.pdf import style_source
    from decision_press.render.pdf_html import HtmlBuilder
    from decision_press.render.pdf_seal import Sealer
    from decision_press.sealing import load_seal_key
    from decision_press.settings import load_settings

    settings = load_settings(project)
    corpus, _, _ = prepare(settings, as_of)
    key = load_seal_key(settings)
    assert key is not None
    builder = HtmlBuilder(corpus)
    documents = [d.html for decision in corpus.decisions[:sample] for d in builder.documents(decision)][:sample]
    pdf_worker.init(style_source(corpus))
    sealer = Sealer(key)
    pdf_worker.render(documents[0])  # warm up fonts and code paths
    sealer.seal(pdf_worker.render(documents[0])[0], "decisions/warm/up.pdf")
    renders, seals, sizes = [], [], []
    started_load = load()
    for number, html in enumerate(documents):
        started = time.process_time()
        data, _ = pdf_worker.render(html)
        rendered = time.process_time()
        sealed = sealer.seal(data, f"decisions/sample/{number}.pdf")
        renders.append(rendered - started)
        seals.append(time.process_time() - rendered)
        sizes.append(len(sealed) - len(data))
    return {
        "sample_pdfs": len(documents),
        "render_cpu_ms": statistics.median(renders) * 1000,
        "seal_cpu_ms": statistics.median(seals) * 1000,
        "seal_over_render": statistics.median(seals) / statistics.median(renders),
        "seal_bytes": statistics.median(sizes),
        "per_pdf_load": f"{started_load} → {load()}",
    }


def bench_seal(n: int, as_of: str) -> dict[str, Any]:
    from tests.seal_ca import PASSWORD, PASSWORD_ENV, configure_seal, make_ca

    figures: dict[str, Any] = {"n": n, "measured": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}"}
    with tempfile.TemporaryDirectory(prefix=f"dp-seal-{n}-") as temp:
        project = make_project(Path(temp) / "project", n)
        os.environ[PASSWORD_ENV] = PASSWORD

        def cold(name: str) -> Run:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            before = load()
            run = build(project, as_of)
            figures[f"{name}_s"], figures[f"{name}_load"] = run.seconds, f"{before} → {load()}"
            return run

        cold("cold_unsealed")
        configure_seal(project, make_ca(Path(temp) / "keys"))
        cold("cold_sealed")
        before = cached_pdfs(project)
        figures["nothing_sealed_s"] = build(project, as_of).seconds
        figures["nothing_rendered"] = len(cached_pdfs(project) - before)
        figures["pdfs"] = len(json.loads((project / "site" / "decisions" / "manifest.json").read_bytes())["files"])
        figures.update(per_pdf(project, dt.date.fromisoformat(as_of)))
    figures["cold_added"] = figures["cold_sealed_s"] / figures["cold_unsealed_s"] - 1
    return figures


def build(project: Path, as_of: str) -> Run:
    return timed([str(BIN / "decision-press"), "--project", str(project), "build", "--as-of", as_of])


def table(f: dict[str, Any]) -> str:
    return "\n".join(
        [
            "| N | PDFs | cold, unsealed | cold, sealed | sealing adds | nothing changed, sealed (PDFs rendered) "
            "| per PDF in one process: render / seal (CPU) | seal / render | seal adds | load average (1/5/15 min) "
            "| measured |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            f"| {f['n']:,} | {f['pdfs']:,} | {f['cold_unsealed_s']:.1f} s | {f['cold_sealed_s']:.1f} s "
            f"| {f['cold_added']:+.0%} | {f['nothing_sealed_s']:.1f} s ({f['nothing_rendered']}) "
            f"| {f['render_cpu_ms']:.0f} ms / {f['seal_cpu_ms']:.1f} ms ({f['sample_pdfs']} PDFs) "
            f"| {f['seal_over_render']:.1%} | {f['seal_bytes'] / 1024:.1f} KB per PDF "
            f"| unsealed {f['cold_unsealed_load']}; sealed {f['cold_sealed_load']}; per PDF {f['per_pdf_load']} "
            f"| {f['measured']} |",
        ]
    )


def write_markdown(figures: dict[str, Any], command: str) -> None:
    """Put the table in BENCHMARKS.md between its own markers (added at the end the first time)."""
    path = REPO / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text:
        text = text.rstrip("\n") + f"\n\n## The cost of sealing\n\n{BEGIN}\n{END}\n"
    rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}
    block = "\n".join(
        [
            BEGIN,
            f"`{command}` on {machine()}.",
            "",
            table(figures),
            "",
            "Raw figures (JSON):",
            "",
            "```json",
            json.dumps(rounded, indent=1, ensure_ascii=False),
            "```",
            END,
        ]
    )
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main(sizes: list[int], as_of: str, write: bool) -> None:
    for n in sizes:
        print(f"sealing, N = {n:,} ...", flush=True)
        figures = bench_seal(n, as_of)
        print(table(figures), flush=True)
        if write:
            write_markdown(figures, "scripts/bench " + " ".join(sys.argv[1:]))
