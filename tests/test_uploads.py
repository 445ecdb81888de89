"""Uploaded files: refused in Dutch when their type or size cannot be used, stored under a safe
name, and placed so that a failed upload leaves the uploads folder as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import is_dutch

from steunwijzer.errors import DocumentError
from steunwijzer.ingest.uploads import (
    check_upload,
    is_version,
    remove_version,
    slot,
    tidy,
    version_path,
    write_version,
)

MB = 1024 * 1024


@pytest.mark.parametrize("name", ["notities.rtf", "foto.JPG", "schoolgids", "archief.pdf.zip"])
def test_an_unsupported_file_type_is_refused_in_dutch(name: str) -> None:
    with pytest.raises(DocumentError) as caught:
        check_upload(name, 1000, 50)
    message = str(caught.value)
    assert name in message and is_dutch(message)
    assert "PDF" in message and "DOCX" in message  # says which kinds it can read


def test_an_empty_file_is_refused_in_dutch() -> None:
    with pytest.raises(DocumentError) as caught:
        check_upload("leeg.pdf", 0, 50)
    message = str(caught.value)
    assert "leeg.pdf" in message and "leeg" in message.split(":", 1)[1] and is_dutch(message)


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_not() -> None:
    with pytest.raises(DocumentError) as caught:
        check_upload("groot.pdf", 2 * MB + 1, 2)
    message = str(caught.value)
    assert "groot.pdf" in message and "te groot" in message and "maximaal 2 MB" in message
    assert is_dutch(message)
    assert check_upload("groot.pdf", 2 * MB, 2) == "groot.pdf"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("sop-het-kompas-college-2024.pdf", "sop-het-kompas-college-2024.pdf"),
        ("Schoolgids.PDF", "Schoolgids.pdf"),
        ("Ondersteuningsplan 2024-2028.docx", "Ondersteuningsplan 2024-2028.docx"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/tmp/map/notulen.md", "notulen.md"),
        ("SOP <Het Kompas> *2024*?.pdf", "SOP _Het Kompas_ _2024.pdf"),
        (".verborgen.md", "verborgen.md"),
        ("<>.pdf", "document.pdf"),
        ("école één.pdf", "école één.pdf"),
        ("regel\neen\x00twee.txt", "regel_een_twee.txt"),
    ],
)
def test_the_stored_name_is_safe(name: str, safe: str) -> None:
    stored = check_upload(name, 10, 50)
    # A name that had to be changed carries a short hash of the original.
    assert re.sub(r"-[0-9a-f]{8}(?=\.\w+$)", "", stored) == safe
    assert (stored == safe) == (Path(name).name == safe or name.endswith(".PDF"))


@pytest.mark.parametrize(
    "names",
    [
        ("Zorgplan–2024.txt", "Zorgplan—2024.txt", "Zorgplan_2024.txt"),
        ("!!!.txt", "???.txt", "document.txt"),
        ("SOP <A>.pdf", "SOP *A*.pdf", "SOP _A_.pdf"),
    ],
)
def test_different_names_are_stored_under_different_names(names: tuple[str, ...]) -> None:
    assert len({check_upload(name, 10, 50) for name in names}) == len(names)


@pytest.mark.parametrize(
    "name",
    [
        "../../../buiten.pdf",
        "C:\\Users\\ouder\\Documenten\\sop.pdf",
        "..\\..\\buiten.docx",
        "map/../../..pdf",
        "a" * 300 + ".md",
    ],
)
def test_a_stored_name_always_stays_inside_the_uploads_folder(tmp_path: Path, name: str) -> None:
    safe = check_upload(name, 10, 50)
    assert Path(safe).name == safe and not safe.startswith(".")
    assert not set(safe) & set("/\\:*?<>|\x00")
    assert safe.endswith(Path(name).suffix) and len(safe) <= 130
    assert (tmp_path / safe).resolve().parent == tmp_path.resolve()


def test_a_version_is_written_whole_into_a_folder_named_by_its_content(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "documents"  # created when missing
    path = write_version(folder, "sop.pdf", b"nieuwe inhoud")
    assert path == version_path(folder, "sop.pdf", b"nieuwe inhoud") and is_version(path)
    assert path.read_bytes() == b"nieuwe inhoud"
    assert [p.name for p in path.parent.iterdir()] == ["sop.pdf"]  # no .part left behind
    assert slot(path) == folder / "sop.pdf"
    other = write_version(folder, "sop.pdf", b"andere inhoud")
    assert other.parent != path.parent and slot(other) == slot(path)


def test_tidy_removes_only_versions_no_document_names(tmp_path: Path) -> None:
    kept = write_version(tmp_path, "sop.pdf", b"in de index")
    stray = write_version(tmp_path, "sop.pdf", b"half geupload")
    (stray.parent / ".sop.pdf.part").write_bytes(b"half")
    own = tmp_path / "eigen-bestand.pdf"  # not a version: never touched
    own.write_bytes(b"van de gebruiker")
    removed = tidy(tmp_path, [str(kept)])
    assert stray in removed and not stray.parent.exists()
    assert kept.read_bytes() == b"in de index" and own.exists()


def test_remove_version_drops_the_empty_folder(tmp_path: Path) -> None:
    path = write_version(tmp_path, "sop.pdf", b"inhoud")
    remove_version(path)
    assert list(tmp_path.iterdir()) == []
