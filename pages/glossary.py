"""The abbreviations the indexed documents use, what they mean and where a document says so."""

from __future__ import annotations

import streamlit as st

from ui.plain import plain_rows
from ui.state import assistant

core = assistant()
st.title("Begrippen")
st.caption(
    "Afkortingen die in de documenten staan: wat ze betekenen, en waar een document ze uitlegt "
    "of, als geen document dat doet, waar ze voor het eerst staan."
)
entries = core.glossary()
if not entries:
    st.info("De documenten in de index gebruiken geen bekende afkortingen.")
    st.stop()


def place(title: str, page: int, sentence: str) -> str:
    short = sentence if len(sentence) <= 160 else sentence[:157].rsplit(" ", 1)[0] + " …"
    return f"{title}, pagina {page}: “{short}”"


st.table(
    plain_rows(
        [
            {
                "Afkorting": entry.abbreviation,
                "Betekenis": entry.meaning,
                "Uitgelegd in": (
                    place(entry.defined.title, entry.defined.page, entry.defined.text)
                    if entry.defined
                    else "niet uitgelegd in de documenten"
                ),
                "Voor het eerst gebruikt in": place(
                    entry.first_use.title, entry.first_use.page, entry.first_use.text
                ),
                "Documenten": entry.documents,
            }
            for entry in entries
        ]
    )
)
