"""A PDF page as a PNG image with the cited sentences marked: pdfium finds where a sentence
stands on the page (its text search reads across line breaks) and Pillow draws a box over
each line it covers. A sentence that cannot be found leaves the page unmarked, and says so."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from steunwijzer.errors import SteunwijzerError

SCALE = 1.6  # 72 dpi points to pixels: a page about 950 px wide, sharp on a phone
MARK_FILL = (255, 214, 10, 90)  # a yellow marker, transparent enough to read through
MARK_LINE = (214, 120, 0, 255)
# When a sentence is not found whole (a hyphen, a lost space), its first and last words are.
EDGE_WORDS = 6
Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


class PageNotShown(SteunwijzerError):
    """The page cannot be shown (the file is gone, damaged, or has no such page)."""


@dataclass(frozen=True)
class PageImage:
    """A rendered page and how many of the sentences asked for were found and marked."""

    png: bytes
    page: int
    marked: int
    asked: int

    @property
    def all_marked(self) -> bool:
        return self.marked == self.asked


def page_image(source: Path, page: int, sentences: Sequence[str]) -> PageImage:
    """Page `page` (1-based) of the PDF at `source`, each of `sentences` marked where found."""
    try:
        document = pdfium.PdfDocument(str(source))
    except (OSError, pdfium.PdfiumError) as exc:
        raise PageNotShown(f"{source.name} kan niet worden geopend.") from exc
    try:
        if not 1 <= page <= len(document):
            raise PageNotShown(f"{source.name} heeft geen pagina {page}.")
        pdf_page = document[page - 1]
        text = pdf_page.get_textpage()
        found = [boxes for s in sentences if (boxes := _boxes(text, s))]
        image = pdf_page.render(scale=SCALE).to_pil().convert("RGBA")
        _, height = pdf_page.get_size()
        for boxes in found:
            _mark(image, boxes, height)
        return PageImage(_png(image), page, len(found), len(sentences))
    finally:
        document.close()


def _boxes(text: pdfium.PdfTextPage, sentence: str) -> list[Box]:
    """The line boxes that `sentence` covers on the page; [] when it is not found."""
    words = _words(sentence)
    if not words:
        return []
    span = _find(text, " ".join(words))
    if span is None and len(words) > 2 * EDGE_WORDS:
        head = _find(text, " ".join(words[:EDGE_WORDS]))
        tail = _find(text, " ".join(words[-EDGE_WORDS:]), after=head[0] if head else 0)
        if head and tail and tail[0] >= head[0]:
            span = (head[0], tail[0] + tail[1] - head[0])
    if span is None:
        return []
    return [text.get_rect(i) for i in range(text.count_rects(*span))]


def _words(sentence: str) -> list[str]:
    """The sentence's words, without list bullets (which a PDF draws, not types)."""
    return [w for w in re.sub(r"[•▪●◦·]", " ", sentence).split() if w]


def _find(text: pdfium.PdfTextPage, phrase: str, after: int = 0) -> tuple[int, int] | None:
    """(first character, count) of `phrase` on the page at or after `after`."""
    searcher = text.search(phrase, index=after, match_case=False)
    try:
        found = searcher.get_next()
    finally:
        searcher.close()
    return (found[0], found[1]) if found else None


def _mark(image: Image.Image, boxes: Sequence[Box], page_height: float) -> None:
    """Draw a translucent marker over each box (PDF points, origin bottom left)."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    pad = 2 * SCALE
    for left, bottom, right, top in boxes:
        shape = (
            left * SCALE - pad,
            (page_height - top) * SCALE - pad,
            right * SCALE + pad,
            (page_height - bottom) * SCALE + pad,
        )
        draw.rectangle(shape, fill=MARK_FILL, outline=MARK_LINE, width=2)
    image.alpha_composite(layer)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
