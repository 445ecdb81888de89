"""For SWV staff: which profiles lack what, which are too old, where documents disagree, and
which schools have something."""

from __future__ import annotations

import streamlit as st

from steunwijzer.profiles.checks import FindingKind
from ui.plain import plain_rows
from ui.sources import markdown_text
from ui.state import assistant

core = assistant()
st.title("Consistentie")
st.caption(
    "Voor medewerkers van het samenwerkingsverband: wat ontbreekt in de profielen, welke "
    "profielen ouder zijn dan vier jaar, en waar documenten van één school elkaar tegenspreken."
)
with st.spinner("De profielen van de scholen worden opgebouwd…"):
    findings = core.check()

SECTIONS = {
    FindingKind.INSTRUCTION: "Tekst gericht aan AI-systemen",
    FindingKind.OUTDATED: "Ouder dan vier jaar",
    FindingKind.UNDATED: "Zonder datum",
    FindingKind.CONFLICT: "Tegenstrijdig",
    FindingKind.MISSING: "Ontbrekende onderdelen",
}
if not findings:
    st.success("Geen bevindingen: alle profielen zijn compleet, actueel en eensgezind.")
for kind, title in SECTIONS.items():
    found = [f for f in findings if f.kind == kind]
    if not found:
        continue
    st.subheader(f"{title} ({len(found)})")
    st.table(
        plain_rows(
            {
                "School": f.school,
                "Document": f.document,
                "Bevinding": f.message,
                "Bron": "; ".join(f"{c.document}, pagina {c.page}" for c in f.sources) or "–",
            }
            for f in found
        )
    )

with st.spinner("De basisondersteuning per school wordt nagekeken…"):
    covered = core.coverage()
if covered:
    st.subheader("Basisondersteuning per school")
    st.caption(
        "Per standaard van het samenwerkingsverband: staat er in het profiel van de school een "
        "passage over? *geen passage* betekent niet dat de school het niet doet, wel dat het "
        "profiel er niets over zegt."
    )
    st.table(
        plain_rows(
            {
                "School": c.school,
                "Standaard": f"{c.standard.number}. {c.standard.title}",
                "In het profiel": (
                    f"pagina {c.citation.page}: “{c.citation.text}”"
                    if c.citation
                    else "geen passage"
                ),
            }
            for c in covered
        )
    )

st.subheader("Welke scholen hebben …?")
thing = st.text_input("Bijvoorbeeld: NT2-docent, lift, orthopedagoog", key="schools_with")
if thing.strip():
    with st.spinner("Bezig met zoeken in de profielen…"):
        mentions = core.schools_with(thing.strip())
    if not mentions:
        st.info(markdown_text(f"Geen enkel profiel noemt “{thing.strip()}”."))
    else:
        st.table(
            plain_rows(
                {
                    "School": m.school,
                    "Heeft het": "ja" if m.has else "nee, volgens het profiel",
                    "Citaat": m.citation.text,
                    "Bron": f"{m.document}, pagina {m.citation.page}",
                }
                for m in mentions
            )
        )
