"""Page script registered by app.py with st.navigation; the page itself lives in ui/document.py."""

from ui.document import render

render()
