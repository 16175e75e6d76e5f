"""Kept for one release so that older imports work: these settings are ``config.CompareSettings`` and
``config.ElsewhereSettings``."""

from config import CompareSettings, ElsewhereSettings

__all__ = ["CompareSettings", "ElsewhereSettings"]
