"""The abbreviations the indexed documents use, what they mean and where a document says so."""

from __future__ import annotations

import streamlit as st

from steunwijzer.glossary import glossary_of
from ui.state import assistant

core = assistant()
st.title("Begrippen")
st.caption(
    "Afkortingen die in de documenten staan. Bij elke afkorting: wat ze betekent en waar een "
    "document haar uitlegt."
)
entries = glossary_of(core.store.passages())
if not entries:
    st.info("De documenten in de index gebruiken geen bekende afkortingen.")
for entry in entries:
    with st.container(border=True):
        st.markdown(f"**{entry.abbreviation}**: {entry.meaning}")
        place = entry.defined or entry.first_use
        where = "Uitgelegd in" if entry.defined else "Niet uitgelegd; voor het eerst gebruikt in"
        count = "1 document" if entry.documents == 1 else f"{entry.documents} documenten"
        st.caption(f"{where} {place.title}, pagina {place.page} · staat in {count}")
        st.html(f'<div class="sw-passage">{place.text[:400]}</div>')
