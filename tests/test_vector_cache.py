"""The vector cache beside the index: the same vectors as the embedder, kept across processes,
filled with every passage sentence at ingest (once the documents are searchable), and harmless
when damaged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from helpers import DEMO_PDFS, Counting

from steunwijzer.assistant import Assistant
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.vector_cache import CachedEmbeddings, sentences_of

SENTENCES = [
    "Het gebouw heeft een lift en een invalidentoilet.",
    "De mentor voert elke zes weken een coachingsgesprek.",
]


def two_demo_documents(assistant: Assistant, tmp_path: Path) -> tuple[Assistant, CachedEmbeddings]:
    """The assistant with two demo SOPs indexed, and its vector cache."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for pdf in DEMO_PDFS[:2]:
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    assert assistant.ingest([folder]).added
    cache = assistant.embedder
    assert isinstance(cache, CachedEmbeddings)
    return assistant, cache


def test_cached_vectors_are_the_embedders_and_are_embedded_once(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    counting = Counting(embedder)
    first = CachedEmbeddings(counting, tmp_path / "vectors.sqlite")
    fresh = first.embed_documents(SENTENCES + SENTENCES[:1])  # one text twice
    assert counting.texts == SENTENCES
    # Another process on the same index reads them from disk.
    again = CachedEmbeddings(counting, tmp_path / "vectors.sqlite").embed_documents(SENTENCES)
    assert counting.texts == SENTENCES
    assert np.allclose(again, fresh[:2], atol=1e-6)
    assert np.allclose(fresh, embedder.embed_documents(SENTENCES + SENTENCES[:1]), atol=1e-6)


def test_a_damaged_cache_costs_time_not_answers(tmp_path: Path, embedder: NamedEmbeddings) -> None:
    path = tmp_path / "vectors.sqlite"
    path.write_bytes(b"geen database" * 100)
    cached = CachedEmbeddings(embedder, path)
    assert np.allclose(
        cached.embed_documents(SENTENCES), embedder.embed_documents(SENTENCES), atol=1e-6
    )


def test_after_an_ingest_a_question_embeds_no_passage_sentence(
    new_assistant: Callable[[], Assistant], tmp_path: Path
) -> None:
    assistant, cache = two_demo_documents(new_assistant(), tmp_path)
    sentences = sentences_of(p.text for p in assistant.store.passages())
    assert sentences and cache.missing(sentences) == []  # embedded after the documents
    counting = Counting(cache.embedder)
    cache.embedder = counting
    answer = assistant.ask("Welke ondersteuning biedt de school bij dyslexie?")
    assert answer.answered and answer.citations
    assert counting.texts == []  # ranked, quoted and checked from the cache


def test_the_cache_keeps_only_what_the_index_holds(
    new_assistant: Callable[[], Assistant], tmp_path: Path
) -> None:
    assistant, cache = two_demo_documents(new_assistant(), tmp_path)
    cache.embed_documents(SENTENCES)  # say, model sentences that were checked
    doomed, kept = assistant.store.documents()
    texts = {
        doc: [p.text for p in assistant.store.passages() if p.doc_id == doc.doc_id]
        for doc in (doomed, kept)
    }
    assistant.remove(doomed.doc_id)
    counting = Counting(cache.embedder)
    cache.embedder = counting
    cache.add_sentences(texts[kept])
    assert counting.texts == []  # the kept document's sentences are still there
    cache.add_sentences(texts[doomed])
    assert counting.texts  # the removed document's are gone
    cache.embed_documents(SENTENCES)
    assert set(SENTENCES) <= set(counting.texts)
