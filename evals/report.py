"""`make eval` (last part): the Markdown report, dev and test parts side by side, from the
figures that `evals.run`, `evals.answers`, `evals.profiles` (and, when they were run,
`evals.coverage` and `evals.generation`) wrote to evals/results/*.json."""

from __future__ import annotations

import argparse
import json
import subprocess
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from evals.generation import processor  # noqa: E402
from evals.run import BASELINE, PIPELINE, RESULTS, ROOT  # noqa: E402
from steunwijzer.tables import markdown  # noqa: E402

PARTS = ("dev", "test")
# The answer figures, with the target the test part is held to (None: no target).
ANSWER_FIGURES = (
    ("facts", "answers holding every expected fact", ">= 0.85"),
    ("facts_in_first_line", "... in their first line", None),
    ("suitability_right", "suitability: facts and the right verdict", ">= 0.90"),
    ("answerable_declined", "answerable questions declined", "<= 0.05"),
    ("unanswerable_declined", "unanswerable questions declined", ">= 0.95"),
    ("kind_read_right", "kind of question read right", None),
    ("seconds_p50", "seconds per answer, p50", None),
    ("seconds_p95", "seconds per answer, p95", "< 1"),
    ("quoted_facts", "plain quotes (same run): every expected fact", None),
    ("quoted_answerable_declined", "plain quotes: answerable declined", None),
    ("quoted_unanswerable_declined", "plain quotes: unanswerable declined", None),
)
RETRIEVAL = (("hit1", "hit@1"), ("hit5", "hit@5"), ("mrr", "MRR"), ("context_recall", "ctx R"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    figures = {
        name: json.loads(path.read_text())
        for name in ("retrieval", "answers", "profiles", "coverage", "generation")
        if (path := args.results / f"{name}.json").exists()
    }
    charts = args.results / "charts"
    charts.mkdir(exist_ok=True)
    if "retrieval" in figures:
        ablation_chart(figures["retrieval"], charts / "ablations.png")
    text = report(figures)
    (args.results / "report.md").write_text(text)
    print(text)


def report(figures: dict) -> str:
    lines = [
        "# Steunwijzer evaluation report",
        "",
        f"Written by `make eval` on {date.today().isoformat()} at commit `{_commit()}`, "
        f"on {processor()}. The figures behind it are the JSON files in this folder.",
        "",
        "Two parts of the question set: **dev** (`evals/dev/`) is what weights, thresholds, "
        "the needs vocabulary and the calibration were tuned on; **test** (`evals/test/`) was "
        "written apart, with six fictional SOPs of its own, and is only ever scored. A figure "
        "of the dev part is a fitted figure. See `docs/evaluation.md`.",
        "",
    ]
    if "answers" in figures:
        lines += answers_section(figures["answers"])
    if "retrieval" in figures:
        lines += retrieval_section(figures["retrieval"])
    if "profiles" in figures:
        lines += profiles_section(figures["profiles"])
    if "coverage" in figures:
        lines += coverage_section(figures["coverage"])
    if "generation" in figures:
        lines += generation_section(figures["generation"])
    return "\n".join(lines) + "\n"


def answers_section(answers: dict) -> list[str]:
    parts = [p for p in PARTS if p in answers]
    header = ["figure", *(f"{p} ({answers[p]['summary']['questions']} q.)" for p in parts)]
    rows = [
        [label, *(_number(answers[p]["summary"].get(key)) for p in parts)]
        + ([target or ""] if "test" in parts else [])
        for key, label, target in ANSWER_FIGURES
    ]
    if "test" in parts:
        header.append("target (test)")
    by_kind = sorted({k for p in parts for k in answers[p]["by_kind"]})
    kind_rows = []
    for kind in by_kind:
        row = [kind]
        for part in parts:
            s = answers[part]["by_kind"].get(kind)
            row += ["-", "-"] if s is None else [str(s["questions"]), _number(s["facts"])]
        kind_rows.append(row)
    kind_header = ["kind of question"]
    for part in parts:
        kind_header += [f"{part}: questions", f"{part}: every fact"]
    return [
        "## Answers, as the app gives them (no language model)",
        "",
        "Every question through the question pipeline: its kind read, the answer composed by "
        "that kind (first line, then quotes) or declined. An answer holds a fact when the "
        "fact's word start stands in it (`evals/metrics.py`). Beside it, from the same run and "
        "the same evidence, the plain quoted answer (the best excerpts, whatever the kind): "
        "what answers were before they were composed.",
        "",
        markdown(header, rows),
        "",
        markdown(kind_header, kind_rows),
        "",
    ]


def retrieval_section(retrieval: dict) -> list[str]:
    parts = [p for p in PARTS if p in retrieval]
    names = list(retrieval[parts[0]]["retrieval"])
    header = ["set-up"] + [f"{p} {label}" for p in parts for _, label in RETRIEVAL]
    rows = [
        [name]
        + [
            _number(retrieval[p]["retrieval"].get(name, {}).get(key))
            for p in parts
            for key, _ in RETRIEVAL
        ]
        for name in names
    ]
    lines = [
        "## Retrieval",
        "",
        "Top 5 passages of the answerable questions that have reference evidence; a passage is "
        "relevant when it holds an evidence fragment from the question's document. The naive "
        f"baseline ({BASELINE}): pypdf / python-docx text, 1,000-character chunks with 200 "
        "overlap, the same embedder, dense top 5. Each other row switches one thing off.",
        "",
        markdown(header, rows),
        "",
    ]
    for part in parts:
        result = retrieval[part]
        a = result["abstention"]
        ratio = result.get("ratio_to_baseline", {})
        lines.append(
            f"- {part}: {result['questions']} questions over {result['corpus']['documents']} "
            f"documents ({result['corpus']['chunks']} passages). {PIPELINE} against the "
            f"baseline: hit@5 x{ratio.get('hit5', '-')}, MRR x{ratio.get('mrr', '-')}. "
            f"Abstention accuracy {a['accuracy']:.3f}."
        )
    return [*lines, "", "![ablations](charts/ablations.png)", ""]


def profiles_section(profiles: dict) -> list[str]:
    accuracy = profiles.get("accuracy", {})
    known, synthetic = accuracy.get("known", {}), accuracy.get("synthetic", {})
    rows = [
        [field, _number(known.get(field)), _number(synthetic.get(field))]
        for field in dict.fromkeys([*known, *synthetic])
    ]
    return [
        "## School profiles",
        "",
        "Profile fields read from their statements, right when the value states every "
        "expected fragment with a page, or says *niet vermeld* where the SOP is silent "
        "(`evals/profiles.py`).",
        "",
        markdown(["field", "known SOPs (dev)", "synthetic SOPs"], rows) if rows else "",
        "",
    ]


def coverage_section(coverage: dict) -> list[str]:
    """The coverage map against its truth tables, and the list fields of list-style SOPs
    (`evals/coverage.py`), dev and test side by side."""
    parts = [p for p in ("dev", "test") if p in coverage["coverage"] or p in coverage["lists"]]
    rows = [
        [label, *(_number(coverage["coverage"].get(p, {}).get(key)) for p in parts)]
        for key, label in (
            ("agreement", "(need, school) cells whose verdict agrees"),
            ("aanbod_from_lost_tick", "cells *in het aanbod* from a lost tick"),
        )
    ]
    fields = sorted({f for p in parts for f in coverage["lists"].get(p, {})})
    for field in fields:
        cells = []
        for part in parts:
            figures = coverage["lists"].get(part, {}).get(field, {})
            right = figures.get("availability")
            cells.append(
                _number(figures.get("listed"))
                + (f" (availability {_number(right)})" if right is not None else "")
            )
        rows.append([f"{field}: expected items listed", *cells])
    return [
        "## Coverage map and list fields (SWV)",
        "",
        "From `coverage.json` (`evals/coverage.py`): per (need, school) the verdict of the "
        "coverage map against a truth table; per list field the share of expected items the "
        "profile lists, and of those the share whose availability is right.",
        "",
        markdown(["figure", *parts], rows),
        "",
    ]


def generation_section(generation: dict) -> list[str]:
    s = generation["summary"]
    return [
        "## With a language model (opt-in, `make eval-llm`)",
        "",
        f"Model {generation['model']}: every expected fact in {_number(s['facts_in_answer'])} "
        f"of the answers ({_number(s['facts_in_answer_extractive'])} without its sentences); "
        f"{s['sentences_dropped']} of {s['sentences_written']} sentences dropped by the support "
        f"check; first token p50 {s['first_token_s_p50']} s, whole answer p95 "
        f"{s['total_s_p95']} s, on {s.get('processor', 'an unnamed machine')} (its own run: "
        "`generation.json` is written by `make eval-llm` only, and may be older than the rest).",
        "",
    ]


def ablation_chart(retrieval: dict, path: Path) -> None:
    parts = [p for p in PARTS if p in retrieval]
    names = list(retrieval[parts[0]]["retrieval"])
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(names) + 1.5))
    height = 0.8 / len(parts)
    for i, part in enumerate(parts):
        values = [retrieval[part]["retrieval"].get(n, {}).get("mrr", 0) for n in names]
        ax.barh([y + i * height for y in range(len(names))], values, height, label=part)
    ax.set_yticks([y + height * (len(parts) - 1) / 2 for y in range(len(names))], names)
    ax.invert_yaxis()
    ax.set_xlabel("MRR (top 5)")
    ax.set_title("Retrieval: pipeline, ablations and naive baseline")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _number(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
