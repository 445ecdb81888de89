"""Schools and samenwerkingsverbanden named in a question, matched to the documents about them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from steunwijzer.language.text import STOPWORDS, fold
from steunwijzer.types import DocumentInfo, Passage

SCHOOL_TYPES = (
    "praktijkschool",
    "basisschool",
    "scholengemeenschap",
    "kindcentrum",
    "ikc",
    "obs",
    "cbs",
    "rkbs",
    "pcbs",
    "pcb",
    "kbs",
    "gbs",
    "kc",
    "sbao",
    "sbo",
    "so",
    "vso",
    "school",
    "mavo",
    "vmbo",
    "campus",
    "montessori",
    "jenaplan",
    "dalton",
    "rsg",
    "csg",
)
# What a school's name may say before its kind: 'Openbare Basisschool De Tol'.
DENOMINATIONS = frozenset(
    "openbare openbaar christelijke christelijk katholieke katholiek protestants-christelijke "
    "rooms-katholieke algemeen bijzondere interconfessionele".split()
)
ARTICLES = ("de", "het", "'t")
# What is left of 'Vakcollege Noord' is a part of town, no name people type for the school.
COMPASS = frozenset("noord zuid oost west centrum noordoost noordwest zuidoost zuidwest".split())
SWV_WORDS = (["swv"], ["samenwerkingsverband"])  # the first word of an SWV's name
GENERIC = frozenset({"college", "school", "lyceum", "campus", "swv", "vo", "po", "pro"})


def _norm(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", fold(text)).strip() + " "


def aliases(name: str) -> set[str]:
    """How a question may name a school or SWV: 'Praktijkschool De Poort' -> 'de poort';
    'SWV PO Veenhorst en Omstreken' also as 'SWV Veenhorst', 'PO Veenhorst' and 'Veenhorst'
    (the short forms people type for a name the document writes out in full)."""
    words = _norm(name).split()
    found = {" ".join(words)}
    swv = words[:1] in SWV_WORDS
    if swv:
        words = words[1:]
        found.add(" ".join(words))
    if words and words[0] in ("vo", "po"):
        words = words[1:]
    if words and words[-1] in ("vo", "po"):
        words = words[:-1]
    # 'SO-VSO Het Veerhuis' -> 'het veerhuis', 'Daltonschool De Lariks' -> 'de lariks',
    # 'Vakcollege X' -> 'x', 'Openbare Basisschool De Tol' -> 'de tol'
    while words and (
        words[0] in SCHOOL_TYPES
        or words[0] in DENOMINATIONS
        or words[0].endswith(("school", "college"))
    ):
        words = words[1:]
    found.add(" ".join(words))
    bare = [w for w in words if w not in ARTICLES]
    if bare and bare[0] == "pro" and len(bare) > 1:
        bare = bare[1:]
    untyped = words[:-1] if words and words[-1] in GENERIC else []
    for candidate in (bare, bare[:-1] if bare and bare[-1] in GENERIC else [], untyped):
        if candidate:
            found.add(" ".join(candidate))
    if swv:
        found |= _short_swv_names(_norm(name).split()[1:])
    named = [w for w in bare if w != "en"]
    if named[:2] == ["passend", "onderwijs"]:
        named = named[2:]
    if len(named) >= 3:
        found.add("".join(w[0] for w in named))  # Nieuwe Waterweg Noord -> nwn
    return {a for a in found if len(a) >= 3 and a not in GENERIC and a not in COMPASS}


def _short_swv_names(words: list[str]) -> set[str]:
    """An SWV name's short forms: without 'Passend Onderwijs', and its first part before 'en'
    ('Kust en Polder' -> 'SWV Kust', 'VO Kust'; a bare first part of at least six letters, so
    that 'kust' in a question names no SWV)."""
    level = [words[0]] if words and words[0] in ("vo", "po") else []
    name = words[len(level) :]
    if name[:2] == ["passend", "onderwijs"]:
        name = name[2:]
    found = set()
    for part in (name, name[: name.index("en")] if "en" in name[1:] else []):
        if not part:
            continue
        found |= {" ".join(["swv", *part]), " ".join(["swv", *level, *part])}
        found.add(" ".join([*level, *part]))
        if len(part) > 1 or len(part[0]) >= 6:
            found.add(" ".join(part))
    return found


def swv_key(name: str) -> tuple[str, tuple[str, ...]]:
    """An SWV name's level (vo, po or '') and its name words, without 'SWV' and 'Passend
    Onderwijs': what `same_swv` compares."""
    words = _norm(name).split()
    if words[:1] in SWV_WORDS:
        words = words[1:]
    level = ""
    for position in (0, -1):
        if words and words[position] in ("vo", "po"):
            level = words.pop(position)
    if words[:2] == ["voortgezet", "onderwijs"] or words[:2] == ["primair", "onderwijs"]:
        level, words = ("vo" if words[0] == "voortgezet" else "po"), words[2:]
    if words[:2] == ["passend", "onderwijs"]:
        words = words[2:]
    return level, tuple(words)


def same_swv(one: str, other: str) -> bool:
    """Two names of one SWV: the same level (or one names none), and one name is the other or
    its start ('SWV Zilverberk' and 'SWV Passend Onderwijs Zilverberk en Oudeweer'); 'SWV PO
    Dijkerland' and 'SWV VO Dijkerland' are two."""
    (level_a, name_a), (level_b, name_b) = swv_key(one), swv_key(other)
    if not name_a or not name_b or (level_a and level_b and level_a != level_b):
        return False
    short, full = sorted((name_a, name_b), key=len)
    return full[: len(short)] == short


def _is_swv(name: str) -> bool:
    return _norm(name).split()[:1] in SWV_WORDS


@dataclass(frozen=True)
class Entity:
    name: str
    doc_ids: frozenset[str]
    patterns: tuple[str, ...]
    swv: bool = False  # a samenwerkingsverband, not a school
    mentioned: bool = False  # a school no document is about, only named in an SWV's paper

    def named_by(self, text: str) -> bool:
        """Whether a text names it ('Rijn-IJssel College' for 'rijn ijssel college')."""
        return self._named_in_normed(_norm(text))

    def _named_in_normed(self, normed: str) -> bool:
        return any(f" {alias} " in normed for alias in self.patterns)


class Entities:
    """The schools and SWVs of the indexed documents."""

    def __init__(
        self,
        named: Iterable[tuple[str, str]],
        swvs: Iterable[str] = (),
        mentioned: Iterable[str] = (),
    ) -> None:
        """`named`: (name, doc_id) pairs; `swvs`: the names among them of SWVs; `mentioned`:
        of schools that no document is about, named in an SWV's paper."""
        swv_names, mentioned_names = set(swvs), set(mentioned)
        by_name: dict[str, set[str]] = {}
        for name, doc_id in named:
            by_name.setdefault(name, set()).add(doc_id)
        # One SWV written in full in one document and short in another is one entity, named
        # as written in full ('SWV Heidemeer' and 'SWV Passend Onderwijs Heidemeer').
        groups: list[list[str]] = []
        for name in sorted(by_name, key=len, reverse=True):
            same = next(
                (g for g in groups if _is_swv(name) and _is_swv(g[0]) and same_swv(g[0], name)),
                None,
            )
            if same is None:
                groups.append([name])
            else:
                same.append(name)
        self.entities = tuple(
            Entity(
                group[0],
                frozenset(doc_id for name in group for doc_id in by_name[name]),
                tuple(sorted(set().union(*map(aliases, group)), key=len, reverse=True)),
                any(name in swv_names for name in group),
                all(name in mentioned_names for name in group),
            )
            for group in groups
        )

    def named_in(self, question: str) -> list[Entity]:
        """Entities a question names, longest alias first."""
        normed = _norm(question)  # once for every entity
        return [e for e in self.entities if e._named_in_normed(normed)]

    def compared(self, question: str) -> list[Entity]:
        """What a question sets side by side: the schools it names, or else the SWVs ('SBO De
        Strekdam in Zoutwaard' names one school, in its SWV)."""
        named = self.named_in(question)
        schools = [e for e in named if not e.swv]
        return schools or named

    def focus(self, question: str) -> frozenset[str]:
        """Documents about what the question names (empty when it names nothing known)."""
        found: set[str] = set()
        for entity in self.named_in(question):
            found |= entity.doc_ids
        return frozenset(found)


# A school as a document names it: 'OBS De Kiekendief', 'SO-VSO De Meerpaal', 'Spoorzicht
# College' (on the text as written: a name has capitals).
SCHOOL_IN_TEXT = re.compile(
    r"\b(?:OBS|CBS|PCB|RKBS|KBS|IKC|SBO|SO-VSO|SO|VSO|ISK)\s+(?:De|Het|'t)\s+[A-Z][\w'-]+"
    r"|\b(?:Basisschool|Kindcentrum|Praktijkschool|Scholengemeenschap)[ ](?:(?:De|Het|'t)[ ])?"
    r"[A-Z][\w'-]+"
    r"|\b(?:(?:Het|De)[ ])?[A-Z][\w'-]+[ ](?:College|Lyceum|Gymnasium|Campus)\b(?![ ]van\b)"
)
# Words that open a phrase, not a name: 'Ons College van Bestuur', 'Nieuwe Campus'.
NO_NAME_WORDS = frozenset(
    "ons onze dit deze die dat elk elke ieder iedere nieuwe nieuw open oude oud eigen hun uw "
    "mijn jouw andere ander een goede grote kleine hele eerste tweede commissie raad".split()
)


def entities_of(documents: Sequence[DocumentInfo], passages: Sequence[Passage] = ()) -> Entities:
    """The schools and SWVs the documents are about, and the schools an SWV's documents name
    that no document is about ('SO De Ankerplaats' in a list of the SWV's schools): a
    question that names one is about what those documents say of it."""
    pairs: list[tuple[str, str]] = []
    for doc in documents:
        pairs.extend((school, doc.doc_id) for school in doc.schools)
        if doc.swv:
            pairs.append((doc.swv, doc.doc_id))
    taken = {alias for name, _ in pairs for alias in aliases(name)}
    # a word of an SWV's name may be a place: 'Dijkerland Lyceum' is no name for 'dijkerland'
    taken |= {word for doc in documents if doc.swv for word in _norm(doc.swv).split()}
    others = {doc.doc_id for doc in documents if doc.kind != "sop"}
    mentioned: list[tuple[str, str]] = []
    for passage in passages:
        if passage.doc_id not in others:
            continue
        for match in SCHOOL_IN_TEXT.finditer(passage.text):
            name = " ".join(match.group(0).split())
            found = aliases(name)
            if _named(name) and not found & taken:
                mentioned.append((name, passage.doc_id))
    swvs = (doc.swv for doc in documents if doc.swv)
    return Entities([*pairs, *mentioned], swvs, (name for name, _ in mentioned))


def _named(name: str) -> bool:
    """A name, not a kind of school with an article or a pronoun ('Het College', 'Ons
    College', 'VSO De Commissie'): every word of it that is no kind of school is a name's."""
    kinds = ("gymnasium", "isk", "taalschool", "vso", "so", "havo", "vwo", "mavo")
    own = [
        w
        for w in _norm(name).split()
        if w not in ARTICLES and w not in SCHOOL_TYPES and w not in GENERIC and w not in kinds
    ]
    return bool(own) and all(
        len(w) >= 4 and w not in STOPWORDS and w not in NO_NAME_WORDS for w in own
    )
