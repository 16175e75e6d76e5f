"""Thin page scripts for st.navigation (file pages, so AppTest.switch_page can open them)."""
