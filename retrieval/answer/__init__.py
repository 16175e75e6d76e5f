"""Grounded answers with verified citations: ``Answerer(retrieval, backend).ask(question)``."""

from retrieval.answer.answerer import Answerer
from retrieval.answer.types import Answer, Citation, Fallback, FinalEvent, TokenEvent

__all__ = ["Answer", "Answerer", "Citation", "Fallback", "FinalEvent", "TokenEvent"]
