"""An answer composed by the kind of question: first a line that answers it directly, built
only from what the quoted sentences state, then the quotes it rests on, each with its [n].

Questions about named schools are answered from their SOPs (a verdict on a need, an overview,
a comparison) and are never declined for weak evidence: "niet vermeld" is an answer too. Other
questions are declined when the evidence is too weak (the calibrated decision)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from steunwijzer.answering.decision import Answerer, Assessment
from steunwijzer.answering.excerpts import QUOTE_WORDS, Excerpts, folded
from steunwijzer.answering.quotes import quote_excerpts
from steunwijzer.composing.facts import fact_lead, yes_or_no
from steunwijzer.composing.kinds import KindReader, QuestionKind, rule_kind
from steunwijzer.composing.route import asks_route, route_lines
from steunwijzer.composing.schools import (
    School,
    asked_field,
    fact_field,
    needs_lines,
    overview_lines,
    value_text,
)
from steunwijzer.composing.sources import Sources
from steunwijzer.composing.typed import gives
from steunwijzer.language.text import fold
from steunwijzer.profiles.fields import FIELD_LABELS
from steunwijzer.profiles.needs import needs_in
from steunwijzer.profiles.profile import Profile
from steunwijzer.retrieval.entities import Entity
from steunwijzer.retrieval.retrieve import Filters
from steunwijzer.types import Answer, Citation, DocumentInfo, Passage

SCHOOL_KINDS = (QuestionKind.SUITABILITY, QuestionKind.OVERVIEW, QuestionKind.COMPARISON)
# A list or a route has more to quote than one fact: its quotes may run longer.
QUOTE_WORDS_BY_KIND = {QuestionKind.LIST: 200, QuestionKind.ROUTE: 200}
# The weighted share of a question's terms that no document holds, from which a profile field
# no longer answers it (a follow-up 'en een zwembad?' after a question about the lift).
UNKNOWN_WORDS = 0.25


class Composer:
    """Composes answers over the current index."""

    def __init__(
        self,
        answerer: Answerer,
        profiles: Callable[[], list[Profile]],
        kinds: KindReader | None = None,
    ) -> None:
        self.answerer = answerer
        self.profiles = profiles
        self.kinds = kinds or KindReader(answerer.retriever.embedder)

    def kind(self, question: str, own_words: str = "") -> QuestionKind:
        """The kind of question; the schools and SWVs it names tell a comparison.
        `own_words`: a follow-up as asked, before the last question's topic was carried into
        it ('En hoeveel tijd heeft die planningscoach daarvoor?' asks for a figure, whatever
        it carries); its words decide when they can."""
        named = [entity.name for entity in self.answerer.retriever.entities.compared(question)]
        if own_words and (own := rule_kind(own_words, named)) is not None:
            return own
        return self.kinds.kind(question, named)

    def schools(self, question: str, filters: Filters | None = None) -> list[School]:
        """The schools the question names that have an SOP in the index (newest SOP each),
        within the filters (a filter on another school wins over the name)."""
        retriever = self.answerer.retriever
        found: list[School] = []
        for entity in retriever.entities.named_in(question):
            sops = [
                d
                for d in retriever.documents
                if d.doc_id in entity.doc_ids
                and d.kind == "sop"
                and entity.name in d.schools
                and (filters is None or filters.allows(d))
            ]
            if not sops or any(s.name == entity.name for s in found):
                continue
            newest = max(sops, key=_year)
            passages = tuple(p for p in retriever.passages if p.doc_id == newest.doc_id)
            profile = next((p for p in self.profiles() if p.doc_id == newest.doc_id), None)
            found.append(School(entity.name, newest, passages, profile))
        return found

    def compose(
        self,
        assessment: Assessment,
        kind: QuestionKind,
        k: int,
        filters: Filters | None = None,
    ) -> Answer:
        """The answer to the assessed question (or the decline)."""
        if assessment.unknown:
            return self._finish(self.answerer.decline(assessment), kind)
        question = assessment.question
        # Schools are looked up once: for a kind about schools, for a question of fact that a
        # profile field answers (a comparison when it names two schools: 'Hoe groot zijn de
        # klassen op Het Getij en op De Windvang?'), or for the support route of a school.
        school_route = kind == QuestionKind.ROUTE and asks_route(question)
        named = (
            self.schools(question, filters)
            if kind in SCHOOL_KINDS or fact_field(question) or school_route
            else []
        )
        if kind not in SCHOOL_KINDS and len(named) >= 2:
            kind = QuestionKind.COMPARISON
        schools = named if kind in SCHOOL_KINDS else []
        needs = needs_in(question)
        sources = Sources(assessment.passages)
        if kind == QuestionKind.SUITABILITY and len(schools) == 1 and needs:
            lines, more, verdict = needs_lines(schools, needs, question, sources)
            return self._answer(assessment, kind, "\n".join(lines), more, sources, verdict)
        if kind == QuestionKind.OVERVIEW and len(schools) == 1:
            lead, lines = overview_lines(schools[0], sources)
            return self._answer(assessment, kind, lead, lines, sources)
        if kind in (QuestionKind.COMPARISON, QuestionKind.SUITABILITY) and len(schools) >= 2:
            return self._compare_schools(assessment, schools, needs, sources, k)
        if kind == QuestionKind.COMPARISON:
            entities = self.answerer.retriever.entities.compared(question)
            if len(entities) >= 2:
                return self._compare_entities(assessment, entities, sources, k)
        if school_route and len(named) == 1 and (lines := route_lines(named[0].passages, sources)):
            lead = (
                f"Zo gaat het op {named[0].name} als een kind meer nodig heeft, volgens het "
                "schoolondersteuningsprofiel:"
            )
            return self._answer(assessment, kind, lead, lines, sources)
        if kind not in SCHOOL_KINDS and (
            answer := self._from_profile(assessment, kind, sources, filters)
        ):
            return answer
        return self._fact(assessment, kind, sources)

    def _from_profile(
        self,
        assessment: Assessment,
        kind: QuestionKind,
        sources: Sources,
        filters: Filters | None = None,
    ) -> Answer | None:
        """A question of fact about one school that a field of its profile answers ('hoe groot
        zijn de klassen op De Poort?'): the field's statements are the first line."""
        field = fact_field(assessment.question)
        if assessment.evidence.missing >= UNKNOWN_WORDS:
            return None  # it asks for something the documents never name ('zwembad')
        schools = self.schools(assessment.question, filters) if field else []
        if len(schools) != 1 or schools[0].profile is None:
            return None
        school = schools[0]
        assert school.profile is not None
        value = school.profile.values[field]
        if not value.mentioned or not gives(kind, assessment.question, value.text):
            return None  # silent, or not what is asked ('welk telefoonnummer': e-mail only)
        lead = value_text(school.profile, field, school, sources)
        answer = ""
        if kind == QuestionKind.YES_NO:
            answer = yes_or_no(assessment.question, value.text, self.answerer)
        if answer:
            lead = f"{answer} {lead}"
        lines: list[str] = []
        if self.answerer.answers(assessment):
            excerpts = self.answerer.excerpts(assessment, QUOTE_WORDS)
            lines, citations = quote_excerpts(assessment.passages, excerpts)
            sources.citations.extend(c for c in citations if c not in sources.citations)
        return self._answer(assessment, kind, lead, lines, sources)

    def _fact(self, assessment: Assessment, kind: QuestionKind, sources: Sources) -> Answer:
        """A question of fact: declined on weak evidence; else the best sentence that gives
        what is asked first, then the quotes."""
        if not self.answerer.answers(assessment):
            return self._finish(self.answerer.decline(assessment), kind)
        fact_kind = QuestionKind.OTHER if kind in SCHOOL_KINDS else kind
        lead = fact_lead(fact_kind, assessment, self.answerer, sources)
        if not lead:  # nothing gives what the question asks for (a date, a number, a person)
            return self._finish(self.answerer.decline(assessment), kind)
        excerpts = _without(
            self.answerer.excerpts(assessment, QUOTE_WORDS_BY_KIND.get(kind, QUOTE_WORDS)),
            assessment.passages,
            sources,
        )
        lines, citations = quote_excerpts(assessment.passages, excerpts)
        for citation in citations:
            if citation not in sources.citations:
                sources.citations.append(citation)
        return self._answer(assessment, kind, lead, lines, sources)

    def _compare_schools(
        self,
        assessment: Assessment,
        schools: Sequence[School],
        needs: Sequence,
        sources: Sources,
        k: int,
    ) -> Answer:
        """Two or more schools: the asked profile field or need for each, cited; otherwise
        each school's best sentence for the question."""
        question = assessment.question
        field = asked_field(question)
        entities = {
            e.name: e for e in self.answerer.retriever.entities.named_in(question)
            if any(e.name == s.name for s in schools)
        }  # fmt: skip
        if field:
            named = list(entities.values())
            lines = []
            for school in schools:
                if school.profile is None:
                    continue
                text = value_text(school.profile, field, school, sources)
                own = entities.get(school.name)
                if not school.profile.values[field].mentioned and own is not None:
                    # The profile's reading missed it; the school's own documents may answer.
                    text = self._own_lead(assessment, own, named, sources, k, strict=True) or text
                lines.append(f"- {school.name}: {text}")
            lead = f"{FIELD_LABELS[field]}:\n" + "\n".join(lines)
            return self._answer(assessment, QuestionKind.COMPARISON, lead, [], sources)
        if needs:
            lines, _, _ = needs_lines(schools, needs, question, sources)
            return self._answer(assessment, QuestionKind.COMPARISON, "\n".join(lines), [], sources)
        return self._compare_entities(assessment, list(entities.values()), sources, k)

    def _compare_entities(
        self, assessment: Assessment, entities: Sequence[Entity], sources: Sources, k: int
    ) -> Answer:
        """Per named school or SWV, the best sentence of its own documents for the question."""
        lines = [
            f"- {e.name}: {self._own_lead(assessment, e, entities, sources, k) or 'niet vermeld'}"
            for e in entities
        ]
        return self._answer(assessment, QuestionKind.COMPARISON, "\n".join(lines), [], sources)

    def _own_lead(
        self,
        assessment: Assessment,
        entity: Entity,
        named: Sequence[Entity],
        sources: Sources,
        k: int,
        strict: bool = False,
    ) -> str:
        """The best sentence of one school's or SWV's own documents for the question ('' when
        none gives what is asked); `named` are all the schools and SWVs the question names.
        `strict`: only when the decision would answer the question from those documents."""
        kind = self.kinds.kind(_without_names(assessment.question, named))
        filters = Filters(documents=tuple(sorted(entity.doc_ids)), named_schools=False)
        own = self.answerer.assess(assessment.question, k, filters)
        if not own.passages or (strict and not self.answerer.answers(own)):
            return ""
        return fact_lead(kind, own, self.answerer, sources)

    def _answer(
        self,
        assessment: Assessment,
        kind: QuestionKind,
        lead: str,
        lines: Sequence[str],
        sources: Sources,
        verdict: str = "",
    ) -> Answer:
        body = [line for line in lines if line.strip() and line.strip(" -") not in lead]
        passages = self._scored(assessment, sources.passages)
        text = "\n\n".join(part for part in (lead, "\n".join(body)) if part)
        citations: tuple[Citation, ...] = tuple(
            sorted(dict.fromkeys(sources.citations), key=lambda c: c.n)
        )
        return Answer(
            assessment.question,
            text,
            True,
            citations,
            passages,
            self.answerer.confidence(assessment),
            kind=str(kind),
            verdict=verdict,
            lead=lead,
        )

    def _scored(self, assessment: Assessment, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        """The answer's passages: the search's top k, best first, then those further down a
        school's SOP that the answer quotes. These ranked below the k-th, so they carry its
        score at most: the list stays best first."""
        top = len(assessment.passages)
        floor = min((p.score for p in passages[:top]), default=0.0)
        extra = [replace(p, score=min(p.score, floor)) for p in passages[top:]]
        return (*passages[:top], *extra)

    def _finish(self, answer: Answer, kind: QuestionKind) -> Answer:
        return replace(answer, kind=str(kind))


def _without(excerpts: Excerpts, passages: Sequence[Passage], sources: Sources) -> Excerpts:
    """The excerpts without the sentences the first line already quotes (in whatever
    passage they stand: documents can share a sentence)."""
    quoted = " ".join(folded(c.text) for c in sources.citations)
    return {
        n: kept
        for n, spans in excerpts.items()
        if (kept := [s for s in spans if folded(passages[n - 1].text[slice(*s)]) not in quoted])
    }


def _year(document: DocumentInfo) -> int:
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", document.period)]
    return max(years, default=0)


def _without_names(question: str, entities: Sequence[Entity]) -> str:
    """The question with the names of the compared schools left out (to tell what it asks)."""
    text = f" {fold(question)} "
    for entity in entities:
        for alias in entity.patterns:
            text = text.replace(f" {alias} ", " ")
    return text.strip()
