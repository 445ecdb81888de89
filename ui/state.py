"""What lives once per process (the assistant with its models and store) and once per browser
session (the conversation, the audience, the filters)."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.types import Answer

AUDIENCE_NAMES = {
    "ouder": "Ouder",
    "mentor": "Mentor of zorgcoördinator",
    "swv": "SWV-medewerker",
}
CRASHED = (
    "Er ging iets mis in Steunwijzer. Probeer het opnieuw; blijft het misgaan, meld het dan "
    "aan de beheerder (de details staan in het logboek van de app)."
)


@dataclass
class Exchange:
    """One question in the chat and what it got."""

    question: str
    answer: Answer
    audience: str
    named_schools: list[str] = field(default_factory=list)  # the search kept to these
    filters_off: bool = False  # asked again without keeping to the named schools
    filtered: bool = False  # the sidebar filters limited the search
    rated: bool = False


def assistant() -> Assistant:
    """The one assistant of this process, with its embedder, store and language model loaded."""
    return _assistant_for(Settings.from_env())


@st.cache_resource(show_spinner="Steunwijzer wordt gestart…")
def _assistant_for(settings: Settings) -> Assistant:
    shared = Assistant(settings)
    shared.pipeline  # noqa: B018 - load the models now, not at the first question
    return shared


def conversation() -> list[Exchange]:
    return st.session_state.setdefault("conversation", [])
