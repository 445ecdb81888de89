"""`make eval` (second part): answer quality and speed with the language model on.

Every question goes through the assistant's streaming path with the configured model
(STEUNWIJZER_LLM, default the local one). Reported: share of answerable questions whose answer
contains the expected facts, abstention accuracy, sentences dropped by the support check,
kept sentences an independent strict audit cannot trace to their passage, time to passages,
to first token and to the full answer (p50/p95), and prompt tokens. Raw model outputs are
cached by prompt in evals/.cache/generations.jsonl, so the check can be re-tuned without
generating again (`--no-cache` regenerates)."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from evals.corpus import ROOT, STORE, corpus_files
from evals.metrics import PARTS, Question, fact_recall, has_facts, load_questions, normalize
from evals.run import history_of
from steunwijzer.assistant import Assistant
from steunwijzer.composing.compose import SCHOOL_KINDS
from steunwijzer.config import Settings
from steunwijzer.generation.claims import plain, split_claims
from steunwijzer.generation.grounding import FILLER
from steunwijzer.language.text import STOPWORDS
from steunwijzer.llm.prompts import read_file
from steunwijzer.types import Answer

CACHE = ROOT / "evals" / ".cache" / "generations.jsonl"
AUDIENCE = {"parent": "ouder", "mentor": "mentor", "swv": "swv"}


@dataclass(frozen=True)
class Run:
    question: Question
    answer: Answer
    extractive: Answer  # the quoted answer the same question gets without the model
    raw: str
    passages_s: float
    first_token_s: float | None
    total_s: float
    prompt_tokens: int
    cached: bool


def strict_audit(answer: Answer) -> int:
    """Kept model sentences (the summary: the quotes after it are verbatim) with a number or a
    content word that the cited passages do not contain
    (compared on folded words, a shared 5-letter start counting for long words): an upper
    bound on unsupported sentences that does not use the support check's own rules."""
    bad = 0
    for sentence, cited in split_claims(answer.summary):
        source: set[str] = set()
        for n in cited:
            if 1 <= n <= len(answer.passages):
                passage = answer.passages[n - 1]
                source.update(normalize(f"{passage.title} {passage.text}").split())
        starts = {w[:5] for w in source if len(w) >= 6}
        for word in normalize(plain(sentence)).split():
            if word in source or word in STOPWORDS or word in FILLER:
                continue
            if word.isdigit() or (len(word) >= 4 and not (len(word) >= 6 and word[:5] in starts)):
                bad += 1
                break
    return bad


def run(
    assistant: Assistant, questions: list[Question], use_cache: bool, explain: bool = False
) -> list[Run]:
    cache = _load_cache() if use_cache else {}
    pipeline = assistant.pipeline
    generator = pipeline.generator
    runs = []
    for question in questions:
        audience = AUDIENCE.get(question.audience, "ouder")
        started = time.perf_counter()
        prepared = pipeline.prepare(question.question, history_of(question))
        kind = pipeline.kind(prepared)
        assessment = pipeline.assess(prepared, assistant.settings.top_k)
        extractive = pipeline.compose(prepared, assessment, kind, assistant.settings.top_k)
        passages_s = time.perf_counter() - started
        if generator is None or not extractive.answered or kind in SCHOOL_KINDS:
            runs.append(
                Run(question, extractive, extractive, "", passages_s, None, passages_s, 0, False)
            )
            continue
        messages = generator.messages(assessment, audience)
        # What decides the model's output: the model, its grammar (if any) and the prompt.
        shape = read_file("cited_sentences.gbnf") if generator.backend.answer_options else ""
        key = hashlib.sha1(
            (generator.backend.name + shape + json.dumps([m.content for m in messages])).encode()
        ).hexdigest()
        first, error = None, ""
        if key in cache:
            raw, first, total, tokens = cache[key]
            cached = True
        else:
            stream = generator.stream(assessment, extractive, audience)
            parts = []
            for token in stream:
                if first is None and token.strip():
                    first = time.perf_counter() - started
                parts.append(token)
            raw = "".join(parts)
            total = time.perf_counter() - started
            tokens = _prompt_tokens(generator, messages)
            cached = False
            error = stream.error
            if error:
                print(f"{question.id}: the model failed ({error}); not cached", flush=True)
            else:
                _save(key, raw, first, total, tokens)
        answer = generator.finish(raw, error, extractive)
        runs.append(
            Run(question, answer, extractive, raw, passages_s, first, total, tokens, cached)
        )
        if explain:
            print(f"  {question.question}\n  facts: {question.facts}\n  raw: {raw!r}")
            for claim in generator.checker.check(raw, extractive.passages, question.question):
                print(
                    f"    {'KEEP' if claim.supported else 'DROP'} {claim.reason} "
                    f"o={claim.overlap:.2f} s={claim.similarity:.3f} | {claim.text[:120]}"
                )
        print(
            f"{question.id} {'gen' if answer.generated else 'ext'} drop={answer.dropped_sentences}"
            f" facts={has_facts(question, answer)} {total:.1f}s"
            f"{' (cache)' if cached else ''}",
            flush=True,
        )
    return runs


def processor() -> str:
    """The CPU the times were taken on (they differ some fivefold between machines here)."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    fields: dict[str, str] = {}
    for line in info.splitlines():  # the first processor's fields
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    name = fields.get("model name", platform.machine())
    flags = fields.get("flags", "").split()
    vector = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return f"{name}, {os.cpu_count()} cores, {vector}"


def _prompt_tokens(generator, messages) -> int:
    client = getattr(generator.backend.model, "client", None)
    if client is None or not hasattr(client, "tokenize"):
        return 0
    text = "\n".join(str(m.content) for m in messages)
    return len(client.tokenize(text.encode("utf-8"), add_bos=False)) + 5 * len(messages)


def _load_cache() -> dict[str, tuple[str, float | None, float, int]]:
    if not CACHE.exists():
        return {}
    rows = [json.loads(line) for line in CACHE.read_text(encoding="utf-8").splitlines() if line]
    return {r["key"]: (r["raw"], r["first"], r["total"], r["tokens"]) for r in rows}


def _save(key: str, raw: str, first: float | None, total: float, tokens: int) -> None:
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    row = {"key": key, "raw": raw, "first": first, "total": total, "tokens": tokens}
    with CACHE.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def summary(runs: list[Run]) -> dict:
    answerable = [r for r in runs if r.question.answerable]
    unanswerable = [r for r in runs if not r.question.answerable]
    generated = [r for r in runs if r.raw]
    claims = sum(
        r.answer.dropped_sentences + len(split_claims(r.answer.summary))
        for r in generated
        if r.answer.generated
    )
    dropped = sum(r.answer.dropped_sentences for r in generated)
    total_raw = sum(len(split_claims(r.raw)) for r in generated)
    kept = [r for r in runs if r.answer.generated]
    kept_sentences = sum(len(split_claims(r.answer.summary)) for r in kept)
    audit = sum(strict_audit(r.answer) for r in kept)

    def pct(values: list[float], q: float) -> float | None:
        return round(float(np.percentile(values, q)), 2) if values else None

    first = [r.first_token_s for r in generated if r.first_token_s is not None]
    totals = [r.total_s for r in generated]
    return {
        "questions": len(runs),
        "answerable": len(answerable),
        "facts_in_answer": round(
            sum(has_facts(r.question, r.answer) for r in answerable) / (len(answerable) or 1),
            3,
        ),
        "facts_in_answer_extractive": round(
            sum(has_facts(r.question, r.extractive) for r in answerable) / (len(answerable) or 1),
            3,
        ),
        "fact_recall": round(
            sum(fact_recall(r.question, r.answer) for r in answerable) / (len(answerable) or 1), 3
        ),
        "fact_recall_extractive": round(
            sum(fact_recall(r.question, r.extractive) for r in answerable) / (len(answerable) or 1),
            3,
        ),
        "abstention_accuracy": round(
            sum(r.answer.answered == r.question.answerable for r in runs) / (len(runs) or 1), 3
        ),
        "declined_unanswerable": round(
            sum(not r.answer.answered for r in unanswerable) / (len(unanswerable) or 1), 3
        ),
        "generated_answers": len(kept),
        "model_calls": len(generated),
        "sentences_written": total_raw,
        "sentences_dropped": dropped,
        "dropped_share": round(dropped / (total_raw or 1), 3),
        "sentences_kept": kept_sentences,
        "kept_failing_strict_audit": audit,
        "claims_checked": claims,
        "passages_s_p50": pct([r.passages_s for r in runs], 50),
        "passages_s_p95": pct([r.passages_s for r in runs], 95),
        "first_token_s_p50": pct(first, 50),
        "first_token_s_p95": pct(first, 95),
        "total_s_p50": pct(totals, 50),
        "total_s_p95": pct(totals, 95),
        "prompt_tokens_p50": pct([float(r.prompt_tokens) for r in generated], 50),
        "prompt_tokens_p95": pct([float(r.prompt_tokens) for r in generated], 95),
        "timings_from_cache": sum(r.cached for r in generated),
        "processor": processor(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=["dev", "test"], default="dev")
    parser.add_argument("--no-cache", action="store_true", help="generate every answer anew")
    parser.add_argument("--only", nargs="*", help="question ids")
    parser.add_argument("--explain", action="store_true", help="print every sentence's verdict")
    parser.add_argument("--json", type=Path, help="also write figures and answers here")
    args = parser.parse_args()
    settings = replace(Settings.from_env(), store_dir=STORE)
    assistant = Assistant(settings)
    report = assistant.ingest(corpus_files(), prune=True)
    if report.failed:
        raise SystemExit(f"could not index: {report.failed}")
    if assistant.backend is None:
        raise SystemExit("no language model: run 'make model' or set STEUNWIJZER_LLM")
    questions = [q for q in load_questions(PARTS[args.part]) if not args.only or q.id in args.only]
    runs = run(assistant, questions, use_cache=not args.no_cache, explain=args.explain)
    result = summary(runs)
    print(f"\nmodel: {assistant.backend.name}")
    for key, value in result.items():
        print(f"{key:<28}{value}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        answers = [
            {
                # Ids and verdicts only: answer texts quote the shared corpus, which must not
                # be copied into the repository (they are in evals/.cache/generations.jsonl).
                "id": r.question.id,
                "generated": r.answer.generated,
                "answered": r.answer.answered,
                "dropped": r.answer.dropped_sentences,
                "facts": has_facts(r.question, r.answer),
                "facts_extractive": has_facts(r.question, r.extractive),
                "first_token_s": r.first_token_s,
                "total_s": round(r.total_s, 2),
            }
            for r in runs
        ]
        args.json.write_text(
            json.dumps(
                {"model": assistant.backend.name, "summary": result, "answers": answers},
                indent=1,
                ensure_ascii=False,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
