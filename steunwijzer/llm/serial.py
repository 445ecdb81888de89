"""One request at a time to the language model: llama.cpp holds one context and the CPU has
two cores, so answers for several browser sessions are written one after the other, while
everything before the model (search, quotes, profiles) runs for all sessions at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr


class OneAtATime(BaseChatModel):
    """A chat model that serves one request (a reply, or a whole stream) at a time; the others
    wait. `busy` tells whether one is being served, so that a waiting user can be told."""

    inner: BaseChatModel
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return f"one-at-a-time:{self.inner._llm_type}"

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            return self.inner._generate(messages, stop=stop, run_manager=run_manager, **kwargs)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        # Held until the stream ends or is dropped (closing the generator releases it).
        with self._lock:
            yield from self.inner._stream(messages, stop=stop, run_manager=run_manager, **kwargs)
