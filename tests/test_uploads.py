"""Uploaded files: refused in Dutch when their type or size cannot be used, stored under a safe
name, and placed so that a failed upload leaves the uploads folder as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import is_dutch

from steunwijzer.errors import DocumentError
from steunwijzer.ingest.uploads import check_upload, placed

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
    assert check_upload(name, 10, 50) == safe


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


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_stays_after_the_block(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "documents"  # created when missing
    with placed(folder, "sop.pdf", b"nieuwe inhoud") as path:
        assert path == folder / "sop.pdf"
        assert path.read_bytes() == b"nieuwe inhoud"
    assert (folder / "sop.pdf").read_bytes() == b"nieuwe inhoud"
    assert leftovers(folder) == ["sop.pdf"]  # no .part or .previous file left behind


def test_a_replaced_file_has_the_new_bytes_after_the_block(tmp_path: Path) -> None:
    (tmp_path / "sop.pdf").write_bytes(b"oude inhoud")
    (tmp_path / "ander.pdf").write_bytes(b"blijft staan")
    with placed(tmp_path, "sop.pdf", b"nieuwe inhoud") as path:
        assert path.read_bytes() == b"nieuwe inhoud"
    assert (tmp_path / "sop.pdf").read_bytes() == b"nieuwe inhoud"
    assert (tmp_path / "ander.pdf").read_bytes() == b"blijft staan"
    assert leftovers(tmp_path) == ["ander.pdf", "sop.pdf"]


@pytest.mark.parametrize("error", [DocumentError, KeyboardInterrupt])
def test_a_new_file_is_removed_when_the_block_fails(
    tmp_path: Path, error: type[BaseException]
) -> None:
    (tmp_path / "ander.pdf").write_bytes(b"blijft staan")
    with pytest.raises(error), placed(tmp_path, "sop.pdf", b"kapot") as path:
        assert path.read_bytes() == b"kapot"
        raise error("kan niet geindexeerd worden")
    assert leftovers(tmp_path) == ["ander.pdf"]


@pytest.mark.parametrize("error", [DocumentError, KeyboardInterrupt])
def test_a_replaced_file_comes_back_when_the_block_fails(
    tmp_path: Path, error: type[BaseException]
) -> None:
    (tmp_path / "sop.pdf").write_bytes(b"goede oude inhoud")
    with pytest.raises(error), placed(tmp_path, "sop.pdf", b"kapotte nieuwe inhoud") as path:
        assert path.read_bytes() == b"kapotte nieuwe inhoud"
        raise error("kan niet geindexeerd worden")
    assert (tmp_path / "sop.pdf").read_bytes() == b"goede oude inhoud"
    assert leftovers(tmp_path) == ["sop.pdf"]
