"""An answer as plain text to paste into an e-mail to the school: the question, the answer as
its reader saw it, and its sources with title and page."""

from __future__ import annotations

from steunwijzer.composing.audience import AnswerView
from steunwijzer.types import Answer

CLOSING = (
    "Gevonden met Steunwijzer. De zinnen tussen aanhalingstekens komen letterlijk uit de "
    "documenten; kijk bij twijfel in de bron."
)


def share_text(answer: Answer, shown: AnswerView) -> str:
    """The question, the first line and quotes of `shown`, then every cited source as
    '[n] title, pagina p (file)'."""
    parts = [f"Vraag: {answer.question}", "", f"Antwoord: {shown.lead}"]
    if shown.verdict is not None:
        parts.append(f"Oordeel: {shown.verdict.label}")
    parts += [f"- {quote.text}" for quote in shown.quotes]
    parts += ["", "Bronnen:"]
    for n in sorted(shown.cited):
        parts.append(f"[{n}] {source_line(answer, n)}")
    parts += ["", CLOSING]
    return "\n".join(parts)


def source_line(answer: Answer, n: int) -> str:
    """'title, pagina p (file)' of passage n, at the page of its first quoted sentence."""
    passage = answer.passages[n - 1]
    page = next((c.page for c in answer.citations if c.n == n), passage.page)
    return f"{passage.title}, pagina {page} ({passage.document})"
