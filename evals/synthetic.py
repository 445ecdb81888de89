"""Synthetic school-support profiles (SOP) for scale runs: fictional schools, written as real
PDFs with reportlab so that ingest reads them as it reads real ones. Deterministic: document
`i` is the same at every corpus size, and writing it again gives the same bytes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

rl_config.invariant = 1  # fixed dates and ids

SEED = 2024
ADJECTIVES = (
    "Blauwe Bonte Gouden Groene Hoge Kleine Lichte Oude Rode Stille Verre Vrolijke Wijde Witte "
    "Zilveren Zonnige Brede Dappere Heldere Nieuwe Warme Open Zachte Ronde Snelle Vaste"
).split()
NOUNS = (
    "Vlinder Reiger Linde Wilg Brug Haven Toren Molen Vonk Bron Duin Eik Kiem Klaver Kim Lantaarn "
    "Meander Parel Regenboog Sleutel Ster Tuin Uil Vallei Wieken Zwaluw Akker Baken Dijk Kade "
    "Horizon Kompas Zeef Wissel Boei Spar Anker Beek Hoeve Poort"
).split()
TOWN_HEADS = "Oost Wester Noord Zuider Hoog Laag Kaag Wils Ter Mol Bram Ven Zand Elst Dorre".split()
TOWN_TAILS = "veen wijk dam horst broek hoven rade dorp mond sloot".split()
REGIONS = "Veenrand Dijkzicht Kustlanden Middenwaard Rivierduin".split()
FIRST = "Anouk Bram Carla Dirk Esra Fleur Gert Hanneke Imke Jorrit Karim Lotte Mehmet Nadia".split()
LAST = "Bakker|de Wit|Visser|van Dalen|Smit|Kok|Jansen|Peeters|Yilmaz|van Buren|Mulder".split("|")
# type word in the name, kind, who pupils see first, who coordinates support, pupils
KINDS = (
    ("Basisschool", "po", "groepsleerkracht", "intern begeleider (IB'er)", (120, 480)),
    ("Kindcentrum", "po", "groepsleerkracht", "intern begeleider (IB'er)", (150, 520)),
    ("SBO", "sbo", "groepsleerkracht", "intern begeleider (IB'er)", (80, 200)),
    ("SO", "so", "groepsleerkracht", "commissie van begeleiding (CvB)", (60, 180)),
    ("College", "vo", "mentor", "ondersteuningscoördinator", (400, 1600)),
    ("Lyceum", "vo", "mentor", "zorgcoördinator", (600, 1500)),
    ("Praktijkschool", "pro", "mentor", "zorgcoördinator", (120, 400)),
)
SPECIALISTS = (
    "Orthopedagoog|Gedragsspecialist|Remedial teacher (RT)|NT2-docent|Logopedist|Jobcoach|"
    "Schoolmaatschappelijk werker (SMW)|Faalangsttrainer|Rekenspecialist|Psycholoog|"
    "Jeugdverpleegkundige|Taalspecialist"
).split("|")
FREQUENCIES = ("elke maand", "zes keer per jaar", "eens per zes weken", "vier keer per jaar")
NEEDS = (
    "snel overprikkeld raken|veel faalangst hebben|net in Nederland wonen en de taal nog leren|"
    "moeite hebben met plannen en overzicht houden"
).split("|")
MEMBERS = "de schoolarts|de orthopedagoog|een SWV-consulent|de leerplichtambtenaar".split("|")
AMOUNTS = ("{} dagen per week", "{} uur per week", "via het SWV, op aanvraag", "niet aanwezig")
REACH = (
    "alle lokalen zijn met een rolstoel te bereiken|een deel van de lokalen ligt op de eerste "
    "verdieping|de gymzaal is alleen via een trap te bereiken"
).split("|")
# The profile: "# " a section ("#~" sections change places), "?" an optional line, "!" a line
# of a changed version only, "- " a bullet, "|" a table row, a leading space continues a line.
PROFILE = """\
# Over onze school
|Gegeven|Antwoord
|Naam van de school|{name}
|Plaats|{town}
|Samenwerkingsverband|{swv}
|Aantal leerlingen|{pupils}
|Schooljaar|{year}-{next_year}
{name} is een school in {town} met ongeveer {pupils} leerlingen. In dit
 schoolondersteuningsprofiel (SOP) beschrijven wij welke begeleiding uw kind bij ons kan krijgen
 en waar onze mogelijkheden ophouden. Wij zijn aangesloten bij {swv}.
?De medezeggenschapsraad gaf in {year} advies over dit profiel.
?Ouders zijn voor ons partners: zij kennen hun kind het langst en het best.
?Het gebouw ligt aan de rand van {town} en is goed bereikbaar met de bus.
?Wij herzien dit profiel elke vier jaar, of eerder als er veel verandert.
# Basisondersteuning
Basisondersteuning is de hulp die elke school van {swv} biedt, zonder aanvraag. Iedere leerling
 heeft een {mentor} als eerste aanspreekpunt voor ouders.
?We volgen de voortgang in een leerlingvolgsysteem en bespreken elke groep {talks} keer per jaar.
?Er is een aanpak tegen pesten met een vaste anti-pestcoördinator.
?Leerlingen met dyslexie krijgen voorleessoftware en meer tijd bij toetsen.
?Bij zorgen over de thuissituatie volgen wij de meldcode huiselijk geweld en kindermishandeling.
?Een leerling die thuis zit, krijgt binnen een week een plan om weer naar school te gaan.
?Nieuwe leerlingen krijgen in de eerste weken een vast maatje uit de klas of groep.
#~ Extra ondersteuning
Is de basisondersteuning niet genoeg, dan stelt de {coordinator} samen met ouders een
 ontwikkelingsperspectief (OPP) op. Een OPP noemt de verwachte uitstroom en de doelen, en wordt
 minstens één keer per jaar met ouders besproken.
Voor leerlingen die {need} is er een arrangement van {weeks} weken; daarna bekijken we samen of
 het genoeg hielp.
Past een leerling beter in het speciaal onderwijs, dan vraagt de school een
 toelaatbaarheidsverklaring (TLV) aan bij {swv}.
#~ Expertise
?Naast de {mentor} en de {coordinator} werken deze specialisten op of voor onze school.
|Specialist|Inzet
{experts}
#~ Voorzieningen en toegankelijkheid
Het gebouw heeft {lift} lift; {reach}.
- Time-outruimte: {timeout}
- Prikkelarme werkplek: {quiet}
- Aangepast toilet: {toilet}
#~ Ondersteuningsteam
Het ondersteuningsteam (OT) komt {frequency} bij elkaar. Aan tafel zitten de {coordinator}, de
 {mentor}, {members}.
Ouders worden altijd uitgenodigd als het OT over hun kind praat; zonder hun toestemming
 bespreken we een leerling niet bij naam.
# Grenzen aan onze ondersteuning
Wij doen ons best voor elke leerling, maar er zijn grenzen. Wij kunnen geen goede plek bieden
 als een leerling:
?- de hele dag één-op-één begeleiding nodig heeft
?- medische handelingen nodig heeft die ons personeel niet mag uitvoeren
?- met zijn of haar gedrag de veiligheid van klasgenoten steeds in gevaar brengt
?- meer dan twee uur per dag buiten de groep moet werken
?- een prikkelarme omgeving nodig heeft die ons gebouw niet kan bieden
De groepen tellen gemiddeld {size} leerlingen; dat beperkt de tijd per kind.
# Contact
Vragen over ondersteuning? Neem contact op met {contact}, {coordinator}, via {mail} of {phone}.
Komt u er met de school niet uit, dan helpt het ouderloket van {swv}.
!Dit profiel is in {next_year} opnieuw vastgesteld.
"""

# Six questions about a school (each school gets two), then general ones.
QUESTIONS = """\
Hoe vaak komt het ondersteuningsteam van {} bij elkaar?
Heeft {} een lift?
Hoe groot zijn de groepen op {}?
Met wie neem ik contact op over ondersteuning op {}?
Welke specialisten werken er op {}?
Wanneer kan {} een leerling geen passende plek bieden?
Wat is een OPP?
Wie vraagt een TLV aan?
Wat doet de IB'er?
Hoe lang duurt een arrangement?"""
Grid = tuple[tuple[str, ...], ...]
Item = str | list[str] | Grid  # a paragraph, a list or a table


@dataclass(frozen=True)
class School:
    """The facts a synthetic profile states, for questions about it."""

    index: int
    name: str
    kind: str
    town: str
    swv: str
    year: int
    team_frequency: str
    class_size: int
    lift: bool
    contact: str


def school(index: int, seed: int = SEED) -> School:
    """School `index`; names are unique for the first 1,000."""
    rng = random.Random(seed * 100_003 + index)
    word, kind, *_ = KINDS[index % len(KINDS)]
    core = f"{ADJECTIVES[index % len(ADJECTIVES)]} {NOUNS[index // len(ADJECTIVES) % len(NOUNS)]}"
    return School(
        index=index,
        name=f"{core} {word}" if word in ("College", "Lyceum") else f"{word} De {core}",
        kind=kind,
        town=rng.choice(TOWN_HEADS) + rng.choice(TOWN_TAILS),
        swv=f"SWV {'VO' if kind in ('vo', 'pro') else 'PO'} {rng.choice(REGIONS)}",
        year=rng.randint(2019, 2025),
        team_frequency=rng.choice(FREQUENCIES),
        class_size=rng.randint(8, 15) if kind in ("so", "sbo") else rng.randint(14, 29),
        lift=rng.random() < 0.6,
        contact=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
    )


def sections(s: School, revision: int = 0) -> tuple[str, list[tuple[str, list[Item]]]]:
    """Title and (heading, items) of one profile; `revision` > 0 changes a few facts."""
    rng = random.Random(f"{s.index}-text")
    _, _, mentor, coordinator, (low, high) = next(k for k in KINDS if k[1] == s.kind)
    roles = rng.sample(SPECIALISTS, rng.randint(4, 8))
    experts = [f"|{role}|{rng.choice(AMOUNTS).format(rng.randint(1, 5))}" for role in roles]
    facts = asdict(s) | {
        "mentor": mentor,
        "coordinator": coordinator,
        "pupils": rng.randint(low, high),
        "experts": "\n".join(experts),
        "talks": rng.randint(2, 4),
        "need": rng.choice(NEEDS),
        "weeks": rng.randint(3, 6) * 2,
        "lift": "een" if s.lift else "geen",
        "reach": rng.choice(REACH),
        **{k: rng.choice(("ja", "nee", "in overleg")) for k in ("timeout", "quiet", "toilet")},
        "frequency": FREQUENCIES[(FREQUENCIES.index(s.team_frequency) + revision) % 4],
        "members": ", ".join(rng.sample(MEMBERS, rng.randint(1, 3))),
        "size": s.class_size + revision,
        "mail": f"{s.contact.lower().replace(' ', '.')}@{s.town.lower()}.example.nl",
        "phone": f"0{rng.randint(100, 999)}-{rng.randint(100000, 999999)}",
        "next_year": s.year + 1,
    }
    parts: list[tuple[str, list[Item]]] = []
    movable: list[int] = []
    for line in PROFILE.format(**facts).replace("\n ", " ").splitlines():
        if (line.startswith("!") and not revision) or (line.startswith("?") and rng.random() < 0.4):
            continue
        line = line.lstrip("?!")
        items = parts[-1][1] if parts else []
        last = items[-1] if items else None
        if line.startswith("#"):
            movable += [len(parts)] if line.startswith("#~") else []
            parts.append((line.lstrip("#~ "), []))
        elif line.startswith("|") and isinstance(last, tuple):
            items[-1] = (*last, tuple(line[1:].split("|")))
        elif line.startswith("|"):
            items.append((tuple(line[1:].split("|")),))
        elif line.startswith("- ") and isinstance(last, list):
            last.append(line[2:])
        elif line.startswith("- "):
            items.append([line[2:]])
        else:
            items.append(line)
    order = rng.sample(movable, len(movable))
    parts = [parts[order[movable.index(i)]] if i in movable else p for i, p in enumerate(parts)]
    title = rng.choice(("Schoolondersteuningsprofiel", "SOP", "Ondersteuningsprofiel"))
    return f"{title} {s.name} {s.year}", parts


BODY = ParagraphStyle("b", fontName="Helvetica", fontSize=10.5, leading=14.5, spaceAfter=6)
BULLET = ParagraphStyle("u", parent=BODY, leftIndent=16, bulletIndent=4, spaceAfter=3)
HEAD = ParagraphStyle("h", parent=BODY, fontName="Helvetica-Bold", fontSize=13, spaceBefore=8)
COVER = ParagraphStyle("c", parent=HEAD, fontSize=22, leading=28, spaceBefore=180)


def write_pdf(s: School, target: Path, revision: int = 0) -> None:
    """Render one profile: a cover page, then sections with paragraphs, lists and tables."""
    title, parts = sections(s, revision)
    rng = random.Random(f"{s.index}-layout")
    numbered, running = rng.random() < 0.7, rng.random() < 0.6
    story: list[Flowable] = [
        Paragraph(escape(title), COVER),
        Paragraph(escape(f"{s.town} · {s.swv}"), BODY),
        PageBreak(),
    ]
    for number, (heading, items) in enumerate(parts, start=1):
        story.append(Paragraph(escape(f"{number}. {heading}" if numbered else heading), HEAD))
        for item in items:
            if isinstance(item, str):
                story.append(Paragraph(escape(item), BODY))
            elif isinstance(item, list):
                story += [Paragraph(escape(b), BULLET, bulletText="•") for b in item]
            elif rng.random() < 0.5:  # a table as a grid, or as "label: value" lines
                story += [Table([list(row) for row in item], hAlign="LEFT"), Spacer(1, 6)]
            else:
                story += [Paragraph(escape(": ".join(row)), BODY) for row in item[1:]]

    def footer(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        page = canvas.getPageNumber()
        canvas.setFont("Helvetica", 8.5)
        canvas.drawString(22 * mm, 12 * mm, f"{title} · pagina {page}" if running else str(page))

    doc = SimpleDocTemplate(str(target), pagesize=A4, title=title, author="Steunwijzer (fictief)")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def file_name(s: School) -> str:
    return f"sop-{s.index:04d}-{s.name.lower().replace(' ', '-')}.pdf"


def build_corpus(folder: Path, count: int, seed: int = SEED) -> list[School]:
    """The first `count` profiles as PDFs in `folder`; files already there are kept (written
    from the same seed, they hold the same bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    schools = [school(i, seed) for i in range(count)]
    for s in schools:
        if not (folder / file_name(s)).exists():
            write_pdf(s, folder / file_name(s))
    return schools


def change_document(folder: Path, s: School) -> Path:
    """Rewrite one profile with a few facts changed (class size, team frequency, a sentence)."""
    path = folder / file_name(s)
    write_pdf(s, path, revision=1)
    return path


def questions(schools: Sequence[School]) -> list[tuple[str, School | None]]:
    """A fixed question set about the first ten schools (present at every size), each with
    the school whose profile answers it; general questions have None."""
    asked: list[tuple[str, School | None]] = [
        (t.format(s.name), s)
        for i, s in enumerate(schools[:10])
        for t in QUESTIONS.splitlines()[i % 3 : 6 : 3]
    ]
    return asked + [(q, None) for q in QUESTIONS.splitlines()[6:]]
