"""Which schools say they have something ("Welke scholen hebben een NT2-docent?"), each
with the sentence that says so; a school whose SOP says it does not is kept apart."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from steunwijzer.answering.decision import Answerer
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.negation import denies
from steunwijzer.language.text import fold
from steunwijzer.profiles.marks import cells
from steunwijzer.profiles.needs import Need
from steunwijzer.profiles.status import Status
from steunwijzer.profiles.suitability import Verdict
from steunwijzer.retrieval.entities import SCHOOL_IN_TEXT, aliases
from steunwijzer.retrieval.retrieve import Filters
from steunwijzer.types import Answer, Citation, DocumentInfo, Passage


@dataclass(frozen=True)
class Mention:
    """What one school's SOP says about something asked for."""

    school: str
    document: str
    has: bool  # False: the SOP says it does not have it
    citation: Citation
    passage: Passage  # the passage the citation quotes
    verdict: Verdict | None = None  # for a child's need: the SOP's verdict
    by_swv: bool = False  # an SWV's own document names the school (it may have no SOP here)


# Where the thing is: every SOP speaks of its own school.
ON_SITE = re.compile(
    r"\s+(?:op|in|binnen|bij)\s+(?:de\s+|hun\s+|eigen\s+)*(?:school|scholen)\b", re.I
)
OWN = re.compile(r"^\s*(?:(?:een|de|het|hun)\s+)?eigen\s+", re.I)
# The thing as someone else's: 'de orthopedagoog van SWV Rivierduin' is the SWV's, not the school's.
OWNER = (
    r"\s+(?:van|via|vanuit)\s+(?:het\s+|de\s+)?(?:swv|samenwerkingsverband|wijkteam|gemeente|ggd)\b"
)


def belongs_elsewhere(sentence: str, thing: str) -> bool:
    """The sentence names the thing as belonging to the SWV or another organisation."""
    last = re.escape(thing.split()[-1])
    return bool(re.search(rf"{last}\w*{OWNER}", sentence, re.I))


def schools_with(
    thing: str, documents: Sequence[DocumentInfo], answerer: Answerer, k: int = 5
) -> list[Mention]:
    """The schools whose SOP mentions `thing`, each with the sentence that does; a sentence
    that denies it ('geen NT2-docent') is kept apart as has=False, never counted as having."""
    mentions = []
    thing = ON_SITE.sub("", thing)  # 'een orthopedagoog op school': every SOP is a school's
    thing = OWN.sub("", thing)  # 'een eigen orthopedagoog': one of the school's, as above
    lexical = answerer.retriever.lexical
    for document in sorted(documents, key=lambda d: d.title.lower()):
        if document.kind != "sop":
            continue
        for citation, passage in _cited(answerer, f"Heeft de school een {thing}?", document, k):
            if names(citation.text, thing, lexical.document_terms, lexical.vocabulary.split):
                if belongs_elsewhere(citation.text, thing):
                    continue
                school = ", ".join(document.schools) or document.title
                # 'geen lift', 'Een lift hebben we niet', a row 'Time-outruimte nee'
                has = not denies(citation.text, thing) and not _row_says_no(
                    citation.text, thing, lexical.document_terms
                )
                mentions.append(Mention(school, document.document, has, citation, passage))
                break
    return mentions


def swv_mentions(
    thing: str,
    documents: Sequence[DocumentInfo],
    answerer: Answerer,
    known: Sequence[str],
    k: int = 5,
) -> list[Mention]:
    """Schools an SWV's own documents name beside the thing, in the clause that names it
    ('Op drie basisscholen is een plusklas: ... OBS De Kiekendief'), other than the `known`
    ones (those whose SOP was quoted for it), each with the sentence that names them."""
    mentions: list[Mention] = []
    seen = list(known)
    lexical = answerer.retriever.lexical
    terms, split = lexical.document_terms, lexical.vocabulary.split
    for document in sorted(documents, key=lambda d: d.title.lower()):
        if document.kind == "sop":
            continue
        question = f"Welke scholen hebben een {thing}?"
        for citation, passage in _cited(answerer, question, document, k):
            clauses = [
                clause
                for clause in citation.text.split(";")
                if names(clause, thing, terms, split)
                and not denies(clause, thing)
                and not belongs_elsewhere(clause, thing)
            ]
            found = [m.group(0) for clause in clauses for m in SCHOOL_IN_TEXT.finditer(clause)]
            new = [n for n in dict.fromkeys(found) if not any(_same(n, s) for s in seen)]
            if not new:
                continue
            seen.extend(new)
            mentions.append(
                Mention(", ".join(new), document.document, True, citation, passage, by_swv=True)
            )
    return mentions


def _cited(
    answerer: Answerer, question: str, document: DocumentInfo, k: int
) -> list[tuple[Citation, Passage]]:
    """The citations of the answer to `question` asked of one document, each with the passage
    it quotes ([] when it is declined); none that addresses an assistant."""
    answer = answerer.ask(question, k, Filters(documents=(document.doc_id,)))
    if not answer.answered:
        return []
    return [
        (citation, answer.passages[citation.n - 1])
        for citation in answer.citations
        if not addresses_assistant(citation.text)
    ]


def _same(name: str, other: str) -> bool:
    """'OBS De Kiekendief' and 'De Kiekendief' are one school; 'OBS De Linde' and
    'Basisschool De Lindeboom' are two."""
    return bool(aliases(name) & aliases(other))


ROW_WORDS = 8  # a line this short without a '|' may still be a table row ('Lift nee')


def _row_says_no(text: str, thing: str, terms: Callable[[str], Sequence[str]]) -> bool:
    """A table row about the thing whose mark says no ('Time-outruimte nee', 'Lift | niet
    aanwezig'; not 'Lift | nee, wel een traplift' for a traplift)."""
    if " | " not in text and len(text.split()) > ROW_WORDS:
        return False  # a sentence that says 'nee' somewhere
    label, status = cells(text)
    return status == Status.ABSENT and names(label, thing, terms)


def names(
    text: str,
    thing: str,
    terms: Callable[[str], Sequence[str]],
    split: Callable[[str], Sequence[str]] | None = None,
) -> bool:
    """The text names the thing: every term of it (`terms` gives a text's index terms; a
    compound may stand as its parts, `split`: 'training voor faalangst' for
    'faalangsttraining'), or the same letters in another spelling of a compound
    ('time-outruimte' for 'time-out ruimte')."""
    asked = set(terms(thing))
    present = set(terms(text))
    if asked and asked <= present:
        return True
    if split is not None and asked:
        missing = [fold(word) for word in thing.split() if not set(terms(word)) <= present]
        parts = [set(terms(" ".join(split(word)))) for word in missing]
        if all(part and part <= present for part in parts):
            return True
    joined = _joined(thing)
    return joined != fold(thing).strip() and joined in _joined(text)


def _joined(text: str) -> str:
    """Folded, without spaces and hyphens: one form for a compound however it is written."""
    return re.sub(r"[\s-]+", "", fold(text))


# 'scholen', 'school', 'basisscholen', 'vo-scholen', 'middelbare scholen'.
SCHOOLS = r"(?:\w+[ -])?\w*(?:scholen|school)\b"
# 'in SWV X', 'van het samenwerkingsverband X': which schools the question is about.
SCOPE = r"(?:(?:in|van|binnen|uit|bij)\s+(?:het\s+|de\s+)?\S.{0,60}?\s+)?"
# 'Welke scholen (in SWV X)', 'Op welke scholen ...', 'Welke van de scholen ...': how the
# questions open.
WHICH = (
    rf"^\s*(?P<where>op\s+|bij\s+)?welke\s+(?:van\s+(?:de|deze|onze|alle)\s+)?{SCHOOLS}\s+{SCOPE}"
)
WHICH_SCHOOLS = re.compile(
    rf"{WHICH}(?:hebben|hebbe|heeft|bieden|biedt|kennen|kent|gebruiken|gebruikt|geven|geeft|noemen"
    r"|(?:werken|werkt)\s+(?:samen\s+)?met|beschikken\s+over|beschikt\s+over"
    r"|(?:werkt|werken|komt|komen)\s+(?:er\s+)?(?=(?:een|de|het)\s)"
    r"|(?P<be>is|zijn)\s+(?:er\s+)?)\s*"
    r"(?:(?:een|de|het)\s+)?(?P<thing>.+?)\s*\??\s*$",
    re.IGNORECASE,
)
# 'Is er een school in SWV X met een plusklas?', 'Zijn er scholen die ... hebben?', 'Waar kan
# ik terecht met een kind met autisme?': the same questions, asked another way.
THERE_IS = re.compile(
    rf"^\s*(?:is|zijn)\s+er\s+(?:ook\s+)?(?:een\s+)?{SCHOOLS}\s+{SCOPE}"
    r"(?:(?P<with>met)|die|waar)\s+(?:(?:een|de|het)\s+)?(?P<thing>.+?)\s*\??\s*$",
    re.IGNORECASE,
)
WHERE_TO_GO = re.compile(
    r"^\s*(?:naar\s+)?(?:waar|welke\s+school)\s+(?:kan|kunnen)\s+(?:ik|we|wij|je|u|mijn\s+\w+|ons\s+\w+)"
    r"\s+(?:\S+\s+){0,6}?terecht\s+(?:met|voor)\s+(?P<thing>.+?)\s*\??\s*$"
    r"|^\s*(?:waar|welke\s+school)\s+(?:kan|kunnen)\s+(?P<child>(?:mijn|ons|onze|een)\s+\w+\s+"
    r"(?:met|die|in)\s+.+?)\s+terecht\s*\??\s*$",
    re.IGNORECASE,
)
# 'Op welke scholen kan een leerling sondevoeding krijgen?': what a child can get there.
CAN_GET = re.compile(
    rf"{WHICH}(?:kan|kunnen)\s+(?:een\s+\w+|mijn\s+\w+|ons\s+\w+|kinderen|leerlingen|je|u)\s+"
    r"(?:(?:een|de|het)\s+)?(?P<thing>.+?)\s+(?:krijgen|volgen|doen|gebruiken)\s*\??\s*$",
    re.IGNORECASE,
)
# 'Op welke scholen kan mijn kind met dyslexie terecht?'
CAN_GO = re.compile(
    rf"{WHICH}(?:kan|kunnen)\s+(?P<thing>.+?)\s+terecht\s*\??\s*$",
    re.IGNORECASE,
)


# 'Welke scholen kunnen kinderen met autisme begeleiden?', 'Welke scholen zijn geschikt voor
# een kind met ADHD?': the schools for a child's need.
SCHOOLS_FOR = re.compile(
    rf"{WHICH}(?:(?:kunnen|kan)\s+(?P<thing>.+?)\s+(?:begeleiden|opvangen|helpen|ondersteunen|plaatsen"
    r"|aan|aannemen|bieden)|(?:zijn|is)\s+(?:\w+\s+)?(?:geschikt|passend|toegankelijk)\s+voor"
    r"\s+(?P<for>.+?)|(?:past|passen)\s+(?:het\s+)?(?:best\s+)?bij\s+(?P<by>.+?))"
    r"\s*\??\s*$",
    re.IGNORECASE,
)
# The thing asked for is support for a child's need, not a thing a school has ('een plusklas').
FOR_A_NEED = re.compile(
    r"\b(?:kinderen|leerlingen|kind|leerling|jongeren|zoon|dochter)\s+(?:met|die|op|in\s+(?:een\s+)?rolstoel)\b"
    r"|\b(?:ondersteuning|begeleiding|hulp|aanbod|iets|training|trainingen|ervaring)\s+(?:bij|voor|aan|met)\b",
    re.IGNORECASE,
)
# What a clause that names the thing ends with: 'die een plusklas heeft', 'een NT2-docent
# aanwezig', 'een plusklas aan'.
TRAILING = re.compile(
    r"(?:\s+(?:aan|aanwezig|beschikbaar|in\s+huis|heeft|hebben|biedt|bieden|aanbiedt|aanbieden"
    r"|kan|kunnen|is|zijn|krijgen|krijgt|terecht|begeleiden|begeleidt|opvangen|helpen|geeft|geven))+$",
    re.IGNORECASE,
)

# 'een kind met autisme in Zoutwaard': where, as the scope of the question, not the thing.
PLACE = re.compile(
    r"\s+(?:in|binnen)\s+(?:(?:swv|het\s+samenwerkingsverband|de\s+regio|de\s+buurt\s+van"
    r"|de\s+omgeving\s+van)\s+)?(?!(?:een|de|het|rolstoel)\b)\w+$",
    re.IGNORECASE,
)

MOST = re.compile(r"\b(?:meeste|minste|grootste|kleinste|beste|hoogste|laagste)\b", re.I)
# What no thing a school has starts or holds: 'ik kan bellen', 'nog plek', 'mijn kind nodig',
# 'mijn kind niet', 'geen lift' (the schools without it: not answered school by school).
NO_THING = re.compile(
    r"^(?:ik|je|jij|u|we|wij|jullie|hij|zij|ze|nog|geen|niet)\b"
    r"|\b(?:kan|kunnen|moet|moeten|mag|mogen|wil|willen|nodig|niet)\b",
    re.I,
)


def which_schools(question: str) -> str:
    """What a 'Welke scholen hebben een lift?' question asks about ('' for other questions)."""
    question = question.strip()
    for pattern in (SCHOOLS_FOR, CAN_GET, CAN_GO):
        found = pattern.match(question)
        if found:
            groups = found.groupdict()
            if groups.get("by") and not FOR_A_NEED.search(groups["by"]):
                return ""  # 'Welke school past bij mijn kind?' names no need
            return _thing(groups.get("thing") or groups.get("for") or groups.get("by") or "")
    where = WHERE_TO_GO.match(question)
    child = where and (where.group("thing") or where.group("child"))
    if child and FOR_A_NEED.search(child):  # not 'met vragen over de TLV'
        return _thing(child)
    there = THERE_IS.match(question)
    if there:
        return _thing(there.group("thing"))
    match = WHICH_SCHOOLS.match(question)
    if not match or (match.group("be") and not match.group("where")):
        return ""  # 'Welke scholen zijn er in Lindewaard?' asks for schools, not for a thing
    return _thing(match.group("thing"))


def _thing(text: str) -> str:
    """The thing asked for, without the words of the clause around it ('' for no thing)."""
    thing = PLACE.sub("", TRAILING.sub("", text.strip())).strip()
    if MOST.search(thing) or (NO_THING.search(thing) and not FOR_A_NEED.search(thing)):
        return ""
    return thing


def mentions_answer(
    question: str, thing: str, mentions: Sequence[Mention], need: Need | None = None
) -> Answer:
    """The chat's answer to 'Welke scholen hebben ...?': the schools whose SOP says so, and
    apart from them those whose SOP says they do not, each quoted with its source [n].
    `need`: the question asks which schools offer support for a need."""
    if not mentions:
        text = (
            f"Geen enkel schoolondersteuningsprofiel in de index noemt “{thing}”. Vraag het de "
            "scholen zelf, of het samenwerkingsverband."
        )
        return Answer(question, text, False)
    lines: list[str] = []
    citations: list[Citation] = []
    passages: list[Passage] = []
    headings = (
        (
            (True, f"Deze scholen bieden volgens hun profiel ondersteuning bij {need.label}:"),
            (
                None,
                f"Deze scholen noemen {need.label} in hun profiel, maar zeggen niet of ze het "
                "bieden (vraag het de school):",
            ),
            (False, f"Volgens hun profiel ligt {need.label} bij de grenzen van deze scholen:"),
        )
        if need is not None
        else (
            (True, f"Deze scholen noemen een {thing} in hun schoolondersteuningsprofiel:"),
            (False, f"Volgens hun profiel hebben deze scholen geen {thing}:"),
        )
    )
    swv = "Het samenwerkingsverband noemt in zijn eigen documenten ook deze scholen:"
    for has, heading in (*headings, ("swv", swv)):
        group = [m for m in mentions if _offers(m) == has]
        if not group:
            continue
        lines.append(heading)
        for mention in group:
            passages.append(mention.passage)
            n = len(passages)
            conditional = mention.verdict == Verdict.CONDITIONAL
            school = f"{mention.school} (na overleg)" if conditional else mention.school
            lines.append(f"- {school}: “{mention.citation.text}” [{n}]")
            citations.append(
                Citation(
                    n,
                    mention.document,
                    mention.passage.title,
                    mention.citation.page,
                    mention.citation.text,
                )
            )
    return Answer(question, "\n".join(lines), True, tuple(citations), tuple(passages), 1.0)


def _offers(mention: Mention) -> bool | str | None:
    """Whether the school has it: None when its SOP names it without saying (a lost tick),
    'swv' when an SWV's document names the school."""
    if mention.by_swv:
        return "swv"
    return None if mention.verdict == Verdict.UNKNOWN else mention.has
