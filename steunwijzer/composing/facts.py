"""The first line of an answer to a question of fact: the best sentence of the passages that
gives what the question asks for (a number for 'hoe vaak', a person for 'wie'), quoted, with
'Ja:' or 'Nee:' before it when a yes/no question's subject stands in it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from steunwijzer.answering.decision import Answerer, Assessment
from steunwijzer.answering.evidence import CONTACT_DETAILS, HOW_MANY
from steunwijzer.answering.sentences import Sentence
from steunwijzer.composing.kinds import QuestionKind
from steunwijzer.composing.sources import Sources, with_antecedent
from steunwijzer.composing.typed import UNIT_TERMS, asks_particular, gives, measures
from steunwijzer.language.glossary import GLOSSARY, abbreviations_in, spelled_out
from steunwijzer.language.headings import LIST_ITEMS, NUMBERED_HEADING, is_heading, with_list
from steunwijzer.language.negation import NEGATIONS
from steunwijzer.language.numbers import FIGURE
from steunwijzer.language.text import (
    fold,
    question_head,
    question_language,
    question_verb,
    sentence_spans,
    separable,
    stem,
    words,
)
from steunwijzer.profiles.lines import section_titles
from steunwijzer.types import Passage

# Whom a count may count in any sentence: not what a question is about.
PEOPLE = frozenset(("kinderen", "leerlingen", "kind", "leerling", "jongeren", "ouders", "mensen"))
# Words that ask for contact details, not whose they are (stems, as the index holds them).
CONTACT_TERMS = frozenset(
    stem(word)
    for word in ("telefoon", "telefoonnummer", "nummer", "telnr", "mail", "e-mail", "mailadres",
                 "emailadres", "adres", "bellen", "contact", "bereiken", "bereikbaar")
)  # fmt: skip
LEAD_CANDIDATES = 8  # the best sentences a first line is chosen from
# Kinds whose answer is a figure or a person: no sentence that gives one, no answer.
TYPED_KINDS = (QuestionKind.QUANTITY, QuestionKind.WHO)
STRONG_EVIDENCE = 0.7  # ... unless the evidence is this strong: the figure may be worded oddly
ROW_CHARS = 600  # a table row longer than this is read by its sentences
CLAUSE_END = re.compile(r";|(?<=[.!?])\s+")  # what ends a clause that names a school
LIST_WORDS = 90  # at most this many words of the list a lead-in introduces
ANSWER_WORDS = 60  # ... of what answers a heading
HEADING_COVERAGE = 0.6  # of the question's weighted terms, for a question heading to go first
YES_NO_COVERAGE = 0.85  # share of a yes/no question's weighted terms the sentence must hold
NEGATION_REACH = 6  # words before the subject in which a 'geen' or 'niet' says no


@dataclass(frozen=True)
class Lead:
    """What a first line quotes: a span of one passage, and, when that span is a heading or a
    lead-in that ends its passage, the lines that follow it at the start of the next one."""

    sentence: Sentence
    start: int
    end: int
    more: tuple[Passage, int, int] | None = None


def lead_sentence(
    kind: QuestionKind,
    question: str,
    ranking: Sequence[Sentence],
    passages: Sequence[Passage],
    strong: bool = False,
    heading_coverage: Callable[[str], float] | None = None,
    next_passage: Callable[[Passage], Passage | None] | None = None,
    holds_subject: Callable[[str], bool] | None = None,
) -> Lead | None:
    """The span a first line quotes (with the list it introduces, or what answers a
    heading), or None when no sentence gives what a question for a figure or a person asks."""
    readable: list[Lead] = []
    # A document's own question heading that asks what the question asks ('Welke signalen
    # waren dit jaar opvallend?'): what follows it is the document's answer; it goes first.
    covers = heading_coverage or (lambda _text: 0.0)
    # A question heading may rank low ('Hoe komt mijn kind op De Wissel?' is all common
    # words): any of the passages' question headings counts; other headings only when they
    # are among the best sentences.
    asked = [
        s
        for i, s in enumerate(ranking)
        if _heads(text := passages[s.n - 1].text[s.start : s.end])
        and (i < LEAD_CANDIDATES or text.rstrip().endswith("?"))
        and covers(text) >= HEADING_COVERAGE
    ]
    most = LIST_WORDS if kind in (QuestionKind.LIST, QuestionKind.ROUTE) else ANSWER_WORDS
    for sentence in asked + [s for s in ranking[:LEAD_CANDIDATES] if s not in asked]:
        passage = passages[sentence.n - 1]
        spans = list(sentence_spans(passage.text))
        own = passage.text[sentence.start : sentence.end]
        start, end = sentence.start, sentence.end
        # a heading the file marks ('Wat wij niet bieden' in a Word or text SOP)
        marked = own.strip() in section_titles(passage)
        if (_heads(own) or marked) and sentence.index + 1 >= len(spans):  # it ends its passage
            after = next_passage(passage) if next_passage else None
            if after is None:
                continue
            after_spans = list(sentence_spans(after.text))
            stop = _following(after.text, [(0, 0), *after_spans], 0, most)
            if after_spans and stop > after_spans[0][0]:  # not a new section straight away
                readable.append(Lead(sentence, start, end, (after, after_spans[0][0], stop)))
            continue
        if own.rstrip().endswith(":"):  # a lead-in: the list it introduces
            end = _following(passage.text, spans, sentence.index, LIST_WORDS)
        elif is_heading(own) or marked:  # a heading or a question heading: what answers it
            start = spans[sentence.index + 1][0]
            end = _following(passage.text, spans, sentence.index, most)
        elif table_row := _row(passage.text, start, end):
            start, end = table_row  # a sentence of a table's cell: the whole row, label and cells
        else:
            start = with_antecedent(passage.text, start)
        if end > start:  # a heading with nothing under it in this passage quotes nothing
            readable.append(Lead(sentence, start, end))
    if not readable:
        return None
    measured = kind in TYPED_KINDS and measures(question)
    contact = any(asked.search(question) for asked, _ in CONTACT_DETAILS)
    if question_language(question) != "nl":
        holds_subject = None  # an English question's terms are no words of the documents
    particular = asks_particular(question)
    counted = HOW_MANY.search(question)
    # what is measured: the counted thing ('hoeveel leerlingen'), else the word after the
    # verb; no unit ('hoeveel uur') and no people ('kinderen' on a 'Wachtlijst | 12' row)
    counted_word = fold(counted.group(1)) if counted else ""
    plain = counted_word and stem(counted_word) not in UNIT_TERMS and counted_word not in PEOPLE
    head = counted_word if plain else question_head(question)
    for lead in readable:
        text = _text(lead, passages)
        subject = _holds(holds_subject, lead, passages)
        # A figure or a person counts only in a sentence about what the question asks of (a
        # number of hours is no answer to 'wanneer is de open dag', nor the school's name to
        # 'hoe heet de gedragsspecialist').
        about = kind not in TYPED_KINDS or (lead.sentence.coverage > 0 and subject)
        if kind == QuestionKind.YES_NO:  # 'Heeft de school een zwembad?': a lift is no answer
            about = subject
        if measured:
            # About the thing measured, any figure may be it ('Psychomotorisch therapeut | 20'
            # under a column 'Uren per week'); about anything else, none is.
            # A table row about the thing measured: its unit may stand in the column's header.
            row = " | " in text and _labels(text.split(" | ")[0], head)
            figure = gives(kind, question, text) or (
                row and re.search(rf"\b{FIGURE}\b", text, re.I) is not None
            )
            if figure and _whose(holds_subject, lead, passages):
                return lead
            continue
        whose = not (contact or particular) or subject
        if about and whose and gives(kind, question, text):
            return lead
    # The line that says it may stand below the best sentences: a contact list, the members
    # of a team ('Vaste leden zijn ...'). A name or a number is whose the line itself says;
    # a person may be read with the heading and paragraph above.
    if contact or (kind == QuestionKind.WHO and particular):
        return _first_line(
            kind, question, passages, lambda lead: _whose(holds_subject, lead, passages)
        )
    if kind == QuestionKind.WHO:
        below = _first_line(
            kind, question, passages, lambda lead: _holds(holds_subject, lead, passages)
        )
        if below is not None:
            return below
    if measured:
        return None  # no sentence about the thing measured gives a figure for it
    if particular or (kind in TYPED_KINDS and not strong):
        return None  # it asks for a number, a date or a person, and no sentence gives one
    if kind in TYPED_KINDS:  # strong evidence: the best sentence about what is asked
        return next((lead for lead in readable if _holds(holds_subject, lead, passages)), None)
    if kind == QuestionKind.YES_NO and not strong:
        return None  # no sentence speaks of what it asks about
    return readable[0]


def _row(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The table row a sentence stands in ('Huiswerkklas | ja | ... Ouders betalen 150 euro
    per half jaar.'), or None outside a table."""
    opening = text.rfind("\n", 0, start) + 1
    closing = text.find("\n", end)
    closing = len(text) if closing < 0 else closing
    line = text[opening:closing]
    if " | " not in line or len(line) > ROW_CHARS:
        return None
    return opening, opening + len(line.rstrip(" |"))


def _labels(label: str, head: str) -> bool:
    """A row's label names what a question measures ('Psychomotorisch therapeut' for 'hoeveel
    uur is de therapeut er'; not 'Sociaal-emotionele ontwikkeling' for 'hoe lang duurt een
    bijeenkomst'); any label when the question's head is unknown."""
    if not head:
        return True
    asked = stem(head)
    return any(stem(word).startswith(asked) or word.endswith(head) for word in words(fold(label)))


def _whose(
    holds_subject: Callable[[str], bool] | None, lead: Lead, passages: Sequence[Passage]
) -> bool:
    """Whether the lead itself names whose number or name it gives."""
    return holds_subject is None or holds_subject(_text(lead, passages))


def _holds(
    holds_subject: Callable[[str], bool] | None, lead: Lead, passages: Sequence[Passage]
) -> bool:
    """Whether the lead, read with the heading and paragraph it stands under, is about what
    the question asks of ('Aan tafel zitten: ...' under 'Het ondersteuningsteam')."""
    if holds_subject is None:
        return True
    text = passages[lead.sentence.n - 1].text
    opening = _section_start(text, lead.start)
    return holds_subject(f"{text[opening : lead.start]} {_text(lead, passages)}")


def _section_start(text: str, start: int) -> int:
    """Where the paragraph or section that the sentence at `start` stands in begins: its
    heading, or the blank line before it, whichever is nearer."""
    opening = text.rfind("\n\n", 0, start) + 1
    for span_start, span_end in sentence_spans(text):
        if span_start >= start:
            break
        if span_start >= opening and is_heading(text[span_start:span_end]):
            opening = span_start
    return opening


def _first_line(
    kind: QuestionKind,
    question: str,
    passages: Sequence[Passage],
    about: Callable[[Lead], bool],
) -> Lead | None:
    """The first line of the best passages that gives what is asked (a phone number, a person)
    and is `about` what the question asks of ('van de orthopedagoog', 'in het Kindteam'): a
    contact list, or the members of a team, seldom rank among the sentences most like the
    question."""
    for n, passage in enumerate(passages, start=1):
        for index, (start, end) in enumerate(sentence_spans(passage.text)):
            lead = Lead(Sentence(n, index, start, end, 0.0, 0.0, 0.0), start, end)
            if gives(kind, question, passage.text[start:end]) and about(lead):
                return lead
    return None


def _text(lead: Lead, passages: Sequence[Passage]) -> str:
    own = passages[lead.sentence.n - 1].text[lead.start : lead.end]
    if lead.more is None:
        return own
    after, start, end = lead.more
    return f"{own} {after.text[start:end]}"


def _heads(text: str) -> bool:
    """A question heading, a section heading or a lead-in: what follows it answers it."""
    stripped = text.rstrip()
    return stripped.endswith(("?", ":")) or is_heading(stripped)


def _following(text: str, spans: list[tuple[int, int]], i: int, most: int) -> int:
    """Where the lines after sentence `i` that belong to it end: up to `most` words, at most
    LIST_ITEMS lines, before the next numbered or question heading."""
    end = with_list(text, spans[i][1])
    if end > spans[i][1]:
        return end  # its bullets
    words_used = 0
    for start, stop in spans[i + 1 : i + 1 + LIST_ITEMS]:
        line = text[start:stop]
        words_used += len(line.split())
        if words_used > most or (NUMBERED_HEADING.match(line) or line.rstrip().endswith("?")):
            break
        end = stop
    return end


def fact_lead(
    kind: QuestionKind, assessment: Assessment, answerer: Answerer, sources: Sources
) -> str:
    """The first line for a question of fact ('' when no sentence fits)."""
    ranking = answerer.ranking(assessment)
    if kind == QuestionKind.DEFINITION and (spelled := _spelled_out(assessment, sources)):
        return spelled
    strong = answerer.confidence(assessment) >= STRONG_EVIDENCE
    known = answerer.ranker.known(answerer.ranker.weighted_terms(assessment.question))
    retriever = answerer.retriever
    chosen = lead_sentence(
        kind,
        assessment.question,
        ranking,
        assessment.passages,
        strong,
        lambda text: answerer.ranker.coverage(text, known),
        retriever.next_passage,
        _subject_check(answerer, known, assessment.question),
    )
    if chosen is None:
        return ""
    passage = assessment.passages[chosen.sentence.n - 1]
    quote = sources.quote(passage, chosen.start, chosen.end)
    if chosen.more is not None:
        quote = f"{quote} {sources.quote(*chosen.more)}"
    if kind == QuestionKind.YES_NO:
        said = _text(chosen, assessment.passages)
        answer = yes_or_no(assessment.question, said, answerer)
        if answer:
            return f"{answer} {quote}"
    return quote


def _subject_check(
    answerer: Answerer, known: dict[str, float], question: str
) -> Callable[[str], bool]:
    """Whether a text holds what a question asks about: one of its weightiest terms that is
    no unit and no people counted ('dyslexiecoach' of 'hoeveel uur per week is de
    dyslexiecoach er', 'wachtlijst' of 'hoeveel kinderen staan op de wachtlijst', 'vloedlijn'
    of 'wie geeft de plusgroep De Vloedlijn'; but 'logopedisten' of 'hoeveel logopedisten
    werken er'). The question's verb ('staan', 'geeft') is no subject."""
    lexical = answerer.ranker.lexical
    counted = HOW_MANY.search(question)
    word = counted.group(1) if counted else ""
    thing = lexical.document_terms(word) if fold(word) in PEOPLE else []
    verb = stem(question_verb(question))  # 'vergadert', 'geeft', 'staan': no subject
    subject = {
        term: weight
        for term, weight in known.items()
        if term != verb
        and term not in UNIT_TERMS
        and term not in thing
        and term not in CONTACT_TERMS
    }
    # a verb whose particle stands apart: 'meld ik mijn kind aan' asks about 'aanmelden'
    subject |= answerer.ranker.known(
        {stem(joined): known[stem(verb)] for verb, joined in separable(question)
         if stem(verb) in known}
    )  # fmt: skip
    # A school that no document is about, only named in an SWV's ('SO De Ankerplaats' in a
    # list of its schools): what is said of it stands in a clause that names it (not 'Op drie
    # scholen is een plusklas; vo-leerlingen gaan naar het Spoorzicht College').
    mentioned = [e for e in answerer.retriever.entities.named_in(question) if e.mentioned]

    def about(text: str) -> bool:
        return not subject or answerer.ranker.coverage(text, subject) > 0

    def holds(text: str) -> bool:
        if not mentioned:
            return about(text)
        return any(
            about(clause) and any(entity.named_by(clause) for entity in mentioned)
            for clause in CLAUSE_END.split(text)
        )

    return holds


def _spelled_out(assessment: Assessment, sources: Sources) -> str:
    """For 'wat is een OPP?': the abbreviation's meaning, quoting the sentence of the best
    passages that spells it out ('ontwikkelingsperspectiefplan (OPP)'); '' when none does."""
    for abbreviation in abbreviations_in(assessment.question):
        for passage in assessment.passages:
            for start, end in sentence_spans(passage.text):
                if spelled_out(abbreviation, passage.text[start:end]):
                    quote = sources.quote(passage, start, end)
                    return f"{abbreviation} betekent {GLOSSARY[abbreviation]}: {quote}"
    return ""


def yes_or_no(question: str, sentence: str, answerer: Answerer) -> str:
    """'Ja:' or 'Nee:' when the sentence holds the question's subject (most of its weighted
    terms) and says yes or no to it; '' when it does not speak to it plainly."""
    ranker = answerer.ranker
    # Every term counts, those no document holds too: 'Heeft De Poort een zwembad voor
    # leerlingen?' is not answered yes by a sentence about leerlingen.
    terms = ranker.weighted_terms(question)
    if not terms or ranker.coverage(sentence, terms) < YES_NO_COVERAGE:
        return ""
    lexical = answerer.retriever.lexical
    said = words(sentence)
    first = next(
        (i for i, word in enumerate(said) if set(lexical.document_terms(word)) & set(terms)),
        None,
    )
    if first is None:
        return ""
    before = said[max(0, first - NEGATION_REACH) : first]
    # 'Ja:' rather than 'Ja.': the yes belongs to the cited sentence, it is no claim of its own.
    return "Nee:" if any(word in NEGATIONS for word in before) else "Ja:"
