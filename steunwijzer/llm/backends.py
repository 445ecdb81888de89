"""The language model behind generated answers: the bundled GGUF run by llama.cpp on the CPU by
default, or any LangChain chat model chosen with STEUNWIJZER_LLM."""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.language_models import BaseChatModel

from steunwijzer.config import Settings
from steunwijzer.errors import ConfigError, ModelError
from steunwijzer.llm import bundled as model
from steunwijzer.llm.prompts import read_file
from steunwijzer.llm.serial import OneAtATime

MAX_ANSWER_TOKENS = 256
CONTEXT_TOKENS = 4096
QUOTES_ONLY = (
    "Modus: letterlijke citaten uit de documenten, zonder taalmodel. Voor een kort antwoord "
    "in gewone zinnen: 'make model' en STEUNWIJZER_LLM=local (of ollama:<model>, "
    "openai:<model>)."
)
CHOICES = "'local', 'ollama:<model>', 'openai:<model>' of 'none'"


@dataclass(frozen=True)
class ChatBackend:
    """A chat model and the name it is reported by (e.g. 'local:qwen2.5-...gguf')."""

    name: str
    model: BaseChatModel
    # Extra arguments when writing an answer (for llama.cpp: a grammar that makes every
    # sentence end with its citation).
    answer_options: dict[str, Any] = field(default_factory=dict)

    @property
    def busy(self) -> bool:
        """Whether the model is serving another request (this one would wait)."""
        return bool(getattr(self.model, "busy", False))


def reply_line(reply: str, label: re.Pattern[str] | None = None) -> str:
    """The first line of a model's reply, without a leading `label` ('Vraag:') and without
    the quotes around it: what a rewrite or a translation asked for one question gives."""
    lines = reply.strip().splitlines()
    if not lines:
        return ""
    line = label.sub("", lines[0]) if label else lines[0]
    return line.strip().strip("\"'“”").strip()


def choice(settings: Settings) -> str:
    """The backend STEUNWIJZER_LLM names: 'none' (quoted answers) unless one is chosen."""
    return settings.llm or "none"


def mode(settings: Settings) -> str:
    """How answers are made, in one Dutch line for people (the app and the CLI show it)."""
    spec = choice(settings)
    if spec == "none":
        return QUOTES_ONLY
    if spec == "local":
        path = settings.model_file or model.model_path(settings.models)
        return f"Modus: citaten met een kort antwoord van het lokale taalmodel ({path.name})."
    return f"Modus: citaten met een kort antwoord van het taalmodel {spec}."


def load_chat_model(settings: Settings) -> ChatBackend | None:
    """The configured chat model, or None for extractive answers only."""
    spec = choice(settings)
    kind, _, name = spec.partition(":")
    if spec == "none":
        return None
    if spec == "local":
        backend = _local(settings)
    elif kind == "ollama" and name:
        backend = _ollama(settings, name)
    elif kind == "openai" and name:
        backend = _openai(settings, name)
    else:
        backend = None
    if backend is not None:  # one request at a time; the sessions wait their turn
        return replace(backend, model=OneAtATime(inner=backend.model))
    raise ConfigError(f"Onbekend taalmodel STEUNWIJZER_LLM={spec!r}: kies {CHOICES}.")


def _local(settings: Settings) -> ChatBackend:
    path = settings.model_file or model.model_path(settings.models)
    if not path.is_file():
        raise ModelError(
            f"Het lokale taalmodel staat niet in {path}. Installeer het met "
            "'steunwijzer model install', of kies een GGUF-bestand met STEUNWIJZER_MODEL."
        )
    if importlib.util.find_spec("llama_cpp") is None:  # an optional extra
        raise ModelError(
            "llama-cpp-python is niet geïnstalleerd: 'make model', of "
            "pip install 'steunwijzer[local-llm]'."
        )
    from langchain_community.chat_models import ChatLlamaCpp

    try:
        chat = ChatLlamaCpp(
            model_path=str(path),
            n_ctx=CONTEXT_TOKENS,
            n_threads=settings.llm_threads or os.cpu_count() or 1,
            n_batch=512,
            temperature=0.0,
            max_tokens=MAX_ANSWER_TOKENS,
            seed=0,
            verbose=False,
        )
    except (ValueError, RuntimeError) as exc:  # llama.cpp rejects a file that is no GGUF
        raise ModelError(f"Het taalmodel {path} kan niet worden geladen ({exc}).") from exc
    from llama_cpp import LlamaGrammar

    grammar = LlamaGrammar.from_string(read_file("cited_sentences.gbnf"), verbose=False)
    return ChatBackend(f"local:{path.name}", chat, {"grammar": grammar})


def _openai(settings: Settings, name: str) -> ChatBackend:
    """Any OpenAI-compatible server: OpenAI, Azure OpenAI, vLLM, a llama.cpp server."""
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise ConfigError("langchain-openai is niet geïnstalleerd: pip install -e .") from exc
    chat = ChatOpenAI(
        model=name,
        base_url=settings.openai_base_url or None,
        api_key=settings.openai_api_key or "niet-nodig",  # type: ignore[arg-type]
        temperature=0.0,
        max_completion_tokens=MAX_ANSWER_TOKENS,
        timeout=120,
        max_retries=1,
    )
    return ChatBackend(f"openai:{name}", chat)


def _ollama(settings: Settings, name: str) -> ChatBackend:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigError("langchain-ollama is niet geïnstalleerd: pip install -e .") from exc
    chat = ChatOllama(
        model=name,
        base_url=settings.ollama_base_url or None,
        temperature=0.0,
        num_predict=MAX_ANSWER_TOKENS,
    )
    return ChatBackend(f"ollama:{name}", chat)
