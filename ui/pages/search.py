"""Page script registered by app.py with st.navigation; the page itself lives in ui/search.py."""

from ui.search import render

render()
