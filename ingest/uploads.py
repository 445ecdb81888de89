"""Files people upload in the app: checked, then kept in the data folder beside the index.

Every version of an upload gets a folder of its own, named by its content hash:
`documents/<hash>/<name>`. A new version is written there completely, then indexed (its
document record, shared by all versions of that name, is the one commit point), and only then
is the old version's file removed. A crash at any moment leaves the index describing a file
that is there with exactly those bytes; what a crash leaves over (a half-written or an old
version that no record names) is removed by `tidy`. Files that are not in a version folder
(put there by hand, or uploaded before versions) are never touched by it."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from steunwijzer.errors import DocumentError
from steunwijzer.ingest.readers import SUPPORTED

VERSION = re.compile(r"[0-9a-f]{16}")  # a version folder: the first 16 hex of the SHA-256
MAX_STEM = 110


def check_upload(name: str, size: int, max_mb: int) -> str:
    """The safe file name to store an upload under; DocumentError (in Dutch) when its type or
    size cannot be used. Two names that differ give two safe names ("Zorgplan–2024.txt" and
    "Zorgplan—2024.txt", "!!!.txt" and "???.txt"): a name that had to be changed gets a short
    hash of the original."""
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
    original = Path(name.replace("\\", "/")).stem
    stem = re.sub(r"[^\w.\- ]+", "_", original).strip(" ._")
    if stem == original and len(stem) <= MAX_STEM:
        return stem + suffix
    marker = hashlib.sha1(Path(name).name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem[:MAX_STEM] or 'document'}-{marker}{suffix}"


def version_path(folder: Path, name: str, data: bytes) -> Path:
    """Where this version of an upload is kept."""
    return folder / hashlib.sha256(data).hexdigest()[:16] / name


def is_version(path: Path) -> bool:
    """Whether `path` is a version of an upload (it stands in a version folder)."""
    return bool(VERSION.fullmatch(path.parent.name))


def slot(path: Path) -> Path:
    """What the versions of one upload have in common: its name in the uploads folder. Any
    other file is itself."""
    return path.parent.parent / path.name if is_version(path) else path


def write_version(folder: Path, name: str, data: bytes) -> Path:
    """Write this version completely (a partial file, flushed to disk, then renamed), and
    return its path."""
    path = version_path(folder, name, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{name}.part")
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    return path


def remove_version(path: Path) -> None:
    """Delete one version's file and, when empty, its folder."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # it still holds something
        path.parent.rmdir()


def tidy(folder: Path, indexed: Iterable[str]) -> list[Path]:
    """Remove what a crash left in the version folders: files no indexed document names.
    Returns what was removed. Call with the store's write lock held."""
    if not folder.is_dir():
        return []
    keep = {Path(source).resolve() for source in indexed}
    removed = []
    for version in folder.iterdir():
        if not (version.is_dir() and VERSION.fullmatch(version.name)):
            continue
        for path in version.iterdir():
            if path.resolve() not in keep:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                removed.append(path)
        with contextlib.suppress(OSError):  # it still holds an indexed version
            version.rmdir()
    return removed
