"""Schools side by side: their profiles as a table with a source for every cell, as Markdown,
CSV or JSON (the CLI's `compare`, and the app's page)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from steunwijzer.errors import ConfigError
from steunwijzer.language.text import fold
from steunwijzer.profiles.fields import FIELDS
from steunwijzer.profiles.profile import NOT_MENTIONED, Profile, Status, Value
from steunwijzer.retrieval.entities import Entities
from steunwijzer.tables import markdown, render


@dataclass(frozen=True)
class Row:
    """One field across the compared profiles."""

    key: str
    label: str
    values: tuple[Value, ...]

    @property
    def differs(self) -> bool:
        """A difference worth a parent's attention: one profile says something another does
        not, or they state different facts (numbers, yes or no). Different wording alone is
        not one."""
        if len({v.status for v in self.values}) > 1:
            return True
        mentioned = [v for v in self.values if v.mentioned]
        if self.key in ("school", "swv", "date"):
            return len({fold(v.text) for v in mentioned}) > 1
        return len({v.facts for v in mentioned}) > 1


def select(profiles: Sequence[Profile], names: Sequence[str]) -> list[Profile]:
    """The profiles of the schools `names` name, in that order (all SOPs of a school);
    ConfigError in Dutch for a name no indexed SOP is about."""
    chosen: list[Profile] = []
    entities = Entities((p.school, p.doc_id) for p in profiles)
    for name in names:
        ids = entities.focus(name)
        if not ids:
            known = ", ".join(sorted({p.school for p in profiles})) or "geen"
            raise ConfigError(
                f"Geen schoolondersteuningsprofiel gevonden van {name!r}. Scholen met een "
                f"profiel in de index: {known}."
            )
        chosen.extend(p for p in profiles if p.doc_id in ids and p not in chosen)
    return chosen


def rows(profiles: Sequence[Profile]) -> list[Row]:
    return [Row(f.key, f.label, tuple(p.values[f.key] for p in profiles)) for f in FIELDS]


def cell(value: Value) -> str:
    """A value with its source: 'quote (document, p. N)'."""
    if not value.mentioned:
        return NOT_MENTIONED
    pages = sorted({c.page for c in value.citations})
    source = value.citations[0].document if value.citations else ""
    where = f"{source}, p. {', '.join(map(str, pages))}" if source else ""
    prefix = f"{Status.UNKNOWN}: " if value.status == Status.UNKNOWN else ""
    return f"{prefix}{value.text} ({where})" if where else prefix + value.text


def to_markdown(profiles: Sequence[Profile]) -> str:
    header = ["Onderdeel", *(p.school for p in profiles), "Verschil"]
    table = [
        [row.label, *(cell(v) for v in row.values), "ja" if row.differs else ""]
        for row in rows(profiles)
    ]
    return markdown(header, table)


def to_csv(profiles: Sequence[Profile]) -> str:
    table = [
        {
            "onderdeel": row.label,
            "school": profile.school,
            "status": value.status,
            "waarde": value.text,
            "document": profile.document,
            "pagina": ";".join(str(p) for p in sorted({c.page for c in value.citations})),
        }
        for row in rows(profiles)
        for profile, value in zip(profiles, row.values, strict=True)
    ]
    return render(table, "csv")


def to_json(profiles: Sequence[Profile]) -> str:
    return json.dumps(
        {
            "schools": [
                {"school": p.school, "document": p.document, "title": p.title} for p in profiles
            ],
            "rows": [
                {
                    "field": row.key,
                    "label": row.label,
                    "differs": row.differs,
                    "values": [asdict(v) for v in row.values],
                }
                for row in rows(profiles)
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
