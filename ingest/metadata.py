"""Infer what a document is from its content (file name as fallback): title, schools, SWV,
kind and period."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from steunwijzer.ingest.clean import running_title

KINDS = (
    ("sop", ("schoolondersteuningsprofiel", "ondersteuningsprofiel", "sop")),
    ("ondersteuningsplan", ("ondersteuningsplan",)),
    ("handreiking", ("handreiking",)),
    ("evaluatie", ("evaluatie", "eindevaluatie")),
    ("rapport", ("rapport", "rapportage", "projectrapport", "verslag", "jaarverslag")),
)
_NAME = r"(?:[A-Z][\w'’.-]*|'t|de|het|van|der|den)"
_SCHOOL_TYPE = (
    r"Praktijkschool|Basisschool|Scholengemeenschap|Kindcentrum|IKC|OBS|CBS|RKBS|PCBS|SBO|"
    r"Mavo|Vmbo|VMBO|Lyceum|Gymnasium|Montessorischool|Daltonschool|Jenaplanschool|Vrije School|"
    r"Campus|RSG|CSG"  # 'Campus Geulmonde', 'RSG De Borgen'
)
SCHOOL_PATTERNS = (
    re.compile(rf"\b(?:{_SCHOOL_TYPE}) (?:(?:De|Het|'t|de|het) )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*"),
    re.compile(
        r"\b(?:(?:De|Het|Pro) )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? (?:College|Lyceum|Campus)\b"
    ),
    # 'SO De Klankkast', 'SO-VSO Het Veerhuis'; not 'VSO HAVO-VWO', a kind of school.
    re.compile(r"\b(?:SO-VSO|VSO|SO) (?:De|Het|'t) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*"),
)
# 'Schoolondersteuningsprofiel Campus Geulmonde 2024-2027', 'Ondersteuningsprofiel SBO De
# Kluut - factsheet 2025': an SOP's title names its school, whatever kind of school it is.
TITLE_SCHOOL = re.compile(
    r"^(?:School)?[Oo]ndersteuningsprofiel (?:van )?((?:[A-Z][\w'’-]*|de|het|'t|van|der|den)"
    r"(?: (?:[A-Z][\w'’-]*|de|het|'t|van|der|den)){0,5})(?=$|\s+(?:[-–·(]|\d{4}))"
)
TITLE_WORDS = re.compile(r"(?:Concept|Versie|Definitief|Bijlage|Samenvatting)\b")  # no school
SCHOOL_FIELD = re.compile(r"Naam van (?:onze|de) school\s*[:|]?\s*([^\n|]{3,60})")
# "SWV VO Kust en Polder", "Samenwerkingsverband PO Veenhorst en Omstreken": the name runs on
# over capitalised words, "en" and "aan" before one, and a few lower-case place-name words.
SWV_PATTERN = re.compile(
    r"\b(?:SWV|[Ss]amenwerkingsverband)[ \n]((?:VO|PO|V\.O\.|P\.O\.|Voortgezet Onderwijs|"
    r"Primair Onderwijs) )?([A-Z][\w'-]+(?: (?:[A-Z][\w'-]+|wal|(?:en|aan) [A-Z][\w'-]+)){0,5})"
)
# Where a written-out name ends: a line end, punctuation or a table cell, not more sentence.
NAME_END = re.compile(r"\s*(?:$|[\n.,;:)|(]|\s(?:PO|VO)\b)")
SCHOOL_YEAR = re.compile(r"\b(20\d\d)\s*[-/–]\s*(20\d\d)\b")
DATED = re.compile(
    r"\b(?:Invuldatum|Datum|Vastgesteld(?: op)?|Peildatum)\s*:?\s*"
    r"((?:\d{1,2}\s+)?(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december)\s+20\d\d|\d{1,2}[-/.]\d{1,2}[-/.]20\d\d)",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(20\d\d)\b")
JUNK_TITLES = re.compile(r"^(untitled|\(?anonymous\)?|microsoft word.*|document\d*|titel)$", re.I)


def infer_title(pages: Sequence[str], declared: str, path: Path) -> str:
    """The running header/footer, else the declared (PDF/DOCX) title, else the first line."""
    title = running_title(pages)
    if title:
        return title
    declared = declared.strip()
    if declared and not JUNK_TITLES.match(declared) and not declared.lower().endswith(".docx"):
        return declared
    for line in pages[0].splitlines() if pages else []:
        line = line.strip(" #*\t")
        if 2 <= len(line.split()) <= 15 and not line.endswith((".", ",")):
            return line
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def infer_kind(title: str, path: Path, text: str) -> str:
    """sop, ondersteuningsplan, handreiking, evaluatie, rapport or overig."""
    for source in (title.lower(), path.stem.lower().replace("-", " ").replace("_", " ")):
        for kind, words in KINDS:
            if any(re.search(rf"\b{word}\w*", source) for word in words):
                return kind
    counts = {kind: sum(text.lower().count(word) for word in words) for kind, words in KINDS}
    kind, count = max(counts.items(), key=lambda item: item[1])
    return kind if count >= 3 else "overig"


def infer_schools(title: str, text: str) -> tuple[str, ...]:
    """Schools the document is about: named in the title, a 'Naam van onze school' field, or
    named at least twice."""
    counts: Counter[str] = Counter()
    for pattern in SCHOOL_PATTERNS:
        counts.update(_tidy(match.group(0)) for match in pattern.finditer(text))
    field = SCHOOL_FIELD.search(text)
    fielded = {_tidy(field.group(1))} if field else set()
    in_title = {name for pattern in SCHOOL_PATTERNS for name in map(_tidy, pattern.findall(title))}
    if (named := TITLE_SCHOOL.match(title.strip())) and not TITLE_WORDS.match(named.group(1)):
        # 'van de Basisschool De Tol': the article belongs to the sentence, not the name
        in_title.add(_tidy(re.sub(r"^(?:de|het) (?=[A-Z])", "", named.group(1))))
    keep = [name for name, count in counts.most_common() if count >= 2 or name in in_title]
    names = list(dict.fromkeys([*fielded, *sorted(in_title), *keep]))
    # Drop a name that only shortens another ("De Poort" of "Praktijkschool De Poort").
    names = [n for n in names if not any(n != m and n.lower() in m.lower() for m in names)]
    return tuple(n for n in names if len(n) > 4)[:5]


def infer_swv(text: str) -> str:
    """The samenwerkingsverband a document is from, as 'SWV <name>' with its name written out
    as the document writes it in full ('SWV PO Veenhorst en Omstreken'), also when it mostly
    uses a short form ('SWV Veenhorst')."""
    counts: Counter[str] = Counter()
    complete: set[str] = set()  # forms that end where the name ends
    for match in SWV_PATTERN.finditer(text):
        level = (match.group(1) or "").strip()
        level = {"Voortgezet Onderwijs": "VO", "Primair Onderwijs": "PO"}.get(level, level)
        level = level.replace(".", "")
        name = re.sub(r"^(?:SWV|Samenwerkingsverband)\s+", "", match.group(2))
        form = f"SWV {level + ' ' if level else ''}{name}".strip()
        counts[form] += 1
        if NAME_END.match(text, match.end()):
            complete.add(form)
    if not counts:
        return ""

    def weight(form: str) -> tuple[int, int, int]:
        # A complete form counts the mentions of the short forms it writes out.
        covered = sum(
            n
            for other, n in counts.items()
            if other == form or (form in complete and _writes_out(form, other))
        )
        return covered, form in complete, len(form)

    return max(counts, key=weight)


def _writes_out(full: str, short: str) -> bool:
    """'SWV PO Veenhorst en Omstreken' writes out 'SWV Veenhorst' and 'SWV PO Veenhorst';
    'SWV Passend Onderwijs Rivierduin' writes out 'SWV Rivierduin'."""
    long_level, long_name = _level_and_name(full)
    short_level, short_name = _level_and_name(short)
    if short_level and short_level != long_level:
        return False
    # 'SWV Passend Onderwijs Rivierduin' writes out 'SWV Rivierduin' as well.
    return full != short and long_name[: len(short_name)] == short_name


def _level_and_name(form: str) -> tuple[str, list[str]]:
    words = form.split()[1:]  # after "SWV"
    level = words[0] if words and words[0] in ("VO", "PO") else ""
    name = [w.lower() for w in words[1 if level else 0 :]]
    if name[:2] == ["passend", "onderwijs"]:
        name = name[2:]
    return level, name


# 'geldig tot en met het schooljaar 2027-2028': when an SOP ends, not its period
UNTIL = re.compile(
    r"\b(?:tot(?:\s+en\s+met)?|t/m|t\.m\.)\s*:?(?:\s+(?:het|de))?(?:\s+eind[e]?(?:\s+van)?)?"
    r"(?:\s+(?:het\s+)?schooljaar\w*)?\s*:?\s*(?:19|20)\d\d(?:\s*[-/]\s*(?:19|20)?\d\d)?",
    re.I,
)


def infer_period(title: str, path: Path, text: str) -> str:
    """School year ('2023-2024'), fill-in date ('november 2023') or year."""
    title, stem, head = (UNTIL.sub(" ", source) for source in (title, path.stem, text[:4000]))
    for source in (title, stem, head):
        match = SCHOOL_YEAR.search(source)
        if match and int(match.group(1)) <= int(match.group(2)):
            return f"{match.group(1)}-{match.group(2)}"
    dated = DATED.search(head)
    if dated:
        return dated.group(1).lower()
    for source in (title, stem, head):
        year = YEAR.search(source)
        if year:
            return year.group(1)
    return ""


# Words of a document's title that a school-name pattern can take for part of the name:
# "Schoolondersteuningsprofiel Berkenhof Lyceum" is about "Berkenhof Lyceum".
DOCUMENT_WORDS = re.compile(
    r"^(?:(?:school)?ondersteuningsprofiel|sop|profiel|ondersteuningsplan|jaarverslag|rapport)"
    r"\s+",
    re.IGNORECASE,
)


def _tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,'’-")
    name = DOCUMENT_WORDS.sub("", name)
    words = name.split(" ")
    if words and words[0] in ("de", "het"):
        words[0] = words[0].capitalize()
    return " ".join(words)
