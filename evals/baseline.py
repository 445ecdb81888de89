"""The naive pipeline people build first: pypdf text, RecursiveCharacterTextSplitter 1000/200,
the same embedder, dense top k from a Chroma collection. The yardstick for the real one."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import chromadb
import docx
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from pypdf import PdfReader

from steunwijzer.index.embeddings import NamedEmbeddings

BATCH = 1000


def plain_text(path: Path) -> str:
    """A file's text as a first pipeline reads it: pypdf, python-docx paragraphs, or as is."""
    if path.suffix.lower() == ".pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if path.suffix.lower() == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8", errors="replace")


class NaiveBaseline:
    """Dense retrieval over fixed-size character chunks of raw PDF text."""

    def __init__(self, corpus: Path | Sequence[Path], embedder: NamedEmbeddings) -> None:
        """`corpus`: a folder of PDFs, or files (PDF, DOCX, TXT)."""
        self.embedder = embedder
        self._dir = tempfile.TemporaryDirectory(prefix="steunwijzer-baseline-")
        client = chromadb.PersistentClient(
            path=self._dir.name, settings=ChromaSettings(anonymized_telemetry=False)
        )
        self._collection = client.create_collection(
            "baseline", embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts: list[str] = []
        names: list[str] = []
        files = sorted(corpus.glob("*.pdf")) if isinstance(corpus, Path) else list(corpus)
        for path in files:
            for piece in splitter.split_text(plain_text(path)):
                texts.append(piece)
                names.append(path.name)
        self.chunks = len(texts)
        vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        for start in range(0, len(texts), BATCH):  # Chroma caps one add at ~5,000 records
            end = start + BATCH
            self._collection.add(
                ids=[str(i) for i in range(start, min(end, len(texts)))],
                embeddings=vectors[start:end],
                documents=texts[start:end],
                metadatas=[{"document": name} for name in names[start:end]],
            )

    def search(self, question: str, k: int = 5) -> list[tuple[str, str]]:
        """(document, text) of the k nearest chunks."""
        result = self._collection.query(
            query_embeddings=np.asarray([self.embedder.embed_query(question)], dtype=np.float32),
            n_results=k,
        )
        return [
            (str(meta["document"]), text)
            for meta, text in zip(
                (result["metadatas"] or [[]])[0], (result["documents"] or [[]])[0], strict=True
            )
        ]
