"""An answer as the chat shows it: the text, then numbered source cards with the cited
sentences highlighted and the original file to open."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from steunwijzer.types import Answer, Citation, DocumentInfo, Passage
from ui.plain import plain

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


def markdown_text(text: str) -> str:
    """Plain text that Streamlit's Markdown shows as written (see `ui.plain`)."""
    return plain(text)


def show_answer(answer: Answer, documents: dict[str, DocumentInfo], key: str) -> None:
    """The answer text and its source cards; a declined answer with the nearest passages,
    marked as not answering."""
    if not answer.answered:
        st.warning(markdown_text(answer.text), icon=":material/search_off:")
        if answer.passages:
            st.caption(
                "Dit zijn de passages die het meest in de buurt komen. "
                "Ze geven **geen** antwoord op uw vraag."
            )
            for n, passage in enumerate(answer.passages[:3], start=1):
                source_card(n, passage, (), documents, f"{key}-near{n}", near=True)
        return
    st.markdown(markdown_text(answer.text))
    if answer.generated:
        note = (
            "Het korte antwoord is geschreven door het taalmodel; elke zin is nagekeken tegen "
            "de bron die erbij staat. Daaronder staat letterlijk wat de documenten zeggen."
        )
        if answer.dropped_sentences:
            note += f" {answer.dropped_sentences} zin(nen) zonder steun in de bronnen weggelaten."
    else:
        note = "Letterlijk overgenomen uit de documenten."
    st.caption(note)
    cited = sorted({c.n for c in answer.citations})
    for n in cited:
        quotes = [c for c in answer.citations if c.n == n]
        source_card(n, answer.passages[n - 1], quotes, documents, f"{key}-src{n}")


def source_card(
    n: int,
    passage: Passage,
    quotes: Sequence[Citation],
    documents: dict[str, DocumentInfo],
    key: str,
    near: bool = False,
) -> None:
    """One numbered source: title, school, section, page, the passage with the quoted
    sentences marked, and the original file."""
    info = documents.get(passage.doc_id)
    page = quotes[0].page if quotes else passage.page
    with st.container(border=True, key=f"card-{key}"):
        label = "Dichtbij" if near else "Bron"
        st.markdown(f"**{label} [{n}] · {markdown_text(passage.title)}**")
        facts = []
        if passage.schools:
            facts.append("School: " + ", ".join(passage.schools))
        if passage.section:
            facts.append("Hoofdstuk: " + passage.section.split(" > ")[-1])
        facts.append(f"pagina {page}")
        st.caption(markdown_text(" · ".join(facts)))
        st.html(f'<div class="sw-passage">{_highlighted(passage.text, quotes)}</div>')
        if info:
            kind = Path(info.source).suffix.lstrip(".").upper()
            download_original(
                info, f"Download het document ({kind}); dit staat op pagina {page}", f"open-{key}"
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
        icon=":material/description:",
        on_click="ignore",
    )


def _highlighted(text: str, quotes: Sequence[Citation]) -> str:
    """The passage as HTML with every quoted sentence in <mark>."""
    spans = []
    for quote in quotes:
        start = text.find(quote.text)
        if start >= 0:
            spans.append((start, start + len(quote.text)))
    parts, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        parts.append(html.escape(text[at:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts).replace("\n", "<br>")
