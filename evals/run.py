"""`make eval`: hit@1/@5, MRR and abstention accuracy of Steunwijzer and of the naive baseline,
side by side, over evals/questions.jsonl and the shared corpus."""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from evals.baseline import NaiveBaseline
from evals.metrics import Question, first_hit, load_questions, retrieval_scores
from steunwijzer.answer import Assessment
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
DEFAULT_STORE = ROOT / "evals" / ".cache" / "store"


@dataclass(frozen=True)
class Outcome:
    """One question through the pipeline."""

    question: Question
    rank: int | None
    answered: bool
    confidence: float
    assessment: Assessment


def prepared_assistant(corpus: Path, store: Path) -> Assistant:
    """An assistant whose index holds the corpus folder (built, or refreshed where files
    changed; documents whose file is gone are pruned)."""
    assistant = Assistant(Settings(store_dir=store))
    report = assistant.ingest([corpus], prune=True)
    if report.failed:
        raise SystemExit(f"could not index: {report.failed}")
    return assistant


def run_pipeline(assistant: Assistant, questions: list[Question], k: int = 5) -> list[Outcome]:
    outcomes = []
    for question in questions:
        assessment = assistant.answerer.assess(question.question, k)
        answer = assistant.answerer.decide(assessment)
        rank = first_hit(question, [(p.document, p.text) for p in answer.passages])
        outcomes.append(Outcome(question, rank, answer.answered, answer.confidence, assessment))
    return outcomes


def abstention_accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.answered == o.question.answerable for o in outcomes) / (len(outcomes) or 1)


def report(outcomes: list[Outcome], baseline_ranks: dict[str, int | None] | None) -> dict:
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    ours = retrieval_scores([o.rank for o in answerable])
    result: dict = {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "steunwijzer": {
            **asdict(ours),
            "abstention_accuracy": abstention_accuracy(outcomes),
            "declined_unanswerable": sum(not o.answered for o in unanswerable)
            / (len(unanswerable) or 1),
            "answered_answerable": sum(o.answered for o in answerable) / (len(answerable) or 1),
        },
        "by_kind": {},
        "misses": [o.question.id for o in answerable if o.rank is None],
    }
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in answerable:
        groups[f"kind:{o.question.kind}"].append(o)
        groups[f"audience:{o.question.audience}"].append(o)
    result["by_kind"] = {
        name: round(retrieval_scores([o.rank for o in group]).hit5, 3)
        for name, group in sorted(groups.items())
    }
    if baseline_ranks is not None:
        base = retrieval_scores([baseline_ranks[o.question.id] for o in answerable])
        result["baseline"] = asdict(base)
    return result


def print_report(result: dict) -> None:
    ours = result["steunwijzer"]
    base = result.get("baseline")
    print(f"{result['questions']} questions, {result['answerable']} answerable\n")
    print(f"{'metric':<24}{'steunwijzer':>14}{'naive baseline':>16}")
    for key, label in (("hit1", "hit@1"), ("hit5", "hit@5"), ("mrr", "MRR")):
        other = f"{base[key]:.3f}" if base else "-"
        print(f"{label:<24}{ours[key]:>14.3f}{other:>16}")
    print(f"{'abstention accuracy':<24}{ours['abstention_accuracy']:>14.3f}{'n/a':>16}")
    print(f"{'  declined unanswerable':<24}{ours['declined_unanswerable']:>14.3f}")
    print(f"{'  answered answerable':<24}{ours['answered_answerable']:>14.3f}")
    print("\nhit@5 by group: " + ", ".join(f"{k} {v:.2f}" for k, v in result["by_kind"].items()))
    print(f"misses: {' '.join(result['misses']) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    questions = load_questions()
    started = time.perf_counter()
    assistant = prepared_assistant(args.corpus, args.store)
    outcomes = run_pipeline(assistant, questions)
    baseline_ranks = None
    if not args.no_baseline:
        baseline = NaiveBaseline(args.corpus, assistant.embedder)
        baseline_ranks = {
            q.id: first_hit(q, baseline.search(q.question, 5)) for q in questions if q.answerable
        }
    result = report(outcomes, baseline_ranks)
    print_report(result)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
