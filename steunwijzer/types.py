"""The nouns of Steunwijzer as frozen dataclasses: documents, chunks, passages, answers."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed file and what was inferred from its content."""

    doc_id: str
    document: str  # file name, as shown to users
    source: str  # absolute path at ingest time
    title: str
    kind: str  # sop, ondersteuningsplan, handreiking, evaluatie, rapport, overig
    schools: tuple[str, ...] = ()
    swv: str = ""
    period: str = ""  # school year or date, e.g. "2023-2024" or "november 2023"
    pages: int = 0
    chunks: int = 0
    content_hash: str = ""
    indexed_at: str = ""
    reader: int = 0  # the ingest version that read it (ingest.pipeline.INGEST_VERSION)
    # Sentences that address an AI system (see language.injection), found at ingest.
    instructions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A piece of a document, with its section path and the page of every character."""

    doc_id: str
    position: int
    text: str
    section: str
    page_starts: tuple[tuple[int, int], ...]  # (offset in text, page number), ascending

    @property
    def id(self) -> str:
        """Content-hash id: the same document, position and text always give the same id."""
        digest = hashlib.sha1(f"{self.doc_id}\x00{self.position}\x00{self.text}".encode())
        return digest.hexdigest()[:24]

    @property
    def page(self) -> int:
        return self.page_starts[0][1]

    def page_at(self, offset: int) -> int:
        """The page on which the character at `offset` stands."""
        return page_at(self.page_starts, offset)


def page_at(page_starts: tuple[tuple[int, int], ...], offset: int) -> int:
    """The page of the character at `offset`, given (offset, page) starts in ascending order."""
    offsets = [start for start, _ in page_starts]
    index = max(bisect.bisect_right(offsets, offset) - 1, 0)
    return page_starts[index][1]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its document and its retrieval score."""

    chunk_id: str
    doc_id: str
    document: str
    title: str
    page: int
    section: str
    text: str
    score: float
    page_starts: tuple[tuple[int, int], ...] = ()
    schools: tuple[str, ...] = ()
    kind: str = ""
    position: int = 0
    dense_similarity: float = 0.0

    def page_at(self, offset: int) -> int:
        return page_at(self.page_starts, offset) if self.page_starts else self.page


@dataclass(frozen=True)
class Citation:
    """A quoted sentence and where it stands: cited in the answer as [n]."""

    n: int
    document: str
    title: str
    page: int
    text: str


@dataclass(frozen=True)
class Answer:
    """What a question gets: an answer text, whether it is supported, and its sources."""

    question: str
    text: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = field(default_factory=tuple)
    confidence: float = 0.0
    generated: bool = False  # written by the language model (else quoted verbatim)
    dropped_sentences: int = 0  # generated sentences removed for lack of support
    summary: str = ""  # the model's checked sentences, when generated: text is summary + quotes
    standalone: str = ""  # the question standing on its own, when a follow-up was rewritten
    search: str = ""  # the Dutch question the search read, when it was asked in another language
    kind: str = ""  # the kind of question (composing.kinds.QuestionKind)
    verdict: str = ""  # suitability questions: what the SOP says (profiles.suitability.Verdict)
    lead: str = ""  # the first line that answers the question directly, with its [n]


@dataclass(frozen=True)
class Turn:
    """One question and answer of a conversation, for understanding follow-up questions."""

    question: str
    answer: str


def indexed_text(title: str, section: str, text: str) -> str:
    """What is embedded and matched lexically: title and section path first, then the text."""
    return "\n".join(part for part in (title, section, text) if part)
