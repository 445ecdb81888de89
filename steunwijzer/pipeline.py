"""The one question pipeline that the Assistant, the CLI, the app and every eval run:

question (+ history) -> standalone question -> Dutch search text -> kind of question ->
evidence -> composed answer (a first line that answers, then the quotes) or decline -> (a
language model's checked answer, when one is configured).

A "welke scholen hebben ..." question is answered school by school; every other question from
the passages, composed by its kind (`composing`). Evals call the steps one by one (to time
them, or to score the evidence) or switch steps off with `Steps`; nothing else rebuilds the
flow."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from steunwijzer.answering.decision import Answerer, Assessment, check_question
from steunwijzer.answering.excerpts import QUOTE_WORDS
from steunwijzer.composing.compose import SCHOOL_KINDS, Composer
from steunwijzer.composing.kinds import QuestionKind
from steunwijzer.generation.generate import AnswerStream, Generator
from steunwijzer.language.text import question_language
from steunwijzer.profiles.needs import needs_in
from steunwijzer.profiles.schools_for import schools_for_need
from steunwijzer.profiles.schools_with import (
    FOR_A_NEED,
    Mention,
    mentions_answer,
    schools_with,
    swv_mentions,
    which_schools,
)
from steunwijzer.retrieval.followup import FollowUps
from steunwijzer.retrieval.retrieve import Filters
from steunwijzer.retrieval.translate import Translator
from steunwijzer.types import Answer, DocumentInfo, Turn


@dataclass(frozen=True)
class Steps:
    """Which steps run; the evals switch them off one at a time."""

    follow_ups: bool = True  # rewrite a follow-up into a standalone question
    which_schools: bool = True  # answer 'welke scholen hebben ...' school by school
    generate: bool = True  # let the language model write (when one is loaded)


@dataclass(frozen=True)
class Prepared:
    """A question ready for the search."""

    question: str  # as asked
    asked: str  # standing on its own (a follow-up rewritten), in the language it was asked in
    search: str  # in Dutch, as the search reads it


class QuestionPipeline:
    """Answers one question at a time over the current index."""

    def __init__(
        self,
        answerer: Answerer,
        follow_ups: FollowUps,
        translator: Translator,
        documents: Callable[[], list[DocumentInfo]],
        composer: Composer,
        generator: Generator | None = None,
        steps: Steps | None = None,
    ) -> None:
        self.answerer = answerer
        self.composer = composer
        self.follow_ups = follow_ups
        self.translator = translator
        self.documents = documents
        self.generator = generator  # None: quoted answers only
        self.steps = steps or Steps()

    def prepare(self, question: str, history: Sequence[Turn] = ()) -> Prepared:
        """The question standing on its own and in Dutch. QuestionError for an empty or too
        long question, before any model reads it."""
        question = check_question(question, self.answerer.max_chars)
        asked = self.follow_ups.standalone(question, history) if self.steps.follow_ups else question
        return Prepared(question, asked, self.translator.to_dutch(asked))

    def assess(self, prepared: Prepared, k: int, filters: Filters | None = None) -> Assessment:
        """The evidence the passages hold for the question."""
        return self.answerer.assess(prepared.search, k, filters, asked=prepared.asked)

    def kind(self, prepared: Prepared) -> QuestionKind:
        rewritten = prepared.asked != prepared.question
        dutch = question_language(prepared.question) == "nl"
        own = prepared.question if rewritten and dutch else ""  # a Dutch follow-up's own words
        return self.composer.kind(prepared.search, own)

    def compose(
        self,
        prepared: Prepared,
        assessment: Assessment,
        kind: QuestionKind,
        k: int,
        filters: Filters | None = None,
    ) -> Answer:
        """The answer composed by the kind of question (or the decline)."""
        return self._as_asked(prepared, self.composer.compose(assessment, kind, k, filters))

    def quoted(self, prepared: Prepared, assessment: Assessment) -> Answer:
        """The answer as plain quotes of the best excerpts, whatever the kind of question
        (what answers were before they were composed; the evals compare the two)."""
        return self._as_asked(prepared, self.answerer.decide(assessment, QUOTE_WORDS))

    def _as_asked(self, prepared: Prepared, answer: Answer) -> Answer:
        return replace(
            answer,
            question=prepared.question,
            standalone=prepared.asked if prepared.asked != prepared.question else "",
            search=prepared.search if prepared.search != prepared.asked else "",
        )

    def school_by_school(self, prepared: Prepared) -> Answer | None:
        """The answer to 'Welke scholen hebben een lift?' (a Dutch question), or None for any
        other question."""
        if not self.steps.which_schools or question_language(prepared.asked) != "nl":
            return None
        thing = which_schools(prepared.search)
        if not thing:
            return None
        entities = self.answerer.retriever.entities
        if len(entities.compared(prepared.search)) >= 2:
            return None  # 'Welke school heeft een lift, De Zandloper of De Wegwijzer?' compares
        documents = self.documents()
        # 'Welke scholen in SWV Lindewaard hebben ...': the schools of the SWV it names.
        named = entities.focus(prepared.search)
        if named:
            documents = [d for d in documents if d.doc_id in named]
        # 'iets voor kinderen met dyslexie': the schools whose SOP offers support for the need.
        asked = needs_in(thing)
        if len(asked) == 1 and FOR_A_NEED.search(thing):
            found = schools_for_need(asked[0], documents, self.answerer.retriever.passages)
            answer = mentions_answer(prepared.question, thing, found, asked[0])
            return replace(answer, kind=str(QuestionKind.WHICH_SCHOOLS))
        # 'een plusklas of plusgroep': a school that has either, once.
        mentions: list[Mention] = []
        things = re.split(r"\s+of\s+", thing)
        for one in things:
            known = {m.school for m in mentions}
            found = schools_with(one, documents, self.answerer)
            mentions.extend(m for m in found if m.school not in known)
        # Schools the SWV's own overview names for it (some have no SOP in the index).
        for one in things if named else []:
            quoted = [m.school for m in mentions]
            mentions.extend(swv_mentions(one, documents, self.answerer, quoted))
        answer = mentions_answer(prepared.question, thing, mentions)
        return replace(answer, kind=str(QuestionKind.WHICH_SCHOOLS))

    def stream(
        self,
        question: str,
        k: int,
        audience: str = "ouder",
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
    ) -> AnswerStream:
        """The composed answer at once (or the decline), then the model's tokens when one
        writes."""
        prepared = self.prepare(question, history)
        if (answer := self.school_by_school(prepared)) is not None:
            return AnswerStream.of(answer)
        kind = self.kind(prepared)
        assessment = self.assess(prepared, k, filters)
        composed = self.compose(prepared, assessment, kind, k, filters)
        generator = self.generator if self.steps.generate else None
        if generator is None or not composed.answered or kind in SCHOOL_KINDS:
            return AnswerStream.of(composed)
        return generator.stream(assessment, composed, audience)
