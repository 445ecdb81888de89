"""`make bench` (first part): how fast Steunwijzer is from the first minute, each figure beside
the naive baseline (evals/baseline.py) measured in the same run, with the ratio and the target.

Ingest of the shared corpus and the baseline's build each run in a new process (so that peak
RSS is theirs alone), `--repeat` times in turn; the medians are reported, wall-clock and CPU
seconds (the CPU seconds hold up better on a machine that others share). Ingest is timed twice:
when its last document is committed (the index is searchable: what the baseline's build gives)
and when it is complete (the sentence vectors that answers rank and quote, and the profiles).
Then the app's start-up in Chromium (evals/app_startup.py): usable after the server starts,
first answer with its sources after the question, the server's peak RSS. Written to
evals/results/speed.md and speed.json, with the CPU it ran on."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from evals import app_startup
from evals.baseline import NaiveBaseline
from evals.metrics import load_questions
from evals.run import DEFAULT_CORPUS, RESULTS
from steunwijzer import tables
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.index.embeddings import load_embedder
from steunwijzer.ingest.progress import IngestProgress, Stage

T = TypeVar("T")
GB = 1024  # MB


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingest_ours(corpus: Path) -> dict[str, float]:
    """Steunwijzer's ingest of `corpus` into a new index, then again unchanged."""
    with tempfile.TemporaryDirectory(prefix="steunwijzer-speed-") as tmp:
        assistant = Assistant(Settings(store_dir=Path(tmp) / "store", llm="none"))
        assistant.embedder  # noqa: B018 - the model loads outside the timed ingest
        cpu, started = _cpu(), time.perf_counter()
        searchable: list[tuple[float, float]] = []  # when the last document was committed

        def progress(step: IngestProgress) -> None:
            if step.stage is Stage.DOCUMENTS and step.document and step.done == step.total:
                searchable.append((time.perf_counter() - started, _cpu() - cpu))

        report = assistant.ingest([corpus], progress=progress)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        if report.failed or not report.added:
            raise SystemExit(f"ingest failed: {report.failed}")
        started = time.perf_counter()
        again = assistant.ingest([corpus])
        unchanged = time.perf_counter() - started
        assert len(again.skipped) == len(report.added)
        return {
            "searchable_seconds": searchable[0][0],
            "searchable_cpu_seconds": searchable[0][1],
            "seconds": seconds,
            "cpu_seconds": cpu,
            "reingest_seconds": unchanged,
            "passages": report.chunks_added,
            "peak_rss_mb": _peak_mb(),
        }


def build_baseline(corpus: Path) -> dict[str, float]:
    """The naive pipeline's build over `corpus`, and its query latency."""
    with tempfile.TemporaryDirectory(prefix="steunwijzer-speed-") as tmp:
        embedder = load_embedder(Settings(store_dir=Path(tmp)).embedder)
        cpu, started = _cpu(), time.perf_counter()
        baseline = NaiveBaseline(corpus, embedder)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        latencies = []
        for question in load_questions()[:40]:
            started = time.perf_counter()
            baseline.search(question.question, 5)
            latencies.append(time.perf_counter() - started)
        return {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "chunks": baseline.chunks,
            "query_p50_seconds": statistics.median(latencies),
            "peak_rss_mb": _peak_mb(),
        }


def in_child(function: Callable[[Path], T], corpus: Path) -> T:
    """Run in a new process: its peak RSS is this run's alone."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, corpus).result()


def processor() -> str:
    """The CPU's model name and its core count, for the report."""
    try:
        with open("/proc/cpuinfo") as info:
            name = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                "",
            )
    except OSError:
        name = ""
    return f"{name or platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores"


def median_of(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def rows(ours: list[dict], base: list[dict], app: list[dict]) -> list[list[str]]:
    """figure, Steunwijzer, naive baseline, ratio, target."""
    searchable, build = median_of(ours, "searchable_seconds"), median_of(base, "seconds")
    searchable_cpu = median_of(ours, "searchable_cpu_seconds")
    ingest, build_cpu = median_of(ours, "seconds"), median_of(base, "cpu_seconds")
    cpu = median_of(ours, "cpu_seconds")
    again = median_of(ours, "reingest_seconds")
    warm = app[1:] or app  # the first start may read files from disk
    usable, answer = median_of(warm, "usable_s"), median_of(warm, "answer_s")
    query = median_of(base, "query_p50_seconds")
    ingest_rss, build_rss = median_of(ours, "peak_rss_mb"), median_of(base, "peak_rss_mb")
    app_rss = max(run["peak_rss_mb"] for run in app)
    return [
        ["ingest: every document committed, searchable (s)", f"{searchable:.1f}",
         f"{build:.1f} (build)", f"{searchable / build:.2f}", "<= 60 s and <= 1.30"],
        ["  the same in CPU seconds", f"{searchable_cpu:.1f}", f"{build_cpu:.1f}",
         f"{searchable_cpu / build_cpu:.2f}", ""],
        ["ingest complete: + sentence vectors, profiles (s)", f"{ingest:.1f}",
         f"{build:.1f} (build)", f"{ingest / build:.2f}", ""],
        ["  the same in CPU seconds", f"{cpu:.1f}", f"{build_cpu:.1f}",
         f"{cpu / build_cpu:.2f}", ""],
        ["re-ingest, unchanged (s)", f"{again:.2f}", "-",
         f"{again / ingest:.1%} of the ingest", "< 5 %"],
        ["app usable after server start (s)", f"{usable:.1f}", "-", "-", "<= 5 s"],
        ["first answer with sources after the question (s)", f"{answer:.2f}",
         f"{query:.3f} (top 5 chunks)", f"{answer / query:.0f}", "<= 2 s"],
        ["peak RSS of ingest (MB)", f"{ingest_rss:.0f}", f"{build_rss:.0f} (build)",
         f"{ingest_rss / build_rss:.2f}", "<= 1 GB"],
        ["peak RSS of the app (MB)", f"{app_rss:.0f}", f"{build_rss:.0f} (build)",
         f"{app_rss / build_rss:.2f}", "<= 1 GB"],
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1, help="ingest and build runs, in turn")
    parser.add_argument("--app-runs", type=int, default=3)
    args = parser.parse_args()
    started, load = time.perf_counter(), os.getloadavg()[0]
    ours: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    for _ in range(args.repeat):
        ours.append(in_child(ingest_ours, args.corpus))
        print(f"ingest: {ours[-1]}", file=sys.stderr, flush=True)
        base.append(in_child(build_baseline, args.corpus))
        print(f"baseline: {base[-1]}", file=sys.stderr, flush=True)
    app = app_startup.measure(args.corpus, args.app_runs)
    print(f"app: {app}", file=sys.stderr, flush=True)
    table = rows(ours, base, app)
    header = ["", "Steunwijzer", "naive baseline", "ratio", "target"]
    machine = (
        f"{processor()}; load average {load:.2f} before the run, "
        f"{os.getloadavg()[0]:.2f} after; {time.perf_counter() - started:.0f} s in all"
    )
    markdown = [
        "# Fast from the first minute",
        "",
        f"Written by `python -m evals.speed` on {args.corpus.name} "
        f"({ours[0]['passages']} passages; the baseline {base[0]['chunks']} chunks); "
        f"medians of {args.repeat} ingest/build runs in turn and of the "
        f"{max(len(app) - 1, 1)} warm app start-ups of {len(app)}.",
        f"Machine: {machine}.",
        "",
        tables.markdown(header, table),
    ]
    print("\n".join(markdown))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "speed.md").write_text("\n".join(markdown) + "\n")
    figures = {"machine": machine, "ingest": ours, "baseline": base, "app": app}
    (RESULTS / "speed.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
