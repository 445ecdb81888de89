"""Render the demo sources that are not PDFs: corpus/src/<stem>.docx.md to corpus/<stem>.docx
(Word, python-docx), corpus/src/<stem>.txt.md to corpus/<stem>.txt (plain text) and
corpus/src/<stem>.md.md to corpus/<stem>.md (Markdown, copied byte for byte: the source is the
document, as a school website would export it, with any Markdown it likes).

Same markdown subset as build_pdfs.py: "#" to "####" headings, "- " bullets, "1. " numbered
items, "|" table rows (first row is the header, "|---|" rows skipped), "**bold**", paragraphs
separated by blank lines. In Word, "#" is the Title style and "##" to "####" are Heading 1-3;
bullets and numbered items use the List Bullet and List Number styles (Word numbers them
itself, so the source's numbers are not in the text); tables use Table Grid with a bold header
row, and a cell keeps its text as written (a "✓" or "ja" stays readable). Plain text underlines
the "#" and "##" headings, keeps "- " and "1. " items, writes table rows as "a | b | c" and
drops the bold markers. Both outputs are byte-for-byte reproducible: the Word file's
properties and zip entry times are fixed.

Usage: .venv/bin/python corpus/build_docs.py (build_pdfs.py runs it too)
"""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

CORPUS_DIR = Path(__file__).resolve().parent
SRC_DIR = CORPUS_DIR / "src"
FIXED_TIME = datetime(2026, 1, 1, 12, 0, 0)
HEADING_RE = re.compile(r"^(#{1,4}) (.+)$")
NUMBERED_RE = re.compile(r"^(\d+)\. (.+)$")
SEPARATOR_RE = re.compile(r"^\|[\s|:-]+\|$")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
TEXT_WIDTH = 90


@dataclass(frozen=True)
class Block:
    """One block of the source: kind is heading, bullet, numbered, table or paragraph."""

    kind: str
    text: str = ""
    level: int = 0  # heading level, or the item number of a numbered item
    rows: tuple[tuple[str, ...], ...] = ()


def parse(markdown: str) -> list[Block]:
    """Split the markdown subset into blocks."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    table: list[tuple[str, ...]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", " ".join(paragraph)))
            paragraph.clear()
        if table:
            blocks.append(Block("table", rows=tuple(table)))
            table.clear()

    for line in (raw.strip() for raw in markdown.splitlines()):
        if line.startswith("|"):
            if paragraph:
                flush()
            if not SEPARATOR_RE.match(line):
                table.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
            continue
        heading = HEADING_RE.match(line)
        numbered = NUMBERED_RE.match(line)
        if table or not line or heading or numbered or line.startswith("- "):
            flush()
        if not line:
            continue
        if heading:
            blocks.append(Block("heading", heading.group(2), len(heading.group(1))))
        elif line.startswith("- "):
            blocks.append(Block("bullet", line[2:]))
        elif numbered:
            blocks.append(Block("numbered", numbered.group(2), int(numbered.group(1))))
        else:
            paragraph.append(line)
    flush()
    return blocks


def add_runs(paragraph: Paragraph, text: str) -> None:
    """Add text to a Word paragraph, with **x** as bold runs."""
    for i, part in enumerate(BOLD_RE.split(text)):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def build_docx(blocks: list[Block], target: Path) -> None:
    """Write the blocks as a Word document with fixed properties and zip times."""
    import docx

    document = docx.Document()
    title = next(b.text for b in blocks if b.kind == "heading")
    props = document.core_properties
    props.title = title
    props.author = "Steunwijzer (fictief voorbeeld)"
    props.last_modified_by = "corpus/build_docs.py"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(
                BOLD_RE.sub(r"\1", block.text), 0 if block.level == 1 else block.level - 1
            )
        elif block.kind == "bullet":
            add_runs(document.add_paragraph(style="List Bullet"), block.text)
        elif block.kind == "numbered":
            add_runs(document.add_paragraph(style="List Number"), block.text)
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    add_runs(cell.paragraphs[0], f"**{value}**" if r == 0 and value else value)
            document.add_paragraph()
        else:
            add_runs(document.add_paragraph(), block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(fixed_zip(buffer.getvalue()))


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time fixed, so a rebuild gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def plain_text(blocks: list[Block]) -> str:
    """The blocks as plain text, wrapped at TEXT_WIDTH characters."""
    lines: list[str] = []
    previous = ""
    for block in blocks:
        text = BOLD_RE.sub(r"\1", block.text)
        if block.kind == "heading":
            lines += ["", text]
            if block.level <= 2:
                lines.append(("=" if block.level == 1 else "-") * len(text))
        elif block.kind in ("bullet", "numbered"):
            marker = "- " if block.kind == "bullet" else f"{block.level}. "
            if previous not in ("bullet", "numbered"):
                lines.append("")
            lines += textwrap.wrap(
                text, TEXT_WIDTH, initial_indent=marker, subsequent_indent=" " * len(marker)
            )
        elif block.kind == "table":
            lines += ["", *(" | ".join(BOLD_RE.sub(r"\1", c) for c in row) for row in block.rows)]
        else:
            lines += ["", *textwrap.wrap(text, TEXT_WIDTH)]
        previous = block.kind
    return "\n".join(lines).strip() + "\n"


def main() -> None:
    for source in sorted(SRC_DIR.glob("*.md")):
        stem, _, kind = source.stem.rpartition(".")
        if kind not in ("docx", "txt", "md"):
            continue
        target = CORPUS_DIR / f"{stem}.{kind}"
        if kind == "md":
            target.write_bytes(source.read_bytes())
            print(f"{target.relative_to(CORPUS_DIR.parent)}: copied")
            continue
        blocks = parse(source.read_text(encoding="utf-8"))
        if kind == "docx":
            build_docx(blocks, target)
        else:
            target.write_text(plain_text(blocks), encoding="utf-8")
        print(f"{target.relative_to(CORPUS_DIR.parent)}: {len(blocks)} blocks")


if __name__ == "__main__":
    main()
