"""Render the fictional demo corpus (corpus/src/*.md) to paged PDFs (corpus/*.pdf).

Supported markdown subset: "#" to "####" headings, "- " bullets, "1. " numbered items,
"|" table rows (first row is the header, "|---|" rows are skipped), "**bold**", and
paragraphs separated by blank lines. A table cell that holds only "[v]" is drawn as a
check mark (canvas lines, no text), as availability icons are in Perspectief op School
profiles: text extraction keeps the row label and loses the mark. Every page gets a running
footer "<title> · pagina N", where the title is the document's "# " line. Output is
byte-for-byte reproducible (reportlab invariant mode).

A source named "<stem>.docx.md", "<stem>.txt.md" or "<stem>.md.md" is not a PDF: build_docs.py
renders it to corpus/<stem>.docx or corpus/<stem>.txt, or copies it to corpus/<stem>.md. Running
this script rebuilds all of them.

Usage: .venv/bin/python corpus/build_pdfs.py
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

rl_config.invariant = 1  # fixed dates and document ids: rebuilds give identical bytes

CORPUS_DIR = Path(__file__).resolve().parent
SRC_DIR = CORPUS_DIR / "src"
MARGIN = 22 * mm
HEADING_ROOM = 90  # points: start a new page rather than strand a heading at the bottom

BODY = ParagraphStyle(
    "body",
    fontName="Helvetica",
    fontSize=10.5,
    leading=14.5,
    spaceAfter=6,
    allowOrphans=1,
    allowWidows=0,
)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=16, bulletIndent=4, spaceAfter=3)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9.5, leading=12, spaceAfter=0)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName="Helvetica-Bold")
HEADINGS = {
    level: ParagraphStyle(
        f"h{level}",
        parent=BODY,
        fontName="Helvetica-Bold",
        fontSize=size,
        leading=size + 4,
        spaceBefore=space,
        spaceAfter=5,
    )
    for level, size, space in [(1, 17, 0), (2, 14, 12), (3, 12, 9), (4, 10.5, 6)]
}
HEADING_RE = re.compile(r"^(#{1,4}) (.+)$")
NUMBERED_RE = re.compile(r"^(\d+)\. (.+)$")
SEPARATOR_RE = re.compile(r"^\|[\s|:-]+\|$")
TICK = "[v]"  # a table cell drawn as a check mark, not written as text


class Tick(Flowable):
    """A check mark drawn with two strokes, so that no text is extracted for it."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 12, 10

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setLineWidth(1.8)
        self.canv.setStrokeColor(colors.HexColor("#2e7d32"))
        path = self.canv.beginPath()
        path.moveTo(1, 5)
        path.lineTo(4.5, 1)
        path.lineTo(11, 9.5)
        self.canv.drawPath(path, stroke=1, fill=0)
        self.canv.restoreState()


def inline(text: str) -> str:
    """Escape text for reportlab's paragraph markup and turn **x** into bold."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


def make_table(rows: list[list[str]], width: float) -> Table:
    """A simple grid table; the first row is the (bold, shaded) header.

    Each column gets room for its longest word (so e-mail addresses stay whole); the
    remaining width is shared in proportion to the longest text in each column.
    """
    columns = list(zip(*rows, strict=True))
    minimum = [
        max(
            (stringWidth(w, "Helvetica-Bold", CELL.fontSize) for c in col for w in c.split()),
            default=0,
        )
        + 12  # default cell padding, left + right
        for col in columns
    ]
    longest = [max(len(c) for c in col) for col in columns]
    spare = width - sum(minimum)
    cells = [
        [
            Tick() if cell == TICK else Paragraph(inline(cell), CELL_HEAD if i == 0 else CELL)
            for cell in row
        ]
        for i, row in enumerate(rows)
    ]
    table = Table(
        cells,
        colWidths=[m + spare * n / sum(longest) for m, n in zip(minimum, longest, strict=True)],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    table.spaceAfter = 8
    return table


def parse(markdown: str, width: float) -> tuple[str, list[Flowable]]:
    """Turn the markdown subset into (title, flowables)."""
    title = ""
    story: list[Flowable] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush_paragraph() -> None:
        if paragraph:
            story.append(Paragraph(inline(" ".join(paragraph)), BODY))
            paragraph.clear()

    def flush_table() -> None:
        if table:
            story.append(make_table(table, width))
            table.clear()

    after_heading = False  # consecutive headings share one conditional page break
    for line in (raw.strip() for raw in markdown.splitlines()):
        if line.startswith("|"):
            flush_paragraph()
            if not SEPARATOR_RE.match(line):
                table.append([cell.strip() for cell in line.strip("|").split("|")])
            after_heading = False
            continue
        flush_table()
        heading = HEADING_RE.match(line)
        numbered = NUMBERED_RE.match(line)
        if not line or heading or numbered or line.startswith("- "):
            flush_paragraph()
        if not line:
            continue
        if heading:
            level, text = len(heading.group(1)), heading.group(2)
            title = title or text
            if not after_heading:
                story.append(CondPageBreak(HEADING_ROOM))
            story.append(Paragraph(inline(text), HEADINGS[level]))
        elif line.startswith("- "):
            story.append(Paragraph(inline(line[2:]), BULLET, bulletText="–"))
        elif numbered:
            number, text = numbered.groups()
            story.append(Paragraph(inline(text), BULLET, bulletText=f"{number}."))
        else:
            paragraph.append(line)
        after_heading = heading is not None
    flush_paragraph()
    flush_table()
    return title, story


def build(source: Path, target: Path) -> int:
    """Render one markdown file to a PDF; returns the page count."""
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        author="Steunwijzer (fictief voorbeeld)",
        creator="corpus/build_pdfs.py",
    )
    title, story = parse(source.read_text(encoding="utf-8"), doc.width)
    doc.title = title

    def footer(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.dimgrey)
        canvas.drawString(MARGIN, 12 * mm, f"{title} · pagina {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def main() -> None:
    for source in sorted(SRC_DIR.glob("*.md")):
        if "." in source.stem:  # "<stem>.docx.md", ".txt.md", ".md.md": build_docs.py's
            continue
        target = CORPUS_DIR / f"{source.stem}.pdf"
        pages = build(source, target)
        print(f"{target.relative_to(CORPUS_DIR.parent)}: {pages} pages")
    import build_docs  # beside this script; imported here so the PDFs need no python-docx

    build_docs.main()


if __name__ == "__main__":
    main()
