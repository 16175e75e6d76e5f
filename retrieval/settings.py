"""Kept for one release so that older imports work: search settings are ``config.RetrievalSettings``."""

from config import RetrievalSettings

__all__ = ["RetrievalSettings"]
