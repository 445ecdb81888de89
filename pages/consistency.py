"""For SWV staff: the coverage map of the network, which profiles lack what, which are too
old, where documents disagree, and which schools have something."""

from __future__ import annotations

import io

import streamlit as st

from steunwijzer.profiles import coverage_export
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
with st.spinner("De dekking van het netwerk wordt opgebouwd…"):
    maps = core.coverage_map()
if maps:
    st.subheader("Dekking van het netwerk")
    st.caption(
        "Per ondersteuningsbehoefte en school wat het nieuwste profiel van de school zegt. "
        "Het citaat en de pagina staan in de tabel eronder en in de Excel-download. "
        "*genoemd, beschikbaarheid onbekend*: het profiel noemt het alleen in een tabel "
        "waarvan het vinkje in de PDF verloren is gegaan."
    )
    chosen = st.selectbox(
        "Samenwerkingsverband",
        range(len(maps)),
        format_func=lambda i: maps[i].swv,
        key="coverage_swv",
    )
    shown = maps[chosen]
    columns = {
        school.name: st.column_config.TextColumn(
            markdown_text(school.name),
            help=markdown_text(f"Uit {school.document} ({school.period or 'geen datum'})."),
        )
        for school in shown.schools
    }
    st.dataframe(
        [
            {
                coverage_export.NEED: need.label,
                **{c.school.name: coverage_export.label(c) for c in shown.row(need)},
                coverage_export.NETWORK: coverage_export.GAP if shown.is_gap(need) else "",
            }
            for need in shown.needs
        ],
        column_config=columns,
        hide_index=True,
    )
    if shown.gaps:
        gaps = ", ".join(need.label for need in shown.gaps)
        st.warning(markdown_text(f"Geen school biedt het in haar aanbod: {gaps}."))
    st.dataframe(
        [
            {
                "Behoefte": record["ondersteuningsbehoefte"],
                "School": record["school"],
                "Oordeel": record["oordeel_tekst"],
                "Pagina": record["pagina"],
                "Citaat": record["citaat"],
            }
            for record in coverage_export.records([shown])
            if record["citaat"]
        ],
        hide_index=True,
    )
    workbook = io.BytesIO()
    coverage_export.to_xlsx(maps, workbook)
    st.download_button(
        "Download als Excel (met citaten en pagina's)",
        workbook.getvalue(),
        file_name="dekking-netwerk.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
