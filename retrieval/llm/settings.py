"""LLM settings (env GOVQA_LLM_*, TOML table [llm]) and the factory that turns them into a backend.

``backend = "auto"`` is what a fresh install gets: the bundled local model when it has been assembled and
llama_cpp is installed, else no LLM at all (``make_backend`` returns None and the caller answers
extractively), so the tool works offline out of the box and never fails because a model is missing.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from indexer.settings import DEFAULT_CACHE, TomlBackedSettings
from retrieval.llm.base import LLMBackend, LLMUnavailableError
from retrieval.llm.model_assets import MODELS, model_path


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LLMSettings(TomlBackedSettings):
    model_config = SettingsConfigDict(
        env_prefix="GOVQA_LLM_", toml_table_header=("llm",), extra="ignore", populate_by_name=True
    )

    backend: Literal["auto", "local", "openai", "extractive"] = Field(
        "auto",
        description="Answer generator: 'local' (bundled GGUF via llama.cpp), 'openai' (an OpenAI-compatible "
        "HTTP endpoint), 'extractive' (no LLM) or 'auto' (local if its model file and llama_cpp are "
        "available, else extractive).",
    )
    local_model: str = Field(
        "1.5b",
        description="Local model: '1.5b' or '0.5b' (bundled Qwen2.5-Coder-Instruct Q4_K_M, assembled by "
        "`python -m retrieval.llm setup`) or the path of any chat-tuned .gguf file.",
    )
    model_dir: Path = Field(
        DEFAULT_CACHE / "llm",
        description="Cache folder (outside git) where the bundled models are assembled.",
    )
    n_ctx: int = Field(
        4096, ge=256, description="Context window of the local model in tokens (prompt + answer)."
    )
    n_threads: int = Field(
        default_factory=_available_cpus, ge=1, description="CPU threads for the local model (default: all)."
    )
    max_tokens: int = Field(512, ge=1, description="Upper bound on the tokens of one generated answer.")
    temperature: float = Field(0.0, ge=0.0, description="Sampling temperature; 0 = greedy (reproducible).")
    openai_base_url: str = Field(
        "http://127.0.0.1:8080/v1",
        validation_alias=AliasChoices("GOVQA_LLM_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"),
        description="Base URL of the OpenAI-compatible endpoint (llama-server, vLLM, Ollama, ...); "
        "also read from OPENAI_BASE_URL.",
    )
    openai_model: str = Field(
        "qwen2.5-coder-1.5b-instruct", description="Model name sent to the OpenAI-compatible endpoint."
    )
    openai_api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("GOVQA_LLM_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"),
        description="API key for the endpoint (local servers usually need none); also OPENAI_API_KEY.",
    )
    openai_timeout: float = Field(
        120.0, gt=0, description="Seconds to wait for the endpoint before giving up (connect and each read)."
    )

    def local_model_path(self) -> Path:
        """The .gguf file the local backend loads (it may not exist yet)."""
        if self.local_model.lower() in MODELS:
            return model_path(self.local_model, self.model_dir)
        return Path(self.local_model).expanduser()

    def setup_hint(self) -> str:
        key = self.local_model.lower()
        if key in MODELS:
            return f"run `python -m retrieval.llm setup --model {key}`"
        return f"check GOVQA_LLM_LOCAL_MODEL ({self.local_model})"


def llama_cpp_installed() -> bool:
    # find_spec, not import: importing llama_cpp loads the native library, which "auto" must not pay for.
    return importlib.util.find_spec("llama_cpp") is not None


def make_backend(settings: LLMSettings | None = None) -> LLMBackend | None:
    """The configured backend, or None for extractive answers.

    Raises LLMUnavailableError when a backend was asked for explicitly but cannot work here; "auto" never
    raises and falls back to None. Endpoint reachability is not probed here: the first request reports it.
    """
    settings = settings or LLMSettings()
    if settings.backend == "extractive":
        return None
    if settings.backend == "openai":
        from retrieval.llm.openai_compat import OpenAICompatibleBackend

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return OpenAICompatibleBackend(
            settings.openai_base_url, settings.openai_model, key, timeout=settings.openai_timeout
        )

    path = settings.local_model_path()
    if settings.backend == "auto" and not (path.is_file() and llama_cpp_installed()):
        return None
    if not path.is_file():
        raise LLMUnavailableError(f"local model file {path} does not exist; {settings.setup_hint()}")

    from retrieval.llm.local import INSTALL_HINT, LlamaCppBackend

    if not llama_cpp_installed():
        raise LLMUnavailableError(
            f"the local backend needs llama_cpp, which is not installed; run: {INSTALL_HINT}"
        )
    # The model itself is loaded on first use (seconds, hundreds of MB), not here.
    return LlamaCppBackend(path, n_ctx=settings.n_ctx, n_threads=settings.n_threads)
