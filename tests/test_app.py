"""The Streamlit app, run by streamlit.testing.AppTest on real indexes (quoted answers: the
language model has its own tests, and the browser test runs the app with it)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from helpers import BAKEN, DEMO_PDFS, KOMPAS, REPO, DemoIndex, is_dutch, write_pdf
from streamlit.testing.v1 import AppTest

from steunwijzer.answering.declines import NOT_FOUND
from steunwijzer.assistant import Assistant
from ui.plain import JOINER
from ui.state import CRASHED

APP = str(REPO / "app.py")
TIMEOUT = 120


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[Path], None]:
    """Point the app at an index, with its own data folder and no language model."""

    def use(store: Path) -> None:
        monkeypatch.setenv("STEUNWIJZER_STORE", str(store))
        monkeypatch.setenv("STEUNWIJZER_LLM", "none")
        monkeypatch.setenv("STEUNWIJZER_DATA_DIR", str(tmp_path / "data"))

    return use


@pytest.fixture
def demo_app(app_env: Callable[[Path], None], demo_index: DemoIndex) -> Iterator[AppTest]:
    app_env(demo_index.store_dir)
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not app.exception
    yield app
    healthy(app)


def healthy(app: AppTest) -> None:
    """No stack trace, and no failure caught by the app's error boundary."""
    assert not app.exception, "a stack trace reached the page"
    assert all(CRASHED not in e.value for e in app.error), "a page failed (see the log)"


def ask(app: AppTest, question: str) -> AppTest:
    app.chat_input[0].set_value(question).run()
    assert not app.exception
    return app


def as_shown(text: object) -> str:
    """Text as the page shows it: Markdown's backslash escapes (ui.plain) read."""
    return re.sub(r"\\(.)", r"\1", str(text)).replace(JOINER, "")


def shown(table: Any) -> pd.DataFrame:
    """A table's cells, header and row labels as the page shows them."""
    frame = table.value
    if hasattr(frame, "data"):  # a pandas Styler
        frame = frame.data
    frame = frame.map(as_shown)
    frame.columns = [as_shown(c) for c in frame.columns]
    frame.index = [as_shown(i) for i in frame.index]
    return frame


def last_answer(app: AppTest):  # the last assistant chat message block
    return [m for m in app.chat_message if m.name == "assistant"][-1]


def buttons(app: AppTest, prefix: str) -> list:
    """The app's buttons whose key starts with `prefix`."""
    return [b for b in app.button if (b.key or "").startswith(prefix)]


def card_titles(block) -> list[str]:
    return [m.value for m in block.markdown if m.value.startswith(("**Bron", "**Dichtbij"))]


def test_first_page_offers_examples_per_audience(demo_app: AppTest) -> None:
    labels = [b.label for b in demo_app.button]
    assert "Nieuw gesprek" in labels
    parent_examples = [b.label for b in buttons(demo_app, "example-")]
    assert len(parent_examples) == 3
    # Example questions name a school that is really indexed.
    assert any("Het Baken" in e or "Kompas" in e or "Wilgenhoek" in e for e in parent_examples)
    demo_app.radio(key="audience").set_value("mentor").run()
    mentor_examples = [b.label for b in buttons(demo_app, "example-")]
    assert mentor_examples and set(mentor_examples).isdisjoint(parent_examples)
    assert demo_app.chat_input  # the box is there from the first render
    # The sidebar says how answers are made: quotes only, without a model.
    assert any("letterlijke citaten" in c.value for c in demo_app.sidebar.caption)


def test_the_first_page_needs_no_model_the_first_question_loads_it(demo_index: DemoIndex) -> None:
    assistant = Assistant(demo_index.assistant.settings)
    documents = [d.document for d in assistant.documents()]  # what the first page lists
    assert documents == [d.document for d in demo_index.assistant.documents()]
    assert "embedder" not in assistant.__dict__  # the index opened without the model
    assert "backend" not in assistant.__dict__
    answer = assistant.ask("Heeft Het Kompas College een lift?")
    assert answer.answered and "embedder" in assistant.__dict__
    assert assistant.backend is None  # quotes only: no language model was chosen


def test_asking_shows_the_answer_and_numbered_source_cards(demo_app: AppTest) -> None:
    ask(demo_app, "Heeft Het Kompas College een lift?")
    block = last_answer(demo_app)
    text = " ".join(m.value for m in block.markdown)
    assert "geen lift" in text
    cards = card_titles(block)
    assert cards and all("Kompas" in title for title in cards)
    captions = " ".join(c.value for c in block.caption)
    assert "pagina 3" in captions  # the page the quoted sentence stands on
    # The cited sentence is highlighted in the passage.
    assert any("<mark>" in h.proto.body and "geen lift" in h.proto.body for h in block.get("html"))
    assert any(d.label.startswith("Download het document") for d in block.get("download_button"))


def test_first_line_comes_first_and_the_audience_switch_changes_it(demo_app: AppTest) -> None:
    ask(demo_app, "Kan mijn kind met autisme terecht op Het Kompas College?")
    block = last_answer(demo_app)
    badges = [m.value for m in block.markdown if "-badge[" in m.value]
    assert len(badges) == 1 and ":green-badge[" in badges[0] and "in het aanbod" in badges[0]
    parent = [m.value for m in block.markdown if not m.value.startswith(("**", ":"))]
    assert as_shown(parent[0]).startswith("De school noemt dit in haar aanbod.")
    shared = block.code[0].value
    demo_app.radio(key="audience").set_value("mentor").run()
    block = last_answer(demo_app)
    mentor = [m.value for m in block.markdown if not m.value.startswith(("**", ":"))]
    assert as_shown(mentor[0]).startswith("In het aanbod:")
    assert mentor != parent
    # The same sources and pages for both.
    sources = shared.split("Bronnen:")[1]
    assert sources == block.code[0].value.split("Bronnen:")[1]
    assert re.search(r"\[\d+\] Schoolondersteuningsprofiel Het Kompas College, pagina \d", sources)


def test_a_source_page_opens_in_the_app(demo_app: AppTest) -> None:
    ask(demo_app, "Heeft Het Kompas College een lift?")
    show = next(b for b in buttons(demo_app, "show-a0-") if b.label.startswith("Bekijk pagina"))
    show.click().run()
    healthy(demo_app)
    assert any(b.label.startswith("Verberg pagina") for b in buttons(demo_app, "show-a0-"))
    assert last_answer(demo_app).get("image"), "no page image"
    assert all("niet precies teruggevonden" not in c.value for c in demo_app.caption)


def test_example_button_asks_its_question(demo_app: AppTest) -> None:
    example = buttons(demo_app, "example-1")[0]
    example.click().run()
    assert not demo_app.exception
    user = [m for m in demo_app.chat_message if m.name == "user"]
    assert user and user[-1].markdown[0].value == example.label  # both as plain text
    assert card_titles(last_answer(demo_app))


def test_sidebar_school_filter_keeps_sources_to_that_school(demo_app: AppTest) -> None:
    question = "Is er een lift in het gebouw?"
    ask(demo_app, question)
    unfiltered = demo_app.session_state["conversation"][-1].answer.passages
    assert any(not p.document.startswith("sop-praktijkschool-het-baken") for p in unfiltered)
    baken = next(o for o in demo_app.multiselect(key="f_school").options if "Baken" in o)
    demo_app.multiselect(key="f_school").select(baken).run()
    ask(demo_app, question)
    cards = card_titles(last_answer(demo_app))
    assert cards and all("Baken" in title for title in cards)
    passages = demo_app.session_state["conversation"][-1].answer.passages
    assert passages and all(baken in p.schools for p in passages)


def test_named_school_filter_is_shown_and_removable(demo_app: AppTest) -> None:
    ask(demo_app, "Hoe vaak komt het ondersteuningsteam van Het Kompas College bij elkaar?")
    chip = buttons(demo_app, "unfilter-0-")[0]
    assert "Kompas" in chip.label
    chip.click().run()
    assert not demo_app.exception
    assistant_blocks = [m for m in demo_app.chat_message if m.name == "assistant"]
    assert len(assistant_blocks) == 2
    note = " ".join(c.value for c in assistant_blocks[-1].caption)
    assert "alle documenten" in note
    first, second = (e.answer.passages for e in demo_app.session_state["conversation"])
    assert all("Het Kompas College" in p.schools for p in first)
    assert any("Het Kompas College" not in p.schools for p in second)
    assert not buttons(demo_app, "unfilter-1-")


def test_unanswerable_question_says_so_and_shows_nearest_passages(demo_app: AppTest) -> None:
    ask(demo_app, "Hoeveel kost een schoolreis naar Parijs op Het Kompas College?")
    block = last_answer(demo_app)
    assert [w.value.replace("\\", "") for w in block.warning] == [NOT_FOUND]
    cards = card_titles(block)
    assert cards and all(title.startswith("**Dichtbij") for title in cards)
    assert any("geen" in c.value and "antwoord" in c.value for c in block.caption)


def test_new_conversation_clears_the_chat(demo_app: AppTest) -> None:
    ask(demo_app, "Heeft Het Kompas College een lift?")
    assert demo_app.chat_message
    next(b for b in demo_app.button if b.label == "Nieuw gesprek").click().run()
    assert not demo_app.chat_message


def test_feedback_is_stored_as_a_json_line(demo_app: AppTest, tmp_path: Path) -> None:
    ask(demo_app, "Heeft Het Kompas College een lift?")
    demo_app.feedback(key="thumbs-0").set_value(0).run()  # thumbs down
    demo_app.text_input(key="comment-0").input("Het antwoord noemt de trap niet.").run()
    demo_app.button(key="send-0").click().run()
    lines = (tmp_path / "data" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    stored = json.loads(lines[0])
    assert stored["helpful"] is False
    assert stored["comment"] == "Het antwoord noemt de trap niet."
    assert stored["question"] == "Heeft Het Kompas College een lift?"
    assert any(KOMPAS in source for source in stored["sources"])
    assert "Bedankt" in " ".join(c.value for c in last_answer(demo_app).caption)


def test_documents_page_lists_the_index(demo_app: AppTest, demo_index: DemoIndex) -> None:
    demo_app.switch_page("pages/documents.py").run()
    assert not demo_app.exception
    table = shown(demo_app.table[0])
    assert len(table) == len(demo_index.assistant.documents())
    assert set(table["Bestand"]) >= {BAKEN, KOMPAS}


def test_glossary_page_explains_abbreviations(demo_app: AppTest) -> None:
    demo_app.switch_page("pages/glossary.py").run()
    assert not demo_app.exception
    table = shown(demo_app.table[0])
    row = table[table["Afkorting"] == "OPP"].iloc[0]
    assert row["Betekenis"] == "ontwikkelingsperspectiefplan"
    assert "pagina" in row["Uitgelegd in"] or "pagina" in row["Voor het eerst gebruikt in"]


@pytest.fixture
def small_app(app_env: Callable[[Path], None], tmp_path: Path) -> Iterator[AppTest]:
    """The app on a fresh index of one demo SOP (uploads change it)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    source = Path(shutil.copy(next(p for p in DEMO_PDFS if p.name == BAKEN), folder))
    from steunwijzer.assistant import Assistant
    from steunwijzer.config import Settings

    store = tmp_path / "store"
    Assistant(Settings(store_dir=store, llm="none")).ingest([source])
    app_env(store)
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    app.switch_page("pages/documents.py").run()
    assert not app.exception
    yield app
    healthy(app)


def upload(app: AppTest, name: str, data: bytes, mime: str = "application/pdf") -> AppTest:
    app.file_uploader[0].set_value((name, data, mime)).run()
    next(b for b in app.button if b.label == "Toevoegen aan de index").click().run()
    assert not app.exception
    return app


def test_bad_upload_gets_a_dutch_error_and_indexes_nothing(
    small_app: AppTest, tmp_path: Path
) -> None:
    before = len(shown(small_app.table[0]))
    upload(small_app, "kapot.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EO")
    errors = [e.value.replace("\\", "") for e in small_app.error]
    assert len(errors) == 1 and "kapot.pdf" in errors[0]
    assert is_dutch(errors[0])
    assert len(shown(small_app.table[0])) == before
    uploads = tmp_path / "data" / "documents"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_upload_of_an_unreadable_kind_gets_a_dutch_error(small_app: AppTest) -> None:
    upload(small_app, "notulen.rtf", b"{\\rtf1 Notulen}", "application/rtf")
    errors = [e.value.replace("\\", "") for e in small_app.error]
    assert len(errors) == 1 and "notulen.rtf" in errors[0] and "PDF" in errors[0]
    assert is_dutch(errors[0])


def test_good_upload_is_indexed_and_answerable(small_app: AppTest, tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "sop-de-vuurtoren.pdf",
        [
            [
                "Schoolondersteuningsprofiel Basisschool De Vuurtoren",
                "Basisschool De Vuurtoren heeft een snoezelruimte op de eerste verdieping.",
                "Kinderen die even tot rust moeten komen, mogen daar een kwartier zitten.",
            ]
        ],
        title="Schoolondersteuningsprofiel Basisschool De Vuurtoren",
    )
    upload(small_app, "sop-de-vuurtoren.pdf", pdf.read_bytes())
    assert any("sop-de-vuurtoren.pdf" in s.value.replace("\\", "") for s in small_app.success)
    assert "sop-de-vuurtoren.pdf" in set(shown(small_app.table[0])["Bestand"])
    small_app.switch_page("pages/chat.py").run()
    ask(small_app, "Heeft De Vuurtoren een snoezelruimte?")
    block = last_answer(small_app)
    assert "snoezelruimte" in " ".join(m.value for m in block.markdown)
    assert any("Vuurtoren" in title for title in card_titles(block))


def test_compare_page_shows_schools_side_by_side(demo_app: AppTest, demo_index: DemoIndex) -> None:
    demo_app.switch_page("pages/compare.py").run()
    healthy(demo_app)
    ids = {d.document: d.doc_id for d in demo_index.assistant.documents()}
    demo_app.multiselect(key="compare_schools").set_value([ids[KOMPAS], ids[BAKEN]]).run()
    healthy(demo_app)
    table = shown(demo_app.table[0])
    assert list(table.columns) == ["Het Kompas College", "Praktijkschool Het Baken"]
    lift = table.loc["Gebouw en toegankelijkheid"]
    assert "geen lift" in lift["Het Kompas College"] and "p. 3" in lift["Het Kompas College"]
    assert "heeft een lift" in lift["Praktijkschool Het Baken"]
    assert len(demo_app.get("download_button")) == 2


def test_consistency_page_reports_old_profiles_and_schools_with(demo_app: AppTest) -> None:
    demo_app.switch_page("pages/consistency.py").run()
    healthy(demo_app)
    subheaders = [s.value for s in demo_app.subheader]
    assert "Ouder dan vier jaar (1)" in subheaders
    assert "Basisondersteuning per school" in subheaders  # the demo SWV plan's six standards
    # The coverage map of the first SWV, a verdict per need, then its quotes and pages.
    assert "Dekking van het netwerk" in subheaders
    covered = demo_app.dataframe[0].value
    assert list(covered.columns) == [
        "Ondersteuningsbehoefte",
        "Basisschool De Wilgenhoek",
        "Netwerk",
    ]
    assert len(covered) == 15
    quotes = demo_app.dataframe[1].value
    assert {"Behoefte", "School", "Oordeel", "Pagina", "Citaat"} == set(quotes.columns)
    assert quotes["Pagina"].notna().all()
    demo_app.selectbox(key="coverage_swv").select_index(1).run()  # SWV VO Dijkerland
    healthy(demo_app)
    assert "Het Kompas College" in demo_app.dataframe[0].value.columns
    old = shown(demo_app.table[0])
    assert list(old["Document"]) == [BAKEN]
    demo_app.text_input(key="schools_with").input("NT2-docent").run()
    healthy(demo_app)
    having = shown(demo_app.table[-1])
    answers = dict(zip(having["School"], having["Heeft het"], strict=True))
    assert answers["Het Kompas College"] == "ja"
    assert answers["Praktijkschool Het Baken"].startswith("nee")
