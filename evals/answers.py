"""`make eval` (answers): every question of a part through the question pipeline with no
language model, as the app answers by default. Scored: the kind of question read, answered or
declined, every expected fact in the answer and in its first line, the verdict of suitability
questions, and the time per answer; beside them, in the same run, the plain quoted answer of
the same evidence (what answers were before they were composed by kind).

The dev part is for tuning; the test part (evals/test/) is only scored: `--show` prints the
answers of dev questions only."""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from evals.corpus import prepared_assistant
from evals.metrics import PARTS, Question, has_facts, load_questions
from evals.run import history_of
from steunwijzer.assistant import Assistant
from steunwijzer.types import Answer

K = 5


@dataclass(frozen=True)
class Row:
    id: str
    part: str
    kind: str  # the question's kind, as labelled
    kind_read: str  # as the pipeline read it
    answerable: bool
    answered: bool
    facts: bool  # every expected fact in the answer (answerable questions)
    facts_lead: bool  # ... in its first line
    verdict: str  # labelled (suitability)
    verdict_read: str
    seconds: float
    quoted_answered: bool  # the plain quoted answer of the same evidence
    quoted_facts: bool


def score(assistant: Assistant, questions: list[Question], part: str, show: bool) -> list[Row]:
    pipeline = assistant.pipeline
    rows = []
    for q in questions:
        started = time.perf_counter()
        answer = pipeline.stream(q.question, K, history=history_of(q)).answer
        seconds = time.perf_counter() - started
        prepared = pipeline.prepare(q.question, history_of(q))
        quoted = pipeline.quoted(prepared, pipeline.assess(prepared, K))
        row = Row(
            id=q.id,
            part=part,
            kind=q.question_kind,
            kind_read=answer.kind,
            answerable=q.answerable,
            answered=answer.answered,
            facts=q.answerable and has_facts(q, answer),
            facts_lead=q.answerable and has_facts(q, answer, answer.lead or answer.text),
            verdict=q.verdict,
            verdict_read=answer.verdict,
            seconds=round(seconds, 3),
            quoted_answered=quoted.answered,
            quoted_facts=q.answerable and has_facts(q, quoted),
        )
        rows.append(row)
        if show and part == "dev":
            _show(q, answer, row)
    return rows


def _show(question: Question, answer: Answer, row: Row) -> None:
    right = row.facts if question.answerable else not row.answered
    if question.verdict:
        right = right and row.verdict_read == question.verdict
    mark = "ok " if right else "BAD"
    print(
        f"\n{mark} {question.id} [{row.kind}->{row.kind_read}] {question.question}\n"
        f"    facts {question.facts} verdict {question.verdict or '-'} -> {row.verdict_read or '-'}"
    )
    if not right:
        print("    " + answer.text.replace("\n", "\n    ")[:1500])


def summary(rows: list[Row]) -> dict:
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    suitability = [r for r in answerable if r.verdict]

    def share(items: list[Row], test) -> float | None:
        return round(sum(map(test, items)) / len(items), 3) if items else None

    times = [r.seconds for r in rows]
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "facts": share(answerable, lambda r: r.facts),
        "facts_in_first_line": share(answerable, lambda r: r.facts_lead),
        "answerable_declined": share(answerable, lambda r: not r.answered),
        "unanswerable_declined": share(unanswerable, lambda r: not r.answered),
        "suitability_right": share(suitability, lambda r: r.facts and r.verdict_read == r.verdict),
        "suitability_verdict": share(suitability, lambda r: r.verdict_read == r.verdict),
        "kind_read_right": share(rows, lambda r: r.kind_read == r.kind),
        "quoted_facts": share(answerable, lambda r: r.quoted_facts),
        "quoted_answerable_declined": share(answerable, lambda r: not r.quoted_answered),
        "quoted_unanswerable_declined": share(unanswerable, lambda r: not r.quoted_answered),
        "seconds_p50": round(float(np.percentile(times, 50)), 3) if times else None,
        "seconds_p95": round(float(np.percentile(times, 95)), 3) if times else None,
    }


def by_kind(rows: list[Row]) -> dict:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row.kind].append(row)
    return {kind: summary(group) for kind, group in sorted(groups.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--only", nargs="*", help="dev question ids")
    parser.add_argument("--show", action="store_true", help="print dev answers that miss")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    assistant = prepared_assistant()
    result: dict = {"k": K, "documents": len(assistant.documents())}
    parts = ["dev", "test"] if args.part == "both" else [args.part]
    for part in parts:
        questions = load_questions(PARTS[part])
        if args.only:
            questions = [q for q in questions if q.id in args.only]
        rows = score(assistant, questions, part, args.show)
        result[part] = {"summary": summary(rows), "by_kind": by_kind(rows)}
        result[part]["rows"] = [asdict(r) for r in rows]
        print(f"\n{part}: " + json.dumps(result[part]["summary"], indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
