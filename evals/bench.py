"""`make bench`: ingest time and throughput, re-ingest time, query latency and peak memory;
then, with the local language model, time to passages, to the first token and to the whole
answer (p50/p95), prompt tokens and the share of generated sentences the check drops."""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from evals import generation
from evals.metrics import load_questions
from evals.run import DEFAULT_CORPUS
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--no-generation", action="store_true", help="skip the language-model benchmark"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="steunwijzer-bench-") as tmp:
        store = Path(tmp) / "store"
        assistant = Assistant(Settings(store_dir=store, llm="none"))
        started = time.perf_counter()
        assistant.embedder  # noqa: B018 - load the model outside the timed ingest
        load_model = time.perf_counter() - started

        started = time.perf_counter()
        report = assistant.ingest([args.corpus])
        first = time.perf_counter() - started
        docs = assistant.documents()
        pages = sum(d.pages for d in docs)
        chunks = sum(d.chunks for d in docs)

        started = time.perf_counter()
        again = assistant.ingest([args.corpus])
        second = time.perf_counter() - started

        fresh = Assistant(Settings(store_dir=store, llm="none"))
        started = time.perf_counter()
        fresh.answerer  # noqa: B018 - embedder, store and lexical index, as at app start
        open_index = time.perf_counter() - started
        questions = [q.question for q in load_questions()]
        retrieval, answering = [], []
        for question in questions:
            started = time.perf_counter()
            fresh.answerer.retriever.search(question, 5)
            retrieval.append(time.perf_counter() - started)
            started = time.perf_counter()
            fresh.ask(question)
            answering.append(time.perf_counter() - started)
        size = folder_size(store)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        generated = None if args.no_generation else bench_generation(store)

    print(f"corpus: {len(docs)} documents, {pages} pages, {chunks} chunks ({args.corpus})")
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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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


if __name__ == "__main__":
    main()
