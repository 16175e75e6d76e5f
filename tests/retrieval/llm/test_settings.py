"""LLMSettings sources (env, OPENAI_* aliases, TOML) and make_backend's choice of backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import LLMSettings
from retrieval.llm.base import LLMUnavailableError
from retrieval.llm.local import LlamaCppBackend
from retrieval.llm.openai_compat import OpenAICompatibleBackend
from retrieval.llm.settings import llama_cpp_installed, local_model_path, make_backend


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Isolate from the developer's environment and govqa.toml."""
    monkeypatch.setenv("GOVQA_CONFIG", str(tmp_path / "absent.toml"))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in LLMSettings.model_fields:
        monkeypatch.delenv(f"GOVQA_LLM_{name.upper()}", raising=False)
        monkeypatch.delenv(f"GOVQA_ANSWER_{name.upper()}", raising=False)


def test_every_field_is_described() -> None:
    assert all(info.description for info in LLMSettings.model_fields.values())


def test_env_prefix_and_openai_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_LLM_BACKEND", "openai")
    monkeypatch.setenv("GOVQA_LLM_N_CTX", "2048")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-openai-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9999/v1")
    settings = LLMSettings()
    assert (settings.backend, settings.n_ctx) == ("openai", 2048)
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-from-openai-env"
    assert "sk-from" not in repr(settings)  # a secret stays out of logs
    assert settings.openai_base_url == "http://127.0.0.1:9999/v1"

    monkeypatch.setenv("GOVQA_LLM_OPENAI_API_KEY", "sk-project")  # the project's own variable wins
    assert LLMSettings().openai_api_key.get_secret_value() == "sk-project"  # type: ignore[union-attr]


def test_toml_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "govqa.toml"
    config.write_text('[llm]\nbackend = "extractive"\nlocal_model = "0.5b"\nmax_tokens = 256\n')
    monkeypatch.setenv("GOVQA_CONFIG", str(config))
    settings = LLMSettings()
    assert (settings.backend, settings.local_model, settings.max_tokens) == ("extractive", "0.5b", 256)


def test_extractive_means_no_backend() -> None:
    assert make_backend(LLMSettings(backend="extractive")) is None


def test_auto_without_model_falls_back_to_extractive(tmp_path: Path) -> None:
    assert make_backend(LLMSettings(backend="auto", model_dir=tmp_path)) is None


def test_local_without_model_says_how_to_set_up(tmp_path: Path) -> None:
    with pytest.raises(LLMUnavailableError, match=r"setup --model 0\.5b"):
        make_backend(LLMSettings(backend="local", local_model="0.5b", model_dir=tmp_path))


def test_local_model_may_be_a_gguf_path(tmp_path: Path) -> None:
    gguf = tmp_path / "other.gguf"
    gguf.write_bytes(b"GGUF")
    settings = LLMSettings(backend="local", local_model=str(gguf), n_threads=1)
    assert local_model_path(settings) == gguf
    if not llama_cpp_installed():
        with pytest.raises(LLMUnavailableError, match="llama-cpp-python"):
            make_backend(settings)
        return
    backend = make_backend(settings)
    assert isinstance(backend, LlamaCppBackend)
    assert (backend.model_path, backend.n_threads) == (gguf, 1)  # not loaded yet: loading is lazy


def test_auto_picks_local_when_model_and_llama_cpp_exist(tmp_path: Path) -> None:
    (tmp_path / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf").write_bytes(b"GGUF")
    backend = make_backend(LLMSettings(backend="auto", local_model="0.5b", model_dir=tmp_path))
    assert isinstance(backend, LlamaCppBackend) == llama_cpp_installed()


def test_openai_backend() -> None:
    settings = LLMSettings(backend="openai", openai_base_url="http://127.0.0.1:1/v1", openai_model="m")
    backend = make_backend(settings)
    assert isinstance(backend, OpenAICompatibleBackend)
    assert backend.name == "openai:m@http://127.0.0.1:1/v1"


def test_one_knob_for_generated_length(monkeypatch: pytest.MonkeyPatch) -> None:
    assert LLMSettings().max_tokens == 200  # what answers always used
    monkeypatch.setenv("GOVQA_LLM_MAX_TOKENS", "64")
    assert LLMSettings().max_tokens == 64
    monkeypatch.delenv("GOVQA_LLM_MAX_TOKENS")
    monkeypatch.setenv("GOVQA_ANSWER_MAX_TOKENS", "80")  # the former answer-section name still works
    monkeypatch.setenv("GOVQA_ANSWER_TEMPERATURE", "0.3")
    assert (LLMSettings().max_tokens, LLMSettings().temperature) == (80, 0.3)
