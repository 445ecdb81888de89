"""Abbreviations used in Dutch school-support documents, for query expansion and the app."""

from __future__ import annotations

import re

from steunwijzer.text import fold

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
