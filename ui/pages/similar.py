"""Page script registered by app.py with st.navigation; the page itself lives in ui/similar.py."""

from ui.similar import render

render()
