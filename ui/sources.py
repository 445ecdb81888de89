"""Source cards: title, school, section and page, the cited sentence with a little context,
the whole passage behind an expander, the page itself one tap away, and the original file."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from steunwijzer.types import Citation, DocumentInfo, Passage
from steunwijzer.viewing.context import TextContext, locate, snippet
from steunwijzer.viewing.page_image import PageImage
from ui.plain import plain
from ui.state import assistant

KIND_NAMES = {
    "sop": "schoolondersteuningsprofiel",
    "ondersteuningsplan": "ondersteuningsplan",
    "handreiking": "handreiking",
    "evaluatie": "evaluatie",
    "rapport": "rapport",
    "overig": "overig document",
}
MIME = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
SNIPPETS = 2  # cited sentences shown on a card; the others are marked in the whole passage


def markdown_text(text: str) -> str:
    """Plain text that Streamlit's Markdown shows as written (see `ui.plain`)."""
    return plain(text)


def source_card(
    n: int,
    passage: Passage,
    quotes: Sequence[Citation],
    documents: dict[str, DocumentInfo],
    key: str,
    near: bool = False,
    section_path: bool = False,
) -> None:
    """One numbered source: its facts, the quoted sentences in a little context, the whole
    passage, the page, the original file."""
    info = documents.get(passage.doc_id)
    page = quotes[0].page if quotes else passage.page
    with st.container(border=True, key=f"card-{key}"):
        label = "Dichtbij" if near else "Bron"
        st.markdown(f"**{label} [{n}] · {markdown_text(passage.title)}**")
        st.caption(markdown_text(" · ".join(_facts(passage, page, section_path))))
        for quote in quotes[:SNIPPETS]:
            st.html(f'<div class="sw-snippet">{_snippet_html(passage.text, quote.text)}</div>')
        if len(quotes) > SNIPPETS:
            st.caption(f"En nog {len(quotes) - SNIPPETS} zin(nen), gemarkeerd in de hele passage.")
        with st.expander("Hele passage"):
            st.html(f'<div class="sw-passage">{highlighted(passage.text, quotes)}</div>')
        if info:
            page_button(info, passage, quotes, page, key)
            kind = Path(info.source).suffix.lstrip(".").upper()
            download_original(info, f"Download het document ({kind})", f"open-{key}")


def _facts(passage: Passage, page: int, section_path: bool) -> list[str]:
    facts = []
    if passage.schools:
        facts.append("School: " + ", ".join(passage.schools))
    if passage.section:
        section = passage.section if section_path else passage.section.split(" > ")[-1]
        facts.append("Hoofdstuk: " + section)
    facts.append(f"pagina {page}")
    return facts


def page_button(
    info: DocumentInfo, passage: Passage, quotes: Sequence[Citation], page: int, key: str
) -> None:
    """'Bekijk pagina n': the page (or, for a text document, the passage in its text) shows
    in the card, the cited sentences marked; a second tap hides it."""
    state = f"page-{key}"
    shown = st.session_state.get(state, False)
    is_pdf = Path(info.source).suffix.lower() == ".pdf"
    label = f"Bekijk pagina {page}" if is_pdf else "Bekijk in de tekst"
    st.button(
        f"Verberg pagina {page}" if shown and is_pdf else "Verberg" if shown else label,
        key=f"show-{key}",
        icon=":material/visibility:",
        on_click=lambda: st.session_state.update({state: not shown}),
    )
    if not shown:
        return
    view = assistant().source(passage, [q.text for q in quotes], page)
    with st.container(key=f"view-{key}"):
        if isinstance(view, PageImage):
            show_page(view, info)
        elif isinstance(view, TextContext):
            show_text(view, quotes)
        else:
            st.caption("Dit document staat niet meer in de index.")


def show_page(view: PageImage, info: DocumentInfo) -> None:
    st.image(view.png, caption=plain(f"{info.document}, pagina {view.page}"), width="stretch")
    if view.asked and not view.all_marked:
        st.caption(
            "De geciteerde zin is niet precies teruggevonden op deze pagina en is dus niet "
            "(overal) gemarkeerd. Hij staat in de passage hierboven."
        )


def show_text(view: TextContext, quotes: Sequence[Citation]) -> None:
    st.caption("Dit document heeft geen pagina's om te tonen. Zo staat de passage in de tekst:")
    st.html(
        '<div class="sw-passage sw-context">'
        f'<span class="sw-around">{html.escape(view.before)}</span> '
        f"{highlighted(view.passage.text, quotes)} "
        f'<span class="sw-around">{html.escape(view.after)}</span></div>'
    )


def download_original(info: DocumentInfo, label: str, key: str) -> None:
    """A button that downloads the indexed file (read only when clicked); nothing when the
    file is no longer there."""
    source = Path(info.source)
    if not source.is_file():
        return
    st.download_button(
        plain(label),
        data=lambda: source.read_bytes(),
        file_name=source.name,
        mime=MIME.get(source.suffix.lower(), "application/octet-stream"),
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def _snippet_html(text: str, quote: str) -> str:
    part = snippet(text, quote)
    return (
        f"{html.escape(part.before)} <mark>{html.escape(part.quote)}</mark> "
        f"{html.escape(part.after)}"
    ).strip()


def highlighted(text: str, quotes: Sequence[Citation]) -> str:
    """The passage as HTML with every quoted sentence in <mark>."""
    spans = sorted(found for quote in quotes if (found := locate(text, quote.text)))
    parts, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        parts.append(html.escape(text[at:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts).replace("\n", "<br>")
