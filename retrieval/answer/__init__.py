"""Grounded answers with verified citations: ``Answerer(retrieval, backend).ask(question)``."""

from config import AnswerSettings
from retrieval.answer.answerer import Answerer
from retrieval.answer.types import Answer, Citation, Fallback, FinalEvent, TokenEvent

__all__ = ["Answer", "AnswerSettings", "Answerer", "Citation", "Fallback", "FinalEvent", "TokenEvent"]
