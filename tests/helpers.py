"""Small real input files for the tests (generated PDFs, Word files, broken files) and a few
checks shared by several test modules."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.store import Store
from steunwijzer.index.vector_cache import CachedEmbeddings
from steunwijzer.ingest import IngestReport
from steunwijzer.llm.backends import ChatBackend
from steunwijzer.types import DocumentInfo

REPO = Path(__file__).resolve().parents[1]
DEMO_CORPUS = REPO / "corpus"
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"

BAKEN = "sop-praktijkschool-het-baken-2019.pdf"
KOMPAS = "sop-het-kompas-college-2024.pdf"
WILGENHOEK = "sop-basisschool-de-wilgenhoek-2025.pdf"
SWV_PLAN = "ondersteuningsplan-swv-vo-dijkerland-2024-2028.pdf"
# The four demo documents the tests know by heart (the demo corpus's other documents belong to
# the held-out eval part, evals/test/).
DEMO_PDFS = [DEMO_CORPUS / name for name in sorted((BAKEN, KOMPAS, WILGENHOEK, SWV_PLAN))]

# Words that any Dutch sentence of more than a few words is bound to contain.
_DUTCH = frozenset(
    "de het een is niet geen wordt worden bestand van en in op met dat deze kan zijn".split()
)


class RecordingChat(FakeListChatModel):
    """LangChain's fake chat model, answering from its list, that keeps the prompts it was
    given, whether invoked or streamed."""

    prompts: list[str] = []

    def _call(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> str:
        self.prompts.append("\n".join(str(m.content) for m in messages))
        return super()._call(messages, *args, **kwargs)

    def _stream(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        self.prompts.append("\n".join(str(m.content) for m in messages))
        return super()._stream(messages, *args, **kwargs)


# -- generated documents -------------------------------------------------------------------


def write_pdf(
    path: Path, pages: Sequence[Sequence[str]], footer: str | None = None, title: str = ""
) -> Path:
    """A text PDF: one line per string, and a running footer '<footer> · pagina N'."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    if title:
        canvas.setTitle(title)
    _, height = A4
    for number, lines in enumerate(pages, start=1):
        canvas.setFont("Helvetica", 10.5)
        y = height - 72
        for line in lines:
            canvas.drawString(72, y, line)
            y -= 15
        if footer:
            canvas.setFont("Helvetica", 8)
            canvas.drawString(72, 40, f"{footer} · pagina {number}")
        canvas.showPage()
    canvas.save()
    return path


def write_docx(
    path: Path, paragraphs: Sequence[str], table: Sequence[Sequence[str]] = (), title: str = ""
) -> Path:
    """A real Word file (python-docx) with paragraphs, then an optional table."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    if title:
        document.core_properties.title = title
    document.save(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    """A PDF whose only page holds shapes and no text, like a scan without OCR."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.rect(100, 400, 200, 150, fill=1)
    canvas.circle(300, 250, 60)
    canvas.line(50, 50, 500, 700)
    canvas.showPage()
    canvas.save()
    return path


def blank_pdf(path: Path, pages: int = 2) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)
    return path


def encrypted_pdf(source: Path, path: Path, password: str = "geheim") -> Path:
    """`source` locked with a user password (it cannot be opened without it)."""
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password=password, owner_password=password + "-eigenaar")
    with path.open("wb") as out:
        writer.write(out)
    return path


def truncated_pdf(source: Path, path: Path, keep: float = 0.4) -> Path:
    """The first part of a real PDF, as an interrupted download leaves it."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def write_bad_files(folder: Path, source_pdf: Path) -> dict[str, Path]:
    """Every kind of unusable file that ingest must report (and skip) by name."""
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        "corrupt": truncated_pdf(source_pdf, folder / "afgebroken-download.pdf"),
        "encrypted": encrypted_pdf(source_pdf, folder / "beveiligd.pdf"),
        "empty_pdf": folder / "leeg.pdf",
        "empty_md": folder / "leeg.md",
        "image_only": image_only_pdf(folder / "scan-zonder-tekst.pdf"),
        "blank_pages": blank_pdf(folder / "blanco.pdf"),
        "text_as_pdf": folder / "eigenlijk-tekst.pdf",
        "text_as_docx": folder / "eigenlijk-tekst.docx",
        "binary_as_txt": folder / "eigenlijk-binair.txt",
    }
    bad["empty_pdf"].write_bytes(b"")
    bad["empty_md"].write_text("  \n\n \t\n", encoding="utf-8")
    bad["text_as_pdf"].write_text("Dit is gewone tekst met de extensie .pdf.\n", encoding="utf-8")
    bad["text_as_docx"].write_text("Dit is gewone tekst met de extensie .docx.\n", encoding="utf-8")
    bad["binary_as_txt"].write_bytes(bytes(range(256)) * 8)
    return bad


def swimming_text(detail: str = "een kwartiertje") -> str:
    """A small plain-text school document (one chunk); `detail` is its one varying phrase."""
    return (
        "Schoolzwemmen op Kindcentrum De Proefpolder\n\n"
        "Alle leerlingen van groep 5 en 6 gaan iedere dinsdagochtend met de bus naar zwembad "
        "De Golfslag. Kinderen die nog geen diploma hebben, krijgen les van een badjuf in het "
        "ondiepe bad. Ouders die willen helpen bij het omkleden, melden zich bij de leerkracht. "
        f"Na afloop drinken de kinderen {detail} warme chocolademelk in de kantine van het "
        "zwembad. Een kind met een medische reden om niet te zwemmen, neemt een briefje van de "
        "huisarts mee en blijft die ochtend in een andere groep.\n"
    )


def homework_markdown(rule: str = "Op maandag krijgen de kinderen een weektaak mee.") -> str:
    """A small Markdown school document (one chunk); `rule` is its one varying sentence."""
    return (
        "# Huiswerkbeleid Kindcentrum De Vlinder\n\n"
        "## 1. Afspraken over huiswerk\n\n"
        "Leerlingen van groep 7 en 8 krijgen huiswerk om te oefenen met plannen. "
        f"{rule} De leerkracht bespreekt op vrijdag in de klas wat gelukt is. "
        "Kinderen die thuis geen rustige plek hebben, mogen na schooltijd in de bibliotheek van "
        "de school werken. Daar is tot vier uur een vrijwilliger aanwezig die helpt bij "
        "vragen over rekenen en begrijpend lezen.\n"
    )


# -- checks ---------------------------------------------------------------------------------


def is_dutch(message: str) -> bool:
    """Whether a message for people reads as Dutch (a crude but falsifiable check)."""
    return bool(_DUTCH & set(re.findall(r"[a-zà-ÿ]+", message.lower())))


def normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class DemoIndex:
    """The demo corpus plus every kind of bad file, indexed once into a session store."""

    folder: Path
    good: tuple[Path, ...]
    bad: dict[str, Path]
    ignored: tuple[Path, ...]  # files a folder ingest must pass over without complaint
    assistant: Assistant
    report: IngestReport

    @property
    def store(self) -> Store:
        return self.assistant.store

    @property
    def store_dir(self) -> Path:
        return self.assistant.settings.store_dir

    def info(self, document: str) -> DocumentInfo:
        return next(d for d in self.assistant.documents() if d.document == document)


# -- the real components, shared ------------------------------------------------------------


class Counting(NamedEmbeddings):
    """The real embedder, counting the texts it is given to embed as passages."""

    def __init__(self, embedder: NamedEmbeddings) -> None:
        self.embedder = embedder
        self.name = embedder.name
        self.batch_size = embedder.batch_size
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts += texts
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


def assistant_for(store_dir: Path, embedder: NamedEmbeddings) -> Assistant:
    """An Assistant on `store_dir` that reuses the one embedder the session has loaded."""
    settings = Settings(store_dir=store_dir, llm="none")
    assistant = Assistant(settings)
    # `Assistant.embedder` is a cached_property: seeding the instance dict shares the model
    # (with the index's own vector cache, as the Assistant builds it).
    assistant.__dict__["embedder"] = CachedEmbeddings(embedder, settings.vector_cache)
    return assistant


def assistant_with(
    demo_index: DemoIndex,
    embedder: NamedEmbeddings,
    model: FakeListChatModel,
    follow_ups: str = "rule",
) -> Assistant:
    """An Assistant on the demo index that answers with `model` (a fake chat model) and
    rewrites follow-ups by `follow_ups` ('rule' or 'model')."""
    settings = replace(demo_index.assistant.settings, follow_ups=follow_ups)
    assistant = Assistant(settings, backend=ChatBackend("fake", model))
    assistant.__dict__["embedder"] = CachedEmbeddings(embedder, settings.vector_cache)
    return assistant


def raw_chunks(store: Store) -> list[tuple[str, str, dict[str, Any]]]:
    """Every chunk record in Chroma, committed or not: (id, text, metadata).

    Deliberately looks past the committed view (`Store.passages`) that readers get, to check
    that nothing is left behind that a later reader or `recover` would have to deal with."""
    records = store._chunks.get(include=["documents", "metadatas"])  # noqa: SLF001
    return list(
        zip(records["ids"], records["documents"] or [], records["metadatas"] or [], strict=True)
    )


def cli_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m`."""
    script = Path(sys.executable).with_name("steunwijzer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "steunwijzer.cli"]


def cli_env(store_dir: Path, llm: str = "none") -> dict[str, str]:
    """The environment of a CLI run: this store, and extractive answers unless `llm` says."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEUNWIJZER_")}
    env["STEUNWIJZER_STORE"] = str(store_dir)
    env["STEUNWIJZER_LLM"] = llm
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_cli(
    args: Sequence[str], store_dir: Path, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cli_command(), *args],
        env=cli_env(store_dir),
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
