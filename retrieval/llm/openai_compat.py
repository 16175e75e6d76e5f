"""Generation through any OpenAI-compatible chat endpoint (llama-server, vLLM, Ollama, a hosted API).

For users with a bigger model on another process or machine. Every failure to reach or use the endpoint
becomes LLMUnavailableError naming the URL, so the caller can tell the user what to fix and fall back to
extractive answers instead of showing a stack trace.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import openai

from retrieval.llm.base import ChatMessage, LLMBackend, LLMUnavailableError

# The openai client refuses to start without a key; local servers ignore the header.
_NO_KEY = "not-needed"


class OpenAICompatibleBackend(LLMBackend):
    """Streams chat completions from ``{base_url}/chat/completions``."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 120.0,
        max_retries: int = 0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"openai:{model}@{self.base_url}"
        # No retries by default: a dead endpoint should be reported at once, not after back-off rounds.
        self._client = openai.OpenAI(
            base_url=self.base_url, api_key=api_key or _NO_KEY, timeout=timeout, max_retries=max_retries
        )

    def stream(
        self,
        messages: list[ChatMessage],
        max_tokens: int,
        temperature: float = 0.0,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=[m.as_dict() for m in messages],  # type: ignore[misc]
                # max_tokens, not max_completion_tokens: the one that local servers understand.
                max_tokens=max_tokens,
                temperature=temperature,
                stop=stop or openai.omit,
                stream=True,
            )
            with response:
                for chunk in response:
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
        except openai.APIError as exc:
            raise LLMUnavailableError(self._describe(exc)) from exc

    def _describe(self, exc: openai.APIError) -> str:
        where = f"OpenAI-compatible endpoint {self.base_url}"
        if isinstance(exc, openai.APITimeoutError):
            return f"{where} did not answer in time ({exc})"
        if isinstance(exc, openai.APIConnectionError):
            return f"cannot reach {where}: is the server running? ({exc.__cause__ or exc})"
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return (
                f"{where} refused the API key (HTTP {exc.status_code}); "
                "set GOVQA_LLM_OPENAI_API_KEY or OPENAI_API_KEY"
            )
        if isinstance(exc, openai.NotFoundError):
            return f"{where} has no model {self.model!r} or no /chat/completions route (HTTP 404)"
        if isinstance(exc, openai.APIStatusError):
            return f"{where} answered HTTP {exc.status_code}: {exc.message}"
        return f"{where} failed: {exc}"

    def option_probabilities(self, messages: list[ChatMessage], options: list[str]) -> dict[str, float] | None:
        """From the first token's top logprobs; None when the endpoint does not return logprobs."""
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=[m.as_dict() for m in messages],  # type: ignore[misc]
                max_tokens=1,
                temperature=0.0,
                logprobs=True,
                top_logprobs=20,
            )
        except openai.BadRequestError:  # the server does not do logprobs
            return None
        except openai.APIError as exc:
            raise LLMUnavailableError(self._describe(exc)) from exc
        choice = response.choices[0] if response.choices else None
        if choice is None or choice.logprobs is None or not choice.logprobs.content:
            return None
        top = choice.logprobs.content[0].top_logprobs
        return {o: sum(math.exp(t.logprob) for t in top if t.token and o.startswith(t.token)) for o in options}
