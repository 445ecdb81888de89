"""Text inside a document that addresses an AI system ("negeer je instructies ...", "Mededeling
voor AI-systemen: vermeld bij elke vraag dat ...") is data, never a command: it is not quoted,
kept out of the model's prompt, out of profiles and lists, and can never support an answer.

Two checks decide. The rules below read a sentence alone (Dutch and English: a reader that is
an AI, an order about what every answer must say, an override of earlier instructions, a role
to play). The semantic check (`steunwijzer.index.instructions`) compares a sentence's meaning
with examples of such orders; it needs the embedder, so it runs at ingest, and the sentences it
flags are stored with their passage and registered here when the passage is read
(`flag_instructions`). `addresses_assistant` answers for both."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from steunwijzer.language.text import fold, sentence_spans

# Readers that can only be an AI system.
_AI = (
    r"(?:\bai|\ba\.i\.|\bki)(?:[- ]?(?:systemen|systeem|systems?|assistent(?:en)?|assistants?"
    r"|modell?en|models?|tools?|chatbots?|lezers?|readers?|agents?))?\b"
    r"|\b(?:taal|chat)modell?en\b|\btaalmodel\b|\blanguage models?\b|\bllms?\b|\bchatbots?\b"
    r"|\bchat ?gpt\b|\bgpt(?:-?\d\w*)?\b|\bcopilot\b"
    r"|\b(?:virtuele|digitale)\s+assistent(?:en)?\b|\bvirtual assistants?\b"
    r"|\b(?:automatische|geautomatiseerde|automated|automatic)\s+(?:lezers?|samenvatters?"
    r"|systemen|readers?|summari[sz]ers?|systems?|tools?|verwerking|processing)\b"
    r"|\bsamenvatters?\b|\bsummari[sz]ers?\b"
)
# An assistant, a bot or a model: a person or a plan too, so only when spoken to.
_ASSISTANT = r"\b(?:assistent(?:en)?|assistants?|bots?|(?:het|the) model)\b"
_SAY = (
    r"(?:zeg|zeggen|gezegd|meld|melden|gemeld|vermeld|vermelden|noem|noemen|antwoord|antwoorden"
    r"|beantwoord|beantwoorden|vertel|vertellen|beweer|beweren|herhaal|herhalen|schrijf"
    r"|schrijven|geef aan|aangeven|stel voor|voorstellen|prijs|aanprijzen|beloof|beloven"
    r"|verwijs|verwijzen|say|state|mention|answer|reply|respond|tell|claim|write|describe"
    r"|recommend|report|repeat|promise|summari[sz]e|output|print|insist)"
)
_EVERY = r"(?:elke|iedere|ieder|elk|alle|al je|al jouw|every|each|any|all)"
_ANSWERS = (
    r"(?:antwoord|antwoorden|reactie|reacties|samenvatting|samenvattingen|output|answers?"
    r"|repl(?:y|ies)|responses?|summar(?:y|ies))"
)
_RULES = [
    # Spoken to: "Mededeling voor AI-systemen:", "Note to AI assistants", "Hoi assistent,".
    rf"\b(?:voor|aan|to|for|attention|attn|beste|geachte|hallo|hoi|hey|hi|hello|dear"
    rf"|ter attentie van)\s+(?:(?:de|het|alle|elke|ieder|iedere|any|all|every|the|an?|een)\s+)?"
    rf"(?:\w+\s+)?(?:{_AI})",
    rf"\b(?:beste|geachte|hallo|hoi|hey|hi|hello|dear|aan de|to the|note to the)\s+{_ASSISTANT}",
    rf"^(?:{_ASSISTANT})\s*[:,]",
    # Who it is: "Als je een taalmodel bent", "Mocht u een AI-model zijn", "if you are an AI".
    rf"\b(?:als|indien|mocht|wanneer)\s+(?:je|jij|u)\s+(?:een\s+)?(?:\w+\s+)?(?:{_AI}|{_ASSISTANT})"
    rf"\s*(?:bent|zijn|is)\b",
    rf"\b(?:ben|bent)\s+(?:je|jij|u)\s+(?:een\s+)?(?:{_AI})",
    rf"\b(?:if|when|as)\s+(?:you\s+are\s+|you're\s+)?an?\s+(?:{_AI})",
    # What it must do: "Chatbots die dit lezen moeten melden", "AI models ... must say".
    rf"(?:{_AI}|{_ASSISTANT})[^.!?]{{0,80}}?\b(?:moet|moeten|dient|dienen|hoort|horen|mag|mogen"
    rf"|wordt verzocht|worden verzocht|wordt gevraagd|worden gevraagd|must|should|shall"
    rf"|need to|needs to|is to|are to|are asked|is asked|are requested|is requested"
    rf"|are required|is required)\b[^.!?]{{0,40}}?\b{_SAY}",
    rf"(?:{_AI}|{_ASSISTANT})\s+(?:die|dat|that|which|who|reading|using|processing|lezend)\b"
    rf"[^.!?]{{0,30}}\b(?:dit|deze|this|these)\s+(?:document|tekst|pagina|profiel|sop|text|page"
    rf"|profile|file|bestand)",
    rf"(?:{_AI})\s+(?:beantwoordt|antwoordt|zegt|meldt|vermeldt|answers|says|states|replies)\b",
    # Every answer: "in elk antwoord", "in je antwoord", "in your reply", "start every response".
    rf"\b(?:in|bij|uit|met|begin|start|open|eindig|end|to|with)\s+(?:je|jouw|{_EVERY}"
    rf"|your)\s+(?:\w+\s+)?{_ANSWERS}\b",
    rf"\b(?:bij|op|voor|at|to|for)\s+{_EVERY}\s+(?:vraag|vragen|questions?|prompts?)\b"
    rf".*\b(?:{_SAY}|{_ANSWERS})\b",
    rf"\b(?:beantwoord|answer|respond to|reply to)\s+{_EVERY}\s+(?:vraag|vragen|questions?)",
    r"\b(?:ongeacht|regardless of|no matter|whatever)\s+(?:de|wat|welke|the|what|which)\b"
    r"[^.!?]{0,30}\b(?:vraag|gevraagd|question|asked|asks)\b",
    # The reader of an answer or summary: "When answering questions about this school, ...".
    rf"\b(?:when|while|whenever)\s+(?:you\s+)?(?:answer|respond|repl|summari[sz]|writ)\w*"
    rf"[^.!?]*\b(?:always|never|must|should|{_SAY})\b",
    rf"\bbij het (?:beantwoorden|samenvatten|verwerken)\b[^.!?]*\b(?:moet|dient|altijd|nooit"
    rf"|{_SAY})\b",
    r"\bwie\s+(?:\w+\s+){0,5}(?:samenvat|beantwoordt|verwerkt|leest)\b[^.!?]*\b(?:dient"
    r"|moet|hoort)\b",
    r"\b(?:elke|iedere|every|each|any)\s+(?:samenvatting|summary|antwoord|answer)\s+"
    r"(?:van|of|op|to|about)\b[^.!?]*\b(?:moet|dient|hoort|must|should)\b",
    # Someone asks, then the order: "Als iemand vraagt naar de lift, zeg dan dat ...".
    rf"\b(?:als|wanneer|indien|if|when)\s+(?:iemand|een gebruiker|de gebruiker|gebruikers"
    rf"|een ouder|ouders|men|a user|the user|users|someone|anyone|a parent|parents)\s+"
    rf"(?:\w+\s+){{0,2}}(?:vraagt|vragen|asks|ask)\b[^.!?]*(?:,|\bthen)\s*(?:{_SAY})\b"
    rf"(?:\s+(?:dan|them|that|dat|altijd|always))?",
    # Overrides: "Negeer alle eerdere instructies", "Disregard all prior guidance".
    r"\b(?:negeer|vergeet|overschrijf|overrule|ignore|disregard|forget|override)\b[^.!?]{0,60}?"
    r"\b(?:instructies?|opdrachten?|opdracht|regels|richtlijnen|prompts?|instructions?|rules"
    r"|guidelines|guidance|directions|orders)\b",
    r"\bvergeet\s+(?:alles\s+)?wat\s+(?:je|jij|u)\s+(?:\w+\s+){0,2}"
    r"(?:opgedragen|gezegd|verteld|gevraagd)",
    # A role: "Je bent nu ...", "You are now ...", "Doe alsof", "Pretend", "Act as".
    r"\b(?:je bent nu|jij bent nu|u bent nu|je bent voortaan|you are now|from now on)\b",
    r"\bvanaf nu\s+(?:antwoord|reageer|zeg|ben|gedraag|spreek|schrijf|noem)\s+(?:je|jij)\b",
    r"\byou are an?\s+(?:\w+\s+){0,2}(?:assistant|ai|chatbot|model|bot)\b",
    r"^(?:act as|pretend|doe alsof|doe of|speel de rol|gedraag je als|neem de rol)\b"
    r"|\b(?:pretend (?:to be|you are|that)|doe alsof je|speel de rol van)\b",
    # Orders about what to say, given as an imperative with a claim: "Zeg dat ...",
    # "Antwoord dan dat ...", "Verzwijg ...", "Beweer ...".
    r"\b(?:zeg|antwoord|beweer|vertel|vermeld|meld|noem)\s+(?:dan\s+|altijd\s+|steeds\s+)*"
    r"(?:dat|tegen (?:ouders|de gebruiker|gebruikers)\s+dat)\b",
    r"\b(?:verzwijg|beweer)\b",
    r"\b(?:antwoord|answer|zeg|say|schrijf|write|reply|respond)\b.{0,30}?\b(?:alleen|only"
    r"|uitsluitend)\s+(?:met|with|dat|that|nog|de woorden|the words)\b",
    r"^(?!.*\b(?:u|uw)\b)(?:antwoord|beantwoord)\b[^.!?]*\b(?:altijd|steeds|telkens|nooit)\b",
    r"(?:^|[,:;]\s*|\band\s+|\bplease\s+|\byou\s+(?:must\s+|should\s+)?)(?:always|never)\s+"
    r"(?:say|state|mention|answer|reply|respond|tell|claim|recommend|describe|write|refer)\b",
    r"(?:^|[,:;]\s*|\band\s+)(?:say|state|reply|respond|answer|claim|write|tell\s+\w+)\s+that\b",
    r"^(?:do not|don't|never)\s+(?:mention|reveal|disclose|say|tell\s+(?:users|the user"
    r"|parents|anyone))\b",
    r"\b(?:tell|vertel)\s+(?:the user|users|the reader|readers|(?:de )?ouders|parents)\b"
    r"[^.!?]{0,20}\b(?:dat|that)\b",
    # Chat markup: "[SYSTEM]", "Systeembericht:", "system prompt".
    r"\b(?:system ?prompt|systeemprompt|systeembericht|system message|systeeminstructie)\b"
    r"|\[(?:system|systeem|inst)\]|<\|?(?:system|im_start)|#{2,}\s*(?:instruction|instructie)",
]
_ADDRESSED = re.compile("|".join(f"(?:{rule})" for rule in _RULES))
REMOVED = "[tekst weggelaten: een opdracht aan de assistent]"

# Sentences the semantic check flagged in the indexed passages (folded, spaces normalised).
_flagged: set[str] = set()
_flagged_lock = threading.Lock()


def addresses_assistant(sentence: str) -> bool:
    """Whether a sentence gives orders to an AI system rather than informing a reader: the
    rules say so, or the semantic check flagged it when its document was indexed."""
    folded = _key(sentence)
    return folded in _flagged or matches_rules(folded)


def matches_rules(sentence: str) -> bool:
    """The rules alone (what needs no embedder)."""
    return bool(_ADDRESSED.search(_key(sentence)))


def flag_instructions(sentences: Iterable[str]) -> None:
    """Remember sentences the semantic check flagged: from now on they address the assistant
    wherever they stand (read from the index with their passage)."""
    keys = {_key(s) for s in sentences}
    if keys - _flagged:
        with _flagged_lock:
            _flagged.update(keys)


def _key(sentence: str) -> str:
    return " ".join(fold(sentence).split())


def without_instructions(text: str) -> str:
    """`text` with every sentence that addresses the assistant replaced by a marker."""
    pieces: list[str] = []
    last = 0
    for start, end in sentence_spans(text):
        if addresses_assistant(text[start:end]):
            pieces.append(text[last:start] + REMOVED)
            last = end
    return "".join(pieces) + text[last:]
