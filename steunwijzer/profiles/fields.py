"""The fields of a school profile, and how an SOP states each: a `Finder` for the facts
parents compare (the sentences, label rows or tables that state them, see `statements`), a
question for the quoted-answer answerer for the rest, or the document's metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

from steunwijzer.language.numbers import NUMBER
from steunwijzer.profiles.statements import Finder

NUMBER_WORD = NUMBER
# Patterns match text folded to lower case without accents (`text.fold`).
TEAM = re.compile(
    r"\b(?:ot|sot|izt|zat|mdo|ondersteuningsteam\w*|schoolondersteuningsteam\w*|zorgteam\w*"
    r"|zorg- en adviesteam\w*|zorgoverleg\w*|zorgcommissie|multidisciplinair (?:overleg|team)"
    r"|mdt|commissie van begeleiding|cvb)\b"
)
FREQUENCY = re.compile(
    rf"\b{NUMBER_WORD}\s*(?:x|keer|maal)\b|\b(?:twee|drie|vier|vijf|zes)?wekelijks"
    r"|\b(?:twee)?maandelijks|\bjaarlijks|\b(?:twee|drie|vier)maal\b|\beens per\b"
    r"|\b(?:elke|iedere|om de)\s+(?:\w+\s+)?(?:week|weken|maand|maanden|periode|jaar|schooljaar)\b"
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
    r"|\bgrenzen liggen\b|\bgrens ligt\b|\bligt onze grens\b|\bliggen onze grenzen\b"
    r"|buiten onze mogelijkheden"
)
PROTOCOL = re.compile(r"protocol|meldcode|veiligheidsplan")
BOARD = r"\bbestuur\b|schoolbestuur|\bstichting\b|samenwerkingsverband|\bswv\b|vereniging"
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
    # Words (folded) of a heading, lead-in or table header that introduces the field's list:
    # the value is then the list's items (`lists.listed_items`).
    lists: str = ""
    # Words (folded) of a heading the file marks (a Word style, a numbered section) whose
    # sub-headings are the field's items ('Extra ondersteuning' > 'Op Koers', 'Huiswerkklas').
    sections: str = ""


def _stated(
    question: str,
    *requires: re.Pattern[str],
    heading: str,
    cells: str = r"\d",
    excludes: str = "",
    close: float = 0.04,
) -> Finder:
    return Finder(
        question,
        requires,
        re.compile(heading),
        re.compile(cells),
        re.compile(excludes) if excludes else None,
        close,
    )


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
            # The board's or the SWV's name ('Stichting Primair Onderwijs ...') is no type.
            excludes=BOARD,
            close=0.06,  # type and levels stand in rows of their own
        ),
    ),
    Field(
        "specialists",
        "Specialisten",
        "Welke specialisten en deskundigen zijn er op school?",
        lists=r"\b(?:specialis|deskundig|expert)|\bpersoneel voor (?:de )?ondersteuning",
    ),
    Field(
        "facilities",
        "Voorzieningen",
        "Welke voorzieningen heeft de school?",
        lists=r"voorziening|fysieke ruimte",
    ),
    Field(
        "offer",
        "Onderwijsaanbod",
        "Welk extra onderwijsaanbod, welke trainingen?",
        lists=r"aanbod|arrangement|training|interventie|methodiek|wat (?:wij|we) (?:extra )?bieden"
        r"|ondersteuning per (?:onderwerp|domein|behoefte|ondersteuningsbehoefte)",
        sections=r"^(?:[\d.]+ )?extra ondersteuning$",
    ),
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
    Field(
        "protocols",
        "Protocollen",
        finder=_stated(
            "Welke protocollen heeft de school?",
            PROTOCOL,
            heading=r"protocol",
            cells=r"protocol|meldcode|toegepast",
        ),
        lists=r"protocol|meldcode",
    ),
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
            heading=r"ondersteuningsteam|zorgteam|samenstelling|\bot\b|multidisciplinair|\bmdt\b",
        ),
    ),
    Field(
        "team_meetings",
        "Ondersteuningsteam: hoe vaak",
        finder=_stated(
            "Hoe vaak komt het ondersteuningsteam (OT) bij elkaar?",
            TEAM,
            FREQUENCY,
            heading=r"ondersteuningsteam|zorgteam|\bot\b|multidisciplinair|\bmdt\b",
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
