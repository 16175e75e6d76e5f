"""The LLM layer of grounded answers: one streaming interface, a local (llama.cpp) and an
OpenAI-compatible backend, bundled-model assembly and the settings that choose among them."""

from retrieval.llm.base import ChatMessage, LLMBackend, LLMUnavailableError
from retrieval.llm.settings import LLMSettings, make_backend

__all__ = ["ChatMessage", "LLMBackend", "LLMSettings", "LLMUnavailableError", "make_backend"]
