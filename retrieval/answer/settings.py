"""Kept for one release so that older imports work: answer settings are ``config.AnswerSettings``."""

from config import AnswerSettings

__all__ = ["AnswerSettings"]
