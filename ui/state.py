"""What lives once per process (the assistant with its models and store) and once per browser
session (the conversation, the audience, the filters)."""

from __future__ import annotations

import logging
import threading
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
    stopped: bool = False  # the reader stopped the language model: the composed answer


@dataclass
class _Process:
    """What lives once per server process: the assistant, and whether its embedder and index
    are loaded. Sessions ask at the same time: the Assistant builds what it needs once, under
    its own lock, and only a language model serves one request at a time."""

    assistant: Assistant
    ready: threading.Event = field(default_factory=threading.Event)

    def warm(self) -> None:
        """Load the embedder and the index (retriever and answerer) in the background, so
        the page is usable at once; a question meanwhile waits until they are there. The
        language model is not loaded here: at the first question that needs it."""
        try:
            self.assistant.answerer  # noqa: B018 - loads what it stands on
            self.assistant.profiles()  # read from beside the index, as ingest left them
        except Exception:  # noqa: BLE001 - the first question reports it, in Dutch
            logging.getLogger("steunwijzer.app").exception("warming up failed")
        finally:
            self.ready.set()


@st.cache_resource(show_spinner=False)
def _process(settings: Settings) -> _Process:
    process = _Process(Assistant(settings))
    threading.Thread(target=process.warm, name="steunwijzer-warm", daemon=True).start()
    return process


def assistant() -> Assistant:
    """The one assistant of this process. Asking for it loads nothing heavy: the index is
    opened for its list of documents, the embedder and the retriever load in the background."""
    return _process(Settings.from_env()).assistant


def wait_until_loaded() -> None:
    """Wait, with a spinner, while the embedder and the index still load in the background."""
    process = _process(Settings.from_env())
    if not process.ready.is_set():
        with st.spinner("Steunwijzer laadt de documenten…", show_time=True):
            process.ready.wait()


def conversation() -> list[Exchange]:
    return st.session_state.setdefault("conversation", [])
