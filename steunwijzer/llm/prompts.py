"""The prompt templates of prompts/ (installed as `steunwijzer.prompts`), one file each, as
LangChain ChatPromptTemplates."""

from __future__ import annotations

from functools import cache
from importlib import resources

from langchain_core.prompts import ChatPromptTemplate

AUDIENCES = ("ouder", "mentor", "swv")
# Parents get plain B1 Dutch; mentors, support coordinators and SWV staff get precise answers.
# The rules and these instructions form the system message, the same for every question of an
# audience: llama.cpp reads it once and keeps it; only the passages and the question are read
# anew (at about 20 tokens a second on this project's 2-core machine).
ANSWER_PROMPT = {
    "ouder": "answer_parent",
    "mentor": "answer_professional",
    "swv": "answer_professional",
}


@cache
def read_file(name: str) -> str:
    return resources.files("steunwijzer.prompts").joinpath(name).read_text(encoding="utf-8")


def read(name: str) -> str:
    """A prompt template's text, by name without '.md'."""
    return read_file(f"{name}.md").strip()


def answer_prompt(audience: str) -> ChatPromptTemplate:
    """System rules and the instructions for this audience (ouder, mentor, swv), then the
    passages and the question."""
    system = f"{read('system')}\n\n{read(ANSWER_PROMPT[audience])}"
    return ChatPromptTemplate.from_messages([("system", system), ("human", read("question"))])


def rewrite_prompt() -> ChatPromptTemplate:
    """Turns a follow-up question into one that stands on its own."""
    return ChatPromptTemplate.from_messages([("human", read("rewrite"))])


def translate_prompt() -> ChatPromptTemplate:
    """Puts a question in another language into Dutch, for the search."""
    return ChatPromptTemplate.from_messages([("human", read("translate"))])
