"""The Chroma-backed index: one embedder per index, no Chroma default model, and crash-safe
replacement (readers only see committed documents; recover() sweeps the rest)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import homework_markdown, is_dutch, raw_chunks, swimming_text

from steunwijzer.errors import EmbedderMismatchError
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.store import Store, stored_id
from steunwijzer.ingest.pipeline import load_document
from steunwijzer.types import Chunk, DocumentInfo, indexed_text


def prepared(path: Path, text: str, embedder: NamedEmbeddings):  # type: ignore[no-untyped-def]
    """Write `text` to `path` and return what ingest would store for it."""
    path.write_text(text, encoding="utf-8")
    info, chunks = load_document(path, hashlib.sha256(path.read_bytes()).hexdigest())
    vectors = embedder.embed_documents(
        [indexed_text(info.title, c.section, c.text) for c in chunks]
    )
    return info, chunks, vectors


def broken(info: DocumentInfo) -> DocumentInfo:
    """A record Chroma refuses: put_document fails after writing the chunks, before the commit,
    exactly where a crash would stop it."""
    return replace(info, period={"niet": "toegestaan"})  # type: ignore[arg-type]


def texts_of(store: Store, doc_id: str) -> list[str]:
    return [p.text for p in store.passages() if p.doc_id == doc_id]


def long_text(changed_last_paragraph: bool = False) -> str:
    """Three paragraphs that chunk into two chunks; only the last one may change."""
    paragraphs = [
        f"Alinea {n}. "
        + " ".join(f"De leerling {n} krijgt hulp van de mentor {k}." for k in range(12))
        for n in range(3)
    ]
    if changed_last_paragraph:
        paragraphs[-1] = paragraphs[-1].replace("mentor 5.", "orthopedagoog 5.")
    return "Zorgroute\n\n" + "\n\n".join(paragraphs)


def test_an_index_refuses_another_embedder(tmp_path: Path) -> None:
    Store(tmp_path, "model-a")
    with pytest.raises(EmbedderMismatchError) as caught:
        Store(tmp_path, "model-b")
    message = str(caught.value)
    assert "model-a" in message and "model-b" in message and is_dutch(message)
    Store(tmp_path, "model-a")  # the right one still opens it


def test_the_real_embedder_name_is_recorded_and_enforced(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    Store(tmp_path, embedder.name)
    with pytest.raises(EmbedderMismatchError):
        Store(tmp_path, "sentence-transformers:intfloat/multilingual-e5-small")


@pytest.mark.filterwarnings("ignore:legacy embedding function config:DeprecationWarning")
def test_chunk_collection_has_no_chroma_embedding_function(tmp_path: Path) -> None:
    store = Store(tmp_path, "model-a")
    chunks = store._chunks  # noqa: SLF001 - the setting under test lives on the collection
    assert chunks._embedding_function is None  # noqa: SLF001
    # So text can never be embedded by Chroma's own model (which would be downloaded).
    with pytest.raises(ValueError, match="embedding function"):
        chunks.query(query_texts=["Heeft de school een lift?"], n_results=1)


def test_a_reopened_index_has_the_same_documents_and_passages(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store = Store(tmp_path / "index", embedder.name)
    info, chunks, vectors = prepared(tmp_path / "zwemmen.txt", swimming_text(), embedder)
    store.put_document(info, chunks, vectors)
    reopened = Store(tmp_path / "index", embedder.name)
    assert reopened.documents() == [info]
    assert [p.chunk_id for p in reopened.passages()] == [stored_id(c, info) for c in chunks]
    assert reopened.chunk_count() == len(chunks) == info.chunks


def test_replacing_a_document_leaves_only_the_new_version(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store = Store(tmp_path / "index", embedder.name)
    path = tmp_path / "zorgroute.txt"
    old = prepared(path, long_text(), embedder)
    store.put_document(*old)
    new = prepared(path, long_text(changed_last_paragraph=True), embedder)
    store.put_document(*new)
    assert store.documents() == [new[0]]
    assert texts_of(store, new[0].doc_id) == [c.text for c in new[1]]
    assert sorted(i for i, _, _ in raw_chunks(store)) == sorted(
        stored_id(c, new[0]) for c in new[1]
    )


def test_recover_removes_chunks_of_a_document_that_was_never_committed(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store = Store(tmp_path / "index", embedder.name)
    kept = prepared(tmp_path / "zwemmen.txt", swimming_text(), embedder)
    store.put_document(*kept)
    info, chunks, vectors = prepared(tmp_path / "huiswerk.md", homework_markdown(), embedder)
    with pytest.raises(Exception):  # noqa: B017 - any failure at the commit point will do
        store.put_document(broken(info), chunks, vectors)

    assert len(raw_chunks(store)) == len(kept[1]) + len(chunks)  # the orphans are there ...
    assert store.documents() == [kept[0]]  # ... but nobody sees them
    assert {p.doc_id for p in store.passages()} == {kept[0].doc_id}
    assert store.recover() == len(chunks)
    assert [i for i, _, _ in raw_chunks(store)] == [stored_id(c, kept[0]) for c in kept[1]]
    assert store.recover() == 0


def test_an_interrupted_replace_keeps_the_committed_version_whole(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store = Store(tmp_path / "index", embedder.name)
    path = tmp_path / "zorgroute.txt"
    old_info, old_chunks, old_vectors = prepared(path, long_text(), embedder)
    store.put_document(old_info, old_chunks, old_vectors)
    new_info, new_chunks, new_vectors = prepared(path, long_text(True), embedder)
    if old_chunks[0].id != new_chunks[0].id:
        pytest.fail("precondition: the first chunk must be the same in both versions")
    with pytest.raises(Exception):  # noqa: B017
        store.put_document(broken(new_info), new_chunks, new_vectors)

    assert store.documents() == [old_info]
    assert texts_of(store, old_info.doc_id) == [c.text for c in old_chunks]
    store.recover()
    assert texts_of(store, old_info.doc_id) == [c.text for c in old_chunks]


def test_delete_document_removes_its_record_and_chunks(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store = Store(tmp_path / "index", embedder.name)
    first = prepared(tmp_path / "zwemmen.txt", swimming_text(), embedder)
    second = prepared(tmp_path / "huiswerk.md", homework_markdown(), embedder)
    store.put_document(*first)
    store.put_document(*second)
    store.delete_document(first[0].doc_id)
    assert store.documents() == [second[0]]
    assert {m["doc_id"] for _, _, m in raw_chunks(store)} == {second[0].doc_id}


def test_dense_search_ranks_by_cosine_similarity_and_filters_documents(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    store = Store(tmp_path / "index", embedder.name)
    swim = prepared(tmp_path / "zwemmen.txt", swimming_text(), embedder)
    homework = prepared(tmp_path / "huiswerk.md", homework_markdown(), embedder)
    store.put_document(*swim)
    store.put_document(*homework)
    query = embedder.embed_query("Wanneer gaan de kinderen naar het zwembad?")
    found = store.dense_search(query, 10)
    assert [p.doc_id for p in found][0] == swim[0].doc_id
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    assert all(-1.0 <= p.score <= 1.0 for p in found)
    only = store.dense_search(query, 10, doc_ids=[homework[0].doc_id])
    assert {p.doc_id for p in only} == {homework[0].doc_id}
    assert store.dense_search(query, 10, doc_ids=[]) == []


def test_passages_keep_section_pages_and_schools(tmp_path: Path, embedder: NamedEmbeddings) -> None:
    store = Store(tmp_path / "index", embedder.name)
    info, chunks, vectors = prepared(tmp_path / "huiswerk.md", homework_markdown(), embedder)
    store.put_document(info, chunks, vectors)
    (passage,) = store.passages()
    chunk: Chunk = chunks[0]
    assert (passage.text, passage.section, passage.page_starts) == (
        chunk.text,
        chunk.section,
        chunk.page_starts,
    )
    assert (passage.document, passage.title, passage.schools) == (
        "huiswerk.md",
        info.title,
        info.schools,
    )
