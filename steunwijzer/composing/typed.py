"""Whether a sentence gives the kind of answer a question asks for: a number, a date, a
person, a definition; the first line of an answer is the best sentence that does."""

from __future__ import annotations

import re

from steunwijzer.answering.evidence import (
    CONTACT_QUESTIONS,
    DAY,
    DAY_QUESTION,
    FREQUENCY_QUESTION,
    HOW_MANY,
    MONEY,
    MONEY_QUESTION,
    NAME,
    NAME_QUESTION,
    SIZE_QUESTION,
    TIME,
    TIME_QUESTION,
)
from steunwijzer.composing.kinds import QuestionKind
from steunwijzer.language.numbers import FIGURE, NUMBER
from steunwijzer.language.text import STOPWORDS, fold, stem, words
from steunwijzer.profiles.fields import FREQUENCY as STATED_FREQUENCY

# What a figure can count other than the thing asked about ('4 tot 12 jaar').
UNITS = (
    "jaar",
    "jaren",
    "weken",
    "week",
    "maanden",
    "maand",
    "dagen",
    "dag",
    "dagdeel",
    "dagdelen",
    "uur",
    "uren",
    "minuten",
    "keer",
    "procent",
    "euro",
)
MEASURE = re.compile("|".join(UNITS))
UNIT_TERMS = frozenset(stem(unit) for unit in (*UNITS, "per", "vaak"))  # as the index holds them
RANGE = frozenset(("tot", "en", "met", "t", "m", "tm"))  # '4 tot en met 12', '4 t/m 12'
YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
FIGURE_REACH = 3  # words between a count and what it counts ('12 uur', '8 jonge leerlingen')
COMPOUND_PART = 6  # letters the shorter of two words needs to count as the end of the other
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DATE = re.compile(
    rf"\b(?:{MONTHS})\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}[-/]\d{{1,2}}\b|\b(?:voorjaar|najaar|zomer"
    r"|winter)\w*|\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag)\w*",
    re.I,
)
DAY_DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b|\b\d{{1,2}}[-/]\d{{1,2}}\b", re.I)
DATE_QUESTION = re.compile(r"\bwanneer\b|\bsinds wanneer\b|\bwelke datum\b|\bwhen\b", re.I)
DURATION_QUESTION = re.compile(
    r"\bhoe lang\b|\bhoeveel tijd\b|\bhow long\b|\bhow much time\b", re.I
)
DURATION = re.compile(
    rf"\b{NUMBER}\s+(?:\w+\s+)?(weken|week|maanden|maand|jaar|jaren|dagen|dag|uur|uren"
    r"|minuten|lessen|lesuren|bijeenkomsten|schooljaren)\b",
    re.I,
)
PER_PERIOD = re.compile(
    r"\bper (?:week|maand|jaar|schooljaar|periode|dag)\b|\bdagelijks|\bwekelijks"
)
HOW_OFTEN = re.compile(r"\b(?:meestal|altijd|soms|nooit|zelden|vaak|regelmatig|incidenteel)\b")
SHARE_QUESTION = re.compile(r"\bpercentage\b|\bprocent\b|\bhoeveel procent\b|\bwelk deel\b", re.I)
SHARE = re.compile(r"%|\bprocent\b|\b(?:de )?helft\b|\bderde\b|\bkwart\b|\bmeerderheid\b", re.I)
ROLE = re.compile(
    r"co[oö]rdinator|orthopedagoog|psycholoog|mentor|\bib['’]?er|intern begeleider|directeur"
    r"|docent|leerkracht|teamleider|afdelingsleider|consulent|jeugdarts|verpleegkundige"
    r"|maatschappelijk werker|\bsmw\b|jeugdprofessional|\bjp['’]?er|specialist|trainer"
    r"|begeleider|ouders|leerplicht\w*|voorzitter|bestuurder|medewerker|@|\b0\d{1,3}[- ]?\d{6,8}",
    re.I,
)
# 'Wie is de directeur van ...?': the role asked for (the words before 'van', 'op', ...).
ASKED_ROLE = re.compile(
    r"\b(?:wie|who) (?:is|zijn|was|waren|are) (?:er )?(?:de|het|onze|jullie|the) ([\w'’ -]+?)"
    r"(?= (?:van|op|bij|in|aan|voor|of|at)\b|[?.!]|$)",
    re.I,
)
# Other names of one role: the first of each tuple is the name a role is compared by.
ROLE_NAMES = (
    ("ib", r"\bib['’]?(?:er|ers)?\b|intern(?:e)? begeleider"),
    ("maatschappelijk werker", r"maatschappelijk werk|\bsmw\b"),
    ("jeugdprofessional", r"jeugdprofessional|\bjp['’]?er"),
    ("coordinator", r"co[oö]rdinator"),
)
# Units of time in their forms and stems, by one name.
_UNIT_FORMS = {
    form: unit
    for unit, forms in {
        "dag": ("dag", "dagen", "daag"),
        "dagdeel": ("dagdeel", "dagdelen", "dagdel"),
        "uur": ("uur", "uren", "ur"),
        "week": ("week", "weken", "wek"),
        "maand": ("maand", "maanden"),
        "jaar": ("jaar", "jaren", "jar"),
        "les": ("les", "lessen"),
        "keer": ("keer", "keren"),
        "minuut": ("minuut", "minuten", "minut"),
    }.items()
    for form in forms
}
# Units that 'een' counts ('een dag per week'); before other words it is an article.
TIME_UNIT = re.compile(r"dag|keer|uur|ur|week|wek|maand|jaar|les|ochtend|middag|minut")
NAME_PARTICLES = frozenset(("van", "de", "der", "den", "ten", "ter"))  # 'Anna de Vries'
DEFINING = re.compile(
    r"\b(?:is|zijn|betekent|staat voor|houdt in|bedoelen|verstaan|wil zeggen|heet|noemen)\b", re.I
)


def gives(kind: QuestionKind, question: str, sentence: str) -> bool:
    """Whether `sentence` gives what a question of this kind asks for (True for kinds that ask
    for nothing in particular)."""
    for asked, given in CONTACT_QUESTIONS:  # a phone number, an e-mail address, an address
        if asked.search(question):
            return bool(given.search(sentence))
    if NAME_QUESTION.search(question):  # 'hoe heet de ...': a role is no name
        return _new_name(question, sentence)
    if DAY_QUESTION.search(question):  # 'op welke dag ...': '16 uur' is no day
        return _names_day(sentence)
    if kind in (QuestionKind.QUANTITY, QuestionKind.COMPARISON):
        return _gives_figure(question, sentence)
    if kind == QuestionKind.WHO:  # a role, or a name the question does not hold already
        if role := _asked_role(question):  # 'wie is de directeur': that role, no other
            return bool(role & _roles(sentence))
        if ASKED_ROLE.search(question):  # 'wie is de vertrouwenspersoon': someone else's
            return bool(_roles(sentence) - _roles(question)) or _new_name(question, sentence)
        return bool(ROLE.search(sentence)) or _new_name(question, sentence)
    if kind == QuestionKind.DEFINITION:
        return bool(DEFINING.search(sentence))
    return True


def measures(question: str) -> bool:
    """'Hoeveel uur per week is de dyslexiecoach er?', 'hoe vaak komt de jeugdarts?', 'hoe
    lang is de wachtlijst?', 'hoeveel kinderen staan op de wachtlijst?': a count, a time or a
    frequency, which only a sentence about the thing measured gives (an opening hour of the
    school is no answer, nor a number of children who go back to a regular school)."""
    if _counts(question) or DURATION_QUESTION.search(question):
        return True
    return FREQUENCY_QUESTION.search(question) is not None


def asks_particular(question: str) -> bool:
    """The question asks for a phone number, an e-mail address, an address, a name, who
    holds a named role, a day or how many of something: only that answers it, however strong
    the other evidence."""
    if ASKED_ROLE.search(question) or _counts(question) or DAY_QUESTION.search(question):
        return True
    return bool(NAME_QUESTION.search(question)) or any(
        asked.search(question) for asked, _ in CONTACT_QUESTIONS
    )


def names_role(text: str) -> bool:
    """The text names a role ('de orthopedagoog', 'de IB'er'); parents are none."""
    return bool(_roles(text))


def _counts(question: str) -> bool:
    """'Hoeveel kinderen ...': a count of a named thing."""
    counted = HOW_MANY.search(question)
    return counted is not None and counted.group(1) not in STOPWORDS


def _asked_role(question: str) -> set[str]:
    """The role a 'wie is de ...' question asks for (empty when it asks for none)."""
    asked = ASKED_ROLE.search(question)
    return _roles(asked.group(1)) if asked else set()


def _roles(text: str) -> set[str]:
    """The roles a text names, each by one name ('IB'er' and 'intern begeleider' are one)."""
    found = set()
    for name, pattern in ROLE_NAMES:
        if re.search(pattern, text, re.I):
            found.add(name)
    for match in ROLE.finditer(text):
        role = fold(match.group(0))
        if role in ("ouders", "@") or role[:1].isdigit():
            continue
        if not any(re.search(pattern, role, re.I) for _, pattern in ROLE_NAMES):
            found.add(role)
    return found


def _new_name(question: str, sentence: str) -> bool:
    """The sentence names someone or something the question does not name already ('Pro
    Grotius' is no answer to 'hoe heet de werker op het pro grotius college')."""
    asked = set(words(fold(question)))
    for name in NAME.finditer(sentence):
        parts = set(words(fold(name.group(0))))
        # 'Doelen Voor' is a heading's words; 'Anna de Vries' a name with its 'de'
        own = parts - NAME_PARTICLES  # 'Trajectklas De Steiger' is what 'De Steiger' asks of
        if own and not own & asked and not own & STOPWORDS:
            return True
    return False


def _unit(term: str) -> str:
    """The unit of time a word or stem names ('dagen', its stem 'daag' -> 'dag'), '' for
    other words."""
    return _UNIT_FORMS.get(term, "")


def _same_thing(asked: str, said: str) -> bool:
    """The counted thing in another form: the same stem, or one the end of the other
    ('schoolmaatschappelijk' werk counted as 'maatschappelijk' werker)."""
    if asked == said or _unit(asked) == _unit(said) != "":  # 'dag' and 'dagen' ('daag')
        return True
    short, long = sorted((asked, said), key=len)
    return len(short) >= COMPOUND_PART and long.endswith(short)


def _figure_beside(unit: str, said: list[str]) -> bool:
    """A figure that counts the thing: 'ten hoogste 8 leerlingen', 'leerlingen: 312', 'uren
    (van 1,5u/week)', 'het aantal kinderen op de wachtlijst is 12'; not 'kinderen van 4 tot
    12 jaar' (years of age), 'groep 8 kinderen' (a group's number) or '2024' (a year)."""
    for i, word in enumerate(said):
        if not _same_thing(unit, stem(word)):
            continue
        counted = i and said[i - 1] == "aantal"  # 'het aantal kinderen ... is 12'
        if counted and any(_counts_it(said, j) for j in range(i + 1, len(said))):
            return True
        if any(_counts_it(said, j) for j in range(max(0, i - FIGURE_REACH), i)):
            return True
        for j in range(i + 1, min(len(said), i + 2 + FIGURE_REACH)):
            if _counts_it(said, j):
                rest = said[j + 1 :]
                counts = next((x for x in rest if not _is_figure(x) and x not in RANGE), "")
                if not (MEASURE.fullmatch(counts) and not _same_thing(unit, stem(counts))):
                    return True
    return False


def _counts_it(said: list[str], j: int) -> bool:
    """Word `j` is a figure that can count something: no year, no number of a group or year
    of school, no age ('4-jarige')."""
    word = said[j]
    if not _is_figure(word) or YEAR_NUMBER.fullmatch(word):
        return False
    before = said[j - 1] if j else ""
    after = said[j + 1] if j + 1 < len(said) else ""
    return before not in ("groep", "groepen", "leerjaar", "klas") and not after.startswith("jarig")


def _is_figure(word: str) -> bool:
    return re.fullmatch(FIGURE, word, re.I) is not None


def _names_day(sentence: str) -> bool:
    """A day of the week, or a date ('op 12 maart'): '16 uur' or a year is no day."""
    return bool(DAY.search(sentence) or DAY_DATE.search(sentence))


def _duration(question: str, sentence: str) -> bool:
    """A duration that is not counted in what the question asks the length of: 'acht
    bijeenkomsten' says how long a training lasts, not how long one bijeenkomst does."""
    asked = {stem(word) for word in words(fold(question))}
    return any(stem(fold(found.group(1))) not in asked for found in DURATION.finditer(sentence))


def _gives_figure(question: str, sentence: str) -> bool:
    """The sentence has the figure the question asks for: contact details, money, a count of
    what the question counts, a size, a frequency, a duration, a share, a date or a time."""
    for asked, given in CONTACT_QUESTIONS:
        if asked.search(question):
            return bool(given.search(sentence))
    if MONEY_QUESTION.search(question):
        return bool(MONEY.search(sentence))
    counted = HOW_MANY.search(question)
    if counted and counted.group(1) not in STOPWORDS:
        unit = stem(fold(counted.group(1)))
        said = words(sentence)
        # A figure and the counted thing; 'een' counts only before it ('een dag per week'),
        # not as an article ('op een wachtlijst' is no number of kinderen).
        one = (_unit(unit) != "" or TIME_UNIT.match(unit) is not None) and any(
            a == "een" and _same_thing(unit, stem(b)) for a, b in zip(said, said[1:], strict=False)
        )
        return one or _figure_beside(unit, said)
    if FREQUENCY_QUESTION.search(question):
        folded = fold(sentence)
        return bool(
            STATED_FREQUENCY.search(folded)
            or PER_PERIOD.search(folded)
            or SHARE.search(folded)
            or HOW_OFTEN.search(folded)
        )
    if DATE_QUESTION.search(question):  # a date, a day, or how often in a week or a year
        folded = fold(sentence)
        return bool(
            DATE.search(sentence)
            or TIME.search(sentence)
            or PER_PERIOD.search(folded)
            or STATED_FREQUENCY.search(folded)
        )
    if DURATION_QUESTION.search(question):
        return _duration(question, sentence)
    if DAY_QUESTION.search(question):
        return _names_day(sentence)
    checks = (
        (SHARE_QUESTION, SHARE),
        (TIME_QUESTION, TIME),
    )
    for asked, given in checks:
        if asked.search(question):
            return bool(given.search(sentence))
    if SIZE_QUESTION.search(question) or re.search(r"\bhoeveel\b|\bhow (?:many|much)\b", question):
        return bool(re.search(rf"\b{FIGURE}\b", sentence, re.I))
    return True
