"""`make bench`, in three parts.

1. The shared corpus: ingest time and throughput, re-ingest time, query latency, peak memory.
2. With the local language model, on that index: time to passages, first token and whole
   answer, prompt tokens and the share of generated sentences the check drops.
3. Scale: synthetic profiles (evals/synthetic.py) at growing corpus sizes, each size in its own
   process (so peak RSS is that size's): ingest, throughput, index size, query latency,
   re-ingest unchanged and after one changed document, the same queries through a Chroma
   server on that index, and the naive baseline's build time and query latency; written to
   evals/results/bench.md and bench.json."""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from evals import generation, synthetic
from evals.baseline import NaiveBaseline
from evals.chroma_server import chroma_server
from evals.metrics import load_questions
from evals.run import DEFAULT_CORPUS, ROOT
from steunwijzer import tables
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.index.embeddings import load_embedder
from steunwijzer.types import Passage

T = TypeVar("T")
# Generated profiles are kept between runs, in a folder per version of the generator.
SYNTHETIC = (
    ROOT
    / "evals"
    / ".cache"
    / "synthetic"
    / hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:12]
)
RESULTS = ROOT / "evals" / "results"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    """The largest resident set this process has had (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function: Callable[..., T], *args: Any) -> tuple[float, T]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


# -- 1. the shared corpus -----------------------------------------------------------------


def bench_corpus(corpus: Path, with_generation: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="steunwijzer-bench-") as tmp:
        store = Path(tmp) / "store"
        assistant = Assistant(Settings(store_dir=store, llm="none"))
        load_model, _ = timed(lambda: assistant.embedder)  # outside the timed ingest
        first, report = timed(assistant.ingest, [corpus])
        docs = assistant.documents()
        pages = sum(d.pages for d in docs)
        chunks = sum(d.chunks for d in docs)
        second, again = timed(assistant.ingest, [corpus])

        fresh = Assistant(Settings(store_dir=store, llm="none"))
        # embedder, store and lexical index, as at app start
        open_index, _ = timed(lambda: fresh.answerer)
        questions = [q.question for q in load_questions()]
        retrieval = [timed(fresh.answerer.retriever.search, q, 5)[0] for q in questions]
        answering = [timed(fresh.ask, q)[0] for q in questions]
        size = folder_size(store)
        peak = peak_rss_mb()
        generated = bench_generation(store) if with_generation else None

    print(f"corpus: {len(docs)} documents, {pages} pages, {chunks} chunks ({corpus})")
    print(f"load embedder:            {load_model:8.2f} s")
    print(
        f"first ingest:             {first:8.2f} s  ({pages / first:.2f} pages/s, "
        f"{chunks / first:.2f} chunks/s; {len(report.failed)} failed)"
    )
    print(
        f"re-ingest, unchanged:     {second:8.3f} s  ({second / first:.4f} of the first; "
        f"{len(again.skipped)} skipped)"
    )
    print(f"open index (cold start):  {open_index:8.2f} s")
    print(
        f"retrieval latency:        p50 {statistics.median(retrieval) * 1000:6.0f} ms   "
        f"p95 {percentile(retrieval, 0.95) * 1000:6.0f} ms  ({len(questions)} questions)"
    )
    print(
        f"extractive answer:        p50 {statistics.median(answering) * 1000:6.0f} ms   "
        f"p95 {percentile(answering, 0.95) * 1000:6.0f} ms"
    )
    print(f"index size on disk:       {size / 1e6:8.1f} MB")
    print(f"peak RSS (no LLM):        {peak:8.0f} MB")
    if generated:
        print_generation(*generated)


# -- 2. generation with the local language model, on the shared corpus ------------------


def bench_generation(store: Path) -> tuple[str, float, dict] | None:
    """Every eval question through the streaming path with the configured model, uncached."""
    settings = replace(Settings.from_env(), store_dir=store)
    assistant = Assistant(settings)
    started = time.perf_counter()
    backend = assistant.backend
    if backend is None:
        print("no language model installed: 'make model' (generation not measured)")
        return None
    load = time.perf_counter() - started
    runs = generation.run(assistant, load_questions(), use_cache=False)
    return backend.name, load, generation.summary(runs)


def print_generation(name: str, load: float, figures: dict) -> None:
    peak = peak_rss_mb()
    print(f"\nlanguage model:           {name} (loaded in {load:.2f} s)")
    print(
        f"model calls:              {figures['model_calls']} "
        f"(of {figures['questions']} questions; the others were declined first)"
    )
    for label, key in (
        ("passages shown", "passages_s"),
        ("first token", "first_token_s"),
        ("whole answer", "total_s"),
    ):
        print(
            f"{label + ':':<26}p50 {figures[key + '_p50']:6.2f} s   "
            f"p95 {figures[key + '_p95']:6.2f} s"
        )
    print(
        f"prompt tokens:            p50 {figures['prompt_tokens_p50']:.0f}   "
        f"p95 {figures['prompt_tokens_p95']:.0f}"
    )
    print(
        f"sentences dropped:        {figures['sentences_dropped']} of "
        f"{figures['sentences_written']} ({figures['dropped_share']:.1%})"
    )
    print(f"peak RSS (with LLM):      {peak:8.0f} MB")


# -- 3. scale: synthetic profiles at growing sizes ------------------------------------------


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        return cls(
            round(statistics.median(seconds) * 1000, 1),
            round(percentile(seconds, 0.95) * 1000, 1),
        )


@dataclass(frozen=True)
class Ours:
    """Steunwijzer on one corpus size."""

    documents: int
    pages: int
    chunks: int
    ingest_s: float
    disk_mb: float
    open_s: float  # a new Assistant's first use: store, passages, BM25 index
    retrieval: Latency
    answer: Latency  # extractive: retrieval, sentence ranking, calibrated decision
    reingest_s: float  # nothing changed
    changed_s: float  # one document changed
    hit5: float  # school questions whose school's profile is among the 5 passages
    peak_rss_mb: float
    server: Served  # the same index through a Chroma server


@dataclass(frozen=True)
class Served:
    """The same index and questions through a Chroma server (`chroma run` on the store)."""

    open_s: float
    retrieval: Latency
    answer: Latency
    same_top5: float  # questions whose top 5 passages are the embedded store's, in order


@dataclass(frozen=True)
class Baseline:
    """The naive pipeline (evals/baseline.py) on the same documents and questions."""

    chunks: int
    build_s: float
    query: Latency
    hit5: float
    peak_rss_mb: float


def _copy_corpus(count: int, folder: Path) -> list[synthetic.School]:
    schools = synthetic.build_corpus(SYNTHETIC, count)
    folder.mkdir(parents=True)
    for school in schools:
        shutil.copy2(SYNTHETIC / synthetic.file_name(school), folder)
    return schools


def _hit(documents: list[str], school: synthetic.School) -> bool:
    return synthetic.file_name(school) in documents


def measure_ours(count: int) -> Ours:
    """Index `count` profiles, query them, index again unchanged and with one changed."""
    with tempfile.TemporaryDirectory(prefix="steunwijzer-scale-") as tmp:
        docs, store = Path(tmp) / "docs", Path(tmp) / "store"
        schools = _copy_corpus(count, docs)
        assistant = Assistant(Settings(store_dir=store, llm="none"))
        assistant.embedder  # noqa: B018 - the model loads outside the timed ingest
        ingest_s, report = timed(assistant.ingest, [docs])
        if report.failed or len(report.added) != count:
            raise SystemExit(f"scale ingest failed: {report.failed}")
        indexed = assistant.documents()
        disk_mb = folder_size(store) / 1e6
        reingest_s, _ = timed(assistant.ingest, [docs])

        fresh = Assistant(Settings(store_dir=store, llm="none"))
        open_s, _ = timed(lambda: fresh.pipeline)
        questions = synthetic.questions(schools)
        retrieval, answering, found = query_all(fresh, [q for q, _ in questions])
        hits = [
            _hit([p.document for p in top], school)
            for (_, school), top in zip(questions, found, strict=True)
            if school
        ]
        peak = round(peak_rss_mb())  # ingest and queries; the server part loads a second model
        served = measure_server(store, Path(tmp), [q for q, _ in questions], found)

        synthetic.change_document(docs, schools[count // 2])
        changed_s, report = timed(fresh.ingest, [docs])
        if len(report.updated) != 1 or len(report.skipped) != count - 1:
            raise SystemExit(f"one changed document: unexpected {report}")
    return Ours(
        documents=count,
        pages=sum(d.pages for d in indexed),
        chunks=sum(d.chunks for d in indexed),
        ingest_s=round(ingest_s, 2),
        disk_mb=round(disk_mb, 2),
        open_s=round(open_s, 3),
        retrieval=Latency.of(retrieval),
        answer=Latency.of(answering),
        reingest_s=round(reingest_s, 3),
        changed_s=round(changed_s, 3),
        hit5=round(sum(hits) / len(hits), 3),
        peak_rss_mb=peak,
        server=served,
    )


def query_all(
    assistant: Assistant, questions: list[str]
) -> tuple[list[float], list[float], list[list[Passage]]]:
    """Per question: retrieval seconds, extractive-answer seconds, and the top 5 passages."""
    retrieval: list[float] = []
    answering: list[float] = []
    found: list[list[Passage]] = []
    for question in questions:
        seconds, passages = timed(assistant.retriever.search, question, 5)
        retrieval.append(seconds)
        found.append(passages)
        answering.append(timed(assistant.ask, question)[0])
    return retrieval, answering, found


def measure_server(
    store: Path, tmp: Path, questions: list[str], embedded: list[list[Passage]]
) -> Served:
    """Serve the store's index with `chroma run` and ask the same questions through it."""
    with chroma_server(store, tmp / "chroma-server.log") as url:
        settings = Settings(store_dir=tmp / "server-side", llm="none", chroma_url=url)
        assistant = Assistant(settings)
        assistant.embedder  # noqa: B018 - the model loads outside the timed opening
        open_s, _ = timed(lambda: assistant.pipeline)
        retrieval, answering, found = query_all(assistant, questions)
    same = [
        [p.chunk_id for p in a] == [p.chunk_id for p in b]
        for a, b in zip(found, embedded, strict=True)
    ]
    return Served(
        open_s=round(open_s, 3),
        retrieval=Latency.of(retrieval),
        answer=Latency.of(answering),
        same_top5=round(sum(same) / len(same), 3),
    )


def measure_baseline(count: int) -> Baseline:
    with tempfile.TemporaryDirectory(prefix="steunwijzer-scale-") as tmp:
        docs = Path(tmp) / "docs"
        schools = _copy_corpus(count, docs)
        embedder = load_embedder(Settings(store_dir=Path(tmp)).embedder)
        build_s, baseline = timed(NaiveBaseline, docs, embedder)
        latencies: list[float] = []
        hits: list[bool] = []
        for question, school in synthetic.questions(schools):
            seconds, found = timed(baseline.search, question, 5)
            latencies.append(seconds)
            if school:
                hits.append(_hit([document for document, _ in found], school))
        return Baseline(
            chunks=baseline.chunks,
            build_s=round(build_s, 2),
            query=Latency.of(latencies),
            hit5=round(sum(hits) / len(hits), 3),
            peak_rss_mb=round(peak_rss_mb()),
        )


def in_child(function: Callable[[int], T], count: int) -> T:
    """Run in a new process, so that its peak RSS belongs to this size alone."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, count).result()


def cpu_seconds() -> tuple[float, float]:
    """Busy CPU seconds of the whole machine (Linux; NaN elsewhere) and of this process with
    its finished children: over a run, the difference is what other work used."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(n) for n in stat.readline().split()[1:9]]
        machine = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # not idle
    except (OSError, ValueError, IndexError):
        machine = float("nan")
    return machine, sum(os.times()[:4])


@dataclass(frozen=True)
class SizeRun:
    ours: Ours
    baseline: Baseline
    others_cpu: float  # share of all cores that other processes used meanwhile
    minutes: float


def measure_size(count: int) -> SizeRun:
    started, (machine, mine) = time.perf_counter(), cpu_seconds()
    ours = in_child(measure_ours, count)
    print(f"scale {count}: steunwijzer done ({ours.ingest_s:.0f} s ingest)", file=sys.stderr)
    base = in_child(measure_baseline, count)
    print(f"scale {count}: baseline done ({base.build_s:.0f} s build)", file=sys.stderr)
    seconds, (machine_after, mine_after) = time.perf_counter() - started, cpu_seconds()
    others = (machine_after - machine - (mine_after - mine)) / (seconds * (os.cpu_count() or 1))
    return SizeRun(ours, base, round(max(others, 0.0), 3), round(seconds / 60, 1))


# (label, figure of one size's run, format)
ROWS: tuple[tuple[str, Callable[[SizeRun], float], str], ...] = (
    ("pages", lambda r: r.ours.pages, "{:.0f}"),
    ("chunks", lambda r: r.ours.chunks, "{:.0f}"),
    ("ingest (s)", lambda r: r.ours.ingest_s, "{:.1f}"),
    ("pages/s", lambda r: r.ours.pages / r.ours.ingest_s, "{:.2f}"),
    ("chunks/s", lambda r: r.ours.chunks / r.ours.ingest_s, "{:.2f}"),
    ("index on disk (MB)", lambda r: r.ours.disk_mb, "{:.1f}"),
    ("peak RSS (MB)", lambda r: r.ours.peak_rss_mb, "{:.0f}"),
    ("open index (s)", lambda r: r.ours.open_s, "{:.2f}"),
    ("retrieval p50 (ms)", lambda r: r.ours.retrieval.p50_ms, "{:.0f}"),
    ("retrieval p95 (ms)", lambda r: r.ours.retrieval.p95_ms, "{:.0f}"),
    ("answer p50 (ms)", lambda r: r.ours.answer.p50_ms, "{:.0f}"),
    ("answer p95 (ms)", lambda r: r.ours.answer.p95_ms, "{:.0f}"),
    ("re-ingest, unchanged (s)", lambda r: r.ours.reingest_s, "{:.2f}"),
    ("re-ingest, one changed (s)", lambda r: r.ours.changed_s, "{:.2f}"),
    ("school hit@5", lambda r: r.ours.hit5, "{:.2f}"),
    ("server: open index (s)", lambda r: r.ours.server.open_s, "{:.2f}"),
    ("server: retrieval p50 (ms)", lambda r: r.ours.server.retrieval.p50_ms, "{:.0f}"),
    ("server: retrieval p95 (ms)", lambda r: r.ours.server.retrieval.p95_ms, "{:.0f}"),
    ("server: answer p50 (ms)", lambda r: r.ours.server.answer.p50_ms, "{:.0f}"),
    ("server: answer p95 (ms)", lambda r: r.ours.server.answer.p95_ms, "{:.0f}"),
    ("server: same top 5 as embedded", lambda r: r.ours.server.same_top5, "{:.2f}"),
    ("baseline chunks", lambda r: r.baseline.chunks, "{:.0f}"),
    ("baseline build (s)", lambda r: r.baseline.build_s, "{:.1f}"),
    ("baseline query p50 (ms)", lambda r: r.baseline.query.p50_ms, "{:.0f}"),
    ("baseline query p95 (ms)", lambda r: r.baseline.query.p95_ms, "{:.0f}"),
    ("baseline peak RSS (MB)", lambda r: r.baseline.peak_rss_mb, "{:.0f}"),
    ("baseline school hit@5", lambda r: r.baseline.hit5, "{:.2f}"),
    ("ingest / baseline build", lambda r: r.ours.ingest_s / r.baseline.build_s, "{:.2f}"),
    (
        "retrieval p50 / baseline",
        lambda r: r.ours.retrieval.p50_ms / r.baseline.query.p50_ms,
        "{:.2f}",
    ),
    ("answer p50 / baseline", lambda r: r.ours.answer.p50_ms / r.baseline.query.p50_ms, "{:.2f}"),
    ("other work on the cores (%)", lambda r: 100 * r.others_cpu, "{:.0f}"),
    ("minutes for this size", lambda r: r.minutes, "{:.1f}"),
)


def scale_table(runs: list[SizeRun]) -> list[list[str]]:
    """One row per figure: its value at each size, then how it grew from size to size."""
    sizes = [f"{r.ours.documents} docs" for r in runs]
    steps = [f"x {a.ours.documents}->{b.ours.documents}" for a, b in pairwise(runs)]
    rows = [["", *sizes, *steps]]
    for label, figure, form in ROWS:
        values = [figure(r) for r in runs]
        growth = [f"{b / a:.2f}" if a else "-" for a, b in pairwise(values)]
        rows.append([label, *(form.format(v) for v in values), *growth])
    return rows


def bench_scale(sizes: list[int]) -> None:
    started, load = time.perf_counter(), os.getloadavg()[0]
    synthetic.build_corpus(SYNTHETIC, max(sizes))
    runs: list[SizeRun] = []
    note = ""
    for count in sizes:
        runs.append(measure_size(count))
        note = write_scale_report(runs, load, time.perf_counter() - started)  # after every size
    rows = scale_table(runs)
    print("\n" + "\n".join(f"{r[0]:<28}" + "".join(f"{c:>14}" for c in r[1:]) for r in rows))
    print(note)


def write_scale_report(runs: list[SizeRun], load: float, seconds: float) -> str:
    """evals/results/bench.md and bench.json for the sizes run so far; returns the note on the
    machine."""
    others = max(r.others_cpu for r in runs)
    note = (
        f"{os.cpu_count()} cores, load average {load:.2f} before the run, other work used up to "
        f"{others:.0%} of the cores while a size ran"
        f"{' (figures taken under load)' if load > 1.5 or others > 0.25 else ''}; "
        f"scale run {seconds / 60:.1f} min in all"
    )
    rows = scale_table(runs)
    markdown = [
        "# Scale benchmark (synthetic profiles)",
        "",
        "Written by `python -m evals.bench` from fictional profiles (`evals/synthetic.py`); "
        "latencies over the same questions at every size; `x a->b` is how a figure grew.",
        f"Machine: {note}.",
        "",
        tables.markdown(rows[0], rows[1:]),
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench.md").write_text("\n".join(markdown) + "\n")
    figures = {
        "machine": {"cores": os.cpu_count(), "load_before": load},
        "total_s": round(seconds, 1),
        "sizes": [asdict(r) for r in runs],
    }
    (RESULTS / "bench.json").write_text(json.dumps(figures, indent=2) + "\n")
    return note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--no-generation", action="store_true", help="skip the language-model benchmark"
    )
    parser.add_argument(
        "--sizes",
        default="10,100,300",
        help="synthetic corpus sizes ('' skips the scale run; 1000 takes about 25 min more)",
    )
    parser.add_argument("--scale-only", action="store_true", help="only the scale run")
    args = parser.parse_args()
    started = time.perf_counter()
    if not args.scale_only:
        bench_corpus(args.corpus, with_generation=not args.no_generation)
    if args.sizes:
        print()
        bench_scale(sorted(int(size) for size in args.sizes.split(",")))
    print(f"\n(bench: {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
