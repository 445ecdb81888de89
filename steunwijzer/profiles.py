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
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from steunwijzer.answer import Answerer
from steunwijzer.grounding import MARKERS, negated, numbers_in
from steunwijzer.retrieve import Filters
from steunwijzer.statements import Finder, statements
from steunwijzer.types import Citation, DocumentInfo

NOT_MENTIONED = "niet vermeld"
UNKNOWN_AVAILABILITY = "genoemd, beschikbaarheid onbekend"
FOUND = "vermeld"
PROFILE_VERSION = 2  # bump when fields or questions change: cached profiles are rebuilt


NUMBER_WORD = (
    r"(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien"
    r"|vijftien|zestien|zeventien|achttien|negentien|twintig|\w+entwintig|dertig)"
)
# Patterns match text folded to lower case without accents (`text.fold`).
TEAM = re.compile(
    r"\b(?:ot|sot|izt|zat|mdo|ondersteuningsteam\w*|schoolondersteuningsteam\w*|zorgteam\w*"
    r"|zorg- en adviesteam\w*|zorgoverleg\w*|zorgcommissie|multidisciplinair overleg)\b"
)
FREQUENCY = re.compile(
    rf"\b{NUMBER_WORD}\s*(?:x|keer|maal)\b|\b(?:twee|drie|vier|vijf|zes)?wekelijks"
    r"|\b(?:twee)?maandelijks|\bjaarlijks|\b(?:twee|drie|vier)maal\b|\beens per\b"
    r"|\b(?:elke|iedere|om de)\s+(?:\w+\s+)?(?:week|weken|maand|maanden|periode)\b"
)
GROUP = re.compile(
    r"\b(?:klas|klassen|groep|groepen|lesgroep\w*|stamgroep\w*|basisgroep\w*)\b"
    r"|groepsgrootte|klassengrootte"
)
GROUP_SIZE = re.compile(
    rf"\b{NUMBER_WORD}\s+(?:leerlingen|kinderen|lln)\b"
    rf"|\b(?:gemiddeld|maximaal|max\.?|ten hoogste|hoogstens|ongeveer|circa|ca\.)\s+{NUMBER_WORD}\b"
    r"|(?:groeps|klassen)grootte\b[^.\d]{0,40}\d+"
)
# "Toegankelijk" alone is too common ("fysieke toegankelijkheid" in an introduction, a
# "toegankelijke" mentor): only a statement about the building or a wheelchair counts.
ACCESS = re.compile(
    r"\blift(?:en)?\b|rolstoel|\bdrempels?\b|drempelvrij|minder ?valide|invalide|gelijkvloers"
    r"|aangepaste? toilet|hellingbaan|\btraplift|(?:goed|volledig|niet|beperkt) toegankelijk"
    r"|(?:gebouw|school|lokalen|ruimten?) (?:is|zijn) (?:\w+ )?toegankelijk"
)
MEMBERSHIP = re.compile(
    r"bestaat (?:in ieder geval |onder andere )?uit|\bzitten\b|aan tafel|samenstelling|\bleden\b"
    r"|schuiven aan|(?:neemt|nemen) deel|zitting"
)
CONTACT = re.compile(
    r"contact op|contact opnemen|aanspreekpunt|@|\be-?mail|\bmail\b|telefo|\bbel(?:len)?\b"
    r"|spreekuur|terecht bij"
)
LIMIT = re.compile(
    r"\bgeen (?:\w+ ){0,2}(?:onderwijs|onderwijsplaats|plek|plaats|ondersteuning|begeleiding)"
    r" (?:\w+ ){0,3}(?:bieden|geven)|niet de juiste school|kunnen (?:wij|we) (?:niet|geen)"
    r"|niet (?:kunnen )?(?:bieden|plaatsen|opvangen|toelaten|begeleiden|helpen)\b"
)
SCHOOL_TYPE = re.compile(
    r"\b(?:praktijkonderwijs|vmbo|havo|vwo|mavo|atheneum|gymnasium|basisonderwijs"
    r"|(?:voortgezet )?speciaal (?:basis)?onderwijs|sbo|vso|leerwegen?|\w+ leerweg|lwoo|isk"
    r"|entreeopleiding|primair onderwijs|voortgezet onderwijs|groep 1 (?:tot en met|t/m) 8)\b"
)


@dataclass(frozen=True)
class Field:
    """One row of a profile and how an SOP states it: a question for the quoted-answer
    answerer, or a `Finder` for the sentences that state it in so many words."""

    key: str
    label: str  # Dutch, as shown in tables
    question: str = ""  # "" for fields read from the document's metadata
    finder: Finder | None = None
    # Something a school has or lacks, listed in availability tables whose ticks a PDF's
    # text can lose: a bare label then means "mentioned, availability unknown".
    available: bool = False


def _stated(question: str, *requires: re.Pattern[str], heading: str, cells: str = r"\d") -> Finder:
    return Finder(question, requires, re.compile(heading), re.compile(cells))


FIELDS: tuple[Field, ...] = (
    Field("school", "School"),
    Field("swv", "Samenwerkingsverband"),
    Field("date", "Datum of schooljaar van het profiel"),
    Field(
        "type",
        "Schooltype en niveaus",
        finder=_stated(
            "Welk onderwijstype en welke niveaus of leerwegen biedt de school?",
            SCHOOL_TYPE,
            heading=r"onderwijstype|schooltype|niveau|leerweg",
        ),
    ),
    Field("specialists", "Specialisten", "Welke specialisten en deskundigen zijn er op school?"),
    Field("facilities", "Voorzieningen", "Welke voorzieningen heeft de school?"),
    Field("offer", "Onderwijsaanbod", "Welk extra onderwijsaanbod, welke trainingen?"),
    Field(
        "accessibility",
        "Gebouw en toegankelijkheid",
        finder=_stated(
            "Heeft het gebouw een lift?",
            ACCESS,
            heading=r"toegankelijk|fysieke ruimte|gebouw",
        ),
        available=True,
    ),
    Field("timeout", "Time-outruimte", "Is er een time-outruimte of rustruimte?"),
    Field("protocols", "Protocollen", "Welke protocollen heeft de school?"),
    Field(
        "limits",
        "Grenzen aan de ondersteuning",
        finder=_stated(
            "Welke leerlingen kan de school geen passend onderwijs bieden?",
            LIMIT,
            heading=r"grenzen",
        ),
    ),
    Field(
        "team",
        "Ondersteuningsteam: wie",
        finder=_stated(
            "Wie zitten er in het ondersteuningsteam (OT)?",
            TEAM,
            MEMBERSHIP,
            heading=r"ondersteuningsteam|zorgteam|samenstelling|\bot\b",
        ),
    ),
    Field(
        "team_meetings",
        "Ondersteuningsteam: hoe vaak",
        finder=_stated(
            "Hoe vaak komt het ondersteuningsteam (OT) bij elkaar?",
            TEAM,
            FREQUENCY,
            heading=r"ondersteuningsteam|zorgteam|\bot\b",
        ),
    ),
    Field(
        "class_size",
        "Klas- of groepsgrootte",
        finder=_stated(
            "Hoe groot zijn de klassen of groepen: gemiddeld en maximaal aantal leerlingen?",
            GROUP,
            GROUP_SIZE,
            heading=r"groepsgrootte|klassengrootte|grootte van de (?:groepen|klassen)",
        ),
    ),
    Field(
        "route",
        "Als de basisondersteuning niet genoeg is",
        "Wat gebeurt er als de basisondersteuning niet genoeg is?",
    ),
    Field(
        "contact",
        "Contact voor ouders",
        finder=_stated(
            "Met wie nemen ouders contact op over ondersteuning?",
            CONTACT,
            heading=r"contact",
            cells=r"@|\b0\d{1,3}[- ]?\d{6,8}\b",
        ),
    ),
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
        """What two values can be compared on: the numbers stated, and whether its main (first)
        quote says no: "geen lift" against "een lift", whatever else the other quotes deny."""
        main = self.citations[0].text if self.citations else self.text
        return frozenset(numbers_in(self.text)), negated(main)


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
    own = [p for p in answerer.retriever.passages if p.doc_id == document.doc_id]
    for field in FIELDS:
        if field.finder:
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


def _quoted(quotes: list[Citation], available: bool) -> Value:
    """A value from the statements a finder found; for something a school may have, a bare
    table label only when nothing more is said (mentioned, availability unknown)."""
    said = [c for c in quotes if not (available and is_bare_label(c.text))]
    if not quotes:
        return Value(NOT_MENTIONED, NOT_MENTIONED)
    shown = tuple(replace(c, n=n) for n, c in enumerate(said or quotes, start=1))
    text = " ".join(" ".join(c.text.split()) for c in shown)  # a table's cells on one line
    return Value(text, FOUND if said else UNKNOWN_AVAILABILITY, shown)


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
