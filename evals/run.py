"""`make eval` (first part): retrieval and abstention over the dev and test parts of the
question set (evals/dev, evals/test) and the shared and demo corpora. Steunwijzer's pipeline,
the ablations (dense only, BM25 only, each feature switched off in turn) and the naive
baseline, all scored in one run: hit@1/@5, MRR and context precision/recall against the
reference evidence; abstention accuracy; a breakdown per audience and kind."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from evals.baseline import NaiveBaseline
from evals.corpus import corpus_files, prepared_assistant
from evals.metrics import (
    PARTS,
    Question,
    context_scores,
    first_hit,
    load_questions,
    retrieval_scores,
)
from steunwijzer.answering.decision import Answerer
from steunwijzer.answering.rerank import RERANK
from steunwijzer.assistant import Assistant
from steunwijzer.pipeline import QuestionPipeline, Steps
from steunwijzer.retrieval.followup import FollowUps
from steunwijzer.retrieval.retrieve import RetrievalOptions, Retriever
from steunwijzer.types import Turn

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
RESULTS = ROOT / "evals" / "results"
K = 5
PIPELINE = "Steunwijzer (hybrid)"
BASELINE = "naive baseline"


@dataclass(frozen=True)
class Variant:
    """One retrieval set-up of the ablation study."""

    name: str
    options: RetrievalOptions
    follow_ups: bool = True  # rewrite a follow-up into a standalone question first
    rerank: bool = True  # look at the best passages again sentence by sentence


_FULL = RetrievalOptions()
VARIANTS = (
    Variant(PIPELINE, _FULL),
    Variant("dense only", replace(_FULL, lexical=False)),
    Variant("BM25 only", replace(_FULL, dense=False)),
    Variant("- glossary expansion", replace(_FULL, glossary=False)),
    Variant("- compound splitting", replace(_FULL, compounds=False)),
    Variant("- school/SWV focus", replace(_FULL, entity_focus=False)),
    Variant("- near-duplicate removal", replace(_FULL, dedupe=False)),
    Variant(
        "- language-aware weights",
        replace(_FULL, english_weights=(_FULL.dense_weight, _FULL.lexical_weight)),
    ),
    Variant("- follow-up rewriting", _FULL, follow_ups=False),
    Variant("- sentence rerank", _FULL, rerank=False),
)

Search = Callable[[Question], Sequence[tuple[str, str]]]


def history_of(question: Question) -> list[Turn]:
    return [Turn(question=text, answer="") for text in question.history]


def variant_search(assistant: Assistant, variant: Variant) -> Search:
    """The top-K (document, text) of a variant for a question, the question prepared by the
    pipeline (a follow-up rewritten unless the variant switches that off)."""
    pipeline = assistant.pipeline
    retriever = assistant.retriever
    if variant.options != retriever.options:
        retriever = Retriever(assistant.store, assistant.embedder, variant.options)
    answerer = Answerer(retriever, reranking=RERANK if variant.rerank else None)
    prepare = QuestionPipeline(
        answerer,
        FollowUps(retriever.entities),
        pipeline.translator,
        assistant.documents,
        pipeline.composer,
        steps=Steps(follow_ups=variant.follow_ups),
    ).prepare

    def search(question: Question) -> list[tuple[str, str]]:
        prepared = prepare(question.question, history_of(question))
        return [(p.document, p.text) for p in answerer.passages(prepared.search, K)]

    return search


def score(questions: list[Question], search: Search) -> dict:
    """Per answerable question with reference evidence (a school's silence on a need has
    none): first-hit rank and context precision/recall."""
    rows = {}
    for question in questions:
        if not question.answerable or not question.evidence:
            continue
        passages = search(question)
        context = context_scores(question, passages)
        rows[question.id] = {
            "rank": first_hit(question, passages),
            "precision": round(context.precision, 4),
            "recall": round(context.recall, 4),
        }
    return rows


def summarize(rows: list[dict]) -> dict:
    n = len(rows) or 1
    scores = retrieval_scores([r["rank"] for r in rows])
    return {
        "questions": len(rows),
        "hit1": round(scores.hit1, 3),
        "hit5": round(scores.hit5, 3),
        "mrr": round(scores.mrr, 3),
        "context_precision": round(sum(r["precision"] for r in rows) / n, 3),
        "context_recall": round(sum(r["recall"] for r in rows) / n, 3),
    }


def abstention(assistant: Assistant, questions: list[Question]) -> dict:
    """Whether the pipeline answers what the documents answer and declines the rest."""
    pipeline = assistant.pipeline
    answered = {}
    for question in questions:
        stream = pipeline.stream(question.question, K, history=history_of(question))
        answered[question.id] = stream.quoted.answered
    answerable = [q for q in questions if q.answerable]
    unanswerable = [q for q in questions if not q.answerable]
    return {
        "accuracy": round(
            sum(answered[q.id] == q.answerable for q in questions) / len(questions), 3
        ),
        "declined_unanswerable": round(
            sum(not answered[q.id] for q in unanswerable) / (len(unanswerable) or 1), 3
        ),
        "answered_answerable": round(
            sum(answered[q.id] for q in answerable) / (len(answerable) or 1), 3
        ),
        "unanswerable": len(unanswerable),
        "answered": answered,
    }


def breakdown(questions: list[Question], rows: dict) -> dict:
    """The pipeline's figures per audience and per kind (answerable questions)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for question in questions:
        if question.id in rows:
            groups[f"audience:{question.audience}"].append(rows[question.id])
            groups[f"kind:{question.kind}"].append(rows[question.id])
    return {name: summarize(group) for name, group in sorted(groups.items())}


def evaluate(
    assistant: Assistant, questions: list[Question], baseline: NaiveBaseline | None = None
) -> dict:
    """Retrieval (the pipeline, its ablations, the naive baseline) and abstention over one
    part of the question set."""
    per_question = {
        variant.name: score(questions, variant_search(assistant, variant)) for variant in VARIANTS
    }
    if baseline is not None:
        per_question[BASELINE] = score(questions, lambda q: baseline.search(q.question, K))
    summaries = {name: summarize(list(rows.values())) for name, rows in per_question.items()}
    documents = assistant.documents()
    result = {
        "corpus": {
            "documents": len(documents),
            "pages": sum(d.pages for d in documents),
            "chunks": sum(d.chunks for d in documents),
            "baseline_chunks": baseline.chunks if baseline else 0,
        },
        "questions": len(questions),
        "answerable": sum(q.answerable for q in questions),
        "counts": {
            "audience": _count(q.audience for q in questions),
            "kind": _count(q.kind for q in questions),
        },
        "k": K,
        "retrieval": summaries,
        "abstention": abstention(assistant, questions),
        "breakdown": breakdown(questions, per_question[PIPELINE]),
        "per_question": per_question,
    }
    if baseline is not None:
        ours, base = summaries[PIPELINE], summaries[BASELINE]
        result["ratio_to_baseline"] = {
            key: round(ours[key] / base[key], 3) if base[key] else None
            for key in ("hit1", "hit5", "mrr", "context_precision", "context_recall")
        }
    return result


def _count(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def print_report(result: dict, show_misses: bool = True) -> None:
    corpus = result["corpus"]
    print(
        f"{result['questions']} questions ({result['answerable']} answerable) over "
        f"{corpus['documents']} documents, {corpus['pages']} pages, {corpus['chunks']} chunks\n"
    )
    header = f"{'retrieval (top 5)':<28}{'hit@1':>7}{'hit@5':>7}{'MRR':>7}{'ctx P':>7}{'ctx R':>7}"
    print(header)
    for name, s in result["retrieval"].items():
        print(
            f"{name:<28}{s['hit1']:>7.3f}{s['hit5']:>7.3f}{s['mrr']:>7.3f}"
            f"{s['context_precision']:>7.3f}{s['context_recall']:>7.3f}"
        )
    if "ratio_to_baseline" in result:
        ratio = result["ratio_to_baseline"]
        print(
            f"\nhybrid / baseline: hit@5 x{ratio['hit5']:.2f}, MRR x{ratio['mrr']:.2f}, "
            f"context recall x{ratio['context_recall']:.2f}"
        )
    a = result["abstention"]
    print(
        f"\nabstention accuracy {a['accuracy']:.3f} (declined {a['declined_unanswerable']:.0%} "
        f"of {a['unanswerable']} unanswerable, answered {a['answered_answerable']:.0%} "
        "of answerable)\n"
    )
    print(f"{'pipeline by group':<28}{'n':>5}{'hit@1':>7}{'hit@5':>7}{'MRR':>7}{'ctx R':>7}")
    for name, s in result["breakdown"].items():
        print(
            f"{name:<28}{s['questions']:>5}{s['hit1']:>7.3f}{s['hit5']:>7.3f}{s['mrr']:>7.3f}"
            f"{s['context_recall']:>7.3f}"
        )
    if show_misses:  # dev only: the test part's questions are never read while tuning
        misses = [q for q, row in result["per_question"][PIPELINE].items() if row["rank"] is None]
        print(f"\nmisses (no evidence in the top 5): {' '.join(misses) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    started = time.perf_counter()
    assistant = prepared_assistant()
    baseline = None if args.no_baseline else NaiveBaseline(corpus_files(), assistant.embedder)
    results: dict = {}
    for part in ["dev", "test"] if args.part == "both" else [args.part]:
        results[part] = evaluate(assistant, load_questions(PARTS[part]), baseline)
        print(f"\n== {part} part ==")
        print_report(results[part], show_misses=part == "dev")
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(f"\n({results['seconds']:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
