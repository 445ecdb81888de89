"""An answer as the chat shows it, to its audience: the first line in a box (with the verdict
as a coloured label), the quotes under it, the source cards, and the answer as text to copy."""

from __future__ import annotations

import streamlit as st

from steunwijzer.composing.audience import AnswerView, view
from steunwijzer.composing.share import share_text
from steunwijzer.profiles.suitability import Verdict
from steunwijzer.types import Answer, DocumentInfo
from ui.plain import plain
from ui.sources import source_card

# The verdict as a short coloured label (the words of the issue and of the coverage map).
VERDICT_BADGES = {
    Verdict.OFFERED: ("in het aanbod", "green", ":material/check_circle:"),
    Verdict.CONDITIONAL: ("na overleg", "orange", ":material/forum:"),
    Verdict.LIMIT: ("grenzen", "red", ":material/block:"),
    Verdict.UNKNOWN: ("genoemd, onbekend of het er is", "blue", ":material/help:"),
    Verdict.NOT_STATED: ("niet vermeld", "gray", ":material/remove:"),
}


def show_answer(
    answer: Answer, documents: dict[str, DocumentInfo], key: str, audience: str = "ouder"
) -> None:
    """The answer for `audience`; a declined answer with the nearest passages, marked as not
    answering."""
    if not answer.answered:
        show_declined(answer, documents, key)
        return
    shown = view(answer, audience)
    lead_box(shown, answer, key)
    if shown.audience.professional:  # every quote, then the sources
        quotes(shown)
    for n in shown.open_sources:
        cited_card(answer, n, documents, f"{key}-src{n}", shown)
    if not shown.audience.professional:  # on a phone the first source shows first
        quotes(shown, "Ook uit de documenten:")
    st.caption(_how_made(answer))
    if shown.more_sources:
        with st.expander(f"Meer bronnen ({len(shown.more_sources)})"):
            for n in shown.more_sources:
                cited_card(answer, n, documents, f"{key}-src{n}", shown)
    with st.expander("Delen: kopieer het antwoord met de bronnen", icon=":material/share:"):
        st.caption("Klik op het kopieerteken rechtsboven en plak de tekst in een e-mail.")
        with st.container(key=f"share-{key}"):
            st.code(share_text(answer, shown), language=None, wrap_lines=True)


def lead_box(shown: AnswerView, answer: Answer, key: str) -> None:
    """The first line in a box, the verdict as a label above it."""
    with st.container(border=True, key=f"lead-{key}"):
        if shown.verdict is not None:
            label, colour, icon = VERDICT_BADGES[shown.verdict]
            st.badge(label, color=colour, icon=icon)  # type: ignore[arg-type]
        if answer.generated and answer.summary:
            st.markdown(plain(answer.summary))
            st.caption("Kort antwoord van het taalmodel, nagekeken tegen de bronnen. Uit de bron:")
        st.markdown(plain(shown.lead))


def quotes(shown: AnswerView, heading: str = "") -> None:
    if heading and shown.quotes:
        st.caption(heading)
    for quote in shown.quotes:
        st.markdown(plain(quote.text))


def cited_card(
    answer: Answer, n: int, documents: dict[str, DocumentInfo], key: str, shown: AnswerView
) -> None:
    quotes = [c for c in answer.citations if c.n == n]
    source_card(n, answer.passages[n - 1], quotes, documents, key, section_path=shown.section_paths)


def show_declined(answer: Answer, documents: dict[str, DocumentInfo], key: str) -> None:
    st.warning(plain(answer.text), icon=":material/search_off:")
    if answer.passages:
        st.caption(
            "Dit zijn de passages die het meest in de buurt komen. "
            "Ze geven **geen** antwoord op uw vraag."
        )
        for n, passage in enumerate(answer.passages[:3], start=1):
            source_card(n, passage, (), documents, f"{key}-near{n}", near=True)


def _how_made(answer: Answer) -> str:
    if not answer.generated:
        return "Letterlijk overgenomen uit de documenten."
    note = (
        "Het korte antwoord is geschreven door het taalmodel; elke zin is nagekeken tegen "
        "de bron die erbij staat. Daaronder staat letterlijk wat de documenten zeggen."
    )
    if answer.dropped_sentences:
        note += f" {answer.dropped_sentences} zin(nen) zonder steun in de bronnen weggelaten."
    return note
