"""A real Chroma server (the `chroma` command that ships in the chromadb package) on a free
loopback port, for the server-mode tests and the benchmark."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers_heartbeat(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def chroma_server(data: Path, log: Path, wait_s: float = 60) -> Iterator[str]:
    """Serve the Chroma data folder `data` (created when missing, or an existing embedded
    store) until the block ends; yields the server's URL. Its output goes to `log`."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        raise RuntimeError(f"the chroma command of the chromadb package is missing ({chroma})")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [chroma, "run", "--path", data, "--host", "127.0.0.1", "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + wait_s
            while not answers_heartbeat(url):
                text = log.read_text(errors="replace")
                if server.poll() is not None:
                    raise RuntimeError(f"chroma run stopped:\n{text}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no heartbeat from {url}:\n{text}")
                time.sleep(0.1)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
