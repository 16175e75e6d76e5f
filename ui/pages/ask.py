"""Page script registered by app.py with st.navigation; the page itself lives in ui/ask.py."""

from ui.ask import render

render()
