"""Abbreviations used in Dutch school-support documents, for query expansion and the app."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from steunwijzer.language.text import fold, sentence_spans
from steunwijzer.types import Passage

GLOSSARY: dict[str, str] = {
    "OT": "ondersteuningsteam",
    "VOT": "vooroverleg van het ondersteuningsteam (voor-OT)",
    "SOT": "schoolondersteuningsteam",
    "ZAT": "zorg- en adviesteam",
    "JOS": "jeugdprofessional op school",
    "OOS": "onderwijsondersteuningsspecialist",
    "IB'er": "intern begeleider",
    "JP'er": "jeugdprofessional",
    "OPP": "ontwikkelingsperspectiefplan",
    "MOP": "mijn ontwikkelplan (ontwikkelingsperspectief)",
    "TLV": "toelaatbaarheidsverklaring",
    "LWOO": "leerwegondersteunend onderwijs",
    "HGW": "handelingsgericht werken",
    "SWV": "samenwerkingsverband",
    "VSO": "voortgezet speciaal onderwijs",
    "SO": "speciaal onderwijs",
    "SBO": "speciaal basisonderwijs",
    "PrO": "praktijkonderwijs",
    "PO": "primair onderwijs (basisschool)",
    "VO": "voortgezet onderwijs (middelbare school)",
    "ISK": "internationale schakelklas",
    "NT2": "Nederlands als tweede taal",
    "MRT": "motorische remedial teaching",
    "RT": "remedial teaching",
    "SMW": "schoolmaatschappelijk werk",
    "JGZ": "jeugdgezondheidszorg",
    "GGD": "gemeentelijke gezondheidsdienst",
    "CJG": "centrum voor jeugd en gezin",
    "OPDC": "orthopedagogisch-didactisch centrum",
    "SOP": "schoolondersteuningsprofiel",
    "MBO": "middelbaar beroepsonderwijs",
    "VMBO": "voorbereidend middelbaar beroepsonderwijs",
    "ADHD": "aandachtstekortstoornis met hyperactiviteit",
    "ASS": "autismespectrumstoornis",
    "AVG": "privacywet (Algemene verordening gegevensbescherming)",
    "SOVA": "sociale vaardigheidstraining",
    "OKR": "onderwijskundig rapport",
}
# Abbreviations that are also ordinary Dutch words only count when written in capitals.
CASE_SENSITIVE = frozenset({"ZAT", "PO", "VO", "SO", "RT", "MOP", "JOS", "OOS", "ASS", "PrO"})


def _key(abbreviation: str) -> str:
    return fold(abbreviation).replace("'", "").replace("’", "")


_FOLDED = {_key(abbr): abbr for abbr in GLOSSARY if abbr not in CASE_SENSITIVE}


def abbreviations_in(text: str) -> list[str]:
    """Glossary abbreviations that occur in `text` (also plurals such as 'OT's', 'IB'ers')."""
    found: list[str] = []
    for token in re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?", text):
        bare = re.sub(r"['’](?:s|er|ers)$", "", token)
        exact = next((a for a in GLOSSARY if a.replace("'er", "") == bare), None)
        if exact is None:
            exact = _FOLDED.get(_key(bare)) or _FOLDED.get(_key(token).removesuffix("s"))
        if exact and exact not in found:
            found.append(exact)
    return found


def expand(text: str) -> str:
    """`text` with the meanings of its abbreviations appended, and the abbreviations of the
    spelled-out terms it contains, so both spellings match."""
    additions = [GLOSSARY[abbr] for abbr in abbreviations_in(text)]
    folded = fold(text)
    additions += [
        abbr
        for abbr, meaning in GLOSSARY.items()
        if re.search(rf"\b{re.escape(fold(meaning.split(' (')[0]))}\b", folded) and abbr not in text
    ]
    return f"{text} ({'; '.join(additions)})" if additions else text


@dataclass(frozen=True)
class Place:
    """Where in the documents an abbreviation stands."""

    title: str
    document: str
    page: int
    text: str  # the sentence or line it stands in


@dataclass(frozen=True)
class GlossaryEntry:
    """An abbreviation the indexed documents use, with its meaning and where it is explained
    (None when no document spells it out)."""

    abbreviation: str
    meaning: str
    documents: int
    defined: Place | None
    first_use: Place


def glossary_of(passages: Sequence[Passage]) -> list[GlossaryEntry]:
    """The glossary abbreviations that occur in `passages`, alphabetically, each with the first
    passage that spells it out next to its meaning (within one sentence) if any."""
    found: dict[str, dict] = {}
    for passage in passages:
        for abbr in abbreviations_in(passage.text):
            entry = found.setdefault(abbr, {"documents": set(), "defined": None, "first": None})
            entry["documents"].add(passage.doc_id)
            where = _place(passage, abbr)
            entry["first"] = entry["first"] or where
            if entry["defined"] is None and spelled_out(abbr, where.text):
                entry["defined"] = where
    return [
        GlossaryEntry(abbr, GLOSSARY[abbr], len(e["documents"]), e["defined"], e["first"])
        for abbr, e in sorted(found.items(), key=lambda item: item[0].lower())
    ]


def _place(passage: Passage, abbr: str) -> Place:
    """The sentence of `passage` in which `abbr` first stands (spelled out, if one is), with
    its page."""
    spans = [
        (start, end)
        for start, end in sentence_spans(passage.text)
        if abbr in abbreviations_in(passage.text[start:end])
    ] or [(0, min(len(passage.text), 200))]
    start, end = next((s for s in spans if spelled_out(abbr, passage.text[s[0] : s[1]])), spans[0])
    text = " ".join(passage.text[start:end].split())
    return Place(passage.title, passage.document, passage.page_at(start), text)


def spelled_out(abbr: str, sentence: str) -> bool:
    """The sentence gives the abbreviation's meaning right beside it, as 'meaning (ABBR)',
    'ABBR (meaning)' or 'ABBR: meaning'."""
    head = re.escape(fold(GLOSSARY[abbr].split(" (")[0]))
    short = re.escape(fold(abbr))
    folded = fold(sentence)
    return bool(
        re.search(rf"\b{head}\w*\s*\(\s*{short}", folded)
        or re.search(rf"\b{short}\w*\s*(?:\(|:|=|-)\s*{head}", folded)
    )
