"""Field accuracy of school profiles (what `compare` and `check` show): the fields read from
their statements (school type, lift and accessibility, class size, support-team frequency and
members, limits of support, contact for parents, protocols), on
the SOPs whose facts are known (the demo corpus and De Poort) and on synthetic SOPs of
schools never seen, each indexed beside the shared corpus as in real use.

A value is right when it states every expected fragment (or says "niet vermeld" where the
document is silent) and cites a page; a yes/no fact is expected in its own words ("heeft een
lift", "geen lift"), so a denial does not pass for the fact.
Writes evals/results/profiles.json and prints a table."""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from evals.synthetic import build_corpus, file_name
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings
from steunwijzer.language.text import fold
from steunwijzer.profiles.fields import FIELDS as PROFILE_FIELDS
from steunwijzer.profiles.profile import NOT_MENTIONED, Profile

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "pdf"
FIELDS = tuple(f.key for f in PROFILE_FIELDS if f.finder)  # read from their statements
# Expected fragments per field ("a|b": either); None: the document does not say.
KNOWN: dict[str, dict[str, list[str] | None]] = {
    "sop-praktijkschool-het-baken-2019.pdf": {
        "type": ["praktijkonderwijs"],
        "accessibility": ["heeft een lift"],
        "class_size": ["16", "14"],
        "team_meetings": ["tien keer"],
        "team": ["zorgcoördinator", "orthopedagoog"],
        "limits": ["één-op-één"],
        "contact": ["zorgcoördinator"],
        "protocols": ["pestprotocol", "meldcode"],
    },
    "sop-het-kompas-college-2024.pdf": {
        "type": ["vmbo", "havo"],
        "accessibility": ["geen lift"],
        "class_size": ["16", "30"],
        "team_meetings": ["zes keer"],
        "team": ["ondersteuningscoördinator", "orthopedagoog"],
        "limits": ["rolstoel"],
        "contact": ["mentor|ondersteuningscoördinator"],
        "protocols": ["pestprotocol", "meldcode"],
    },
    "sop-basisschool-de-wilgenhoek-2025.pdf": {
        "type": ["basisonderwijs"],
        "accessibility": None,
        "class_size": ["24", "28"],
        "team_meetings": ["vijf keer"],
        "team": ["IB'er", "ouders"],
        "limits": ["één-op-één"],
        "contact": ["Roodhart|IB'er"],
        "protocols": ["protocol dyslexie", "meldcode"],
    },
    "sop-praktijkschool-de-poort-2023.pdf": {
        "type": ["praktijkonderwijs|voortgezet onderwijs"],
        "accessibility": ["lift"],
        "class_size": ["17"],
        "team_meetings": ["6 keer per jaar"],
        "team": ["orthopedagoog"],
        "limits": ["gespecialiseerde|autistisch|grensoverschrijdend"],
        "contact": None,
        "protocols": ["meldcode", "anti-pesten"],
    },
}


def right(profile: Profile, field: str, expected: list[str] | None) -> bool:
    value = profile.values[field]
    if expected is None:
        return value.text == NOT_MENTIONED
    text = fold(value.text)
    stated = all(any(fold(a) in text for a in fragment.split("|")) for fragment in expected)
    return stated and bool(value.citations) and all(c.page > 0 for c in value.citations)


def synthetic_expectations(count: int, folder: Path) -> dict[str, dict[str, list[str] | None]]:
    """Build `count` synthetic SOPs in `folder` and what each must say per field."""
    expected: dict[str, dict[str, list[str] | None]] = {}
    for s in build_corpus(folder, count, seed=7):
        expected[file_name(s)] = {
            # The synthetic profiles name no school type in their text, only in the name.
            "accessibility": ["heeft een lift" if s.lift else "geen lift"],
            "class_size": [str(s.class_size)],
            "team_meetings": [s.team_frequency],
            "team": ["aan tafel zitten"],
            "limits": ["geen goede plek"],
            "contact": [s.contact],
        }
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=40, help="synthetic SOPs to add")
    parser.add_argument("--json", type=Path, default=ROOT / "evals/results/profiles.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for pdf in [*ROOT.glob("corpus/*.pdf"), *SHARED.glob("*.pdf")]:
            shutil.copy(pdf, folder)
        expected = KNOWN | synthetic_expectations(args.synthetic, folder)
        assistant = Assistant(Settings(store_dir=Path(tmp) / "store", llm="none"))
        assistant.ingest([folder])
        started = time.perf_counter()
        profiles = {p.document: p for p in assistant.profiles()}
        seconds = time.perf_counter() - started
    results: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    wrong = []
    for document, fields in expected.items():
        group = "known" if document in KNOWN else "synthetic"
        for field, fragments in fields.items():
            ok = right(profiles[document], field, fragments)
            results[group][field][0] += ok
            results[group][field][1] += 1
            if not ok:
                wrong.append(
                    {"document": document, "field": field, "expected": fragments,
                     "value": profiles[document].values[field].text}
                )  # fmt: skip
    report = {
        "documents": {"known": len(KNOWN), "synthetic": len(expected) - len(KNOWN)},
        "accuracy": {
            group: {f: round(r / n, 3) for f, (r, n) in fields.items()}
            for group, fields in results.items()
        },
        "profiles_s": round(seconds, 1),
        "profiles_s_per_sop": round(seconds / len(profiles), 2),
        "wrong": wrong,
    }
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    print(f"| field | known SOPs ({len(KNOWN)}) | synthetic SOPs ({args.synthetic}) |")
    print("|---|---|---|")
    for field in FIELDS:
        cells = [
            f"{r[0]}/{r[1]}" if (r := results[group].get(field)) else "-"
            for group in ("known", "synthetic")
        ]
        print(f"| {field} | {' | '.join(cells)} |")
    print(f"profiles of {len(profiles)} SOPs in {seconds:.1f} s")
    for miss in wrong:
        print("wrong:", miss)


if __name__ == "__main__":
    main()
