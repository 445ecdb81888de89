"""The document library of the app: uploads kept in the data folder and indexed (or refused with
nothing left behind), documents removed with their uploaded file, and the index read again."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    homework_markdown,
    is_dutch,
    raw_chunks,
    swimming_text,
    truncated_pdf,
    write_bad_files,
    write_pdf,
)

from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.errors import DocumentError
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.ingest.uploads import version_path
from steunwijzer.types import DocumentInfo

NAME = "Zwembeleid De Proefpolder.pdf"
DRINK_QUESTION = "Wat drinken de kinderen na het zwemmen?"


def library_for(store_dir: Path, data_dir: Path, embedder: NamedEmbeddings) -> Assistant:
    """An Assistant whose uploads go to `data_dir`, sharing the session's embedder."""
    assistant = Assistant(Settings(store_dir=store_dir, llm="none", data_dir=data_dir))
    assistant.__dict__["embedder"] = embedder
    return assistant


@pytest.fixture
def library(tmp_path: Path, embedder: NamedEmbeddings) -> Assistant:
    return library_for(tmp_path / "store", tmp_path / "data", embedder)


def swimming_pdf(path: Path, drink: str = "warme chocolademelk") -> bytes:
    """A small school document as a real PDF; `drink` is its one distinctive detail."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "Zwembeleid Kindcentrum De Proefpolder",
        "Alle leerlingen van groep 5 en 6 gaan iedere dinsdagochtend naar zwembad De Golfslag.",
        "Kinderen zonder zwemdiploma krijgen les van een badjuf in het ondiepe bad.",
        f"Na het zwemmen drinken de kinderen {drink} in de kantine van het zwembad.",
        "Ouders die willen helpen bij het omkleden, melden zich bij de leerkracht van de groep.",
        "Een kind dat om medische redenen niet mag zwemmen, neemt een briefje van de huisarts mee.",
    ]
    return write_pdf(path, [lines], title="Zwembeleid Kindcentrum De Proefpolder").read_bytes()


def files_in(folder: Path) -> list[str]:
    """The name of every file under `folder` (in the version folders too), hidden ones also
    (nothing when it does not exist)."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def only_document(assistant: Assistant) -> DocumentInfo:
    [document] = assistant.documents()
    return document


def test_an_upload_is_kept_in_the_uploads_folder_and_answerable(
    tmp_path: Path, library: Assistant
) -> None:
    data = swimming_pdf(tmp_path / "bron" / "zwemmen.pdf")
    uploads = library.settings.uploads
    assert uploads == tmp_path / "data" / "documents"

    report = library.add_file(NAME, data)

    stored = version_path(uploads, NAME, data)
    assert report.added == [str(stored)] and not report.failed
    assert files_in(uploads) == [NAME]
    assert stored.read_bytes() == data
    document = only_document(library)
    assert document.document == NAME and document.source == str(stored)
    answer = library.ask(DRINK_QUESTION)
    assert answer.answered, answer.text
    assert "warme chocolademelk" in answer.text
    assert {c.document for c in answer.citations} == {NAME}


def test_an_upload_with_a_path_in_its_name_lands_in_the_uploads_folder(
    tmp_path: Path, library: Assistant
) -> None:
    data = swimming_pdf(tmp_path / "bron" / "zwemmen.pdf")
    library.add_file("../../buiten.pdf", data)
    assert files_in(library.settings.uploads) == ["buiten.pdf"]
    assert not (tmp_path / "buiten.pdf").exists()
    stored = version_path(library.settings.uploads, "buiten.pdf", data)
    assert only_document(library).source == str(stored)


def test_a_second_upload_of_the_same_content_is_skipped(tmp_path: Path, library: Assistant) -> None:
    data = swimming_pdf(tmp_path / "bron" / "zwemmen.pdf")
    first = library.add_file(NAME, data)
    again = library.add_file(NAME, data)
    assert first.added and again.skipped == first.added and not again.added
    assert files_in(library.settings.uploads) == [NAME]
    assert len(library.documents()) == 1


@pytest.mark.parametrize(
    "kind",
    [
        "corrupt",
        "encrypted",
        "empty_pdf",
        "empty_md",
        "image_only",
        "blank_pages",
        "text_as_pdf",
        "text_as_docx",
        "binary_as_txt",
    ],
)
def test_a_broken_upload_is_refused_in_dutch_and_leaves_nothing(
    tmp_path: Path, library: Assistant, kind: str
) -> None:
    source = tmp_path / "bron" / "zwemmen.pdf"
    swimming_pdf(source)
    bad = write_bad_files(tmp_path / "slecht", source)[kind]

    with pytest.raises(DocumentError) as caught:
        library.add_file(bad.name, bad.read_bytes())

    message = str(caught.value)
    assert message.startswith(f"{bad.name}: ") and is_dutch(message), message
    assert files_in(library.settings.uploads) == []
    assert library.documents() == []
    assert raw_chunks(library.store) == []


def test_a_broken_new_version_keeps_the_good_file_and_its_passages(
    tmp_path: Path, library: Assistant
) -> None:
    good = swimming_pdf(tmp_path / "bron" / "zwemmen.pdf")
    library.add_file(NAME, good)
    before = only_document(library)
    chunks = sorted(p.chunk_id for p in library.store.passages())
    newer = tmp_path / "bron" / "zwemmen-nieuw.pdf"
    swimming_pdf(newer, drink="een beker ranja")
    broken = truncated_pdf(newer, tmp_path / "bron" / "afgebroken.pdf").read_bytes()

    with pytest.raises(DocumentError) as caught:
        library.add_file(NAME, broken)

    assert caught.value.args[0].startswith(NAME) and is_dutch(str(caught.value))
    assert files_in(library.settings.uploads) == [NAME]  # no .part or other version left
    assert version_path(library.settings.uploads, NAME, good).read_bytes() == good
    after = only_document(library)
    assert after.content_hash == before.content_hash and after.indexed_at == before.indexed_at
    assert sorted(p.chunk_id for p in library.store.passages()) == chunks
    assert len(raw_chunks(library.store)) == len(chunks)
    answer = library.ask(DRINK_QUESTION)
    assert answer.answered and "warme chocolademelk" in answer.text, answer.text
    # The unchanged file is still recognised as indexed.
    assert library.reindex().skipped == [str(version_path(library.settings.uploads, NAME, good))]


def test_a_good_new_version_replaces_the_old_one(tmp_path: Path, library: Assistant) -> None:
    library.add_file(NAME, swimming_pdf(tmp_path / "bron" / "oud.pdf"))
    newer = swimming_pdf(tmp_path / "bron" / "nieuw.pdf", drink="een beker ranja")

    report = library.add_file(NAME, newer)

    stored = version_path(library.settings.uploads, NAME, newer)
    assert report.updated == [str(stored)] and not report.added
    assert files_in(library.settings.uploads) == [NAME]
    assert stored.read_bytes() == newer
    assert len(library.documents()) == 1
    assert not any("chocolademelk" in text for _, text, _ in raw_chunks(library.store))
    answer = library.ask(DRINK_QUESTION)
    assert answer.answered and "een beker ranja" in answer.text, answer.text


def test_remove_drops_a_document_and_only_an_uploaded_file(
    tmp_path: Path, library: Assistant
) -> None:
    library.add_file(NAME, swimming_pdf(tmp_path / "bron" / "zwemmen.pdf"))
    # A folder that happens to have the uploads folder's name, outside the data folder.
    elsewhere = tmp_path / "elders" / "documents" / "huiswerk.md"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(homework_markdown(), encoding="utf-8")
    library.ingest([elsewhere])
    ids = {d.document: d.doc_id for d in library.documents()}
    assert set(ids) == {NAME, "huiswerk.md"}

    library.remove(ids["huiswerk.md"])
    assert [d.document for d in library.documents()] == [NAME]
    assert elsewhere.read_text(encoding="utf-8") == homework_markdown()  # never deleted
    assert files_in(library.settings.uploads) == [NAME]

    assert library.ask(DRINK_QUESTION).answered
    library.remove(ids[NAME])
    assert library.documents() == [] and raw_chunks(library.store) == []
    assert files_in(library.settings.uploads) == []
    assert elsewhere.exists()
    # The answering pipeline sees the smaller index at once.
    answer = library.ask(DRINK_QUESTION)
    assert not answer.answered and not answer.citations


def test_removing_an_unknown_document_changes_nothing(tmp_path: Path, library: Assistant) -> None:
    library.add_file(NAME, swimming_pdf(tmp_path / "bron" / "zwemmen.pdf"))
    library.remove("0000000000000000")
    assert [d.document for d in library.documents()] == [NAME]
    assert files_in(library.settings.uploads) == [NAME]


@pytest.mark.parametrize("data_dir", ["relative", "symlink"])
def test_remove_deletes_the_upload_however_the_data_folder_is_written(
    tmp_path: Path, embedder: NamedEmbeddings, monkeypatch: pytest.MonkeyPatch, data_dir: str
) -> None:
    # STEUNWIJZER_DATA_DIR=data, or a path through a symlink: the index holds the resolved path.
    real = tmp_path / "data"
    real.mkdir()
    if data_dir == "relative":
        monkeypatch.chdir(tmp_path)
        written = Path("data")
    else:
        written = tmp_path / "snelkoppeling"
        written.symlink_to(real, target_is_directory=True)
    library = library_for(tmp_path / "store", written, embedder)
    library.add_file(NAME, swimming_pdf(tmp_path / "bron" / "zwemmen.pdf"))
    assert files_in(real / "documents") == [NAME]
    library.remove(only_document(library).doc_id)
    assert library.documents() == []
    assert files_in(real / "documents") == []


def test_reindex_takes_in_changed_files_and_drops_vanished_ones(
    tmp_path: Path, library: Assistant
) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    homework = folder / "huiswerk.md"
    swimming = folder / "zwemmen.txt"
    homework.write_text(homework_markdown(), encoding="utf-8")
    swimming.write_text(swimming_text("een kwartiertje"), encoding="utf-8")
    library.ingest([folder])
    pdf = swimming_pdf(tmp_path / "bron" / "zwemmen.pdf")
    library.add_file(NAME, pdf)
    uploaded = version_path(library.settings.uploads, NAME, pdf)
    question = "Op welke dag krijgen de kinderen een weektaak mee?"
    assert "maandag" in library.ask(question).text

    homework.write_text(
        homework_markdown("Op woensdag krijgen de kinderen een weektaak mee."), encoding="utf-8"
    )
    swimming.unlink()
    report = library.reindex()

    assert report.updated == [str(homework)]
    assert report.removed == [str(swimming)]
    assert report.skipped == [str(uploaded)]
    assert not report.added and not report.failed
    assert {d.document for d in library.documents()} == {"huiswerk.md", NAME}
    texts = [text for _, text, _ in raw_chunks(library.store)]
    assert any("Op woensdag krijgen" in t for t in texts)
    assert not any("Op maandag krijgen" in t or "kwartiertje" in t for t in texts)
    answer = library.ask(question)
    assert answer.answered and "woensdag" in answer.text and "maandag" not in answer.text

    # An upload deleted from the disk is dropped as well; nothing is left to read.
    uploaded.unlink()
    report = library.reindex()
    assert report.removed == [str(uploaded)] and report.skipped == [str(homework)]
    assert [d.document for d in library.documents()] == ["huiswerk.md"]
