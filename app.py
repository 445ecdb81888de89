"""Steunwijzer in the browser: `streamlit run app.py`. Pages and the shared look only; every
answer comes from the core (steunwijzer.assistant)."""

import logging
from pathlib import Path

import streamlit as st

from steunwijzer.errors import SteunwijzerError
from ui.plain import plain
from ui.state import CRASHED

ICON = Path(__file__).parent / "ui" / "icon.png"

# A local icon: a `:material/...:` page icon makes the browser fetch it from Google's servers.
st.set_page_config(page_title="Steunwijzer", page_icon=str(ICON), layout="wide")
st.html(Path(__file__).parent / "ui" / "style.html")  # readable passages; English hints hidden

navigation = st.navigation(
    [
        st.Page("pages/chat.py", title="Vragen stellen", icon=":material/chat:", default=True),
        st.Page("pages/compare.py", title="Vergelijk scholen", icon=":material/compare:"),
        st.Page("pages/consistency.py", title="Consistentie", icon=":material/rule:"),
        st.Page("pages/documents.py", title="Documenten", icon=":material/folder_open:"),
        st.Page("pages/glossary.py", title="Begrippen", icon=":material/menu_book:"),
    ]
)
# One boundary for every page: people get Dutch, the log gets the stack trace.
try:
    navigation.run()
except SteunwijzerError as exc:
    st.error(plain(str(exc)), icon=":material/error:")
except Exception:
    logging.getLogger("steunwijzer.app").exception("page failed")
    st.error(CRASHED, icon=":material/error:")
