"""The chat as a parent and a mentor meet it, in Chromium at desktop and at phone width
(390 × 844), on an index of demo documents (two PDF profiles and a text one): the answer's
first line first, the verdict label, the cited page in the app, the audience switch, the
answer as text to share. Screenshots go to test-output/browser/."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import BAKEN, DEMO_CORPUS, KOMPAS
from test_browser import ELSEWHERE, SHOTS, local_only, no_english_or_errors

from evals.app_server import CHROMIUM_ARGS, serving
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
REGENWULP = "sop-ikc-de-regenwulp-2026.txt"
SUITABILITY = "Kan mijn kind met autisme terecht op Het Kompas College?"
OVERVIEW = "Welke ondersteuning biedt Het Kompas College?"
COMPARISON = "Welke heeft een lift, Het Kompas College of Praktijkschool Het Baken?"
PHONE = {"width": 390, "height": 844}
ANSWER_TIMEOUT_MS = 240_000

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` on a fresh index of three demo documents, quotes only."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    root = tmp_path_factory.mktemp("browser-answers")
    folder = root / "docs"
    folder.mkdir()
    for name in (KOMPAS, BAKEN, REGENWULP):
        shutil.copy(DEMO_CORPUS / name, folder)
    store = root / "store"
    Assistant(Settings(store_dir=store, llm="none")).ingest([folder])
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEUNWIJZER_")}
    env |= {
        "STEUNWIJZER_STORE": str(store),
        "STEUNWIJZER_DATA_DIR": str(root / "data"),
        "STEUNWIJZER_LLM": "none",
    }
    with serving(env, root / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_app(browser, url: str, viewport: dict[str, int]):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    context.route("**/*", local_only)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(url)
    tab.get_by_test_id("stChatInputTextArea").wait_for()
    return tab


def ask(page, question: str, index: int):
    """Ask; return the box of the answer's first line once the answer is there."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    lead = page.locator(f".st-key-lead-a{index}")
    lead.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return lead


def first_card(page, index: int):
    return page.locator(f'[class*="st-key-card-a{index}-src"]').first


def on_screen(page, locator) -> bool:
    """The element is wholly inside the window, above the chat box."""
    box = locator.bounding_box()
    chat = page.get_by_test_id("stChatInput").bounding_box()
    assert box is not None and chat is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= chat["y"]


def shoot(page, name: str, full: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def share_text(page, index: int) -> str:
    return page.locator(f".st-key-share-a{index} code").first.text_content() or ""


def test_answers_first_with_verdict_sources_page_and_audience(browser, demo_url: str) -> None:
    page = open_app(browser, demo_url, {"width": 1400, "height": 1000})

    lead = ask(page, SUITABILITY, 0)
    assert "in het aanbod" in lead.inner_text()  # the verdict label
    assert "De school noemt dit in haar aanbod" in lead.inner_text()  # the parent's words
    assert "Bron [" in first_card(page, 0).inner_text()
    shoot(page, "20-desktop-suitability")

    lead = ask(page, OVERVIEW, 1)
    assert "Wat Het Kompas College biedt" in lead.inner_text()
    assert re.search(r"pagina \d+", first_card(page, 1).inner_text())

    lead = ask(page, COMPARISON, 2)
    text = lead.inner_text()
    assert "geen lift" in text and "Het Baken" in text and re.search(r"\[\d+\]", text)
    card = first_card(page, 2)
    card.get_by_role("button", name=re.compile(r"Bekijk pagina \d+")).click()
    image = page.locator('[class*="st-key-view-a2-"] img').first
    image.wait_for()
    assert image.evaluate("img => img.naturalWidth") > 500  # the page, drawn
    assert page.get_by_text("niet precies teruggevonden").count() == 0  # the sentence marked
    page.locator('[class*="st-key-view-a2-"]').first.screenshot(path=str(SHOTS / "21-page.png"))
    shoot(page, "22-desktop-comparison-page")

    lead = ask(page, "Welke ondersteuning biedt IKC De Regenwulp?", 3)
    first_card(page, 3).get_by_role("button", name="Bekijk in de tekst").click()
    context = page.locator('[class*="st-key-view-a3-"] .sw-context').first
    context.wait_for()
    assert context.locator("mark").count() >= 1  # the cited sentence, in its text
    shoot(page, "23-desktop-text-source")

    parent_lead = page.locator(".st-key-lead-a0").inner_text()
    parent_share = share_text(page, 0)
    page.get_by_text("Mentor of zorgcoördinator").click()
    page.wait_for_function(
        "() => document.querySelector('.st-key-lead-a0')?.innerText.includes('In het aanbod:')"
    )
    mentor_lead = page.locator(".st-key-lead-a0").inner_text()
    mentor_share = share_text(page, 0)
    assert mentor_lead != parent_lead and "De school noemt dit" not in mentor_lead
    assert " > " in first_card(page, 0).inner_text()  # the whole section path
    # The same sources, with the same pages, for both.
    assert "Bronnen:" in parent_share
    assert sources(parent_share) == sources(mentor_share) and sources(parent_share)
    shoot(page, "24-desktop-mentor")
    no_english_or_errors(page)
    assert ELSEWHERE == [], f"the browser asked for {ELSEWHERE}"


def sources(shared: str) -> list[str]:
    return shared.split("Bronnen:", 1)[-1].strip().splitlines()[:-2]


def test_on_a_phone_the_first_line_and_first_source_are_on_screen(browser, demo_url) -> None:
    page = open_app(browser, demo_url, PHONE)
    lead = ask(page, SUITABILITY, 0)
    title = first_card(page, 0).locator("strong").first
    # The app scrolls the new question to the top once the answer is drawn (ui/scroll.py).
    page.wait_for_function("() => document.body.dataset.swScrolled === '.st-key-exchange-0'")
    shoot(page, "30-phone-answer", full=False)
    assert on_screen(page, lead), "the first line is not on the screen after the answer"
    assert on_screen(page, title), "the first source's title is not on the screen"
    assert "Bron [" in title.inner_text()
    first_card(page, 0).get_by_role("button", name=re.compile(r"Bekijk pagina \d+")).click()
    page.locator('[class*="st-key-view-a0-"] img').first.wait_for()
    shoot(page, "31-phone-page")
    no_english_or_errors(page)
    assert ELSEWHERE == [], f"the browser asked for {ELSEWHERE}"
