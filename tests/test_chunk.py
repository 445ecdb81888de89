"""Chunking by structure: bounded sizes, section paths from numbered headings, lists kept
whole, ids that only change when the content does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BAKEN, DEMO_CORPUS, DEMO_PDFS

from steunwijzer.ingest.chunk import MAX_WORDS, MIN_WORDS, chunk_blocks
from steunwijzer.ingest.clean import clean_pages
from steunwijzer.ingest.pipeline import load_document
from steunwijzer.ingest.readers import read_document
from steunwijzer.types import Chunk


def demo_chunks(pdf: Path, doc_id: str = "demo") -> list[Chunk]:
    return chunk_blocks(doc_id, clean_pages(read_document(pdf).pages))


def words(chunk: Chunk) -> int:
    return len(chunk.text.split())


def sentences(tag: str, count: int, length: int = 12) -> str:
    """`count` distinct sentences of `length` words."""
    return " ".join(
        f"{tag} {i} " + " ".join(["ondersteuning"] * (length - 3)) + " eind." for i in range(count)
    )


def chunks_of(*lines: str) -> list[Chunk]:
    return chunk_blocks("doc", clean_pages(["\n".join(lines)]))


def md_headings(pdf: Path) -> set[str]:
    """Heading texts of the demo document's Markdown source (the ground truth)."""
    source = (DEMO_CORPUS / "src" / f"{pdf.stem}.md").read_text("utf-8")
    return {m.group(1).strip() for m in re.finditer(r"^#{1,4} (.+)$", source, re.MULTILINE)}


@pytest.mark.parametrize("pdf", DEMO_PDFS, ids=lambda p: p.stem)
def test_demo_chunk_sizes_stay_within_bounds(pdf: Path) -> None:
    sizes = [words(c) for c in demo_chunks(pdf)]
    assert len(sizes) >= 4
    assert max(sizes) <= MAX_WORDS
    assert min(sizes) >= MIN_WORDS // 2
    assert sum(s >= MIN_WORDS for s in sizes) >= 0.8 * len(sizes)


def test_long_text_of_ordinary_sentences_is_cut_into_bounded_chunks() -> None:
    chunks = chunks_of("1. Inleiding", sentences("Zin", 90), "2. Grenzen", sentences("Slot", 8))
    assert len(chunks) >= 4
    assert all(words(c) <= MAX_WORDS for c in chunks)
    assert all(words(c) >= MIN_WORDS // 2 for c in chunks)
    # Nothing is lost or repeated.
    assert sum(words(c) for c in chunks) == 4 + 90 * 12 + 8 * 12


def test_no_chunk_exceeds_max_words_even_with_long_sentences() -> None:
    long_paragraph = sentences("Eerste", 1, length=140) + " " + sentences("Tweede", 1, length=160)
    chunks = chunks_of("1. Inleiding", long_paragraph, "2. Grenzen", sentences("Slot", 3))
    assert max(words(c) for c in chunks) <= MAX_WORDS


def test_numbered_headings_give_nested_section_paths_that_reset() -> None:
    chunks = chunks_of(
        "3. Ondersteuning",
        sentences("Intro", 10),
        "3.1 Specialismen",
        sentences("Specialist", 10),
        "3.2 Voorzieningen",
        sentences("Voorziening", 10),
        "A. Wie zit er in het ondersteuningsteam?",
        sentences("Team", 10),
        "4. Grenzen aan onze ondersteuning",
        sentences("Grens", 10),
    )
    sections = {c.text.split("\n", 1)[0]: c.section for c in chunks}
    assert sections["3. Ondersteuning"] == "3. Ondersteuning"
    assert sections["3.1 Specialismen"] == "3. Ondersteuning > 3.1 Specialismen"
    assert sections["3.2 Voorzieningen"] == "3. Ondersteuning > 3.2 Voorzieningen"
    assert sections["A. Wie zit er in het ondersteuningsteam?"] == (
        "3. Ondersteuning > 3.2 Voorzieningen > A. Wie zit er in het ondersteuningsteam?"
    )
    assert sections["4. Grenzen aan onze ondersteuning"] == "4. Grenzen aan onze ondersteuning"


def section_parts(section: str) -> tuple[list[str], list[str]]:
    """A chunk's section: the path it starts in ("3. X > 3.1 Y"), then (after " | ") the
    headings of sections that begin inside it."""
    path, *begun = section.split(" | ")
    return path.split(" > "), begun


@pytest.mark.parametrize("pdf", DEMO_PDFS, ids=lambda p: p.stem)
def test_demo_section_paths_are_made_of_real_headings_in_order(pdf: Path) -> None:
    headings = md_headings(pdf)
    sections = [c.section for c in demo_chunks(pdf) if c.section.strip(" |")]
    assert any(" > " in section for section in sections)
    for section in sections:
        path, begun = section_parts(section)
        # a section that opens inside the chunk is named by its whole path too
        opened = [part for later in begun for part in later.split(" > ")]
        assert all(part in headings for part in [*path, *opened] if part), section
        numbers = [m.group(1) for p in path if (m := re.match(r"(\d+(?:\.\d+)*)\.? ", p))]
        for parent, child in zip(numbers, numbers[1:], strict=False):
            assert child.startswith(parent + "."), section


@pytest.mark.parametrize("pdf", [DEMO_CORPUS / BAKEN], ids=lambda p: p.stem)
def test_section_labels_have_no_empty_parts(pdf: Path) -> None:
    for chunk in demo_chunks(pdf):
        if chunk.section:
            path, begun = section_parts(chunk.section)
            assert all(part.strip() for part in [*path, *begun]), repr(chunk.section)


def test_the_lift_passage_of_het_baken_has_its_section_path() -> None:
    chunk = next(
        c for c in demo_chunks(DEMO_CORPUS / BAKEN) if "Het gebouw heeft een lift." in c.text
    )
    assert chunk.section == "3. Ondersteuning > 3.3 Fysieke ruimten en toegankelijkheid"
    assert chunk.page_at(chunk.text.index("Het gebouw heeft een lift.")) == 4  # FACTS.md


def test_a_bullet_list_with_its_lead_in_stays_in_one_chunk() -> None:
    bullets = [
        f"• voorziening {i}: een rustige werkplek voor leerlingen die snel afgeleid zijn"
        for i in range(8)
    ]
    chunks = chunks_of(
        "1. Inleiding",
        sentences("Intro", 20),
        "2. Voorzieningen",
        sentences("Uitleg", 5),
        "Wij bieden de volgende voorzieningen:",
        *bullets,
        "3. Grenzen",
        sentences("Grens", 12),
    )
    holding = [c for c in chunks if "voorziening 0" in c.text]
    assert len(holding) == 1
    assert "Wij bieden de volgende voorzieningen:" in holding[0].text
    assert all(b in holding[0].text for b in bullets)
    assert sum(c.text.count("• voorziening") for c in chunks) == len(bullets)


@pytest.mark.parametrize("pdf", DEMO_PDFS, ids=lambda p: p.stem)
def test_demo_bullet_lists_are_never_split_between_chunks(pdf: Path) -> None:
    # A chunk's text is its blocks joined by newlines: number every line by its chunk.
    owner = [(c.position, line) for c in demo_chunks(pdf) for line in c.text.split("\n")]
    lists = 0
    for (chunk_a, line_a), (chunk_b, line_b) in zip(owner, owner[1:], strict=False):
        continues_list = line_b.startswith("•") and (line_a.startswith("•") or line_a.endswith(":"))
        if continues_list:
            lists += 1
            assert chunk_a == chunk_b, f"list split between chunks at {line_b!r}"
    assert lists > 0


def test_chunk_ids_are_deterministic_and_depend_on_document_and_content() -> None:
    pdf = DEMO_CORPUS / BAKEN
    first = [c.id for c in demo_chunks(pdf, "doc-a")]
    assert first == [c.id for c in demo_chunks(pdf, "doc-a")]
    assert len(set(first)) == len(first)
    assert not set(first) & {c.id for c in demo_chunks(pdf, "doc-b")}
    original = chunks_of("1. Inleiding", sentences("Zin", 30))
    edited = chunks_of("1. Inleiding", sentences("Zin", 30).replace("Zin 29", "Zin 99"))
    assert original[0].id == edited[0].id
    assert original[-1].id != edited[-1].id


def test_loading_the_same_file_twice_gives_the_same_chunks(tmp_path: Path) -> None:
    pdf = DEMO_CORPUS / BAKEN
    _, first = load_document(pdf, "hash")
    _, second = load_document(pdf, "hash")
    assert [(c.id, c.text, c.section, c.page_starts) for c in first] == [
        (c.id, c.text, c.section, c.page_starts) for c in second
    ]


def test_chunk_pages_are_ascending_and_within_the_document() -> None:
    for pdf in DEMO_PDFS:
        pages = len(read_document(pdf).pages)
        for chunk in demo_chunks(pdf):
            offsets = [o for o, _ in chunk.page_starts]
            numbers = [p for _, p in chunk.page_starts]
            assert offsets[0] == 0 and offsets == sorted(offsets)
            assert numbers == sorted(numbers) and numbers[0] >= 1 and numbers[-1] <= pages


@pytest.mark.slow
def test_shared_corpus_chunks_are_free_of_footers_and_mostly_full(shared_corpus: Path) -> None:
    for pdf in sorted(shared_corpus.glob("*.pdf")):
        chunks = demo_chunks(pdf)
        assert chunks, pdf.name
        assert not any("· pagina" in c.text for c in chunks), pdf.name
        assert sum(words(c) >= MIN_WORDS for c in chunks) >= 0.8 * len(chunks), pdf.name


@pytest.mark.slow
def test_shared_corpus_chunks_never_exceed_max_words(shared_corpus: Path) -> None:
    for pdf in sorted(shared_corpus.glob("*.pdf")):
        assert max(words(c) for c in demo_chunks(pdf)) <= MAX_WORDS, pdf.name
