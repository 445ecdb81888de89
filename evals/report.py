"""`make eval` (last part): the Markdown report with PNG charts, from the figures that
`evals.run`, `evals.generation` and `evals.profiles` wrote to evals/results/*.json."""

from __future__ import annotations

import argparse
import json
import subprocess
from collections import defaultdict
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from evals.metrics import Question, load_questions  # noqa: E402
from evals.run import BASELINE, PIPELINE, RESULTS, ROOT  # noqa: E402

METRICS = (
    ("hit1", "hit@1"),
    ("hit5", "hit@5"),
    ("mrr", "MRR"),
    ("context_precision", "context precision"),
    ("context_recall", "context recall"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    retrieval = json.loads((args.results / "retrieval.json").read_text())
    generation_file = args.results / "generation.json"
    generation = json.loads(generation_file.read_text()) if generation_file.exists() else None
    profiles_file = args.results / "profiles.json"
    profiles = json.loads(profiles_file.read_text()) if profiles_file.exists() else None
    questions = load_questions()
    charts = args.results / "charts"
    charts.mkdir(exist_ok=True)
    ablation_chart(retrieval, charts / "ablations.png")
    breakdown_chart(retrieval, charts / "by_group.png")
    text = report(retrieval, generation, questions, profiles)
    (args.results / "report.md").write_text(text)
    print(text)


def report(
    retrieval: dict,
    generation: dict | None,
    questions: list[Question],
    profiles: dict | None = None,
) -> str:
    corpus = retrieval["corpus"]
    counts = retrieval["counts"]
    lines = [
        "# Steunwijzer evaluation report",
        "",
        f"Written by `make eval` on {date.today().isoformat()} at commit `{_commit()}`. "
        "Figures: `retrieval.json` (retrieval, abstention, per question) and `generation.json` "
        "(answers with the local model) in this folder.",
        "",
        f"- Corpus: the shared corpus, {corpus['documents']} documents, {corpus['pages']} pages, "
        f"{corpus['chunks']} passages in Steunwijzer's index "
        f"({corpus['baseline_chunks']} chunks for the naive baseline).",
        f"- Questions: {retrieval['questions']} in `evals/questions.jsonl`, "
        f"{retrieval['answerable']} answerable from the corpus. "
        f"By audience: {_counts(counts['audience'])}. By kind: {_counts(counts['kind'])}.",
        f"- Every retrieval figure is over the top {retrieval['k']} passages of the answerable "
        "questions. A passage is relevant when it comes from the question's document and holds "
        "one of its reference evidence fragments (normalized text match; no LLM judge).",
        "",
        "## Steunwijzer against the naive baseline",
        "",
        "The naive baseline is the pipeline people build first: pypdf text, "
        "RecursiveCharacterTextSplitter 1000/200, the same embedder, dense top 5 in Chroma.",
        "",
        "| metric | Steunwijzer (hybrid) | naive baseline | ratio |",
        "|---|---|---|---|",
    ]
    ours = retrieval["retrieval"][PIPELINE]
    base = retrieval["retrieval"].get(BASELINE)
    ratio = retrieval.get("ratio_to_baseline", {})
    for key, label in METRICS:
        other = f"{base[key]:.3f}" if base else "-"
        times = f"×{ratio[key]:.2f}" if ratio.get(key) else "-"
        lines.append(f"| {label} | **{ours[key]:.3f}** | {other} | {times} |")
    a = retrieval["abstention"]
    lines += [
        "",
        f"Abstention accuracy (answer what the documents answer, decline the rest): "
        f"**{a['accuracy']:.3f}**. Declined {a['declined_unanswerable']:.1%} of the "
        f"{a['unanswerable']} unanswerable questions; answered {a['answered_answerable']:.1%} of "
        "the answerable ones. The naive baseline has no way to decline.",
        "",
    ]
    if generation:
        lines += generation_section(generation, questions)
    if profiles:
        lines += profiles_section(profiles)
    lines += [
        "## Ablations",
        "",
        "Each row switches one thing off (or keeps one retriever), all else as in the pipeline.",
        "",
        "![ablations](charts/ablations.png)",
        "",
        "| set-up | hit@1 | hit@5 | MRR | context precision | context recall | MRR vs pipeline |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in retrieval["retrieval"].items():
        delta = s["mrr"] - ours["mrr"]
        lines.append(
            f"| {name} | {s['hit1']:.3f} | {s['hit5']:.3f} | {s['mrr']:.3f} | "
            f"{s['context_precision']:.3f} | {s['context_recall']:.3f} | "
            f"{'' if name == PIPELINE else f'{delta:+.3f}'} |"
        )
    lines += [
        "",
        "A negative difference means the switched-off part earns its place on this question "
        "set; a positive one that the pipeline does better without it here.",
    ]
    lines += [
        "",
        "## By audience and kind",
        "",
        "![by group](charts/by_group.png)",
        "",
        "| group | questions | hit@1 | hit@5 | MRR | context precision | context recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in retrieval["breakdown"].items():
        lines.append(
            f"| {name} | {s['questions']} | {s['hit1']:.3f} | {s['hit5']:.3f} | {s['mrr']:.3f} | "
            f"{s['context_precision']:.3f} | {s['context_recall']:.3f} |"
        )
    misses = [q for q, row in retrieval["per_question"][PIPELINE].items() if row["rank"] is None]
    lines += [
        "",
        f"Answerable questions with no evidence in the top 5 ({len(misses)}): "
        f"{', '.join(misses) or 'none'}.",
        "",
        "## Definitions",
        "",
        "- **hit@k**: share of answerable questions with a relevant passage in the top k. "
        "**MRR**: mean of 1/rank of the first relevant passage (0 when none in the top 5).",
        "- **Context precision** (as RAGAS defines it): per question, the mean of precision@k "
        "over the ranks k that hold a relevant passage; 0 when none does.",
        "- **Context recall** (as RAGAS defines it, with the reference evidence as the "
        "reference): the share of the question's evidence fragments found in the top 5.",
        "- **Facts in answer**: the answer contains every expected fact (alternatives allowed); "
        "a declined answer has none.",
        "- **Sentences without valid support**: generated sentences the support check drops "
        "because their cited passage does not back them (never shown), and kept sentences "
        "that a stricter, independent word audit cannot trace to their passage (shown; an "
        "upper bound).",
        "",
    ]
    return "\n".join(lines)


def profiles_section(profiles: dict) -> list[str]:
    known, synthetic = profiles["documents"]["known"], profiles["documents"]["synthetic"]
    accuracy = profiles["accuracy"]
    lines = [
        "## School profiles (compare and check)",
        "",
        f"From `profiles.json` (`evals/profiles.py`): the profile fields read from their "
        f"statements, on the {known} SOPs whose facts are known (the demo corpus and De Poort) "
        f"and on {synthetic} synthetic SOPs of unseen schools, all indexed beside the shared "
        "corpus. Right: the value states every expected fragment with its page, or says "
        "*niet vermeld* where the document is silent. "
        f"Profiles took {profiles['profiles_s_per_sop']} s per SOP.",
        "",
        "| field | known SOPs | synthetic SOPs |",
        "|---|---|---|",
    ]
    for field, share in accuracy["known"].items():
        other = accuracy.get("synthetic", {}).get(field)
        lines.append(f"| {field} | {share:.2f} | {'-' if other is None else f'{other:.2f}'} |")
    return [*lines, ""]


def generation_section(generation: dict, questions: list[Question]) -> list[str]:
    s = generation["summary"]
    lines = [
        "## Answers with the language model on",
        "",
        f"Model: {generation.get('model', 'the local model')}. Every question goes through the "
        "app's path: follow-ups rewritten, declined before the model when the evidence is weak, "
        "the model's sentences checked against the passages they cite. An answer is the model's "
        "kept sentences, then the quotes they rest on (about 120 words of the best-ranked "
        "excerpts); the quoted answer without the model is those quotes alone.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| answerable questions whose answer holds all expected facts | "
        f"**{s['facts_in_answer']:.3f}** (quoted answer without the model: "
        f"{s['facts_in_answer_extractive']:.3f}) |",
        f"| share of expected facts found | {s['fact_recall']:.3f} |",
        f"| abstention accuracy | {s['abstention_accuracy']:.3f} |",
        f"| model calls / answers with a kept model sentence | {s['model_calls']} / "
        f"{s['generated_answers']} |",
        f"| generated sentences dropped by the support check | {s['sentences_dropped']} of "
        f"{s['sentences_written']} ({s['dropped_share']:.1%}) |",
        f"| kept sentences failing the strict audit | {s['kept_failing_strict_audit']} of "
        f"{s['sentences_kept']} |",
        f"| sentences shown without valid support (kept but failing the strict audit; an "
        f"upper bound) | {s['kept_failing_strict_audit'] / (s['sentences_kept'] or 1):.1%} |",
        "",
        (
            f"Times: {cached} of the {s['model_calls']} model calls were timed when their "
            "answer was first generated (raw outputs are cached by prompt), the rest in this run"
            if (cached := s["timings_from_cache"])
            else f"Times: all {s['model_calls']} model calls were timed in this run"
        )
        + f" on {s.get('processor', 'an unrecorded CPU')}; they depend on the CPU and on how"
        " busy it was. `make bench` times every answer anew.",
        "",
        "| time | p50 | p95 |",
        "|---|---|---|",
        f"| to the passages | {s['passages_s_p50']} s | {s['passages_s_p95']} s |",
        f"| to the first token | {s['first_token_s_p50']} s | {s['first_token_s_p95']} s |",
        f"| to the whole answer | {s['total_s_p50']} s | {s['total_s_p95']} s |",
        "",
    ]
    kinds: dict[str, list[bool]] = defaultdict(list)
    by_id = {q.id: q for q in questions}
    for row in generation["answers"]:
        question = by_id.get(row["id"])
        if question and question.answerable:
            kinds[f"kind:{question.kind}"].append(row["facts"])
            kinds[f"audience:{question.audience}"].append(row["facts"])
    lines += [
        "| group | answerable | all facts in answer |",
        "|---|---|---|",
        *(
            f"| {name} | {len(found)} | {sum(found) / len(found):.3f} |"
            for name, found in sorted(kinds.items())
        ),
        "",
    ]
    return lines


def ablation_chart(retrieval: dict, path: Path) -> None:
    names = list(retrieval["retrieval"])
    keys = [("hit1", "hit@1"), ("hit5", "hit@5"), ("mrr", "MRR"), ("context_recall", "ctx R")]
    fig, ax = plt.subplots(figsize=(10, 5.5))
    height = 0.8 / len(keys)
    for i, (key, label) in enumerate(keys):
        values = [retrieval["retrieval"][n][key] for n in names]
        ax.barh([y + i * height for y in range(len(names))], values, height, label=label)
    ax.set_yticks([y + 0.4 - height / 2 for y in range(len(names))], names)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.axvline(retrieval["retrieval"][PIPELINE]["hit5"], color="grey", lw=0.8, ls="--")
    ax.set_title("Retrieval, top 5: pipeline, ablations and naive baseline")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def breakdown_chart(retrieval: dict, path: Path) -> None:
    groups = retrieval["breakdown"]
    names = list(groups)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.4
    xs = range(len(names))
    ax.bar([x - width / 2 for x in xs], [groups[n]["hit5"] for n in names], width, label="hit@5")
    ax.bar(
        [x + width / 2 for x in xs],
        [groups[n]["context_recall"] for n in names],
        width,
        label="context recall",
    )
    ax.set_xticks(list(xs), [f"{n.split(':')[1]}\n({groups[n]['questions']})" for n in names])
    ax.set_ylim(0, 1)
    ax.set_title("Steunwijzer by audience and kind (answerable questions, n in brackets)")
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    main()
