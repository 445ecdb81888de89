"""School profiles: from every indexed SOP, the fields parents and SWV staff compare, each
value quoted from its document with its page, or "niet vermeld" when the document says nothing.

Values come from the items of the list the document gives for a field (`lists`), the
statements of the fact in that one document (`statements`), or a field-specific question
answered within it by the same calibrated, extractive answerer as the chat (see `fields`): a
value is always a quote, never a paraphrase. A quote that is only a bare label from a table
("Lift") is a row whose tick was lost in the text: it is reported as mentioned, availability
unknown, not as present."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from steunwijzer.answering.decision import Answerer
from steunwijzer.answering.quotes import MARKERS
from steunwijzer.errors import StoreError, os_reason
from steunwijzer.language.negation import negated
from steunwijzer.language.numbers import numbers_in
from steunwijzer.profiles.fields import FIELDS, Field
from steunwijzer.profiles.lists import Item, listed_items
from steunwijzer.profiles.statements import statements
from steunwijzer.profiles.status import Status
from steunwijzer.retrieval.retrieve import Filters
from steunwijzer.types import Citation, DocumentInfo, Passage

__all__ = ["Item", "Profile", "ProfileCache", "Status", "Value", "build_profile"]

NOT_MENTIONED = Status.NOT_STATED.value  # the text of a value the SOP does not state
UNKNOWN_AVAILABILITY = Status.UNKNOWN.value
PROFILE_VERSION = 26  # bump when fields or questions change: cached profiles are rebuilt
ITEM_SEPARATOR = "; "


@dataclass(frozen=True)
class Value:
    """What an SOP says for one field, and where; for a field the SOP lists, its items."""

    text: str  # the quote, or NOT_MENTIONED
    status: Status
    citations: tuple[Citation, ...] = ()
    items: tuple[Item, ...] = ()

    @property
    def mentioned(self) -> bool:
        return self.status != Status.NOT_STATED

    @property
    def facts(self) -> tuple[frozenset[str], bool]:
        """What two values can be compared on: the numbers stated, and whether its main (first)
        quote says no: "geen lift" against "een lift", whatever else the other quotes deny."""
        main = self.citations[0].text if self.citations else self.text
        return frozenset(numbers_in(self.text)), negated(main)


NOT_STATED = Value(NOT_MENTIONED, Status.NOT_STATED)


@dataclass(frozen=True)
class Profile:
    """One SOP's profile: its school and a value per field."""

    doc_id: str
    document: str
    title: str
    school: str
    values: dict[str, Value]


def build_profile(
    document: DocumentInfo, own: Sequence[Passage], answerer: Answerer, k: int = 5
) -> Profile:
    """The profile of one SOP from its passages `own`; every value is a quote from it."""
    values: dict[str, Value] = {}
    for field in FIELDS:
        sections = re.compile(field.sections) if field.sections else None
        items = listed_items(re.compile(field.lists), own, sections) if field.lists else []
        if items:
            values[field.key] = listed(items)
        elif field.finder:
            quotes = statements(field.finder, own, answerer.retriever.embedder)
            values[field.key] = _quoted(quotes, field.available)
        elif field.question:
            values[field.key] = _asked(field, document, answerer, k)
    page_one = (Citation(1, document.document, document.title, 1, document.title),)
    metadata = {
        "school": ", ".join(document.schools),
        "swv": document.swv,
        "date": document.period,
    }
    for key, text in metadata.items():
        values[key] = Value(text, Status.STATED, page_one) if text else NOT_STATED
    return Profile(
        doc_id=document.doc_id,
        document=document.document,
        title=document.title,
        school=", ".join(document.schools) or document.title,
        values={f.key: values[f.key] for f in FIELDS},
    )


def _asked(field: Field, document: DocumentInfo, answerer: Answerer, k: int) -> Value:
    answer = answerer.ask(field.question, k, Filters(documents=(document.doc_id,)))
    if not answer.answered or not answer.citations:
        return NOT_STATED
    text = " ".join(MARKERS.sub("", line).strip() for line in answer.text.splitlines())
    bare_label = all(is_bare_label(c.text) for c in answer.citations)
    return Value(text, Status.UNKNOWN if bare_label else Status.STATED, answer.citations)


def listed(items: Sequence[Item]) -> Value:
    """A value from a list's items: their rows or bullets verbatim, each with its page. It
    is stated when an item is, else mentioned with availability unknown (or marked absent)."""
    numbered = tuple(
        replace(item, citation=replace(item.citation, n=n)) for n, item in enumerate(items, 1)
    )
    statuses = {item.status for item in numbered}
    status = next((s for s in (Status.STATED, Status.UNKNOWN) if s in statuses), Status.ABSENT)
    text = ITEM_SEPARATOR.join(" ".join(item.citation.text.split()) for item in numbered)
    return Value(text, status, tuple(item.citation for item in numbered), numbered)


def _quoted(quotes: list[Citation], available: bool) -> Value:
    """A value from the statements a finder found; for something a school may have, a bare
    table label only when nothing more is said (mentioned, availability unknown)."""
    if not quotes:
        return NOT_STATED
    said = [c for c in quotes if not (available and is_bare_label(c.text))]
    shown = tuple(replace(c, n=n) for n, c in enumerate(said or quotes, start=1))
    text = " ".join(" ".join(c.text.split()) for c in shown)  # a table's cells on one line
    return Value(text, Status.STATED if said else Status.UNKNOWN, shown)


def is_bare_label(quote: str) -> bool:
    """A table row's label with nothing said about it ('Lift', 'Orthopedagoog')."""
    return len(quote.split()) <= 4 and not re.search(r"[.!?:;]\s*$|\d", quote.strip())


class ProfileCache:
    """Profiles kept beside the index, rebuilt for a document whose content changed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def profiles(self, documents: list[DocumentInfo], answerer: Answerer) -> list[Profile]:
        cached = self._load()
        result, fresh = [], {}
        by_document: dict[str, list[Passage]] | None = None  # grouped once, when first needed
        for document in sorted(documents, key=lambda d: d.title.lower()):
            if document.kind != "sop":
                continue
            key = _key(document)
            profile = cached.get(key)
            if profile is None:
                if by_document is None:
                    by_document = defaultdict(list)
                    for passage in answerer.retriever.passages:
                        by_document[passage.doc_id].append(passage)
                profile = build_profile(document, by_document[document.doc_id], answerer)
            fresh[key] = profile
            result.append(profile)
        if fresh.keys() != cached.keys():
            self._save(fresh)
        return result

    def _load(self) -> dict[str, Profile]:
        """The cached profiles; a cache that cannot be read ([], null, other fields) is
        rebuilt."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {key: _profile_from(data) for key, data in raw.items()}
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            return {}

    def _save(self, profiles: dict[str, Profile]) -> None:
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            partial.write_text(
                json.dumps({k: asdict(p) for k, p in profiles.items()}, ensure_ascii=False),
                encoding="utf-8",
            )
            partial.replace(self.path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(
                f"{self.path} is niet te schrijven ({os_reason(exc)}). Verwijder het (als het een "
                "map is: rm -r); Steunwijzer maakt het opnieuw aan."
            ) from exc


def _key(document: DocumentInfo) -> str:
    return hashlib.sha1(
        f"{PROFILE_VERSION}\x00{document.doc_id}\x00{document.content_hash}\x00{document.reader}".encode()
    ).hexdigest()


def _profile_from(data: dict) -> Profile:
    values = {
        key: Value(
            v["text"],
            Status(v["status"]),
            tuple(Citation(**c) for c in v["citations"]),
            tuple(
                Item(i["text"], Status(i["status"]), Citation(**i["citation"]))
                for i in v.get("items", ())
            ),
        )
        for key, v in data["values"].items()
    }
    return Profile(data["doc_id"], data["document"], data["title"], data["school"], values)
