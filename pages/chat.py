"""The chat: ask in Dutch; the answer's first line comes first, then its sources."""

from __future__ import annotations

import time

import streamlit as st

from steunwijzer.errors import SteunwijzerError
from steunwijzer.feedback import Feedback, record
from steunwijzer.generation.generate import AnswerStream
from steunwijzer.llm.backends import mode
from steunwijzer.llm.prompts import AUDIENCES
from steunwijzer.retrieval.retrieve import Filters
from steunwijzer.types import Answer, Turn
from ui.answer import show_answer
from ui.plain import plain
from ui.scroll import keep_in_view
from ui.sources import KIND_NAMES, markdown_text
from ui.state import AUDIENCE_NAMES, Exchange, assistant, conversation, wait_until_loaded

EXAMPLES = {
    "ouder": [
        "Welke ondersteuning biedt {school}?",
        "Heeft {school} een lift?",
        "Kan een kind met autisme op {school} terecht?",
    ],
    "mentor": [
        "Wat is de ondersteuningsroute als de basisondersteuning niet genoeg is?",
        "Wie zit er in het ondersteuningsteam en hoe vaak komt het bij elkaar?",
        "Wat is een OPP en wanneer maak je het?",
    ],
    "swv": [
        "Wat hoort bij de basisondersteuning?",
        "Hoe vraagt een school een toelaatbaarheidsverklaring aan?",
        "Wat zijn de grenzen aan de ondersteuning op {school}?",
    ],
}

core = assistant()
documents = {d.doc_id: d for d in core.documents()}
schools = sorted({s for d in documents.values() for s in d.schools})

with st.sidebar:
    audience = st.radio(
        "Ik ben",
        list(AUDIENCES),
        format_func=AUDIENCE_NAMES.get,
        key="audience",
        help="Ouders krijgen korte zinnen in gewone taal; medewerkers een precies antwoord.",
    )
    st.subheader("Zoeken in")
    chosen_schools = st.multiselect("School", schools, key="f_school", placeholder="Alle scholen")
    kinds = sorted({d.kind for d in documents.values()})
    chosen_kinds = st.multiselect(
        "Soort document",
        kinds,
        format_func=lambda k: KIND_NAMES.get(k, k),
        key="f_kind",
        placeholder="Alle soorten",
    )
    swvs = sorted({d.swv for d in documents.values() if d.swv})
    chosen_swvs = st.multiselect(
        "Samenwerkingsverband", swvs, key="f_swv", placeholder="Alle samenwerkingsverbanden"
    )
    if st.button("Nieuw gesprek", icon=":material/add_comment:", width="stretch"):
        st.session_state.conversation = []
        st.rerun()
    st.caption(markdown_text(mode(core.settings)))

st.title("Steunwijzer")
st.caption(
    "Vraag wat scholen aan extra ondersteuning bieden. Elk antwoord noemt de documenten en "
    "pagina's waar het staat."
)
if not documents:
    st.info("Er zijn nog geen documenten. Voeg ze toe op de pagina **Documenten**.")
    st.stop()


def ask(question: str, named_schools: bool = True) -> None:
    """Show the question and the composed answer at once; while a language model writes a
    short answer, a progress line and a stop button (the composed answer stands either way)."""
    filters = Filters(
        schools=tuple(chosen_schools),
        kinds=tuple(chosen_kinds),
        swvs=tuple(chosen_swvs),
        named_schools=named_schools,
    )
    history = [Turn(e.answer.standalone or e.question, e.answer.text) for e in conversation()]
    # A click elsewhere while the answer is written reruns the page: it is then asked again.
    st.session_state.pending = (question, named_schools)
    with st.chat_message("user"):
        st.markdown(markdown_text(question))
    with st.chat_message("assistant"):
        try:
            wait_until_loaded()
            # Search and quotes run for every session at once; only the language model serves
            # one answer at a time (the waiting is shown).
            stream = core.stream(question, audience=audience, history=history, filters=filters)
            st.session_state.drafted = stream.quoted  # what stop keeps
            answer = write(stream) if stream.writing else stream.answer
            named = core.named_schools(answer.standalone or question) if named_schools else []
        except SteunwijzerError as exc:
            del st.session_state.pending
            st.error(markdown_text(str(exc)))
            return
    remember(
        Exchange(
            question,
            answer,
            audience,
            named_schools=named,
            filters_off=not named_schools,
            filtered=filters != Filters(named_schools=named_schools),
        )
    )


def write(stream: AnswerStream) -> Answer:
    """The composed answer at once, then the model's tokens counted with the seconds, and a
    stop button that keeps the composed answer."""
    found = st.container()
    with found:
        show_answer(stream.quoted, documents, key="quoted", audience=audience)
    progress = st.empty()
    if core.backend is not None and core.backend.busy:
        progress.caption(
            "Het taalmodel schrijft eerst een antwoord voor iemand anders; uw korte "
            "antwoord volgt daarna. Het antwoord hierboven staat er al."
        )
    st.button("Stoppen met schrijven", key="stop-writing", icon=":material/stop_circle:")
    started, tokens = time.monotonic(), 0
    try:
        for _ in stream:
            tokens += 1
            seconds = time.monotonic() - started
            progress.caption(
                f"Het taalmodel schrijft een kort antwoord in gewone taal: {tokens} tokens "
                f"(woorddelen), {seconds:.0f} s. Stoppen kan; het antwoord hierboven blijft."
            )
    finally:
        stream.close()  # a click reruns the page mid-stream: the model is freed at once
    found.empty()
    progress.empty()
    return stream.answer


def remember(exchange: Exchange) -> None:
    """Add the answer to the conversation and show it from its question down."""
    conversation().append(exchange)
    st.session_state.pop("pending", None)
    st.session_state.pop("drafted", None)
    st.session_state.scroll_to = len(conversation()) - 1
    st.rerun()


def stopped() -> None:
    """Stop was pressed while the model wrote: the composed answer is kept as the answer."""
    question, named_schools = st.session_state.pending
    drafted = st.session_state.drafted
    remember(Exchange(question, drafted, audience, filters_off=not named_schools, stopped=True))


def show(index: int, exchange: Exchange) -> None:
    with st.container(key=f"exchange-{index}"), st.chat_message("user"):
        st.markdown(markdown_text(exchange.question))
    with st.chat_message("assistant"):
        answer = exchange.answer
        if read_as := answer.search or answer.standalone:
            st.caption(markdown_text(f"Gelezen als: {read_as}"))
        if exchange.named_schools:
            st.caption("Gezocht in de documenten van:")
            for school in exchange.named_schools:
                if st.button(
                    f"{plain(school)} ✕",
                    key=f"unfilter-{index}-{school}",
                    help="Filter weghalen en in alle documenten zoeken",
                ):
                    st.session_state.retry = exchange.question
                    st.rerun()
        elif exchange.filters_off:
            st.caption("Gezocht in alle documenten (schoolfilter weggehaald).")
        show_answer(answer, documents, key=f"a{index}", audience=audience)
        if exchange.stopped:
            st.caption("Het taalmodel is gestopt; dit is het antwoord uit de documenten.")
        if exchange.filtered and not answer.answered:
            st.caption(
                "Er is alleen gezocht binnen de filters links; zet ze uit om overal te zoeken."
            )
        rate(index, exchange)


def rate(index: int, exchange: Exchange) -> None:
    """Thumbs up or down, with an optional comment, kept locally for the eval set."""
    if exchange.rated:
        st.caption("Bedankt voor uw beoordeling.")
        return
    thumbs = st.feedback("thumbs", key=f"thumbs-{index}")
    if thumbs is None:
        return
    comment = st.text_input("Toelichting (mag leeg blijven)", key=f"comment-{index}")
    if st.button("Beoordeling versturen", key=f"send-{index}"):
        feedback = Feedback.on(exchange.answer, thumbs == 1, comment, exchange.audience)
        record(core.settings.feedback_file, feedback)
        exchange.rated = True
        st.rerun()


for index, exchange in enumerate(conversation()):
    show(index, exchange)

if not conversation():
    st.markdown("**Voorbeeldvragen**")
    example_school = schools[0] if schools else "de school"
    for n, example in enumerate(EXAMPLES[audience]):
        text = example.format(school=example_school)
        if st.button(plain(text), key=f"example-{n}"):
            st.session_state.asked = text
            st.rerun()

if (index := st.session_state.pop("scroll_to", None)) is not None:
    keep_in_view(f"exchange-{index}")

question = st.chat_input("Stel een vraag over ondersteuning op school")
if st.session_state.get("stop-writing") and "drafted" in st.session_state:
    stopped()
elif pending := st.session_state.get("pending"):
    ask(*pending)
elif retry := st.session_state.pop("retry", None):
    ask(retry, named_schools=False)
elif asked := st.session_state.pop("asked", None):
    ask(asked)
elif question:
    ask(question)
