"""The documents the eval asks about and the index it builds over them (shared by every eval
step, so that the index is built once)."""

from __future__ import annotations

from pathlib import Path

from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "pdf"
DEMO = ROOT / "corpus"
STORE = ROOT / "evals" / ".cache" / "store-all"
NOTES = ("README.md", "FACTS.md")  # about the demo corpus, not of it (FACTS.md holds answers)


def corpus_files() -> list[Path]:
    """The shared corpus and the demo corpus (its documents, not the Markdown sources and
    notes beside them): the dev part asks about both, the test part too."""
    demo = [
        p
        for p in sorted(DEMO.iterdir())
        if p.suffix in (".pdf", ".docx", ".txt", ".md") and p.name not in NOTES
    ]
    return sorted(SHARED.glob("*.pdf")) + demo


def prepared_assistant(store: Path = STORE, files: list[Path] | None = None) -> Assistant:
    """An assistant whose index holds exactly the eval's documents (built, or refreshed where
    files changed), with the profiles read, as an ingest leaves them."""
    assistant = Assistant(Settings(store_dir=store, llm="none"))
    report = assistant.ingest(files or corpus_files(), prune=True)
    if report.failed:
        raise SystemExit(f"could not index: {report.failed}")
    assistant.profiles()
    return assistant
