"""Connecting to a Chroma server: a heartbeat with a timeout first (Chroma's own client waits
forever for a silent host), then the client; every failure as a Dutch message naming the URL."""

from __future__ import annotations

import urllib.request
from urllib.error import HTTPError, URLError

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import AuthorizationError, ChromaAuthError, ChromaError

from steunwijzer.config import chroma_address
from steunwijzer.errors import ConfigError

CONNECT_TIMEOUT = 5.0  # seconds


def connect(url: str, token: str) -> ClientAPI:
    """A client of the Chroma server at `url`, or a ConfigError that names the URL."""
    host, port, ssl = chroma_address(url)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    refused = f"De Chroma-server op {url} weigert de toegang: controleer STEUNWIJZER_CHROMA_TOKEN."
    # First a heartbeat with a timeout: Chroma's client would wait forever for a silent host.
    root = f"{'https' if ssl else 'http'}://{f'[{host}]' if ':' in host else host}:{port}"
    try:
        request = urllib.request.Request(f"{root}/api/v2/heartbeat", headers=headers)
        with urllib.request.urlopen(request, timeout=CONNECT_TIMEOUT):
            pass
    except HTTPError as exc:
        if exc.code in (401, 403):
            raise ConfigError(f"{refused} (HTTP {exc.code})") from exc
        raise ConfigError(f"Op {url} draait geen Chroma-server (HTTP {exc.code}).") from exc
    except (URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, URLError) else exc
        raise ConfigError(
            f"De Chroma-server op {url} is niet bereikbaar ({reason}). Controleer "
            "STEUNWIJZER_CHROMA_URL en of de server draait."
        ) from exc
    except ValueError as exc:  # a header http.client refuses (a token with a line break)
        raise ConfigError(f"De Chroma-server op {url} is niet te gebruiken ({exc}).") from exc
    try:
        return chromadb.HttpClient(
            host=host,
            port=port,
            ssl=ssl,
            headers=headers,
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except (ChromaAuthError, AuthorizationError) as exc:
        raise ConfigError(refused) from exc
    except (ChromaError, ValueError) as exc:
        raise ConfigError(f"De Chroma-server op {url} is niet te gebruiken ({exc}).") from exc
