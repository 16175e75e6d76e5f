"""The factory that turns the LLM settings (``config.LLMSettings``) into a backend.

``backend = "auto"`` is what a fresh install gets: the bundled local model when it has been assembled and
llama_cpp is installed, else no LLM at all (``make_backend`` returns None and the caller answers
extractively), so the tool works offline out of the box and never fails because a model is missing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from config import LLMSettings
from config import settings as project_settings
from retrieval.llm.base import LLMBackend, LLMUnavailableError
from retrieval.llm.model_assets import MODELS, model_path


def local_model_path(settings: LLMSettings) -> Path:
    """The .gguf file the local backend loads (it may not exist yet)."""
    if settings.local_model.lower() in MODELS:
        return model_path(settings.local_model, settings.model_dir)
    return Path(settings.local_model).expanduser()


def setup_hint(settings: LLMSettings) -> str:
    key = settings.local_model.lower()
    if key in MODELS:
        return f"run `python -m retrieval.llm setup --model {key}`"
    return f"check GOVQA_LLM_LOCAL_MODEL ({settings.local_model})"


def llama_cpp_installed() -> bool:
    # find_spec, not import: importing llama_cpp loads the native library, which "auto" must not pay for.
    return importlib.util.find_spec("llama_cpp") is not None


def make_backend(settings: LLMSettings | None = None) -> LLMBackend | None:
    """The configured backend, or None for extractive answers.

    Raises LLMUnavailableError when a backend was asked for explicitly but cannot work here; "auto" never
    raises and falls back to None. Endpoint reachability is not probed here: the first request reports it.
    """
    settings = settings or project_settings().llm
    if settings.backend == "extractive":
        return None
    if settings.backend == "openai":
        from retrieval.llm.openai_compat import OpenAICompatibleBackend

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return OpenAICompatibleBackend(
            settings.openai_base_url, settings.openai_model, key, timeout=settings.openai_timeout
        )

    path = local_model_path(settings)
    if settings.backend == "auto" and not (path.is_file() and llama_cpp_installed()):
        return None
    if not path.is_file():
        raise LLMUnavailableError(f"local model file {path} does not exist; {setup_hint(settings)}")

    from retrieval.llm.local import INSTALL_HINT, LlamaCppBackend

    if not llama_cpp_installed():
        raise LLMUnavailableError(
            f"the local backend needs llama_cpp, which is not installed; run: {INSTALL_HINT}"
        )
    # The model itself is loaded on first use (seconds, hundreds of MB), not here.
    return LlamaCppBackend(path, n_ctx=settings.n_ctx, n_threads=settings.n_threads)
