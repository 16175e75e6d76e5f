"""Local generation with llama.cpp (llama-cpp-python) from a GGUF file.

The chat template comes from the GGUF metadata (Qwen's ChatML), so the prompt format always matches the
model. The model is loaded on first use, once: loading takes a few seconds and hundreds of MB, which a
search-only session should not pay. llama_cpp itself is imported lazily for the same reason and so that
the rest of the package works where it is not installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.llm.base import ChatMessage, LLMBackend, LLMUnavailableError

if TYPE_CHECKING:
    from llama_cpp import Llama

LLAMA_CPP_VERSION = "0.3.36"
# The Makefile holds the build flags and picks them for this CPU (AVX-512 or portable AVX2): one place, no copy here.
INSTALL_HINT = (
    f"make llm (builds llama-cpp-python=={LLAMA_CPP_VERSION} from source for this CPU with cmake and a C++ compiler, "
    "5-8 minutes, and sets up the answer model)"
)


def import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except (ImportError, OSError, RuntimeError) as exc:  # not installed, or its native library won't load
        raise LLMUnavailableError(
            f"llama_cpp is not installed or does not load ({exc}); run: {INSTALL_HINT}"
        ) from exc
    return llama_cpp


class LlamaCppBackend(LLMBackend):
    """A GGUF chat model run in-process on the CPU."""

    def __init__(
        self,
        model_path: Path | str,
        n_ctx: int = 4096,
        n_threads: int = 2,
        n_batch: int = 512,
        seed: int = 0,
        verbose: bool = False,
    ) -> None:
        self.model_path = Path(model_path)
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.n_batch = n_batch
        self.seed = seed
        self.verbose = verbose
        self.name = f"llama.cpp:{self.model_path.name}"
        self._llm: Llama | None = None
        self._formatter: Any = None  # the GGUF's chat template, built on first use
        # One llama.cpp context serves one generation at a time; the lock serialises callers (threads of a
        # web server) instead of letting them corrupt the shared KV cache.
        self._lock = threading.Lock()

    def load(self) -> Llama:
        """Load the model now (the first stream() does it otherwise); returns the llama_cpp.Llama."""
        with self._lock:
            return self._load_locked()

    def _load_locked(self) -> Llama:
        if self._llm is None:
            if not self.model_path.is_file():
                raise LLMUnavailableError(
                    f"model file {self.model_path} does not exist; "
                    "run `python -m retrieval.llm setup --model 1.5b` (or 0.5b) for a bundled model"
                )
            llama_cpp = import_llama_cpp()
            try:
                self._llm = llama_cpp.Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    n_threads_batch=self.n_threads,
                    n_batch=self.n_batch,
                    seed=self.seed,
                    verbose=self.verbose,
                )
            except ValueError as exc:  # llama_cpp reports an unreadable / truncated GGUF this way
                raise LLMUnavailableError(f"llama.cpp cannot load {self.model_path}: {exc}") from exc
        return self._llm

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` for this model (for fitting passages into ``n_ctx``)."""
        llm = self.load()
        return len(llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def stream(
        self,
        messages: list[ChatMessage],
        max_tokens: int,
        temperature: float = 0.0,
        stop: list[str] | None = None,
    ) -> Iterator[str]:
        # The lock is held until the generator is exhausted or closed (a caller that stops early should
        # close() it, or let it be garbage-collected, to free the model for others).
        with self._lock:
            llm = self._load_locked()
            chunks = llm.create_chat_completion(
                messages=[m.as_dict() for m in messages],  # type: ignore[misc]
                max_tokens=max_tokens,
                temperature=temperature,
                stop=stop or [],
                seed=self.seed,
                stream=True,
            )
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")  # type: ignore[index]
                if piece:
                    yield piece

    def option_probabilities(self, messages: list[ChatMessage], options: list[str]) -> dict[str, float]:
        """Probabilities of each option's first token as the first token of the reply.

        Only the tokens after the longest prefix already in the KV cache are evaluated, and the answer that
        follows with the same passages reuses this prompt's prefix: asking costs a few dozen tokens.
        """
        with self._lock:
            llm = self._load_locked()
            llama_cpp = import_llama_cpp()
            tokens = self._chat_tokens(llm, messages)
            cached = llama_cpp.Llama.longest_token_prefix(llm._input_ids.tolist(), tokens)
            llm.n_tokens = min(cached, len(tokens) - 1)  # at least one token is evaluated, to get logits
            llm.eval(tokens[llm.n_tokens :])
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1), shape=(llm.n_vocab(),))
            logprobs = llama_cpp.Llama.logits_to_logprobs(logits)
            first = {o: llm.tokenize(o.encode("utf-8"), add_bos=False, special=False)[0] for o in options}
            return {o: float(np.exp(logprobs[token])) for o, token in first.items()}

    def _chat_tokens(self, llm: Llama, messages: list[ChatMessage]) -> list[int]:
        """The prompt exactly as create_chat_completion builds it: the GGUF's chat template, generation prompt
        added, special tokens parsed."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        if self._formatter is None:
            eos, bos = llm.token_eos(), llm.token_bos()
            self._formatter = Jinja2ChatFormatter(
                template=llm.metadata["tokenizer.chat_template"],
                eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
                bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
            )
        prompt = self._formatter(messages=[m.as_dict() for m in messages])  # type: ignore[misc]
        return llm.tokenize(prompt.prompt.encode("utf-8"), add_bos=not prompt.added_special, special=True)
