"""What kind of question this is: it decides how the answer is composed. Rules first (the
words a kind is asked with), then, for a question no rule places, the kind whose example
questions it is closest to in meaning."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.language.glossary import abbreviations_in
from steunwijzer.language.text import fold
from steunwijzer.profiles.needs import needs_in
from steunwijzer.profiles.schools_with import which_schools


class QuestionKind(StrEnum):
    SUITABILITY = "suitability"  # can a child with this need go to this school?
    OVERVIEW = "overview"  # what support does this school offer?
    YES_NO = "yes_no"
    QUANTITY = "quantity"  # a number, frequency, date, duration or percentage
    WHO = "who"  # a person, a role, contact details
    LIST = "list"
    COMPARISON = "comparison"  # two or more named schools
    WHICH_SCHOOLS = "which_schools"  # which schools have X?
    DEFINITION = "definition"  # what is an OPP?
    ROUTE = "route"  # a procedure: what happens when, how to apply
    OTHER = "other"


# 'havoleerling', 'pleegkind': a compound names a child too
_CHILD = (
    r"(?:\w*kind|kinderen|zoon|dochter|meisje|jongen|\w*leerling(?:en)?|pupil|child|son|daughter"
    r"|jongere)"
)
SUITABILITY = re.compile(
    rf"\b{_CHILD}\b.{{0,60}}\b(?:met|die|dat|in een|heeft|is|gebruikt|zit|krijgt|spreekt)\b"
    r"|\bterecht\b|\bgeschikt\b|\bpassend voor\b|\bgoede (?:school|plek) voor\b|\bplek\b"
    r"|\bplaats(?:en|ing)?\b"
    r"|\btoela(?:ten|ting)\b"
    r"|\baan(?:nemen|genomen)\b|\bopvangen\b|\bbegeleiden\b|\bbegeleiding (?:bij|voor|aan)\b"
    r"|\bhulp (?:bij|voor|aan)\b|\bondersteuning (?:bij|voor|aan)\b|\biets voor\b"
    r"|\bomgaan met\b|\bhelpen\b|\bgaan naar\b|\bnaar (?:de |het )?\w+ (?:gaan|kan|kunnen)\b"
    r"|\bwelkom\b"
    rf"|\b(?:voor|aan) (?:mijn|ons|onze|een) {_CHILD}\b"
    r"|\b(?:kan|mag|kunnen) (?:hij|zij|ze|mijn \w+|ons \w+|onze \w+) (?:wel |ook )?"
    r"(?:naar|op|bij)\b"
    r"|\b(?:can|could)\b.{0,40}\b(?:attend|go to|cope)\b",
)
OVERVIEW = re.compile(
    r"\bwelke (?:extra )?(?:ondersteuning|hulp|begeleiding|zorg|voorzieningen en ondersteuning)"
    r"\b(?! bij| voor een| aan een)"
    r"|\bwat (?:voor|aan) (?:extra )?(?:ondersteuning|hulp|begeleiding|zorg)\b"
    r"|\bwat (?:kan|biedt|doet|doen|heeft|hebben) .{0,40}\b(?:voor mijn kind|voor ons"
    r"|voor (?:de )?(?:kinderen|leerlingen)|aan ondersteuning|aan extra|extra|allemaal)\b"
    r"|\bwat kan .{0,40} voor (?:mijn|een) (?:kind|zoon|dochter)"
    r"|\boverzicht (?:van )?(?:de |het )?(?:extra )?(?:ondersteunings(?:aanbod|profiel)"
    r"|ondersteuning|zorg(?:aanbod)?|begeleiding|hulp)\b"
    r"|\bondersteuningsprofiel van\b|\bvertel\b.{0,20}\bover\b"
    r"|\bwat (?:kan|kunnen) .{0,50}\bbieden\b|\bsamenvatting\b"
    r"|\bhoe (?:is|zit) (?:het met )?de (?:extra )?(?:ondersteuning|zorg|begeleiding)\b"
    r"|\bwel en (?:niet|geen)\b.{0,30}\bterecht|\bwaarvoor kan ik\b.{0,40}\bterecht"
    r"|\bwhat support\b|\bwhich support\b"
)
# A question that opens by asking for one fact is no overview, whatever it names ('Wanneer
# is het ondersteuningsprofiel van De Lariks vastgesteld?').
ONE_FACT = re.compile(
    r"^\W*(?:sinds |vanaf |tot )?(?:wanneer|hoeveel|hoe (?:oud|vaak|lang|laat)|wie|welke datum"
    r"|when|who|how (?:many|often|old))\b"
)
WHICH_SCHOOLS = re.compile(
    r"\b(?:welke|op welke|bij welke|which) (?:scholen|school|schools)\b"
    r"|\bwaar (?:kan|kunnen) .{0,40}\bterecht\b"
)
COMPARE = re.compile(r"\bvergelijk\w*|\bverschil\w*|\bcompare\b|\bdifference\b")
DEFINITION = re.compile(
    r"^\W*(?:wat|wie) (?:is|zijn|betekent|betekenen) (?:een |de |het )?(?P<term>[\w'’/.-]+"
    r"(?: [\w'’/.-]+){0,2})\W*$"
    r"|\bwat (?:betekent|betekenen|houdt|houden)\b|\bwaar staat\b.*\bvoor\b"
    r"|\bwhat (?:is|are|does) (?:an? |the )?\w+ (?:mean|stand for)\b|\bwhat is an? \w+\W*$"
    r"|\bwat wordt (?:er )?(?:bedoeld|verstaan) (?:met|onder)\b|\buitleg\b"
    r"|\bwat (?:verstaat|verstaan|bedoelt|bedoelen)\b.{0,60}\b(?:onder|met)\b",
)
ROUTE = re.compile(
    r"\bhoe wordt (?:dat|dit|het|hij|zij|ze) \w+|\bwat moet er (?:geregeld|gebeuren)\b"
    r"|\bwat gebeurt (?:er )?(?:als|wanneer|na)\b|\bhoe (?:vraag|vraagt|vragen|meld|meldt|melden)\b"
    r"|\bhoe (?:werkt|verloopt|gaat)\b|\b(?:\w*route|procedure|werkwijze|stappen|stappenplan)\b"
    r"|\bwat moet(?:en)? (?:ik|we|je|ouders|de school) doen\b"
    r"|\bhoe kom(?:t|en)? (?:ik|je|we|een)\b"
    r"|\bhoe kom(?:t|en)? (?:mijn|ons|onze|uw|jouw) \w+ (?:op|bij|aan|in aanmerking)\b"
    r"|\bhoe (?:krijg|krijgt|krijgen)\b|\baanvragen\b|\bwat (?:is|zijn) de (?:volgende )?stap"
    r"|\bhow (?:do|does|can) .{0,30}\b(?:apply|request|get)\b|\bwhat happens\b",
)
# 'Wanneer verwijst de school door?' asks for the cases, a list; not for a date.
CASES_VERBS = r"(?:verwijst|verwijzen|stuurt|sturen|past|passen|weigert|weigeren)\b"
QUANTITY = re.compile(
    r"\bhoeveel\b|\bhoe (?:vaak|groot|lang|oud|klein|veel|snel|regelmatig)\b"
    rf"|\bwanneer\b(?! {CASES_VERBS})"  # a date, not the cases ('wanneer verwijst ... door?')
    r"|\bpercentage\b|\bprocent\b|\bwelk jaar\b|\bin welk\w* (?:jaar|schooljaar|maand|periode)\b"
    r"|\bhow (?:many|much|often|long|big|old)\b|\bwhen\b|\bwelke datum\b|\bwat kost\b"
    r"|\bper (?:week|maand|jaar)\b.*\?|\bgemiddeld\w*\b|\bhoe laat\b|\bwelke dag\w*\b",
)
WHO = re.compile(
    r"^\W*(?:wie|met wie|bij wie|aan wie|naar wie|door wie|who|whom)\b|\bhoe heet\b"
    r"|\b(?:contact|aanspreekpunt|telefoon\w*|telnr|e-?mail\w*|mailadres|bellen|adres)\b"
    r"|\bwie (?:zit|zitten|is|zijn|doet|doen|beslist|beslissen|neemt|nemen|voert|voeren)\b",
)
YES_NO = re.compile(
    r"^\W*(?:(?:en |maar |weet (?:je|u) of |klopt het dat |is het zo dat )?)"
    r"(?:heeft|hebben|is|zijn|kan|kunnen|mag|mogen|moet|moeten|biedt|bieden|wordt|worden|"
    r"komt|komen|zit|zitten|gaat|gaan|doet|doen|staat|staan|krijgt|krijgen|werkt|werken|"
    r"gebruikt|gebruiken|geeft|geven|neemt|nemen|hanteert|hanteren|bestaat|kent|kennen|"
    r"does|do|is|are|has|have|can|will)\b",
)
LIST = re.compile(
    r"^\W*(?:welke|wat zijn|noem|which|what are|tips)\b|\bwelke\b|\bwat (?:helpt|werkt)\b"
    rf"|^\W*wanneer {CASES_VERBS}"
    r"|\bwat (?:zijn|hoort|horen|valt|vallen)\b"
    r"|\bwat (?:biedt|bieden|doet|doen|krijgt|krijgen)\b"
)
EXAMPLES: dict[QuestionKind, tuple[str, ...]] = {
    QuestionKind.QUANTITY: (
        "Hoeveel leerlingen zitten er in een klas?",
        "Hoe vaak vergadert het team?",
    ),
    QuestionKind.WHO: ("Wie is het aanspreekpunt voor ouders?", "Wie zitten er in het team?"),
    QuestionKind.ROUTE: ("Wat gebeurt er als de ondersteuning niet genoeg is?",),
    QuestionKind.LIST: (
        "Welke trainingen biedt de school?",
        "Wat zijn de taken van de coördinator?",
    ),
    QuestionKind.YES_NO: ("Heeft de school een time-outruimte?",),
    QuestionKind.DEFINITION: ("Wat is een ontwikkelingsperspectiefplan?",),
}
MIN_EXAMPLE_SIMILARITY = 0.85


class KindReader:
    """Tells the kind of a question from its words and the schools it names."""

    def __init__(self, embedder: NamedEmbeddings | None = None) -> None:
        self.embedder = embedder
        self._examples: list[tuple[QuestionKind, np.ndarray]] | None = None

    def kind(self, question: str, schools: Sequence[str] = ()) -> QuestionKind:
        """`schools`: the schools and SWVs the question names."""
        return rule_kind(question, schools) or self._nearest(question)

    def _nearest(self, question: str) -> QuestionKind:
        if self.embedder is None:
            return QuestionKind.OTHER
        if self._examples is None:
            pairs = [(kind, text) for kind, texts in EXAMPLES.items() for text in texts]
            vectors = self.embedder.embed_documents([text for _, text in pairs])
            self._examples = [(k, np.asarray(v)) for (k, _), v in zip(pairs, vectors, strict=True)]
        query = np.asarray(self.embedder.embed_query(question))
        kind, best = max(
            ((kind, float(vector @ query)) for kind, vector in self._examples), key=lambda p: p[1]
        )
        return kind if best >= MIN_EXAMPLE_SIMILARITY else QuestionKind.OTHER


def rule_kind(question: str, schools: Sequence[str] = ()) -> QuestionKind | None:
    """The kind the question's words decide, or None."""
    text = fold(question).strip()
    named = len(set(schools))
    if (WHICH_SCHOOLS.search(text) or which_schools(text)) and named == 0:
        return QuestionKind.WHICH_SCHOOLS
    if named >= 2 or (COMPARE.search(text) and named >= 1):
        return QuestionKind.COMPARISON
    if needs_in(text) and SUITABILITY.search(text) and not WHO.match(text):
        return QuestionKind.SUITABILITY
    if OVERVIEW.search(text) and not needs_in(text) and not ONE_FACT.match(text):
        return QuestionKind.OVERVIEW
    definition = DEFINITION.search(text)
    if definition and (not definition.group("term") or _defines(definition.group("term"))):
        return QuestionKind.DEFINITION
    if ROUTE.search(text):
        return QuestionKind.ROUTE
    if QUANTITY.search(text):
        return QuestionKind.QUANTITY
    if WHO.search(text):
        return QuestionKind.WHO
    if YES_NO.match(text):
        return QuestionKind.YES_NO
    if LIST.search(text):
        return QuestionKind.LIST
    return None


def _defines(term: str) -> bool:
    """A term a definition question asks about: an abbreviation or one or two words."""
    return bool(abbreviations_in(term.upper())) or len(term.split()) <= 2
