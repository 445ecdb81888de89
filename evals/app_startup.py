"""`make bench` (app part): how long `streamlit run app.py` takes to a usable page, and to the
passages and the answer of a first question, measured in Debian's Chromium.

Each run starts a new server process and opens the page in a new browser. "Usable" means the
chat box and the example questions are on screen (the embedder and the index load in the
background meanwhile; a language model only when one is chosen, at the first question). The
first run may read files from disk; later runs are warm. The answer counts when its first
source card is on screen. The server's peak RSS is read from /proc when the run ends."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from evals.app_server import CHROMIUM_ARGS, free_port, start, wait_until_up
from evals.run import ROOT
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings

QUESTION = "Welke ondersteuning biedt De Poort?"


def one_run(env: dict[str, str], log_path: Path) -> dict[str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log, sync_playwright() as playwright:
        launched = time.monotonic()
        server = start(env, port, log)
        try:
            up = wait_until_up(url, server)
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.set_default_timeout(300_000)
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for()
            page.get_by_text("Voorbeeldvragen").wait_for()
            usable = time.monotonic() - launched
            asked = time.monotonic()
            box.fill(QUESTION)
            box.press("Enter")
            # The answer with its sources: a card "Bron [n]" (an overview may cite from [6] on).
            page.get_by_text(re.compile(r"Bron \[\d+\]")).first.wait_for()
            answer = time.monotonic() - asked
            browser.close()
            peak = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "server_up_s": up,
        "usable_s": usable,
        "answer_s": answer,
        "peak_rss_mb": peak,
    }


def peak_rss_mb(pid: int) -> float:
    """The largest resident set the process has had (Linux: VmHWM), in MB; NaN elsewhere."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    kib = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")), "")
    return int(kib) / 1024 if kib else float("nan")


def measure(corpus: Path, runs: int, llm: str = "") -> list[dict[str, float]]:
    """`runs` start-ups of the app on a fresh index of `corpus`, each in a new server process."""
    with tempfile.TemporaryDirectory(prefix="steunwijzer-app-") as tmp:
        store = Path(tmp) / "store"
        Assistant(Settings(store_dir=store, llm="none")).ingest([corpus])
        env = {k: v for k, v in os.environ.items() if not k.startswith("STEUNWIJZER_")}
        env |= {"STEUNWIJZER_STORE": str(store), "STEUNWIJZER_DATA_DIR": str(Path(tmp) / "data")}
        if llm:
            env["STEUNWIJZER_LLM"] = llm
        return [one_run(env, Path(tmp) / f"streamlit-{n}.log") for n in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "pdf")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--llm", default="", help="STEUNWIJZER_LLM for the app (default: none)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    runs = measure(args.corpus, args.runs, args.llm)
    print(f"app start-up, {args.runs} runs (first, then warm median), corpus {args.corpus.name}")
    summary: dict[str, dict[str, float]] = {}
    for key in runs[0]:
        warm = [r[key] for r in runs[1:]] or [runs[0][key]]
        summary[key] = {
            "first": round(runs[0][key], 2),
            "warm_median": round(statistics.median(warm), 2),
        }
        print(
            f"  {key:<12} first {summary[key]['first']:6.2f} s"
            f"   warm median {summary[key]['warm_median']:6.2f} s"
        )
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "summary": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
