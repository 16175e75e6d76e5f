"""The LLM layer of grounded answers: one streaming interface, a local (llama.cpp) and an
OpenAI-compatible backend, bundled-model assembly and the factory that picks one from ``config.LLMSettings``."""

from retrieval.llm.base import ChatMessage, LLMBackend, LLMUnavailableError
from retrieval.llm.settings import make_backend

__all__ = ["ChatMessage", "LLMBackend", "LLMUnavailableError", "make_backend"]
