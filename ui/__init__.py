"""The Streamlit app's pages and components; app.py only lays them out and wires them together."""
