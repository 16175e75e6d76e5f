"""政府报告问答 — the Streamlit app: page layout and wiring only (the pages live in ui/).

Run: ``make run`` (or ``GOVQA_INDEX_DIR=var/index streamlit run app.py``).
"""

from __future__ import annotations

import streamlit as st

from config.errors import GovqaError
from ui import components, sidebar, state

st.set_page_config(page_title="政府报告问答", page_icon=":material/article:", layout="wide",
                   initial_sidebar_state="expanded")
components.inject_css()

# File pages (not callables) so that AppTest.switch_page can open each one; url paths are what links use.
pages = [
    st.Page("ui/pages/ask.py", title="问答", icon=":material/forum:", url_path="ask", default=True),
    st.Page("ui/pages/search.py", title="检索", icon=":material/search:", url_path="search"),
    st.Page("ui/pages/similar.py", title="相似举措", icon=":material/compare_arrows:",
            url_path=components.SIMILAR_PAGE),
    st.Page("ui/pages/document.py", title="原文", icon=":material/description:",
            url_path=components.DOCUMENT_PAGE),
    st.Page("ui/pages/library.py", title="文库", icon=":material/library_books:", url_path="library"),
]
page = st.navigation(pages, position="top")

try:
    resources = state.resources()
except GovqaError:
    resources = None  # the page explains the error; the sidebar still offers the answer settings
sidebar.render(resources)
page.run()
