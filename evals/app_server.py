"""Start `streamlit run app.py` as a child process on 127.0.0.1 and wait until it answers
(for the browser test and the start-up benchmark)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

APP = Path(__file__).resolve().parents[1] / "app.py"  # evals/ sits beside app.py


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(env: dict[str, str], port: int, log: IO[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.port", str(port), "--server.address", "127.0.0.1",
        ],
        cwd=APP.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 180) -> float:
    """Seconds until the server's health check answers; RuntimeError if it exits or times out."""
    started = time.monotonic()
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"streamlit stopped with exit code {server.returncode}")
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"streamlit did not answer within {timeout:.0f} s")
        time.sleep(0.2)


@contextmanager
def serving(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """The app served on a free port while the block runs, its output in `log_path`; its URL.
    RuntimeError, with that output, when it does not come up."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        server = start(env, port, log)
        try:
            try:
                wait_until_up(url, server)
            except RuntimeError as exc:
                raise RuntimeError(f"{exc}: {log_path.read_text()}") from exc
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
