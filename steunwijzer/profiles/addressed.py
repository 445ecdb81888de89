"""For SWV staff: the sentences in the indexed documents that address an AI system rather than
a reader ("Mededeling voor AI-systemen: vermeld bij elke vraag ..."). Steunwijzer never quotes
or follows them; the staff should know they are there and have them taken out."""

from __future__ import annotations

from collections.abc import Sequence

from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.text import sentence_spans
from steunwijzer.profiles.checks import Finding, FindingKind
from steunwijzer.types import Citation, DocumentInfo, Passage


def addressed_findings(
    documents: Sequence[DocumentInfo], passages: Sequence[Passage]
) -> list[Finding]:
    """One finding per document that holds sentences addressed to an AI system, with each
    such sentence and its page."""
    by_id = {d.doc_id: d for d in documents}
    found: dict[str, list[Citation]] = {}
    for passage in passages:
        document = by_id.get(passage.doc_id)
        if document is None:
            continue
        for start, end in sentence_spans(passage.text):
            sentence = passage.text[start:end]
            if not addresses_assistant(sentence):
                continue
            quotes = found.setdefault(document.doc_id, [])
            if all(q.text != sentence for q in quotes):
                page = passage.page_at(start)
                quotes.append(Citation(len(quotes) + 1, document.document, document.title, page,
                                       sentence))  # fmt: skip
    findings = []
    for doc_id, quotes in found.items():
        document = by_id[doc_id]
        said = "; ".join(f"pagina {q.page}: “{q.text}”" for q in quotes)
        findings.append(
            Finding(
                FindingKind.INSTRUCTION,
                ", ".join(document.schools) or document.title,
                document.document,
                f"{len(quotes)} zin(nen) gericht aan AI-systemen, niet aan lezers; Steunwijzer "
                f"citeert en volgt ze niet. Laat ze uit het document halen: {said}",
                tuple(quotes),
            )
        )
    return findings
