"""The `steunwijzer` command line: a thin layer over `Assistant`."""

from steunwijzer.cli.main import main

__all__ = ["main"]
