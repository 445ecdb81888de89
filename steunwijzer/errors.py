"""The exceptions Steunwijzer raises; only the CLI and the app turn them into messages."""

import errno


class SteunwijzerError(Exception):
    """Base class: anything the user can act on."""


class ConfigError(SteunwijzerError):
    """A setting is missing or invalid."""


class DocumentError(SteunwijzerError):
    """One input file cannot be indexed (corrupt, encrypted, empty, no text, wrong type)."""


class EmbedderMismatchError(SteunwijzerError):
    """The index was built with another embedding model than the one configured."""


class QuestionError(SteunwijzerError):
    """The question is empty or too long."""


class ModelError(SteunwijzerError):
    """The language model cannot be installed, loaded or reached."""


class StoreError(SteunwijzerError):
    """The index or a file beside it cannot be read or written: damaged, read-only, a folder
    where a file belongs, or a Chroma server that stopped answering."""


REBUILD_HINT = "Bouw de index opnieuw op met: steunwijzer ingest --rebuild"

_OS_REASONS = {
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toegang",
    errno.EROFS: "alleen-lezen",
    errno.EISDIR: "het is een map",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOENT: "bestaat niet",
    errno.ENOSPC: "de schijf is vol",
    errno.EIO: "leesfout van de schijf",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Dutch (the system's own words are English)."""
    return _OS_REASONS.get(exc.errno or 0, f"systeemfout {exc.errno}")
