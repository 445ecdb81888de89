"""Whether a school's SOP offers support for a need: the statements that name the need, each
read as offer, condition, limit or a bare table label, and one verdict with its quotes.

A verdict is never more than a statement says: a need named only as a table row whose tick a
PDF lost is "genoemd, beschikbaarheid onbekend", and a need the SOP never names is "niet
vermeld". Statements in the SOP's list of limits weigh most (that list is where a school says
what it cannot do), then a statement with a condition, then an offer, then a denial."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from steunwijzer.language.headings import NUMBERED_HEADING, is_heading
from steunwijzer.language.injection import addresses_assistant
from steunwijzer.language.negation import NEGATIONS
from steunwijzer.language.text import STOPWORDS, fold, sentence_spans, words
from steunwijzer.profiles.fields import LIMIT
from steunwijzer.profiles.lists import GLOSSARY_TITLES, availability, definitions
from steunwijzer.profiles.marks import cells
from steunwijzer.profiles.needs import Need, needs_in
from steunwijzer.profiles.needs import need as _need
from steunwijzer.profiles.status import Status
from steunwijzer.types import Passage


class Verdict(StrEnum):
    """What an SOP says about support for a need."""

    OFFERED = "aanbod"
    CONDITIONAL = "overleg"
    LIMIT = "grenzen"
    UNKNOWN = "onbekend"
    NOT_STATED = "niet_vermeld"

    @property
    def label(self) -> str:
        """Dutch, as the app and the tables show it."""
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.OFFERED: "in het aanbod",
    Verdict.CONDITIONAL: "na overleg / afhankelijk van de leerling",
    Verdict.LIMIT: "bij de grenzen van de ondersteuning",
    Verdict.UNKNOWN: "genoemd, beschikbaarheid onbekend",
    Verdict.NOT_STATED: "niet vermeld",
}
# What a child may depend on ('een kind dat afhankelijk is van een rolstoel'): no condition.
DEPENDS_ON = (
    r"(?:een |de |zijn |haar )?(?:rolstoel|rollator|zorg|verzorging|hulpmiddelen|anderen"
    r"|medische)"
)
# Words of a condition: it depends on the pupil, the school decides with the parents.
CONDITION = re.compile(
    rf"\bafhankelijk\b(?! (?:is|zijn) van {DEPENDS_ON})|\bhangt (?:\w+ )?af\b"
    r"|\bin overleg\b(?! met (?:de |hun |uw )?ouders)"
    r"|\bna overleg\b|\bbekijken (?:we|wij)\b|\b(?:we|wij) bekijken\b|\bonderzoeken (?:we|wij)\b"
    r"|\bkijken (?:we|wij) (?:samen )?(?:of|wat|hoe)\b|\bper (?:leerling|kind|situatie)\b"
    r"|\bmits\b|\balleen (?:mogelijk )?(?:als|wanneer|indien)\b|\bonder voorwaarden\b"
    r"|\bin beperkte mate\b|\bbeperkte mogelijkheden\b|\btot op zekere hoogte\b"
    r"|\bniet altijd\b|\b(?:kan|kunnen)(?: \w+)? soms\b|\bin sommige gevallen\b"
    r"|\bzo goed mogelijk\b|\bmaatwerk\b|\b(?:op|na) aanvraag\b"
    r"|\bbespreken (?:we|wij) (?:\w+ )?(?:eerst|vooraf)\b"
    r"|\bvia (?:het )?(?:swv|samenwerkingsverband)\b|\bvia extern\b|\bop indicatie\b"
    r"|(?:^|\|)\s*oranje\s*(?:\||$)"  # a traffic light's orange cell
    r"|(?:^|[.;:!?]\s*)of\b[^.;?]{0,80}\bpast\b"  # 'Of een leerling met autisme bij ons past, ...'
    # '... kan goed op zijn plek zijn, als de taal de hulpvraag is' (not 'als dat nodig is')
    r"|\b(?:kan|kunnen)\b[^.;]*?,\s*(?:als|zolang)\b(?! (?:dat|het) nodig)"
)
PARAGRAPH_REACH = 300  # characters before a sentence in which its paragraph may name the need
# Pupils the school is not for: 'horen niet bij onze doelgroep', 'buiten onze doelgroep'.
OUTSIDE_TARGET_GROUP = r"niet (?:tot|bij) (?:onze|de) doelgroep|buiten (?:onze|de) doelgroep"
LIMITS_HEADING = re.compile(
    r"grenzen|niet (?:kunnen )?bieden|kunnen (?:we|wij) niet|contra-?indicat"
    r"|buiten (?:onze|de) mogelijkheden|(?:we|wij) verwijzen door"
    r"|niet (?:de )?(?:juiste|goede|geschikte) (?:plek|school)"
    r"|(?:mogelijkheden|ondersteuning) (?:houden|houdt|stoppen|stopt) op"
    rf"|{OUTSIDE_TARGET_GROUP}|\bgrens\b"
)
# An item of a numbered list ('3. leerlingen met een IQ onder 70 ...'): a bullet, not a
# numbered heading (those start with a capital: '3.5 Onderwijsaanbod').
NUMBERED_ITEM = re.compile(r"\s*\d{1,2}[.)]\s+[a-zà-ÿ]")
# The first word of an answer to a question heading ('Kan uw kind met ... terecht? Nee, ...').
ANSWER_NO = ("nee", "helaas")
# A limit stated in so many words that outweighs an offer as much as the SOP's list of limits.
STATED_LIMIT = re.compile(
    r"\bgeen (?:passend )?onderwijs\b|niet (?:de )?(?:juiste|goede|geschikte) (?:plek|school)"
    r"|\bniet (?:goed )?(?:kunnen|kan) (?:bieden|begeleiden|plaatsen|opvangen|toelaten|helpen)\b"
    r"|\bniet (?:toe|aan)(?:laten|nemen)\b|\bniet in staat\b|\b(?:onze|de) grens\b"
    r"|\b(?:doen|bieden|geven) (?:wij|we) niet\s*[.;]"  # 'Medische handelingen doen wij niet.'
    r"|\bnodig dan (?:wij|we) (?:kunnen )?(?:bieden|geven)\b"
    r"|\b(?:hebben|is) (?:wij |we |er )?geen (?:plek|plaats)\b|\bgeen (?:plek|plaats) voor\b"
    rf"|{OUTSIDE_TARGET_GROUP}"
)
# A limit stated in so many words, besides `fields.LIMIT`: the stated limits, and weaker ones
# (a referral, something not there yet, a problem that may be solved).
LIMIT_STATEMENT = re.compile(
    rf"{STATED_LIMIT.pattern}|\bverwijzen (?:we|wij)\b|\b(?:we|wij) verwijzen\b"
    r"|\b(?:hebben|bieden) (?:wij|we) (?:dat |dit |die )?(?:nu )?nog (?:niet|geen)\b"
    r"|\bhebben (?:wij|we) niet de (?:kennis|middelen|deskundigheid|expertise)\b"
    r"|\bin ontwikkeling\b"
    r"|\been probleem\b|\b(?:gaan|gaat) eerst (?:\w+ ){0,3}naar\b"
)
# A definition in a glossary: "Een dyslexiespecialist is een deskundige in ..."
DEFINITION = re.compile(
    r"^(?:een |de |het )?[\w-]+(?: [\w-]+){0,3} (?:is|zijn|betekent) (?:een|de|het) "
)
GLOSSARY_SECTION = re.compile(GLOSSARY_TITLES, re.M)
LABEL_WORDS = 4
LONG_LABEL_WORDS = 8  # a label this long names what a row is about, no offer
# Something else instead of what a no denies: 'Lift: nee, wel een traplift' ('dat is wel
# jammer' offers nothing).
INSTEAD = re.compile(r"\bwel (?:een|kunnen|kan|mogelijk|bieden|heeft|hebben)\b")
# A cell that defines a term or says what is still to come: no offer ('Een leerkracht die
# ...', 'Wordt in het komende schooljaar ingericht').
NO_OFFER_CELL = re.compile(
    r"^(?:een|de|het) [\w-]+ die\b|\b(?:komend|volgend)e? schooljaar\b|\bnog niet\b"
    r"|\bin ontwikkeling\b|\bwordt\b.*\bingericht\b"
)
DESCRIPTION_WORDS = 5  # a cell longer than this describes, it is no mark
BULLET_MARKS = ("•", "-", "–", "*")  # a sentence that starts with one is a list item
# A Q&A SOP's question in a parent's words, not a statement of the school's.
PARENT_VOICE = re.compile(r"\s*(?:mijn|ons|onze) (?:kind|zoon|dochter)\b", re.I)
# A parent's question anywhere in a sentence ('Kan ons kind toch bij jullie komen?').
PARENT_QUESTION = re.compile(r"\b(?:mijn|ons|onze) (?:kind|zoon|dochter)\b|\bjullie\b", re.I)
GOES_ON = re.compile(r"\s*(?:dit|dat|daarvoor|daarbij|hiervoor|hierbij|wel|maar)\b")
SCHOOL_VOICE = re.compile(r"\b(?:wij|we|ons|onze|u|uw|dit|dat|hier|school)\b")
RUN_IN_WORDS = 2  # a sentence this short that names a need is a run-in heading, no offer
LIST_PROSE = 2  # sentences between bullets that do not end a list of limits
LEAD_IN_WORDS = 24  # a sentence this long can introduce a list without its colon
SUBHEADING_WORDS = 6  # a lead-in this short inside a list of limits heads a part of it
CONTEXT_AFTER = 2  # sentences that answer a question heading ('Heeft uw kind ...?')
# The order in which statements decide the verdict (see the module's docstring).
RANKS = {"limits": 0, Verdict.CONDITIONAL: 1, Verdict.OFFERED: 2, Verdict.LIMIT: 3}


@dataclass(frozen=True)
class Statement:
    """A span of a passage that names the need (with the lead-in of its list, if any)."""

    passage: Passage
    start: int
    end: int
    verdict: Verdict
    lead_in: tuple[int, int] | None = None  # the sentence that introduces its list
    in_limits: bool = False  # in the SOP's list or section of limits

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end].strip()


@dataclass(frozen=True)
class Suitability:
    """What one SOP says about one need."""

    need: Need
    verdict: Verdict
    statements: tuple[Statement, ...]  # the deciding statement first


def suitability(need: Need, passages: Sequence[Passage], question: str = "") -> Suitability:
    """The verdict of one SOP (its passages) on one need; among statements of equal weight,
    the one that shares most words with `question` comes first."""
    found: list[Statement] = []
    seen: set[str] = set()
    asked = set(words(question))
    for line in _read(tuple(sorted(passages, key=lambda p: p.position))):
        if not need.pattern.search(line.folded):
            continue
        if line.row is None and (_run_in(line.said) or _numbered_heading(line)):
            continue  # a run-in heading ('Autisme.'): what follows it says what is offered
        if line.row is not None and _about_another(need, line):
            continue  # 'Taalontwikkelingsstoornis (TOS) | ... cluster 2': a row of TOS
        if _only_by_cluster(need, _paragraph(line)):
            continue  # 'bij wie TOS de belangrijkste vraag is; ... een school voor cluster 2'
        verdict = _verdict(need, line.said, line.in_limits)
        if line.row is not None and not line.in_limits:
            # A row whose tick was lost but whose cell says 'via het SWV', 'op aanvraag' or
            # 'in ontwikkeling': its words are the verdict.
            worded = line.row == Status.UNKNOWN and (
                verdict in (Verdict.CONDITIONAL, Verdict.LIMIT) or _described(line.said)
            )
            verdict = verdict if worded else ROW_VERDICTS[line.row]
        if line.part_condition and verdict == Verdict.LIMIT:
            verdict = Verdict.CONDITIONAL  # 'In zeer beperkte mate ..., mits ...:' then bullets
        statement = Statement(
            line.passage, line.start, line.stop, verdict, line.lead_in, line.in_limits
        )
        key = " ".join(words(statement.text))
        if key not in seen:
            seen.add(key)
            found.append(statement)
    if not found:
        return Suitability(need, Verdict.NOT_STATED, ())
    ranked = sorted(found, key=lambda s: (_rank(s, need), -_telling(need, s, asked)))
    return Suitability(need, ranked[0].verdict, tuple(ranked))


def _rank(statement: Statement, need: Need) -> int:
    if statement.in_limits and statement.verdict in (Verdict.LIMIT, Verdict.CONDITIONAL):
        return RANKS["limits"]
    said = fold(statement.text)
    if statement.verdict == Verdict.LIMIT and _answered_no(need, said):
        return RANKS["limits"]
    asked, mark, _ = said.partition("?")
    if mark and PARENT_QUESTION.search(asked) and any(o.key != need.key for o in needs_in(asked)):
        return len(RANKS)  # a parent's question about two needs together says less of one
    if statement.verdict == Verdict.LIMIT and _states_limit(said):
        return RANKS["limits"]  # 'Hier ligt onze grens', 'zijn wij niet in staat ...'
    if statement.verdict == Verdict.OFFERED and not OFFERING.search(said):
        # A sentence that names the need in passing ('twee keer per jaar een vragenlijst
        # over de sociaal-emotionele ontwikkeling') is no offer that outweighs a table row
        # whose tick was lost, nor a denial.
        return len(RANKS) + 1
    return RANKS.get(statement.verdict, len(RANKS))


OFFER_WORDS = re.compile(
    r"specialist|trainer|training|coordinator|docent|remedial|begeleid|helpt|bieden|biedt"
    r"|aanwezig|beschikt|\bja\b|plusklas|arrangement|aanbod"
)
# What makes a statement an offer rather than a mention: someone or something that helps,
# or what pupils get or can use.
OFFERING = re.compile(
    rf"{OFFER_WORDS.pattern}|ondersteun|\bhulp|\bhelpen|coach|aanpak|traject|behandel"
    r"|voorziening|faciliteit|hulpmiddel|\bpas\b|\w+pas\b|voorlees|extra (?:tijd|instructie|uitleg)"
    r"|\bheeft (?:een|eigen)|\bhebben (?:een|eigen)|\bkrijg(?:t|en)\b|\bkunnen\b.*\bterecht"
    r"|\bwerk(?:t|en) (?:met|we)\b|\bzorg(?:t|en) (?:voor|we)\b|\blift\b|toegankelijk|bereikbaar"
    r"|\b(?:is|zijn) er\b|\bkunnen\b|\bvoor (?:leerlingen|kinderen|jongeren) (?:met|die)\b"
    r"|ingericht|opgeleid|opleiding|expertise|deskundig"
)


def _telling(need: Need, statement: Statement, asked: set[str]) -> float:
    """How plainly a statement speaks of the need, to choose the quote among equals: it shares
    words with the question, names the need in more ways, says what is offered, is short."""
    said = fold(statement.text)
    shared = len(asked & set(words(said)) - STOPWORDS)
    terms = len(need.pattern.findall(said))
    offer = 1 if OFFER_WORDS.search(said) else 0
    return shared + terms + offer - len(said.split()) / 40


@dataclass
class _ListState:
    """Where a reader stands in a list of limits ('Wij kunnen niet begeleiden:' with parts
    such as 'Lichamelijke situatie:', each with bullets and perhaps a sentence of its own)."""

    limits: bool = False  # inside a list that a limit introduced
    lead_in: tuple[int, int] | None = None  # the sentence the current bullets belong to
    part_condition: bool = False  # the current part's own sentence sets a condition
    after_part: bool = False  # the sentence before was a part's heading
    prose: int = 0  # sentences in a row that are neither bullets nor parts
    section: str = ""  # the section the list stands in


# What a row of an availability table says, as a verdict: a row whose tick was lost is named
# only ('genoemd, beschikbaarheid onbekend'), however many words its label has.
ROW_VERDICTS = {
    Status.STATED: Verdict.OFFERED,
    Status.ABSENT: Verdict.LIMIT,
    Status.UNKNOWN: Verdict.UNKNOWN,
}


@dataclass(frozen=True)
class _Line:
    """A sentence of an SOP as a statement about any need would be read: where it stands in a
    list of limits, the text that counts (a question heading with what answers it), and what
    its marks say when it is a row of a table (`lists.availability`)."""

    passage: Passage
    start: int
    stop: int
    folded: str  # the sentence, folded
    said: str  # start to stop, folded
    in_limits: bool
    lead_in: tuple[int, int] | None
    part_condition: bool
    row: Status | None = None


@lru_cache(maxsize=64)
def _read(passages: tuple[Passage, ...]) -> tuple[_Line, ...]:
    """Every sentence of one SOP (passages in order) that can state something about a need,
    read once for all needs; the list state carries over from one passage to the next. A
    glossary's definitions are left out: they state nothing of the school."""
    state = _ListState()
    rows = availability(passages)
    glossary = definitions(passages)
    lines: list[_Line] = []
    asked: _Line | None = None  # a question heading that ended the passage before
    for passage in passages:
        defined = glossary.get(passage.chunk_id, [])
        found = [
            line
            for line in _lines(passage, state, rows)
            if not any(start <= line.start < end for start, end in defined)
        ]
        if asked is not None and _sentences(passage):
            found.insert(0, _answered(asked, passage))
        asked = None
        last = found[-1] if found else None
        if last and last.said.rstrip().endswith("?") and not passage.text[last.stop :].strip():
            asked = found.pop()  # its answer opens the next passage
        lines.extend(found)
    if asked is not None:
        lines.append(asked)
    return tuple(lines)


def _answered(asked: _Line, passage: Passage) -> _Line:
    """A question heading that ended one passage, read with the sentences that open the next
    one and answer it ('Kan een kind met autisme ...?' / 'Dat hangt af van ...')."""
    sentences = _sentences(passage)
    start, stop = sentences[0][0], sentences[min(CONTEXT_AFTER, len(sentences)) - 1][1]
    said = f"{asked.said} {fold(passage.text[start:stop])}"
    return _Line(passage, start, stop, said, said, asked.in_limits, None, False)


def _lines(passage: Passage, state: _ListState, rows: dict[tuple[str, int], Status]) -> list[_Line]:
    text = passage.text
    section = fold(passage.section)
    if GLOSSARY_SECTION.search(section.split(" > ")[-1] if section else ""):
        state.limits = False
        return []
    # The heading a sentence stands under: the section the passage starts in, then each
    # numbered or question heading in it ('5.2 Als de basisondersteuning niet genoeg is'
    # under '5. Grenzen ...' is no list of limits).
    heading = section.split(" | ")[0].split(" > ")[-1] if section else ""
    sentences = _sentences(passage)
    found: list[_Line] = []
    state.lead_in = None  # a lead-in's offsets belong to its own passage
    if section != state.section:
        state.limits, state.section = False, section
    for i, (start, end, folded) in enumerate(sentences):
        sentence = text[start:end]
        bullet = sentence.lstrip().startswith(BULLET_MARKS) or bool(NUMBERED_ITEM.match(sentence))
        if (
            not bullet
            and is_heading(sentence)
            and (NUMBERED_HEADING.match(sentence) or sentence.rstrip().endswith("?"))
        ):
            heading = folded
        limits_section = bool(LIMITS_HEADING.search(heading))
        _advance(state, sentence, folded, bullet, (start, end))
        if addresses_assistant(sentence) or (DEFINITION.match(folded) and not bullet):
            continue
        stop = end
        following = (
            text[sentences[i + 1][0] : sentences[i + 1][1]] if i + 1 < len(sentences) else ""
        )
        asks_next = (
            following.rstrip().endswith("?")
            and PARENT_QUESTION.search(following) is not None
            and "\n" not in text[end : sentences[i + 1][0]]
        )
        if asks_next:
            # A parent's question heading in two sentences ('Wij spreken thuis geen
            # Nederlands. Kan ons kind toch bij jullie komen?'): its question and the answer.
            stop = sentences[min(i + 1 + CONTEXT_AFTER, len(sentences) - 1)][1]
        elif sentence.rstrip().endswith("?") or _heads_prose(sentence, sentences[i + 1 :], text):
            # A question heading, or a short heading such as 'Kinderen met autisme' above a
            # paragraph: what follows answers it.
            stop = sentences[min(i + CONTEXT_AFTER, len(sentences) - 1)][1]
        elif not bullet and i + 1 < len(sentences) and _goes_on(text, sentences[i + 1]):
            stop = sentences[i + 1][1]  # 'Dit is maatwerk: ...' says how the offer is meant
        found.append(
            _Line(
                passage,
                start,
                stop,
                folded,
                fold(text[start:stop]) if stop != end else folded,
                limits_section or (bullet and state.limits),
                state.lead_in if bullet else None,
                bullet and state.part_condition,
                rows.get((passage.chunk_id, start)) if stop == end else None,
            )
        )
    return found


def _goes_on(text: str, following: tuple[int, int, str]) -> bool:
    """The next sentence points back and goes on about the same thing ('Dit is maatwerk',
    'Dat bespreken wij eerst met u'), and is no heading."""
    start, end, folded = following
    return bool(GOES_ON.match(folded)) and not is_heading(text[start:end])


def _heads_prose(sentence: str, after: Sequence[tuple[int, int, str]], text: str) -> bool:
    """A short unpunctuated line above a sentence of prose (a paragraph's heading), not a
    table's label above another label."""
    if not after or len(sentence.split()) > LABEL_WORDS or re.search(r"[.!?:;|]\s*$", sentence):
        return False
    following = text[after[0][0] : after[0][1]].strip()
    # The school speaks ('Dit is maatwerk.'), no glossary defines ('Een deskundige in ...').
    return following.endswith(".") and bool(SCHOOL_VOICE.search(fold(following)))


@lru_cache(maxsize=4096)
def _sentences(passage: Passage) -> tuple[tuple[int, int, str], ...]:
    """A passage's sentence spans with their folded text, read once for every need."""
    return tuple(
        (start, end, fold(passage.text[start:end])) for start, end in sentence_spans(passage.text)
    )


def _advance(
    state: _ListState, sentence: str, folded: str, bullet: bool, span: tuple[int, int]
) -> None:
    """Read one sentence into the list state."""
    ends_in_colon = sentence.rstrip().endswith(":")
    part = ends_in_colon and len(sentence.split()) <= SUBHEADING_WORDS
    if bullet:
        state.prose = 0
        if part or (ends_in_colon and state.limits):  # 'met ... ISK-onderwijs Gedrag:'
            state.part_condition, state.after_part = False, True
        return
    if state.limits and part:
        state.part_condition, state.after_part, state.prose = False, True, 0
    elif state.limits and state.after_part:  # the part's own sentence
        state.part_condition, state.after_part = bool(CONDITION.search(folded)), False
    elif state.limits and state.prose < LIST_PROSE and not is_heading(sentence):
        state.prose += 1  # a sentence between the bullets of one list
    else:
        limit = bool(LIMIT.search(folded) or LIMITS_HEADING.search(folded))
        state.limits = limit and (ends_in_colon or len(sentence.split()) <= LEAD_IN_WORDS)
        state.part_condition, state.after_part, state.prose = False, False, 0
    state.lead_in = span


# A cluster that serves two needs: named beside one of them, it says nothing of the other.
SHARED_CLUSTERS = {"slechthorend": ("cluster 2", "tos")}


def _only_by_cluster(need: Need, folded: str) -> bool:
    """The need is named only by a cluster it shares with another need that the sentence
    names ('cluster 2' beside TOS is about TOS, not about hearing)."""
    if need.key not in SHARED_CLUSTERS:
        return False
    cluster, other = SHARED_CLUSTERS[need.key]
    without = folded.replace(cluster, " ")
    return not need.pattern.search(without) and bool(_need(other).pattern.search(without))


def _paragraph(line: _Line) -> str:
    """The sentence with the paragraph before it, folded ('Soms past een school voor kinderen
    met TOS beter. Dat bekijken wij met de ambulant begeleider van cluster 2.')."""
    text = line.passage.text
    opening = max(text.rfind("\n\n", 0, line.start) + 1, line.start - PARAGRAPH_REACH)
    return fold(text[opening : line.stop])


def _about_another(need: Need, line: _Line) -> bool:
    """A table row whose label names another need and not this one."""
    label = cells(line.passage.text[line.start : line.stop])[0]
    named = needs_in(label)
    return bool(named) and all(other.key != need.key for other in named)


def _states_limit(said: str) -> bool:
    """A limit stated in so many words ('Hier ligt onze grens'), not a denial that could be
    about anything, a referral for a part ('voor het onderzoek verwijzen wij') or a problem
    that may be solved ('de drempels zijn een probleem')."""
    return bool(LIMIT.search(said) or STATED_LIMIT.search(said))


def _answered_no(need: Need, said: str) -> bool:
    """A parent's question about this need alone that the SOP answers 'Nee' ('Mijn kind heeft
    een verstandelijke beperking. Is De Klankkast dan de goede school? Nee.'); a question
    that names another need too ('TOS en erg agressief') is about the two together."""
    asked, mark, answer = said.partition("?")
    if not mark or not _says_no(answer) or _other_way(answer):
        return False
    return all(other.key == need.key for other in needs_in(asked))


def _other_way(answer: str) -> bool:
    """An answer no that sets a condition or offers something else ('Nee. ... Er is wel een
    traplift.')."""
    return bool(CONDITION.search(answer) or INSTEAD.search(answer))


def _says_no(answer: str) -> bool:
    """An answer to a question heading that opens with 'Nee' or 'Helaas'."""
    return words(answer)[:1] in ([word] for word in ANSWER_NO)


def _numbered_heading(line: _Line) -> bool:
    """'6.6 Begaafde leerlingen': a heading names a topic, what stands under it is the
    statement."""
    own = line.passage.text[line.start : line.stop]
    return bool(NUMBERED_HEADING.match(own)) and is_heading(own)


def _run_in(said: str) -> bool:
    """A run-in heading ('Autisme.' before what the school does): a word or two and a full
    stop, no statement."""
    return said.strip().endswith(".") and len(words(said)) <= RUN_IN_WORDS


def _verdict(need: Need, said: str, in_limits: bool) -> Verdict:
    """What one statement (folded) says about the need."""
    _, asked, answer = said.partition("?")
    if asked and _says_no(answer):
        # A question heading answered no: a limit, or a condition when the answer sets one
        # or offers something else ('Nee. ... Er is wel een traplift.').
        return Verdict.CONDITIONAL if _other_way(answer) else Verdict.LIMIT
    if CONDITION.search(said):
        return Verdict.CONDITIONAL
    if in_limits or LIMIT.search(said) or LIMIT_STATEMENT.search(said):
        return Verdict.LIMIT
    if _denied(need, said):  # 'Lift: nee, wel een traplift': something else instead
        return Verdict.CONDITIONAL if INSTEAD.search(said) else Verdict.LIMIT
    if _label(said):
        return Verdict.UNKNOWN  # a table row's label: its tick was lost
    return Verdict.OFFERED


def _described(said: str) -> bool:
    """A row with a cell that describes beside its label ('Concentratie en ADHD | Een werkplek
    aan de statafel, een koptelefoon | leerkracht'): its words are the verdict, no tick is
    missing."""
    _, *rest = said.split(" | ")
    return any(
        len(cell.split()) > DESCRIPTION_WORDS and not NO_OFFER_CELL.search(cell.strip())
        for cell in rest
    )


def _label(said: str) -> bool:
    """A table row's label, no statement: a few words without a full stop or a figure
    ('Dyscalculie'), or a few more that say nothing is offered ('Onderwijs aan langdurig
    zieke leerlingen', whose tick a PDF lost)."""
    if re.search(r"[.!?:;]\s*$|\d", said.strip()):
        return False
    size = len(said.split())
    return size <= LABEL_WORDS or (size <= LONG_LABEL_WORDS and not OFFERING.search(said))


def _denied(need: Need, said: str) -> bool:
    """A negation stands in the words before the need's first mention, or as a table cell
    after it ('geen lift', 'Orthopedagoog nee', 'Lift | niet aanwezig: ✓'); a bare mark such
    as 'X' says nothing by itself (it marks a column)."""
    match = need.pattern.search(said)
    if not match:
        return False
    before = words(said[: match.start()])[-5:]
    after = words(said[match.end() :])[:3]
    return any(w in NEGATIONS for w in before) or any(w in ("nee", "niet") for w in after)
