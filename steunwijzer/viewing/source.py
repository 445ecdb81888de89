"""What 'Bekijk pagina n' shows for a cited passage: the PDF page with the quoted sentences
marked, or, for a text document (DOCX, TXT, MD), the passage between its neighbours."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from steunwijzer.types import DocumentInfo, Passage
from steunwijzer.viewing.context import TextContext, in_document
from steunwijzer.viewing.page_image import PageImage, PageNotShown, page_image

SourceView = PageImage | TextContext


def source_view(
    document: DocumentInfo,
    passage: Passage,
    quotes: Sequence[str],
    page: int,
    passages: Sequence[Passage],
) -> SourceView:
    """Page `page` of a PDF with `quotes` marked; the passage in its text otherwise (also when
    the PDF is no longer there or cannot be read)."""
    source = Path(document.source)
    if source.suffix.lower() == ".pdf" and source.is_file():
        try:
            return page_image(source, page, quotes)
        except PageNotShown:
            pass  # the text stands in for a page that cannot be drawn
    return in_document(passage, passages)
