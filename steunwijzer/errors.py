"""The exceptions Steunwijzer raises; only the CLI and the app turn them into messages."""


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
