"""The backend interface every answer generator implements.

The grounded-answer layer only needs "messages in, text pieces out", so the interface is that and no more:
streaming is the primitive (a CPU model takes seconds per answer, and the UI shows text as it comes) and
``complete`` is its join. Backends subclass :class:`LLMBackend` explicitly to inherit ``complete``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from config.errors import ErrorCode, GovqaError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    """One turn of a chat; ``role`` is the OpenAI / chat-template role name."""

    role: Role
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


class LLMUnavailableError(GovqaError, RuntimeError):
    """A backend cannot be used (model not assembled, llama_cpp not installed, endpoint unreachable, ...).

    The message always says what is missing and how to fix it, because callers show it to the user as is
    and fall back to extractive answers.
    """

    code = ErrorCode.LLM_UNAVAILABLE


@runtime_checkable
class LLMBackend(Protocol):
    """A chat model that streams its answer."""

    name: str

    def stream(
        self,
        messages: list[ChatMessage],
        max_tokens: int,
        temperature: float = 0.0,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        """Yield the answer text in pieces as they are generated (never empty strings)."""
        ...

    def complete(
        self,
        messages: list[ChatMessage],
        max_tokens: int,
        temperature: float = 0.0,
        stop: list[str] | None = None,
    ) -> str:
        """The whole answer: the join of :meth:`stream`."""
        return "".join(self.stream(messages, max_tokens, temperature, stop))

    def option_probabilities(self, messages: list[ChatMessage], options: list[str]) -> dict[str, float] | None:
        """The model's probability that its reply starts with each option (by the option's first token).

        This is how the answer layer asks the model a yes/no question without letting it generate: the
        probability is a score that can be calibrated, where a generated "是"/"否" is only its argmax.
        None when the backend cannot tell (an endpoint without logprobs); callers then judge without it.
        """
        return None
