"""Split clean blocks into chunks by structure: sections, question headings, lists, tables.

Chunks hold 100 to 300 words where the text allows; a heading starts a new chunk once the
current one is big enough, lists and runs of table lines stay together, and every chunk
knows its section path."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from steunwijzer.ingest.clean import Block
from steunwijzer.language.text import sentence_spans
from steunwijzer.types import Chunk

MIN_WORDS = 100
MAX_WORDS = 300


@dataclass
class _Draft:
    """A chunk being filled: the section path it starts in (then the headings of sections
    that begin inside it), and its blocks."""

    sections: list[str]
    blocks: list[Block] = field(default_factory=list)

    @property
    def section(self) -> str:
        return " | ".join(s for s in self.sections if s)

    @property
    def words(self) -> int:
        return sum(block.words for block in self.blocks)


def chunk_blocks(doc_id: str, blocks: Sequence[Block]) -> list[Chunk]:
    """Chunks of a document, in reading order."""
    drafts: list[_Draft] = []
    path: list[Block] = []
    current = _Draft([""])
    for group in _groups(blocks):
        head = group[0]
        if head.kind == "heading" and head.level <= 5:
            while path and path[-1].level >= head.level:
                path.pop()
            path.append(head)
            if current.words >= MIN_WORDS:
                drafts.append(current)
                current = _Draft([_section(path)])
            elif current.blocks:
                current.sections.append(_section(path))
        if not current.blocks:
            current.sections = [_section(path)]
        size = sum(block.words for block in group)
        if current.blocks and current.words + size > MAX_WORDS:
            drafts.append(current)
            current = _Draft([_section(path)])
        if size > MAX_WORDS:
            for piece in _split_long(group):
                current.blocks.append(piece)
                if current.words >= MIN_WORDS:
                    drafts.append(current)
                    current = _Draft([_section(path)])
        else:
            current.blocks.extend(group)
    if current.blocks:
        drafts.append(current)
    drafts = _merge_small_tail(drafts)
    return [_to_chunk(doc_id, position, draft) for position, draft in enumerate(drafts)]


def _section(path: Sequence[Block]) -> str:
    return " > ".join(block.text for block in path)


def _groups(blocks: Sequence[Block]) -> Iterator[list[Block]]:
    """Blocks that belong together: a heading with what follows it, a lead-in with its
    bullets, a run of bullets, a run of short (table) lines."""
    group: list[Block] = []
    for block in blocks:
        if group and not _belongs(group, block):
            yield group
            group = []
        group.append(block)
    if group:
        yield group


def _belongs(group: Sequence[Block], block: Block) -> bool:
    last = group[-1]
    if last.kind == "heading" and block.kind != "heading":
        return True
    if block.kind == "bullet":
        return last.kind == "bullet" or last.text.endswith(":")
    if block.kind == "line":
        return last.kind == "line" or (last.kind == "para" and last.text.endswith(":"))
    return False


def _split_long(group: Sequence[Block]) -> Iterator[Block]:
    """Cut blocks that are too long for one chunk into pieces of at most half a chunk, at
    sentence ends (or between words, for a sentence longer than that)."""
    limit = MAX_WORDS // 2
    for block in group:
        if block.words <= limit:
            yield block
            continue
        start = end = 0
        for _, sentence_end in sentence_spans(block.text):
            if end > start and len(block.text[start:sentence_end].split()) > limit:
                yield _slice(block, start, end)
                start = end
            end = sentence_end
            while len(block.text[start:end].split()) > limit:
                cut = _offset_after_words(block.text, start, limit)
                yield _slice(block, start, cut)
                start = cut
        if block.text[start:].strip():
            yield _slice(block, start, len(block.text))


def _offset_after_words(text: str, start: int, count: int) -> int:
    """The offset just after the first `count` words of text[start:]."""
    matches = list(re.finditer(r"\S+", text[start:]))
    return start + matches[count - 1].end()


def _slice(block: Block, start: int, end: int) -> Block:
    while start < end and block.text[start].isspace():
        start += 1
    page = block.page
    starts: list[tuple[int, int]] = []
    for offset, number in block.page_starts:
        if offset <= start:
            page = number
        elif offset < end:
            starts.append((offset - start, number))
    return Block(block.kind, block.text[start:end], ((0, page), *starts), block.level)


def _merge_small_tail(drafts: list[_Draft]) -> list[_Draft]:
    """A small chunk is folded into the one before it when both fit."""
    merged: list[_Draft] = []
    for draft in drafts:
        if merged and draft.words < MIN_WORDS // 2 and merged[-1].words + draft.words <= MAX_WORDS:
            merged[-1].blocks.extend(draft.blocks)
            merged[-1].sections.extend(s for s in draft.sections if s not in merged[-1].sections)
        else:
            merged.append(draft)
    return merged


def _to_chunk(doc_id: str, position: int, draft: _Draft) -> Chunk:
    text = ""
    starts: list[tuple[int, int]] = []
    for block in draft.blocks:
        if text:
            text += "\n"
        for offset, page in block.page_starts:
            if not starts or starts[-1][1] != page:
                starts.append((len(text) + offset, page))
        text += block.text
    return Chunk(
        doc_id=doc_id,
        position=position,
        text=text,
        section=draft.section,
        page_starts=tuple(starts),
    )
