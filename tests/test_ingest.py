"""Indexing folders through the Assistant: bad files are reported by name and skipped,
re-ingest is idempotent, changed files replace their chunks, --prune drops deleted files, and an
interrupted run (even a SIGKILL) leaves nothing behind that the next run does not clean up."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import termios
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import (
    DEMO_CORPUS,
    SWV_PLAN,
    Counting,
    DemoIndex,
    cli_command,
    cli_env,
    homework_markdown,
    is_dutch,
    raw_chunks,
    run_cli,
    swimming_text,
    write_docx,
    write_pdf,
)

from steunwijzer.assistant import Assistant
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.records import belongs
from steunwijzer.index.store import Store
from steunwijzer.index.vector_cache import CachedEmbeddings, sentences_of
from steunwijzer.ingest import pipeline as ingest_pipeline
from steunwijzer.ingest.pipeline import doc_id_for, ingest_paths, load_document
from steunwijzer.ingest.progress import IngestProgress, Outcome, Stage, describe
from steunwijzer.retrieval.retrieve import Retriever
from steunwijzer.types import indexed_text

NewAssistant = Callable[[], Assistant]


def assert_consistent(store: Store) -> None:
    """The index invariants: every chunk in Chroma belongs to a committed document version,
    each document has exactly its recorded number of chunks, and none is stored twice."""
    docs = {d.doc_id: d for d in store.documents()}
    chunks = raw_chunks(store)
    assert len(chunks) == sum(d.chunks for d in docs.values()) == store.chunk_count()
    per_doc = Counter(str(meta["doc_id"]) for _, _, meta in chunks)
    assert per_doc == Counter({doc_id: d.chunks for doc_id, d in docs.items() if d.chunks})
    for _, _, meta in chunks:
        assert belongs(str(meta["version"]), docs[str(meta["doc_id"])])
    texts = Counter((str(meta["doc_id"]), text) for _, text, meta in chunks)
    assert max(texts.values(), default=1) == 1, "a chunk text is stored twice for one document"


def small_folder(folder: Path) -> dict[str, Path]:
    """A folder with one small document of every supported type."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "pdf": write_pdf(
            folder / "overblijven.pdf",
            [
                [
                    "Overblijven op Kindcentrum De Proefpolder",
                    "Alle kinderen eten tussen de middag op school. De overblijfkracht let erop",
                    "dat ieder kind rustig kan eten. Kinderen met een allergie hebben een eigen",
                    "bakje met hun naam erop. Ouders geven een allergie door aan de leerkracht.",
                ]
            ],
        ),
        "txt": folder / "zwemmen.txt",
        "md": folder / "huiswerk.md",
        "docx": write_docx(
            folder / "lift.docx",
            [
                "Toegankelijkheid van Kindcentrum De Proefpolder",
                "Het gebouw van De Proefpolder heeft sinds de verbouwing een lift naar de eerste "
                "verdieping. Kinderen in een rolstoel kunnen alle lokalen bereiken.",
            ],
        ),
    }
    files["txt"].write_text(swimming_text(), encoding="utf-8")
    files["md"].write_text(homework_markdown(), encoding="utf-8")
    return files


# -- a folder with good and bad files (the session index) --------------------------------------


def test_bad_files_are_reported_by_name_and_good_ones_indexed(demo_index: DemoIndex) -> None:
    report = demo_index.report
    failed = {Path(path).name: why for path, why in report.failed}
    assert sorted(failed) == sorted(p.name for p in demo_index.bad.values())
    assert len(report.failed) == len(demo_index.bad)
    assert all(why and is_dutch(why) for why in failed.values()), failed
    assert sorted(report.added) == sorted(str(p) for p in demo_index.good)
    assert report.updated == report.skipped == report.removed == []
    assert [d.document for d in demo_index.assistant.documents()] == sorted(
        p.name for p in demo_index.good
    )


def test_unsupported_and_hidden_files_in_a_folder_are_passed_over(demo_index: DemoIndex) -> None:
    mentioned = {Path(p).name for p, _ in demo_index.report.failed} | {
        Path(p).name for p in demo_index.report.added
    }
    indexed = {d.document for d in demo_index.assistant.documents()}
    for path in demo_index.ignored:
        assert path.name not in mentioned | indexed


def test_chunk_counts_agree_everywhere(demo_index: DemoIndex) -> None:
    store = demo_index.store
    assert_consistent(store)
    docs = demo_index.assistant.documents()
    assert demo_index.report.chunks_added == sum(d.chunks for d in docs)
    assert demo_index.assistant.stats().chunks == sum(d.chunks for d in docs)
    per_doc = Counter(p.doc_id for p in store.passages())
    assert per_doc == Counter({d.doc_id: d.chunks for d in docs})


# -- re-ingest, change, prune -------------------------------------------------------------------


def test_reingest_of_an_unchanged_folder_changes_nothing(
    tmp_path: Path, new_assistant: NewAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = small_folder(tmp_path / "docs")
    first = new_assistant().ingest([tmp_path / "docs"])
    assert sorted(first.added) == sorted(str(p) for p in files.values())
    assistant = new_assistant()
    before = (assistant.documents(), sorted(raw_chunks(assistant.store)))

    calls: list[IngestProgress] = []
    second = assistant.ingest([tmp_path / "docs"], progress=calls.append)
    assert sorted(second.skipped) == sorted(str(p) for p in files.values())
    assert {c.outcome for c in calls[1:]} == {Outcome.SKIPPED} and calls[-1].share == 1
    assert second.added == second.updated == second.failed == []
    assert second.chunks_added == 0
    # The same folder by a relative path is the same set of documents.
    monkeypatch.chdir(tmp_path)
    third = new_assistant().ingest([Path("docs")])
    assert len(third.skipped) == len(files) and not third.added
    assert (assistant.documents(), sorted(raw_chunks(assistant.store))) == before
    assert_consistent(assistant.store)


def test_progress_names_each_document_with_its_pages_passages_and_the_time_left(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    folder = tmp_path / "docs"
    files = small_folder(folder)
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    steps: list[IngestProgress] = []
    assistant = new_assistant()
    report = assistant.ingest([folder], progress=steps.append)

    calls = [step for step in steps if step.stage is Stage.DOCUMENTS]  # then the sentences
    assert steps[: len(calls)] == calls and steps[-1].stage is Stage.SENTENCES
    assert calls[0] == IngestProgress(0, len(files) + 1)
    assert [c.done for c in calls] == list(range(len(files) + 2))
    assert all(c.total == len(files) + 1 for c in calls)
    done = {c.document: c for c in calls[1:]}
    assert done["kapot.pdf"].outcome is Outcome.FAILED
    for info in assistant.documents():  # pages and passages as the index has them
        step = done[info.document]
        assert step.outcome is Outcome.ADDED
        assert (step.pages, step.passages) == (info.pages, info.chunks) and info.chunks > 0
        line = describe(step)
        assert info.document in line and f"{info.chunks} passages toegevoegd" in line
    # Once something was embedded, every step before the last says how long is left.
    assert any(c.seconds_left is not None for c in calls[1:-1])
    assert all(c.seconds_left is None or c.seconds_left >= 0 for c in calls)
    assert "nog ongeveer" not in describe(calls[-1])
    assert len(report.added) == len(files)


def test_each_distinct_text_is_embedded_once_passages_first_then_sentences(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    text = swimming_text()
    (folder / "zwemmen.txt").write_text(text, encoding="utf-8")
    (folder / "kopie.txt").write_text(text, encoding="utf-8")  # another file, the same text
    (folder / "huiswerk.md").write_text(homework_markdown(), encoding="utf-8")
    counting = Counting(embedder)
    cache = CachedEmbeddings(counting, tmp_path / "vectors.sqlite")
    store = Store(tmp_path / "store", embedder.name)
    calls: list[IngestProgress] = []
    report = ingest_paths([folder], store, cache, progress=calls.append)

    assert len(report.added) == 3
    passages = store.passages()
    embedded = {indexed_text(p.title, p.section, p.text) for p in passages}
    sentences = set(sentences_of(p.text for p in passages))
    assert len(passages) > len(embedded)  # the copy's passages are the same texts
    # The passages first (the documents are searchable then), each distinct text once; then
    # every distinct sentence once, for the answers.
    assert sorted(counting.texts[: len(embedded)]) == sorted(embedded)
    assert sorted(counting.texts[len(embedded) :]) == sorted(sentences)
    stages = [c.stage for c in calls]
    assert stages == sorted(stages, key=[Stage.DOCUMENTS, Stage.SENTENCES].index)
    last = calls[-1]
    # The sentence stage embeds what the cache still lacks: the instruction screen may have
    # embedded a sentence with a cue word already, while the documents were read.
    assert last.stage is Stage.SENTENCES and last.done == last.total
    assert len(sentences) - 2 <= last.total <= len(sentences)
    assert describe(last).startswith("Zinnen voor de citaten")
    retriever = Retriever(store, embedder)
    assert "zwem" in retriever.search("Wanneer is de zwemles?", 1)[0].text.lower()


def rules_markdown(last_day: str = "vrijdag") -> str:
    """A Markdown document of several passages; `last_day` stands in its last sentence."""
    sections = ["Huiswerk", "Pauze", "Gymles"]
    return (
        "# Afspraken op Kindcentrum De Vlinder\n\n"
        + "\n\n".join(
            f"## {n}. {title}\n\n"
            + " ".join(
                f"{title}, afspraak {k}: de kinderen van groep {n + 4} doen dit op dag {k} samen "
                "met de leerkracht en de ouders."
                for k in range(6)
            )
            for n, title in enumerate(sections, start=1)
        )
        + f" De laatste afspraak geldt op {last_day}.\n"
    )


def test_a_changed_file_embeds_only_its_changed_passages(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    rules = folder / "afspraken.md"
    rules.write_text(rules_markdown(), encoding="utf-8")
    assistant = new_assistant()
    assistant.ingest([folder])
    assert assistant.documents()[0].chunks >= 2
    cache = assistant.embedder
    assert isinstance(cache, CachedEmbeddings)
    counting = Counting(cache.embedder)
    cache.embedder = counting
    before = {indexed_text(p.title, p.section, p.text) for p in assistant.store.passages()}
    rules.write_text(rules_markdown("woensdag"), encoding="utf-8")
    assert assistant.ingest([folder]).updated == [str(rules)]
    after = {indexed_text(p.title, p.section, p.text) for p in assistant.store.passages()}
    assert not set(counting.texts) & before  # no unchanged passage is embedded again
    assert [t for t in counting.texts if t in after] == list(after - before)
    assert len(after - before) == 1 and "woensdag" in next(iter(after - before))
    # and of its sentences only the new one
    assert [t for t in counting.texts if t not in after] == [
        "De laatste afspraak geldt op woensdag."
    ]
    assert_consistent(assistant.store)


def test_a_changed_file_replaces_its_chunks(
    tmp_path: Path, new_assistant: NewAssistant, embedder: NamedEmbeddings
) -> None:
    folder = tmp_path / "docs"
    files = small_folder(folder)
    assistant = new_assistant()
    assistant.ingest([folder])
    old_rule = "Op maandag krijgen de kinderen een weektaak mee."
    new_rule = "Op woensdag krijgen de kinderen een leesopdracht mee."
    assert old_rule in homework_markdown()
    files["md"].write_text(homework_markdown(new_rule), encoding="utf-8")

    report = assistant.ingest([folder])
    assert report.updated == [str(files["md"])]
    assert sorted(report.skipped) == sorted(str(p) for k, p in files.items() if k != "md")
    texts = [p.text for p in assistant.store.passages()]
    assert not any("weektaak" in t for t in texts)
    assert not any("weektaak" in text for _, text, _ in raw_chunks(assistant.store))
    assert sum(new_rule in t for t in texts) == 1
    retriever = Retriever(assistant.store, embedder)
    assert not any("weektaak" in p.text for p in retriever.search("Wat is de weektaak?", 5))
    assert new_rule in retriever.search("Welke leesopdracht krijgen de kinderen?", 1)[0].text
    info = next(d for d in assistant.documents() if d.document == "huiswerk.md")
    assert info.content_hash == hashlib.sha256(files["md"].read_bytes()).hexdigest()
    assert_consistent(assistant.store)


def test_a_new_ingest_version_replaces_the_chunks_of_an_unchanged_file(
    tmp_path: Path, new_assistant: NewAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer ingest may cut the same file into other chunks: the chunks of the older cut go,
    even though the file's content (and hash) did not change."""
    folder = tmp_path / "docs"
    small_folder(folder)
    new_assistant().ingest([folder])
    monkeypatch.setattr(ingest_pipeline, "INGEST_VERSION", ingest_pipeline.INGEST_VERSION + 1)
    cut = ingest_pipeline.chunk_blocks
    monkeypatch.setattr(
        ingest_pipeline,
        "chunk_blocks",
        lambda doc_id, blocks: [
            replace(c, text=c.text + " (opnieuw gelezen)") for c in cut(doc_id, blocks)
        ],
    )
    assistant = new_assistant()
    report = assistant.ingest([folder])
    assert len(report.updated) == len(list(folder.iterdir()))
    texts = [text for _, text, _ in raw_chunks(assistant.store)]
    assert texts and all(t.endswith("(opnieuw gelezen)") for t in texts)
    assert_consistent(assistant.store)


def test_an_index_made_before_versions_held_the_ingest_version_keeps_its_chunks(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    """Chunks stored with the content hash alone (an older index) still belong to their
    document until it is read again: searching and sweeping orphans keep them."""
    folder = tmp_path / "docs"
    small_folder(folder)
    assistant = new_assistant()
    assistant.ingest([folder])
    store = assistant.store
    docs = {d.doc_id: d for d in store.documents()}
    chunks = raw_chunks(store)
    store._chunks.update(  # noqa: SLF001 - as an older version of Steunwijzer wrote them
        ids=[chunk_id for chunk_id, _, _ in chunks],
        metadatas=[
            {**meta, "version": docs[str(meta["doc_id"])].content_hash} for _, _, meta in chunks
        ],
    )
    assert len(store.passages()) == len(chunks)
    assert store.recover() == 0
    assert len(raw_chunks(store)) == len(chunks)


def test_prune_removes_the_documents_of_deleted_files(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    folder = tmp_path / "docs"
    files = small_folder(folder)
    assistant = new_assistant()
    assistant.ingest([folder])
    gone = files["txt"]
    gone.unlink()

    kept = assistant.ingest([folder])
    assert kept.removed == [] and "zwemmen.txt" in {d.document for d in assistant.documents()}
    pruned = assistant.ingest([folder], prune=True)
    assert pruned.removed == [str(gone)]
    assert sorted(d.document for d in assistant.documents()) == sorted(
        p.name for k, p in files.items() if k != "txt"
    )
    assert doc_id_for(gone) not in {str(m["doc_id"]) for _, _, m in raw_chunks(assistant.store)}
    assert not any("zwembad" in p.text for p in assistant.store.passages())
    assert_consistent(assistant.store)


def test_missing_paths_and_explicit_unsupported_files_are_reported(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    rtf = tmp_path / "notities.rtf"
    rtf.write_text("{\\rtf1 Een RTF-bestand met tekst.}", encoding="utf-8")
    txt = tmp_path / "zwemmen.txt"
    txt.write_text(swimming_text(), encoding="utf-8")
    report = new_assistant().ingest([tmp_path / "bestaat-niet", rtf, txt])
    failed = dict(report.failed)
    assert set(failed) == {str(tmp_path / "bestaat-niet"), str(rtf)}
    assert all(is_dutch(why) for why in failed.values())
    assert report.added == [str(txt)]


def test_orphans_of_an_interrupted_run_are_swept_by_the_next_ingest(
    tmp_path: Path, new_assistant: NewAssistant, embedder: NamedEmbeddings
) -> None:
    folder = tmp_path / "docs"
    files = small_folder(folder)
    assistant = new_assistant()
    # An earlier run wrote the chunks of huiswerk.md and stopped before its commit.
    path = files["md"]
    info, chunks = load_document(path, hashlib.sha256(path.read_bytes()).hexdigest())
    vectors = embedder.embed_documents(
        [indexed_text(info.title, c.section, c.text) for c in chunks]
    )
    with pytest.raises(Exception):  # noqa: B017 - Chroma refuses the record: no commit
        assistant.store.put_document(replace(info, period={"kapot": 1}), chunks, vectors)  # type: ignore[arg-type]
    assert len(raw_chunks(assistant.store)) == len(chunks) and not assistant.documents()

    report = assistant.ingest([folder])
    assert report.recovered_chunks == len(chunks)
    assert sorted(report.added) == sorted(str(p) for p in files.values())
    assert_consistent(assistant.store)


def test_a_damaged_word_file_does_not_abort_the_run(
    tmp_path: Path, new_assistant: NewAssistant
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    whole = write_docx(tmp_path / "heel.docx", ["Een Word-document met wat tekst erin."])
    (folder / "afgebroken.docx").write_bytes(whole.read_bytes()[:1500])
    (folder / "zwemmen.txt").write_text(swimming_text(), encoding="utf-8")
    report = new_assistant().ingest([folder])
    assert [Path(p).name for p, _ in report.failed] == ["afgebroken.docx"]
    assert report.added == [str(folder / "zwemmen.txt")]


# -- a real crash: SIGKILL the CLI in the middle of a run ---------------------------------------


def ingest_until_killed(folder: Path, store_dir: Path, after_files: int, limit: float = 20) -> bool:
    """Run `steunwijzer ingest` on a terminal (so it draws its progress bar) and SIGKILL it as
    soon as the bar shows `after_files` files done, or after `limit` seconds, whichever comes
    first. False when the run finished before it could be killed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
    process = subprocess.Popen(
        [*cli_command(), "ingest", str(folder)],
        env=cli_env(store_dir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    output = b""
    give_up = time.monotonic() + limit
    try:
        while process.poll() is None and time.monotonic() < give_up:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    output += os.read(master, 65536)
                except OSError:  # the terminal closed: the run is over
                    break
                done = [int(n) for n in re.findall(rb"(\d+)/\d+ \[", output)]
                if done and max(done) >= after_files:
                    break
        if process.poll() is not None:
            return False
        process.send_signal(signal.SIGKILL)
        return True
    finally:
        process.wait(timeout=30)
        os.close(master)


@pytest.mark.slow
def test_a_killed_ingest_is_completed_cleanly_by_the_next_run(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DEMO_CORPUS / SWV_PLAN, folder / f"0-{SWV_PLAN}")
    for n in range(3):
        text = "\n\n".join(
            f"Paragraaf {n}.{k}. "
            + " ".join(
                f"Leerling {n} krijgt in week {w} hulp bij onderdeel {k}." for w in range(12)
            )
            for k in range(2)
        )
        (folder / f"{n + 1}-verslag.txt").write_text(text, encoding="utf-8")
    store_dir = tmp_path / "store"

    ingest_until_killed(folder, store_dir, after_files=1)  # it may land anywhere
    store = Store(store_dir, embedder.name)
    for doc in store.documents():  # whatever was committed is complete and readable
        assert sum(p.doc_id == doc.doc_id for p in store.passages()) == doc.chunks

    result = run_cli(["ingest", str(folder)], store_dir)
    assert result.returncode == 0, result.stderr
    store = Store(store_dir, embedder.name)
    assert sorted(d.document for d in store.documents()) == sorted(p.name for p in folder.iterdir())
    assert_consistent(store)
    before = (store.documents(), sorted(raw_chunks(store)))
    assert run_cli(["ingest", str(folder)], store_dir).returncode == 0
    assert (store.documents(), sorted(raw_chunks(store))) == before
