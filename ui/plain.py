"""The one way the app shows text that comes from documents (titles, school names, sentences,
file names, messages that quote them): as plain text. Streamlit reads Markdown in captions,
alerts, button labels and every cell of `st.table`; a document's `![x](http://host/p.png)`
would make the browser fetch that address, and a link would become clickable. So every
ASCII punctuation character is escaped (Markdown, Streamlit's `:icon:` and `:color[...]`
directives, LaTeX and HTML all need one), and line breaks stay line breaks. Bare addresses
(http://..., www...., name@host) are linked after escapes are read, so an invisible word
joiner goes into each: shown as written, never a link."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_ADDRESS = re.compile(r"(?i)(https?|ftp|mailto|www|@)(?=[:.@\w])")  # where a link would start
JOINER = "\u2060"  # WORD JOINER: invisible, and no link runs across it


def plain(text: Any) -> str:
    """`text` as Markdown that shows exactly that text."""
    unlinked = _ADDRESS.sub(lambda m: m.group(1) + JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", unlinked).replace("\n", "  \n")


def plain_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rows for `st.table`, every header and cell plain text."""
    return [{plain(key): plain(value) for key, value in row.items()} for row in rows]
