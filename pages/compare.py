"""Schools side by side: what each profile says, with the page it says it on."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from steunwijzer.profiles.compare import cell, rows
from ui.plain import plain
from ui.sources import download_original
from ui.state import assistant

core = assistant()
st.title("Vergelijk scholen")
st.caption(
    "Zet scholen naast elkaar. In elke cel staat letterlijk wat het schoolondersteuningsprofiel "
    "zegt, met het document en de pagina. *niet vermeld* betekent dat het profiel er niets over "
    "zegt: vraag het dan aan de school zelf. Geel: het ene profiel zegt iets dat het andere "
    "niet zegt, of ze noemen andere getallen, of de een zegt ja en de ander nee."
)
with st.spinner("De profielen van de scholen worden opgebouwd…"):
    profiles = core.profiles()
if not profiles:
    st.info("Er staat nog geen schoolondersteuningsprofiel in de index.")
    st.stop()

names = {p.doc_id: f"{p.school} ({p.document})" for p in profiles}
chosen_ids = st.multiselect(
    "Scholen",
    list(names),
    default=list(names)[:2],
    format_func=names.__getitem__,
    key="compare_schools",
    placeholder="Kies twee of meer scholen",
)
chosen = [p for p in profiles if p.doc_id in chosen_ids]
if not chosen:
    st.stop()

table = rows(chosen)
# Document text is shown as text: cells, school names and labels go through ui.plain.
frame = pd.DataFrame(
    {plain(p.school): [plain(cell(row.values[i])) for row in table] for i, p in enumerate(chosen)},
    index=[plain(row.label) for row in table],
)
different = {plain(row.label) for row in table if row.differs}
styled = frame.style.apply(
    lambda r: ["background-color: #fff3c4" if r.name in different else "" for _ in r], axis=1
)
st.table(styled)
st.caption("De bronbestanden:")
documents = {d.doc_id: d for d in core.documents()}
for profile in chosen:
    if info := documents.get(profile.doc_id):
        download_original(
            info, f"Download het profiel van {profile.school}", f"compare-open-{profile.doc_id}"
        )
