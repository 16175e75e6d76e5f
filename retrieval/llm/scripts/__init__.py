"""Measurement scripts for the LLM layer (not imported by the application)."""
