"""The indexed documents: list, add (upload), remove, index again."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from steunwijzer.errors import SteunwijzerError
from steunwijzer.ingest.progress import IngestProgress, describe, document_line, duration
from ui.plain import plain, plain_rows
from ui.sources import KIND_NAMES, markdown_text
from ui.state import assistant

core = assistant()
st.title("Documenten")

documents = core.documents()
if documents:
    st.table(
        plain_rows(
            [
                {
                    "Titel": d.title,
                    "School": ", ".join(d.schools) or "–",
                    "Soort": "SOP" if d.kind == "sop" else KIND_NAMES.get(d.kind, d.kind),
                    "SWV": d.swv or "–",
                    "Jaar": d.period or "onbekend",
                    "Pagina's": d.pages,
                    "Stukken": d.chunks,
                    "Geïndexeerd op": d.indexed_at[:10],
                    "Bestand": d.document,
                }
                for d in sorted(documents, key=lambda d: d.title.lower())
            ]
        ),
    )
    st.caption(f"{len(documents)} documenten, {sum(d.chunks for d in documents)} stukken tekst.")
else:
    st.info("Er zijn nog geen documenten in de index.")

st.subheader("Document toevoegen")
max_mb = core.settings.max_upload_mb
uploads = st.file_uploader(
    f"PDF, Word (DOCX), TXT of Markdown; maximaal {max_mb} MB per bestand",
    accept_multiple_files=True,  # type and size are checked by the core, with a Dutch message
    key=f"upload-{st.session_state.get('upload_round', 0)}",
)
if uploads and st.button("Toevoegen aan de index", type="primary", icon=":material/upload:"):
    bar = st.progress(0.0, text="Bezig met indexeren…")
    added, failed = [], []
    sizes = [upload.size for upload in uploads]
    started = time.monotonic()
    for n, upload in enumerate(uploads):
        done = sum(sizes[:n])
        remaining = (time.monotonic() - started) / done * sum(sizes[n:]) if done else None
        eta = f" (nog ongeveer {duration(remaining)})" if remaining is not None else ""
        bar.progress(
            n / len(uploads),
            text=plain(f"Bestand {n + 1} van {len(uploads)}: {upload.name}{eta}…"),
        )

        def upload_progress(step: IngestProgress, n: int = n) -> None:
            line = document_line(step) if step.document else describe(step)
            bar.progress(
                (n + step.share) / len(uploads),
                text=plain(f"Bestand {n + 1} van {len(uploads)}: {line}"),
            )

        try:
            report = core.add_file(upload.name, upload.getvalue(), progress=upload_progress)
        except SteunwijzerError as exc:
            failed.append(str(exc))
            continue
        if report.skipped:  # these bytes are indexed already, maybe under another name
            known = Path(report.skipped[0]).name
            outcome = "ongewijzigd" if known == upload.name else f"al als {known}"
        else:
            outcome = "bijgewerkt" if report.updated else "toegevoegd"
        added.append((upload.name, outcome))
    bar.progress(1.0, text="Klaar")
    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1
    st.session_state.upload_result = (added, failed)
    st.rerun()

if result := st.session_state.pop("upload_result", None):
    added, failed = result
    for name, outcome in added:
        if outcome == "ongewijzigd":
            st.info(markdown_text(f"{name} stond al ongewijzigd in de index."))
        elif outcome.startswith("al als "):
            known = outcome.removeprefix("al als ")
            st.info(markdown_text(f"{name} staat al in de index, als {known} (dezelfde inhoud)."))
        elif outcome == "bijgewerkt":
            st.success(
                markdown_text(
                    f"{name} is bijgewerkt: het vervangt het eerder geüploade bestand met "
                    "dezelfde naam."
                )
            )
        else:
            st.success(markdown_text(f"{name} is toegevoegd. U kunt er nu vragen over stellen."))
    for message in failed:
        st.error(markdown_text(f"Niet toegevoegd: {message}"), icon=":material/error:")

if documents:
    st.subheader("Beheer")
    left, right = st.columns(2)
    with left:
        names = {d.doc_id: f"{d.title} ({d.document})" for d in documents}
        doomed = st.selectbox(
            "Document verwijderen",
            list(names),
            format_func=names.__getitem__,
            index=None,
            placeholder="Kies een document",
        )
        if doomed and st.button("Verwijderen uit de index", icon=":material/delete:"):
            core.remove(doomed)
            st.session_state.removed = names[doomed]
            st.rerun()
        if removed := st.session_state.pop("removed", None):
            st.success(markdown_text(f"{removed} is verwijderd."))
    with right:
        st.markdown("**Opnieuw indexeren**")
        st.caption(
            "Leest alle bestanden opnieuw: gewijzigde worden bijgewerkt, verdwenen verwijderd."
        )
        if st.button("Opnieuw indexeren", icon=":material/refresh:"):
            bar = st.progress(0.0, text="Bezig…")

            def progress(step: IngestProgress) -> None:
                bar.progress(step.share, text=plain(describe(step)))

            report = core.reindex(progress)
            st.success(
                f"Klaar: {len(report.updated)} bijgewerkt, {len(report.skipped)} ongewijzigd, "
                f"{len(report.removed)} verwijderd, {len(report.failed)} mislukt."
            )
            for path, reason in report.failed:
                st.error(markdown_text(f"{Path(path).name}: {reason}"))
