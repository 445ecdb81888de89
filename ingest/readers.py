"""Read a file into pages of raw text: PDF (pypdf), DOCX, TXT and Markdown.

Every way a file can be unusable raises `DocumentError` with a one-line Dutch reason; so does a
file that would cost too much (`Limits`: a DOCX is a zip archive, checked by its table of
contents before anything is unpacked; text is counted as it is extracted)."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from steunwijzer.errors import DocumentError

SUPPORTED = (".pdf", ".docx", ".txt", ".md")
# Headings as a file marks them: a Word style, a text line underlined, a Markdown '#'.
WORD_HEADING = re.compile(r"Heading (\d)")
UNDERLINE = re.compile(r"={3,}|-{3,}")
ATX_HEADING = re.compile(r"(#{1,4})\s+(\S.*?)\s*#*")
BULLET_LINE = re.compile(r"[-*+•]|\d+[.)]\s")
TABLE_RULE = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")  # |---|:---:|, of a table
MARKDOWN_BULLET = re.compile(r"^\s*[-*+]\s+")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
MARKDOWN_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(\S(?:.*?\S)?)\1(?!\w)")
TITLE_WORDS = 12  # an underlined line longer than this is a paragraph's last line
# pypdf logs English warnings about repairable damage; a failure is reported in Dutch instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)
MIN_TEXT_CHARS = 20
MB = 1024 * 1024
# The parts python-docx parses (XML) may unpack to this many bytes per character the document
# may hold: Word's markup runs to a few bytes per character of text.
XML_BYTES_PER_CHAR = 16


@dataclass(frozen=True)
class Limits:
    """What one file may cost (Settings: STEUNWIJZER_MAX_DOCUMENT_CHARS, _MAX_DOCUMENT_CHUNKS,
    _MAX_UNPACKED_MB); past them it is refused, before the cost is paid where it can be."""

    max_chars: int = 2_000_000  # about a thousand pages
    max_chunks: int = 3_000
    max_unpacked_bytes: int = 100 * MB  # a DOCX, unpacked
    max_parts: int = 2_000  # files in a DOCX archive

    def check_chars(self, chars: int) -> None:
        if chars > self.max_chars:
            raise DocumentError(
                f"het document is te lang: meer dan {_n(self.max_chars)} tekens "
                "(de grens staat in STEUNWIJZER_MAX_DOCUMENT_CHARS)"
            )

    def check_chunks(self, chunks: int) -> None:
        if chunks > self.max_chunks:
            raise DocumentError(
                f"het document is te groot: {_n(chunks)} tekstdelen, maximaal "
                f"{_n(self.max_chunks)} (STEUNWIJZER_MAX_DOCUMENT_CHUNKS)"
            )


def _n(number: int) -> str:
    """A number as Dutch writes it: 2.000.000."""
    return f"{number:,}".replace(",", ".")


@dataclass(frozen=True)
class RawDocument:
    """The pages of a file as extracted, plus the title its metadata declares (if any)."""

    pages: tuple[str, ...]
    declared_title: str = ""
    # Lines the file marks as headings (a Word heading style, a text file's underlined or
    # '#' line), with their level (1 at the top): their text alone cannot tell them from a
    # table cell.
    headings: tuple[tuple[str, int], ...] = ()


def read_document(
    path: Path, data: bytes | None = None, limits: Limits | None = None
) -> RawDocument:
    """Extract pages of text from `path` (whose bytes the caller may already hold), or raise
    DocumentError saying why not."""
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(f"bestandstype {suffix or '(geen)'} wordt niet ondersteund")
    data = path.read_bytes() if data is None else data
    if not data.strip():
        raise DocumentError("het bestand is leeg")
    if suffix == ".pdf":
        raw = _read_pdf(path, data, limits)
    elif suffix == ".docx":
        raw = _read_docx(path, data, limits)
    else:
        limits.check_chars(len(data) // 4)  # a character is at most 4 bytes: refused unread
        raw = _read_text(data, markdown=suffix == ".md")
    limits.check_chars(sum(len(page) for page in raw.pages))
    if sum(len(page.strip()) for page in raw.pages) < MIN_TEXT_CHARS:
        if suffix == ".pdf":
            raise DocumentError(
                "de PDF heeft geen tekstlaag (gescand of alleen afbeeldingen); OCR zit er niet in"
            )
        raise DocumentError("het bestand bevat geen tekst")
    return raw


def _read_pdf(path: Path, data: bytes, limits: Limits) -> RawDocument:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise DocumentError(f"het bestand heet .pdf maar is geen PDF ({_sniff(data)})")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("de PDF is beveiligd met een wachtwoord")
        texts: list[str] = []
        for page in reader.pages:  # counted as they come: a huge PDF stops early
            texts.append(page.extract_text() or "")
            limits.check_chars(sum(map(len, texts)))
        pages = tuple(texts)
        title = (reader.metadata.title or "") if reader.metadata else ""
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise DocumentError("de PDF is beveiligd met een wachtwoord") from exc
    except (PdfReadError, NotImplementedError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError("de PDF is beschadigd en niet te lezen") from exc
    except Exception as exc:  # noqa: BLE001 - whatever else pypdf raises, in English
        raise DocumentError("de PDF is beschadigd en niet te lezen") from exc
    if not pages:
        raise DocumentError("de PDF heeft geen pagina's")
    return RawDocument(pages=pages, declared_title=title)


def _read_docx(path: Path, data: bytes, limits: Limits) -> RawDocument:
    if not data.startswith(b"PK"):
        raise DocumentError(f"het bestand heet .docx maar is geen Word-bestand ({_sniff(data)})")
    _check_archive(data, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError("het Word-bestand is beschadigd") from exc
    except Exception as exc:  # noqa: BLE001 - lxml's and python-docx's own errors, in English
        raise DocumentError("het Word-bestand is beschadigd en niet te lezen") from exc
    lines: list[str] = []
    headings: list[tuple[str, int]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = item.style.name if item.style is not None else ""
            level = _heading_style(style)
            if level and item.text.strip():
                headings.append((item.text.strip(), level))
                lines.append(item.text)
            elif _listed(item, style) and item.text.strip():
                # numbered items too: a number of our own would read as a section number
                lines.append(f"• {item.text}")
            else:
                lines.append(item.text)
        elif isinstance(item, Table):
            lines.extend(
                table_lines([[cell.text.strip() for cell in row.cells] for row in item.rows])
            )
    title = document.core_properties.title or ""
    return RawDocument(pages=("\n".join(lines),), declared_title=title, headings=tuple(headings))


def _heading_style(style: str) -> int:
    """The level of a Word heading style ('Title' 1, 'Heading 1' 2, ...), 0 for others."""
    if style == "Title":
        return 1
    found = WORD_HEADING.fullmatch(style)
    return min(int(found.group(1)) + 1, 4) if found else 0


def _listed(paragraph: Any, style: str) -> bool:
    """A bullet: a list style, or numbering set on the paragraph itself."""
    properties = paragraph._p.pPr  # noqa: SLF001 - python-docx has no public numbering API
    return style.startswith("List") or (properties is not None and properties.numPr is not None)


TICK = re.compile(r"^(?:[✓✔✗✘×•●xX]|ja|nee|v)$")


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table as lines of text. In a table of marks (✓, X, ja, nee under column headers such
    as 'aanwezig' and 'niet aanwezig') a mark means nothing without its column, so each row
    reads 'label | header: mark'; other rows are their cells, merged cells once."""
    if not rows:
        return []
    header = rows[0]
    marks = any(TICK.match(cell) for row in rows[1:] for cell in row[1:])
    lines = [" | ".join(dict.fromkeys(c for c in header if c))]
    for row in rows[1:]:
        if marks and len(row) == len(header):
            cells = [row[0]] + [
                f"{name}: {cell}" if name and TICK.match(cell) else cell
                for name, cell in zip(header[1:], row[1:], strict=True)
                if cell
            ]
        else:
            cells = [c for c in dict.fromkeys(row) if c]
        lines.append(" | ".join(cells))
    return lines


def _check_archive(data: bytes, limits: Limits) -> None:
    """Refuse a DOCX whose parts are too many or unpack to too much, from the archive's table
    of contents alone (a zip bomb of a few hundred KB unpacks to gigabytes). Python's zipfile
    never unpacks a part past the size this table declares, so the sizes hold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError("het Word-bestand is beschadigd") from exc
    if len(parts) > limits.max_parts:
        raise DocumentError(
            f"het Word-bestand bestaat uit {_n(len(parts))} delen (maximaal "
            f"{_n(limits.max_parts)}); sla het opnieuw op in Word of als PDF"
        )
    unpacked = sum(part.file_size for part in parts)
    xml = sum(part.file_size for part in parts if part.filename.endswith((".xml", ".rels")))
    if unpacked > limits.max_unpacked_bytes or xml > XML_BYTES_PER_CHAR * limits.max_chars:
        raise DocumentError(
            f"het Word-bestand is uitgepakt {max(unpacked, xml) / MB:.0f} MB groot, te groot "
            f"om te lezen (maximaal {limits.max_unpacked_bytes / MB:.0f} MB, "
            "STEUNWIJZER_MAX_UNPACKED_MB)"
        )


def _read_text(data: bytes, markdown: bool = False) -> RawDocument:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return RawDocument(pages=tuple(data.decode("utf-16").split("\f")))
    if b"\x00" in data[:4096] or _sniff(data) != "het is platte tekst":
        raise DocumentError(f"het bestand is geen tekstbestand ({_sniff(data)})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if markdown:
        text = _plain_markdown(text)
    pages, headings = _text_headings(text.split("\f"))
    return RawDocument(pages=pages, headings=headings)


def _plain_markdown(text: str) -> str:
    """A Markdown file's text as a reader of the page sees it: a table as a Word table is read
    (`table_lines`: its rule row dropped, a mark with its column), a list item as a bullet,
    links as their words, no emphasis marks."""
    lines: list[str] = []
    table: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        stripped = line.strip()
        if stripped.startswith("|") and len(stripped) > 1:
            if not TABLE_RULE.fullmatch(stripped):
                cells = stripped.strip("|").split("|")
                table.append([_plain_inline(cell.strip()) for cell in cells])
            continue
        if table:
            lines.extend(table_lines(table))
            table = []
        lines.append(_plain_inline(MARKDOWN_BULLET.sub("• ", line)))
    return "\n".join(lines[:-1])


def _plain_inline(text: str) -> str:
    """Links as their words, no emphasis marks."""
    return MARKDOWN_EMPHASIS.sub(r"\2", MARKDOWN_LINK.sub(r"\1", text))


def _underlined_title(lines: list[str]) -> bool:
    """The last of `lines` is a title that a rule under it underlines: a short line of its own
    (after a blank line or at the top), no sentence, no list item, no table row."""
    title = lines[-1].strip()
    alone = len(lines) == 1 or not lines[-2].strip()
    return (
        alone
        and bool(title)
        and len(title.split()) <= TITLE_WORDS
        and not title.endswith((".", ",", ";", ":"))
        and "  " not in lines[-1].rstrip()
        and not BULLET_LINE.match(title)
    )


def _text_headings(pages: list[str]) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """A text file's pages without the marks of its headings, and those headings: a line
    underlined with '=' (level 1) or '-' (level 2), or one that starts with '#' ('## Contact':
    level 2). A rule line with no text above it is dropped."""
    headings: list[tuple[str, int]] = []
    cleaned: list[str] = []
    for page in pages:
        lines: list[str] = []
        for line in page.split("\n"):
            stripped = line.strip()
            atx = ATX_HEADING.fullmatch(stripped)
            if UNDERLINE.fullmatch(stripped):
                if lines and _underlined_title(lines):
                    headings.append((lines[-1].strip(), 1 if stripped[0] == "=" else 2))
                continue
            if atx:
                headings.append((atx.group(2), len(atx.group(1))))
                line = atx.group(2)
            lines.append(line)
        cleaned.append("\n".join(lines))
    return tuple(cleaned), tuple(headings)


def _sniff(data: bytes) -> str:
    """A short guess of what the bytes really are, for the error message."""
    if data.startswith(b"%PDF-"):
        return "het is een PDF"
    if data.startswith(b"PK"):
        return "het is een zip/Office-bestand"
    if data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1"):
        return "het is een afbeelding"
    if b"\x00" in data[:4096]:
        return "het is een binair bestand"
    return "het is platte tekst"
