"""Chroma as a server (STEUNWIJZER_CHROMA_URL): a real `chroma run` from the chromadb package
gives the same passages as the embedded store, a change made by one Assistant is seen by the
next search of another (also embedded), and an unreachable, malformed or refusing server is a
Dutch ConfigError that names the URL.

The Chroma 1.x server does not check tokens itself (its config keys for authentication are
ignored), so token refusal is tested through a small gate in front of the real server that
does what a reverse proxy would: pass requests with the right bearer token, refuse the rest."""

from __future__ import annotations

import http.client
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import (
    DemoIndex,
    assistant_for,
    cli_command,
    cli_env,
    homework_markdown,
    is_dutch,
    swimming_text,
)

from evals.chroma_server import chroma_server as running_server
from evals.chroma_server import free_port
from steunwijzer.assistant import Assistant
from steunwijzer.config import Settings, chroma_address
from steunwijzer.errors import ConfigError, StoreError
from steunwijzer.index.embeddings import NamedEmbeddings
from steunwijzer.index.store import Store
from steunwijzer.types import DocumentInfo

QUESTIONS = (
    "Hoe groot zijn de klassen op Het Baken?",
    "Heeft Het Kompas College een lift?",
    "Wie zit er in het ondersteuningsteam?",
    "Wat is een OPP?",
    "Hoe vaak komt het OT bij elkaar op De Wilgenhoek?",
    "Wat doet het samenwerkingsverband als de basisondersteuning niet genoeg is?",
)
SWIM_QUESTION = "Wat drinken de kinderen na het zwemmen in de kantine?"
TOKEN = "juist-token"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (the `chroma` command of the chromadb package) on a free port."""
    folder = tmp_path_factory.mktemp("chroma-server")
    with running_server(folder / "data", folder / "server.log") as url:
        yield url


def on_server(store_dir: Path, url: str, embedder: NamedEmbeddings, token: str = "") -> Assistant:
    """An Assistant whose index is on the Chroma server at `url`; `store_dir` only holds the
    write lock and caches. It shares the session's embedder."""
    settings = Settings(store_dir=store_dir, llm="none", chroma_url=url, chroma_token=token)
    assistant = Assistant(settings)
    assistant.__dict__["embedder"] = embedder
    return assistant


@pytest.fixture(scope="module")
def server_index(
    chroma_server: str,
    demo_index: DemoIndex,
    embedder: NamedEmbeddings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Assistant:
    """The demo corpus (the very files of the embedded session index) indexed on the server."""
    assistant = on_server(tmp_path_factory.mktemp("server-store"), chroma_server, embedder)
    report = assistant.ingest([demo_index.folder])
    assert sorted(report.added) == sorted(demo_index.report.added)
    return assistant


# -- the same index either way ----------------------------------------------------------------


@pytest.mark.slow
def test_the_server_holds_the_same_documents_and_passages(
    server_index: Assistant, demo_index: DemoIndex
) -> None:
    def records(assistant: Assistant) -> list[DocumentInfo]:
        return [replace(d, indexed_at="") for d in assistant.documents()]

    assert records(server_index) == records(demo_index.assistant)
    assert server_index.store.passages() == demo_index.store.passages()
    stats = server_index.stats()
    assert stats.store == server_index.settings.chroma_url
    assert stats.chunks == demo_index.assistant.stats().chunks > 0


@pytest.mark.slow
@pytest.mark.parametrize("question", QUESTIONS)
def test_the_server_finds_the_same_passages_in_the_same_order(
    question: str, server_index: Assistant, demo_index: DemoIndex
) -> None:
    found = server_index.retriever.search(question, 5)
    expected = demo_index.assistant.retriever.search(question, 5)
    assert [p.chunk_id for p in found] == [p.chunk_id for p in expected]
    assert [p.score for p in found] == pytest.approx([p.score for p in expected], abs=1e-3)
    answer, embedded_answer = server_index.ask(question), demo_index.assistant.ask(question)
    assert (answer.answered, answer.text) == (embedded_answer.answered, embedded_answer.text)


# -- a change by one is seen by the other -------------------------------------------------------


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.slow)])
def two_assistants(
    request: pytest.FixtureRequest, tmp_path: Path, embedder: NamedEmbeddings
) -> tuple[Assistant, Assistant]:
    """A reader and a writer on one index: one store folder, or one Chroma server (with a
    store folder each, as two app instances on two machines would have)."""
    if request.param == "embedded":
        reader = assistant_for(tmp_path / "store", embedder)
        writer = assistant_for(tmp_path / "store", embedder)
        homework = tmp_path / "huiswerk.md"
        homework.write_text(homework_markdown(), encoding="utf-8")
        writer.ingest([homework])  # a first document, so the reader has an index to search
    else:
        url = request.getfixturevalue("server_index").settings.chroma_url
        reader = on_server(tmp_path / "reader", url, embedder)
        writer = on_server(tmp_path / "writer", url, embedder)
    return reader, writer


def test_the_next_search_sees_what_another_assistant_added_or_removed(
    two_assistants: tuple[Assistant, Assistant], tmp_path: Path
) -> None:
    reader, writer = two_assistants
    before = reader.ask(SWIM_QUESTION)
    assert not any(p.document == "zwemmen.txt" for p in before.passages)
    snapshot = reader.retriever
    reader.ask(SWIM_QUESTION)
    assert reader.retriever is snapshot  # nothing changed: no rebuild

    swimming = tmp_path / "zwemmen.txt"
    swimming.write_text(swimming_text("een beker"), encoding="utf-8")
    assert writer.ingest([swimming]).added == [str(swimming)]
    [doc_id] = [d.doc_id for d in writer.documents() if d.document == "zwemmen.txt"]
    try:
        answer = reader.ask(SWIM_QUESTION)
        assert reader.retriever is not snapshot
        assert answer.answered, answer.text
        assert any(p.document == "zwemmen.txt" for p in answer.passages)
        assert "chocolademelk" in answer.text
    finally:
        writer.remove(doc_id)

    answer = reader.ask(SWIM_QUESTION)
    assert not any(p.document == "zwemmen.txt" for p in answer.passages)
    assert "chocolademelk" not in answer.text


def test_every_commit_changes_the_generation_and_nothing_else_does(
    new_assistant: Callable[[], Assistant], tmp_path: Path
) -> None:
    assistant = new_assistant()
    store = assistant.store
    assert store.generation() == ""
    swimming = tmp_path / "zwemmen.txt"
    swimming.write_text(swimming_text(), encoding="utf-8")

    assistant.ingest([swimming])
    added = store.generation()
    assistant.ingest([swimming])  # unchanged: skipped, nothing committed
    assert store.generation() == added != ""
    swimming.write_text(swimming_text("een grote beker"), encoding="utf-8")
    assistant.ingest([swimming])
    replaced = store.generation()
    assert replaced != added
    assert Store(store.path, store.embedder_name).generation() == replaced  # stored, not held
    assistant.remove(store.documents()[0].doc_id)
    assert store.generation() not in ("", added, replaced)


# -- servers that cannot be used ----------------------------------------------------------------


def test_an_unreachable_server_is_a_dutch_error_naming_the_url(
    tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(ConfigError) as caught:
        on_server(tmp_path / "store", url, embedder).documents()
    message = str(caught.value)
    assert url in message and "niet bereikbaar" in message and is_dutch(message)


@pytest.mark.slow
def test_the_cli_reports_an_unreachable_server_without_a_stack_trace(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    env = cli_env(tmp_path / "store") | {"STEUNWIJZER_CHROMA_URL": url}
    done = subprocess.run(
        [*cli_command(), "stats"], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 1
    assert url in done.stderr and "niet bereikbaar" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_port_without_chroma_is_a_dutch_error(tmp_path: Path, embedder: NamedEmbeddings) -> None:
    class NotChroma(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    with serving(NotChroma) as url, pytest.raises(ConfigError) as caught:
        on_server(tmp_path / "store", url, embedder).documents()
    assert url in str(caught.value) and "geen Chroma-server" in str(caught.value)


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1:8000", "127.0.0.1:8000", "http://127.0.0.1:poort", "http://h:8000/chroma"],
)
def test_a_malformed_url_is_refused_when_the_settings_are_read(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"STEUNWIJZER_CHROMA_URL": url})
    assert "STEUNWIJZER_CHROMA_URL" in str(caught.value) and is_dutch(str(caught.value))


def test_both_variables_are_read_and_the_token_is_not_shown() -> None:
    env = {
        "STEUNWIJZER_CHROMA_URL": " http://chroma.school.nl:8001 ",
        "STEUNWIJZER_CHROMA_TOKEN": TOKEN,
    }
    settings = Settings.from_env(env)
    assert (settings.chroma_url, settings.chroma_token) == ("http://chroma.school.nl:8001", TOKEN)
    assert TOKEN not in repr(settings)
    assert Settings.from_env({}).chroma_url == ""
    assert chroma_address("http://chroma.school.nl:8001") == ("chroma.school.nl", 8001, False)
    assert chroma_address("http://127.0.0.1/") == ("127.0.0.1", 8000, False)  # Chroma's port
    assert chroma_address("https://chroma.school.nl") == ("chroma.school.nl", 443, True)
    with pytest.raises(ConfigError, match="STEUNWIJZER_CHROMA_TOKEN"):
        Settings.from_env({"STEUNWIJZER_CHROMA_TOKEN": "twee woorden"})


# -- a token ----------------------------------------------------------------------------------


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A ThreadingHTTPServer with `handler` on a free local port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def token_gate(upstream: str, open_heartbeat: bool) -> type[BaseHTTPRequestHandler]:
    """A handler that forwards requests carrying `Authorization: Bearer TOKEN` to `upstream`
    and refuses the rest, the way Chroma's own token check did (403, AuthError)."""
    host, port, _ = chroma_address(upstream)

    class Gate(BaseHTTPRequestHandler):
        def relay(self) -> None:
            allowed = self.headers.get("Authorization") == f"Bearer {TOKEN}" or (
                open_heartbeat and self.path == "/api/v2/heartbeat"
            )
            if not allowed:
                self.reply(403, b'{"error": "AuthError", "message": "Forbidden"}')
                return
            length = int(self.headers.get("Content-Length") or 0)
            upstream_connection = http.client.HTTPConnection(host, port, timeout=60)
            upstream_connection.request(
                self.command,
                self.path,
                body=self.rfile.read(length) if length else None,
                headers={"Content-Type": "application/json"},
            )
            response = upstream_connection.getresponse()
            self.reply(response.status, response.read())
            upstream_connection.close()

        def reply(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = relay

        def log_message(self, *args: object) -> None:
            pass

    return Gate


@pytest.mark.slow
@pytest.mark.parametrize("open_heartbeat", [True, False], ids=["api-guarded", "all-guarded"])
def test_a_wrong_or_missing_token_is_refused_and_the_right_one_is_sent(
    open_heartbeat: bool, server_index: Assistant, tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    with serving(token_gate(server_index.settings.chroma_url, open_heartbeat)) as url:
        for token in ("fout-token", ""):
            with pytest.raises(ConfigError) as caught:
                on_server(tmp_path / "store", url, embedder, token).documents()
            message = str(caught.value)
            assert url in message and "weigert de toegang" in message, message
            assert "STEUNWIJZER_CHROMA_TOKEN" in message and is_dutch(message)

        allowed = on_server(tmp_path / "store", url, embedder, TOKEN)
        assert allowed.documents() == server_index.documents()
        assert allowed.retriever.search(QUESTIONS[0], 3)


@pytest.mark.slow
def test_the_server_mode_keeps_the_write_lock_in_the_store_folder(
    server_index: Assistant,
) -> None:
    store_dir = server_index.settings.store_dir
    assert (store_dir / "ingest.lock").exists()
    assert not (store_dir / "chroma.sqlite3").exists()  # the index itself is on the server


@pytest.mark.slow
def test_a_server_that_goes_away_is_a_dutch_error_at_the_next_question(
    server_index: Assistant, tmp_path: Path, embedder: NamedEmbeddings
) -> None:
    with serving(token_gate(server_index.settings.chroma_url, True)) as url:
        assistant = on_server(tmp_path / "store", url, embedder, TOKEN)
        assert assistant.ask(QUESTIONS[0]).passages
    with pytest.raises(StoreError) as caught:
        assistant.ask(QUESTIONS[0])
    assert url in str(caught.value) and is_dutch(str(caught.value))
