"""School profiles: from every indexed SOP, the fields parents and SWV staff compare, each
value quoted from its document with its page, or "niet vermeld" when the document says nothing.

Values come from field-specific questions answered within that one document by the same
calibrated, extractive answerer as the chat: a value is always a quote, never a paraphrase. A
quote that is only a bare label from a table ("Lift") is a row whose tick was lost in the text:
it is reported as mentioned, availability unknown, not as present."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from steunwijzer.answer import Answerer
from steunwijzer.grounding import MARKERS, negated, numbers_in
from steunwijzer.retrieve import Filters
from steunwijzer.types import Citation, DocumentInfo

NOT_MENTIONED = "niet vermeld"
UNKNOWN_AVAILABILITY = "genoemd, beschikbaarheid onbekend"
FOUND = "vermeld"
PROFILE_VERSION = 1  # bump when fields or questions change: cached profiles are rebuilt


@dataclass(frozen=True)
class Field:
    """One row of a profile and the question that finds it in an SOP."""

    key: str
    label: str  # Dutch, as shown in tables
    question: str = ""  # "" for fields read from the document's metadata


FIELDS: tuple[Field, ...] = (
    Field("school", "School"),
    Field("swv", "Samenwerkingsverband"),
    Field("date", "Datum of schooljaar van het profiel"),
    Field("type", "Schooltype en niveaus", "Welk onderwijstype en welke niveaus of leerwegen?"),
    Field("specialists", "Specialisten", "Welke specialisten en deskundigen zijn er op school?"),
    Field("facilities", "Voorzieningen", "Welke voorzieningen heeft de school?"),
    Field("offer", "Onderwijsaanbod", "Welk extra onderwijsaanbod, welke trainingen?"),
    Field(
        "accessibility",
        "Gebouw en toegankelijkheid",
        "Heeft het gebouw een lift, is het toegankelijk met een rolstoel?",
    ),
    Field("timeout", "Time-outruimte", "Is er een time-outruimte of rustruimte?"),
    Field("protocols", "Protocollen", "Welke protocollen heeft de school?"),
    Field(
        "limits",
        "Grenzen aan de ondersteuning",
        "Grenzen aan onze ondersteuning: welke leerlingen kan de school niet helpen?",
    ),
    Field("team", "Ondersteuningsteam: wie", "Wie zitten er in het ondersteuningsteam (OT)?"),
    Field(
        "team_meetings",
        "Ondersteuningsteam: hoe vaak",
        "Hoe vaak komt het ondersteuningsteam (OT) bij elkaar?",
    ),
    Field(
        "class_size",
        "Klas- of groepsgrootte",
        "Hoe groot zijn de klassen of groepen: gemiddeld en maximaal aantal leerlingen?",
    ),
    Field(
        "route",
        "Als de basisondersteuning niet genoeg is",
        "Wat gebeurt er als de basisondersteuning niet genoeg is?",
    ),
    Field("contact", "Contact voor ouders", "Met wie nemen ouders contact op?"),
)
FIELD_LABELS = {f.key: f.label for f in FIELDS}


@dataclass(frozen=True)
class Value:
    """What an SOP says for one field, and where."""

    text: str  # the quote, or NOT_MENTIONED
    status: str  # FOUND, NOT_MENTIONED or UNKNOWN_AVAILABILITY
    citations: tuple[Citation, ...] = ()

    @property
    def mentioned(self) -> bool:
        return self.status != NOT_MENTIONED

    @property
    def facts(self) -> tuple[frozenset[str], bool]:
        """What two values can be compared on: the numbers stated, and whether it says no."""
        return frozenset(numbers_in(self.text)), negated(self.text)


@dataclass(frozen=True)
class Profile:
    """One SOP's profile: its school and a value per field."""

    doc_id: str
    document: str
    title: str
    school: str
    values: dict[str, Value]


def build_profile(document: DocumentInfo, answerer: Answerer, k: int = 5) -> Profile:
    """The profile of one SOP; every value is a quote from that document."""
    values: dict[str, Value] = {}
    for field in FIELDS:
        if field.question:
            values[field.key] = _asked(field, document, answerer, k)
    page_one = (Citation(1, document.document, document.title, 1, document.title),)
    metadata = {
        "school": ", ".join(document.schools),
        "swv": document.swv,
        "date": document.period,
    }
    for key, text in metadata.items():
        values[key] = Value(text, FOUND, page_one) if text else Value(NOT_MENTIONED, NOT_MENTIONED)
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
        return Value(NOT_MENTIONED, NOT_MENTIONED)
    text = " ".join(MARKERS.sub("", line).strip() for line in answer.text.splitlines())
    bare_label = all(is_bare_label(c.text) for c in answer.citations)
    return Value(text, UNKNOWN_AVAILABILITY if bare_label else FOUND, answer.citations)


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
        for document in sorted(documents, key=lambda d: d.title.lower()):
            if document.kind != "sop":
                continue
            key = _key(document)
            profile = cached.get(key) or build_profile(document, answerer)
            fresh[key] = profile
            result.append(profile)
        if fresh.keys() != cached.keys():
            self._save(fresh)
        return result

    def _load(self) -> dict[str, Profile]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {key: _profile_from(data) for key, data in raw.items()}

    def _save(self, profiles: dict[str, Profile]) -> None:
        partial = self.path.with_suffix(".part")
        partial.write_text(
            json.dumps({k: asdict(p) for k, p in profiles.items()}, ensure_ascii=False),
            encoding="utf-8",
        )
        partial.replace(self.path)


def _key(document: DocumentInfo) -> str:
    return hashlib.sha1(
        f"{PROFILE_VERSION}\x00{document.doc_id}\x00{document.content_hash}".encode()
    ).hexdigest()


def _profile_from(data: dict) -> Profile:
    values = {
        key: Value(v["text"], v["status"], tuple(Citation(**c) for c in v["citations"]))
        for key, v in data["values"].items()
    }
    return Profile(data["doc_id"], data["document"], data["title"], data["school"], values)
