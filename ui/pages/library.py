"""Page script registered by app.py with st.navigation; the page itself lives in ui/library.py."""

from ui.library import render

render()
