"""What each audience sees of one answer (composing.audience), the answer as text to share
(composing.share), and where a cited sentence stands (viewing): on the demo index and the
demo PDFs, no language model."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers import DEMO_CORPUS, KOMPAS, DemoIndex
from PIL import Image

from steunwijzer.composing.audience import Audience, explained, shorten, view
from steunwijzer.composing.share import share_text
from steunwijzer.profiles.suitability import Verdict
from steunwijzer.viewing.context import in_document, snippet
from steunwijzer.viewing.page_image import PageNotShown, page_image

SUITABILITY = "Kan mijn kind met autisme terecht op Het Kompas College?"


@pytest.fixture(scope="module")
def suitability(demo_index: DemoIndex):
    return demo_index.assistant.ask(SUITABILITY)


def test_parent_and_mentor_differ_in_words_but_cite_the_same(suitability) -> None:
    parent, mentor = view(suitability, Audience.PARENT), view(suitability, Audience.MENTOR)
    assert parent.verdict is mentor.verdict is Verdict.OFFERED
    assert parent.lead.startswith("De school noemt dit in haar aanbod.")
    assert mentor.lead == suitability.lead and mentor.lead.startswith("In het aanbod:")
    assert parent.cited == mentor.cited == {c.n for c in suitability.citations}
    # Parents see the cited sources only; mentors every source the search found.
    assert set(parent.sources) == parent.cited
    assert set(mentor.sources) == set(range(1, len(suitability.passages) + 1))
    assert mentor.section_paths and not parent.section_paths
    assert len(parent.quotes) <= 2
    assert all(len(q.text.split()) <= 27 for q in parent.quotes)


def test_parent_quotes_are_at_most_two_and_short(demo_index: DemoIndex) -> None:
    answer = demo_index.assistant.ask("Welke ondersteuning biedt Het Kompas College?")
    parent, mentor = view(answer, "ouder"), view(answer, "swv")
    assert len(mentor.quotes) > 2 and len(parent.quotes) == 2
    assert any(q.text.endswith("…") or "… [" in q.text for q in parent.quotes)
    assert parent.cited == mentor.cited


def test_abbreviations_are_spelled_out_once_unless_the_text_does() -> None:
    assert explained("Het OT komt zes keer bij elkaar.") == (
        "Het OT (ondersteuningsteam) komt zes keer bij elkaar."
    )
    assert explained("Het OT en het OT.").count("ondersteuningsteam") == 1
    assert explained("autisme (ASS)") == "autisme (ASS)"  # the text explains it
    assert explained("De IB'er belt u.") == "De IB'er (intern begeleider) belt u."
    assert explained("Het SOP van de school") == (
        "Het SOP (schoolondersteuningsprofiel) van de school"
    )


def test_shorten_keeps_the_source_it_cut_off() -> None:
    text = " ".join(f"woord{i}" for i in range(40)) + " [3]"
    short = shorten(text, 10)
    assert short.endswith("… [3]") and len(short.split()) == 12
    assert shorten("kort [1]", 10) == "kort [1]"


def test_share_text_lists_each_source_with_title_and_page(suitability) -> None:
    text = share_text(suitability, view(suitability, "ouder"))
    assert text.startswith(f"Vraag: {SUITABILITY}")
    assert "Oordeel: in het aanbod" in text
    for citation in suitability.citations:
        assert f"[{citation.n}] {citation.title}, pagina " in text
    assert "<" not in text and "**" not in text  # plain text, no markup


def test_snippet_gives_the_sentence_with_a_little_context() -> None:
    text = "Een twee drie vier. Het gebouw heeft\ngeen lift. Vijf zes zeven acht negen tien."
    part = snippet(text, "Het gebouw heeft geen lift.", words=3)
    assert part.quote == "Het gebouw heeft geen lift."
    assert part.before == "… twee drie vier."
    assert part.after == "Vijf zes zeven …"
    assert snippet(text, "Niet in de tekst.").before == ""


def test_pdf_page_is_drawn_with_the_sentence_marked(tmp_path: Path) -> None:
    pdf = Path(shutil.copy(DEMO_CORPUS / KOMPAS, tmp_path))
    plain = page_image(pdf, 3, [])
    marked = page_image(pdf, 3, ["Het gebouw heeft geen lift.", "Staat niet op de pagina."])
    assert (marked.marked, marked.asked, marked.all_marked) == (1, 2, False)
    before = np.asarray(Image.open(io.BytesIO(plain.png)).convert("RGB")).astype(int)
    after = np.asarray(Image.open(io.BytesIO(marked.png)).convert("RGB")).astype(int)
    assert before.shape == after.shape and before.shape[1] > 800
    changed = after[(before != after).any(axis=2)]
    assert len(changed), "nothing was marked"
    red, green, blue = changed.T
    assert ((red > 200) & (green > 150) & (blue < 120)).any()  # yellow marker
    with pytest.raises(PageNotShown):
        page_image(pdf, 99, [])


def test_text_document_shows_the_passage_between_its_neighbours(demo_index: DemoIndex) -> None:
    passages = demo_index.assistant.retriever.passages
    own = sorted((p for p in passages if p.document == KOMPAS), key=lambda p: p.position)
    middle = own[len(own) // 2]
    context = in_document(middle, passages)
    assert context.passage == middle
    assert context.before.startswith("…") and context.after.endswith("…")
    assert context.before.split()[-1] in own[len(own) // 2 - 1].text
