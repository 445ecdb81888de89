"""Files people upload in the app: checked, then kept in the data folder beside the index."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from steunwijzer.errors import DocumentError
from steunwijzer.ingest.readers import SUPPORTED


def check_upload(name: str, size: int, max_mb: int) -> str:
    """The safe file name to store an upload under; DocumentError (in Dutch) when its type or
    size cannot be used."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        kinds = ", ".join(s.lstrip(".").upper() for s in SUPPORTED)
        raise DocumentError(
            f"{name}: dit soort bestand kan Steunwijzer niet lezen ({suffix or 'geen extensie'}). "
            f"Kies een {kinds}-bestand."
        )
    if size == 0:
        raise DocumentError(f"{name}: het bestand is leeg.")
    if size > max_mb * 1024 * 1024:
        raise DocumentError(
            f"{name}: het bestand is te groot ({size / 1024 / 1024:.1f} MB; maximaal {max_mb} MB)."
        )
    stem = re.sub(r"[^\w.\- ]+", "_", Path(name).stem).strip(" ._") or "document"
    return stem[:120] + suffix


@contextmanager
def placed(folder: Path, name: str, data: bytes) -> Iterator[Path]:
    """Put `data` in `folder` under `name` for the time of the block; if the block raises, the
    folder is left as it was (a file it replaced comes back)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    backup = folder / f".{name}.previous"
    partial = folder / f".{name}.part"
    partial.write_bytes(data)
    had_previous = target.exists()
    if had_previous:
        os.replace(target, backup)
    os.replace(partial, target)
    try:
        yield target
    except BaseException:
        if had_previous:
            os.replace(backup, target)
        else:
            target.unlink(missing_ok=True)
        raise
    finally:
        partial.unlink(missing_ok=True)
    backup.unlink(missing_ok=True)
