"""The naive pipeline people build first: pypdf text, RecursiveCharacterTextSplitter 1000/200,
the same embedder, dense top k from a Chroma collection. The yardstick for the real one."""

from __future__ import annotations

import tempfile
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from pypdf import PdfReader

from steunwijzer.index.embeddings import NamedEmbeddings

BATCH = 1000


class NaiveBaseline:
    """Dense retrieval over fixed-size character chunks of raw PDF text."""

    def __init__(self, folder: Path, embedder: NamedEmbeddings) -> None:
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
        for pdf in sorted(folder.glob("*.pdf")):
            text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
            for piece in splitter.split_text(text):
                texts.append(piece)
                names.append(pdf.name)
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
