"""Dutch text analysis shared by ingest, retrieval and answering: sentences, tokens, stems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

ABBREVIATIONS = frozenset(
    "bijv bv o.a c.q d.w.z e.d enz etc i.p.v m.b.t t.a.v z.s.m ca nl mr mw dhr drs ir dr "
    "evt incl excl resp vgl zgn jl a.s t.b.v i.s.m i.o.m m.n n.a.v o.b.v p.w. tel blz p pag "
    "art nr max min jr vs".split()
)
_SENTENCE_PUNCT = re.compile(r"[.!?:;]$")
INITIAL = re.compile(r"(?:\b(?:mw|mevr|dhr|drs|dr|mr|ir|ing|prof)\.|\b[A-Z]\.)\s+[A-Z]\.$", re.I)
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_FOOTNOTE = re.compile(r"^([a-z]{3,})\d{1,2}$")

STOPWORDS = frozenset(
    """aan af al alle alles als altijd ander andere anders ben bij binnen daar daarbij daarna
    daarom dan dat de deze die dit doch doen door dus een eens en er ge geen geweest haar had
    heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan kon
    kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons onze
    ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel
    welk welke werd wie wij wil worden wordt zal ze zelf zich zij zijn zo zonder zou
    the a an of to is are what which who how does do in on for and at by with be can""".split()
)


ENGLISH = frozenset(
    "the what which who whom how does did do are can my your his her and with have has an "
    "there for at any this that from about when where why will would should".split()
)


TURKISH = frozenset(
    "ve bir bu mi mu nedir nasil hangi kac icin var yok okul okulda okulu cocugum cocuk "
    "ogrenci ogretmen destek neler ne zaman kim nerede".split()
)


POLISH = frozenset(
    "czy jest jak jaki jaka jakie ile kto gdzie kiedy dla moje moj moja dziecko szkola szkole "
    "szkoly syn corka ma maja sie nie tak".split()
)


def is_english(text: str) -> bool:
    """A question in English rather than Dutch (two or more English function words)."""
    return sum(w in ENGLISH for w in words(text)) >= 2


def question_language(text: str) -> str:
    """'ar', 'pl', 'tr', 'en' or 'nl' (the default): the language an answer to `text` should
    be in."""
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    if re.search(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]", text) or sum(w in POLISH for w in words(text)) >= 2:
        return "pl"
    if re.search(r"[ğşıİĞŞ]", text) or sum(w in TURKISH for w in words(text)) >= 2:
        return "tr"
    return "en" if is_english(text) else "nl"


def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (not just an abbreviation such as 'o.a.' or 'c.q.')."""
    text = text.rstrip()
    if not _SENTENCE_PUNCT.search(text):
        return False
    if text.endswith("."):
        last = text.rsplit(" ", 1)[-1].lower().rstrip(".")
        if last in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", last):
            return False
        # an initial after a title or another initial: 'mw. drs. A. Aydın', 'dhr. P. de Vries'
        if INITIAL.search(text):
            return False
    return True


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`; line breaks end headings and bullets."""
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9•])|\n", text):
        piece = text[start : match.start()]
        if match.group() != "\n" and not ends_sentence(piece):
            continue
        if piece.strip():
            yield _trimmed(text, start, match.start())
        start = match.end()
    if text[start:].strip():
        yield _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def fold(text: str) -> str:
    """Lower case without accents: 'Dáár' -> 'daar'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded word tokens, footnote digits stripped ('gezamenlijk1' -> 'gezamenlijk')."""
    found = []
    for token in _TOKEN.findall(fold(text).replace("’", "'")):
        footnote = _FOOTNOTE.match(token)
        found.append(footnote.group(1) if footnote else token)
    return found


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Dutch Snowball stem of a folded word."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


# Particles of Dutch separable verbs: 'meld ... aan' is 'aanmelden'.
PARTICLES = ("aan", "af", "op", "in", "uit", "mee", "toe", "terug", "door", "over", "bij")


def separable(text: str) -> list[tuple[str, str]]:
    """Each word with a particle that follows it later in the text, joined as it stands and
    as an infinitive ('Bij wie meld ik mijn kind aan' -> ('meld', 'aanmeld'), ('meld',
    'aanmelden'), ...), and a particle before 'te' with the verb after it ('om aan te melden'
    -> ('melden', 'aanmelden')): candidates only; the index tells which are words."""
    said = words(fold(text))
    # 'om aan te melden': the particle before 'te' and the infinitive after it
    with_te = [
        (said[i + 2], said[i] + said[i + 2])
        for i in range(len(said) - 2)
        if said[i] in PARTICLES and said[i + 1] == "te"
    ]
    return with_te + [
        (word, particle + form)
        for i, word in enumerate(said)
        if len(word) >= 3 and word not in STOPWORDS
        for particle in dict.fromkeys(p for p in said[i + 1 :] if p in PARTICLES)
        for form in (word, word.removesuffix("t") + "en")
    ]


# What opens a Dutch question before its finite verb: 'hoe vaak', 'hoeveel kinderen',
# 'bij wie', 'op welke dag'.
_QUESTION_OPENING = re.compile(
    r"^(?:(?:bij|met|aan|voor|van|op|in|naar) )?(?:wie|wat|waar|wanneer|waarom|hoe(?: vaak| lang"
    r"| laat| groot| oud| veel)?(?: per \w+)?|hoeveel(?: \w+(?: per \w+)?)?|welke? \w+)(?= )"
)


def question_verb(question: str) -> str:
    """The finite verb of a Dutch question: the word after its opening ('vergadert' of 'hoe
    vaak vergadert het OT', 'staan' of 'hoeveel kinderen staan er op de wachtlijst'); '' when
    the question opens otherwise (a yes/no question, a request)."""
    folded = " ".join(words(fold(question)))
    opening = _QUESTION_OPENING.match(folded)
    rest = folded[opening.end() :].split() if opening else []
    return rest[0] if rest else ""


def question_head(question: str) -> str:
    """The first word after a Dutch question's verb that is no function word: what the
    question asks about ('wachtlijst' of 'hoe lang is de wachtlijst voor De Kom',
    'orthopedagoog' of 'hoeveel uur per week is de orthopedagoog er'); '' when none."""
    folded = " ".join(words(fold(question)))
    opening = _QUESTION_OPENING.match(folded)
    rest = folded[opening.end() :].split()[1:] if opening else []
    return next((word for word in rest if word not in STOPWORDS and word != "er"), "")
