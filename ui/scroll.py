"""After an answer, the page shows the question and the answer's first line, not the bottom
of the last source card: Streamlit's chat follows new content down, so a small script scrolls
the exchange to the top of the screen once it is drawn."""

from __future__ import annotations

import json

import streamlit as st

# The script looks for the exchange a few times while the page is still being drawn, then
# notes on <body> that it is done (the browser test waits for that).
_SCRIPT = """<script>
(() => {
  const selector = %s;
  let tries = 0;
  const scroll = () => {
    const target = document.querySelector(selector);
    if (target) { target.scrollIntoView({block: "start"}); }
    if (++tries < 8) { setTimeout(scroll, 150); return; }
    document.body.dataset.swScrolled = selector;  // done: the page stays put from here
  };
  scroll();
})();
</script>"""


def keep_in_view(key: str) -> None:
    """Scroll the element with Streamlit key `key` (st.container(key=...)) to the top."""
    selector = json.dumps(f".st-key-{key}")
    st.html(_SCRIPT % selector, unsafe_allow_javascript=True)
