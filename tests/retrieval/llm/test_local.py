"""LlamaCppBackend with the real bundled 0.5B model (skipped where llama_cpp or the model is missing)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from config import LLMSettings
from retrieval.llm.base import ChatMessage, LLMBackend, LLMUnavailableError
from retrieval.llm.local import INSTALL_HINT, LLAMA_CPP_VERSION, LlamaCppBackend
from retrieval.llm.model_assets import ModelAssetError, assemble, is_verified, model_path
from tests.paths import ROOT

needs_llama_cpp = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None, reason=f"llama_cpp is not installed: {INSTALL_HINT}"
)


def test_the_install_hint_names_the_pinned_llama_cpp_python() -> None:
    """The Makefile builds the wheel from requirements-llama.txt; the hint shown where it is missing says the same."""
    pins = [line for line in (ROOT / "requirements-llama.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert pins == [f"llama-cpp-python=={LLAMA_CPP_VERSION}"]
    assert "-r requirements-llama.txt" in (ROOT / "requirements-llm.txt").read_text(encoding="utf-8").splitlines()


def _llama_build_args(*make_args: str) -> str:
    """The CMAKE_ARGS the Makefile would build llama.cpp's wheel with (make -n: nothing runs)."""
    # The Makefile's own choice: not what an enclosing `make test …` passes down, nor LLAMA_CPU from the environment.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "LLAMA_CPU")}
    done = subprocess.run(["make", "-n", "-W", "requirements-llama.txt", *make_args, ".venv/.stamps/llama-wheel"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if "wheel" in line and "CMAKE_ARGS=" in line)
    return line.split('CMAKE_ARGS="', 1)[1].split('"', 1)[0]


@pytest.mark.skipif(shutil.which("make") is None or not Path("/proc/cpuinfo").exists(), reason="needs make, Linux")
def test_llama_cpp_is_built_for_this_cpu_where_it_has_avx512_and_portable_elsewhere() -> None:
    """AVX-512 reads prompts about a quarter faster (docs/benchmarks.md); a machine without it gets the AVX2 build
    that runs on any x86-64 CPU with AVX2, as does anyone who asks for it (LLAMA_CPU=portable)."""
    has_avx512 = "avx512f" in Path("/proc/cpuinfo").read_text().split()
    chosen = _llama_build_args()
    assert ("-DGGML_NATIVE=ON" in chosen) == has_avx512
    portable = _llama_build_args("LLAMA_CPU=portable")
    assert "-DGGML_NATIVE=OFF" in portable and "-DGGML_AVX2=ON" in portable
    assert "-DLLAVA_BUILD=OFF" in chosen and "-DLLAVA_BUILD=OFF" in portable


@pytest.fixture(scope="module")
def model_05b() -> Path:
    """The 0.5B model in the settings' cache folder, assembled there first if its parts are installed."""
    model_dir = LLMSettings().model_dir
    if is_verified("0.5b", model_dir):
        return model_path("0.5b", model_dir)
    try:
        return assemble("0.5b", model_dir)
    except ModelAssetError as error:
        pytest.skip(f"the 0.5B model is not available: {error}")


@pytest.fixture(scope="module")
def backend(model_05b: Path) -> LlamaCppBackend:
    return LlamaCppBackend(model_05b, n_ctx=1024, n_threads=2)


QUESTION = [
    ChatMessage("system", "你是一个简洁的助手，用中文回答。"),
    ChatMessage("user", "中国的首都是哪座城市？用一句话回答。"),
]


@needs_llama_cpp
def test_streams_a_chinese_answer(backend: LlamaCppBackend) -> None:
    assert isinstance(backend, LLMBackend)
    pieces = list(backend.stream(QUESTION, max_tokens=32))
    assert len(pieces) >= 3, pieces  # really streamed, not one block at the end
    assert all(pieces)
    assert "北京" in "".join(pieces)


@needs_llama_cpp
def test_complete_is_greedy_and_reproducible(backend: LlamaCppBackend) -> None:
    first = backend.complete(QUESTION, max_tokens=16)
    assert first == backend.complete(QUESTION, max_tokens=16)
    assert first == "".join(backend.stream(QUESTION, max_tokens=16))


@needs_llama_cpp
def test_stop_sequence_ends_the_answer(backend: LlamaCppBackend) -> None:
    text = backend.complete(QUESTION, max_tokens=32, stop=["北京"])
    assert "北京" not in text


@needs_llama_cpp
def test_count_tokens(backend: LlamaCppBackend) -> None:
    assert 0 < backend.count_tokens("法治政府建设") < 10


def test_missing_model_file_is_unavailable(tmp_path: Path) -> None:
    backend = LlamaCppBackend(tmp_path / "absent.gguf")
    with pytest.raises(LLMUnavailableError, match="setup --model"):
        backend.complete(QUESTION, max_tokens=4)


@needs_llama_cpp
def test_unreadable_model_is_unavailable(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(LLMUnavailableError, match="cannot load"):
        LlamaCppBackend(broken).load()


@needs_llama_cpp
def test_option_probabilities_read_the_models_next_token(backend: LlamaCppBackend) -> None:
    # What greedy generation writes first is the option with the higher probability: the probabilities are
    # the model's own next-token distribution under the same chat template (whether the small model is right
    # about the fact is not the point).
    for question in ("北京是中国的首都吗？只回答“是”或“否”。", "一加一等于三吗？只回答“是”或“否”。"):
        messages = [ChatMessage("user", question)]
        probabilities = backend.option_probabilities(messages, ["是", "否"])
        assert 0 < sum(probabilities.values()) <= 1.0001
        assert max(probabilities.values()) > 0.2  # the reply really starts with one of them
        first = backend.complete(messages, max_tokens=1)
        assert first.startswith(max(probabilities, key=probabilities.get)), (first, probabilities)


@needs_llama_cpp
def test_option_probabilities_leave_the_model_answering_as_before(backend: LlamaCppBackend) -> None:
    # The judge's call reuses and then changes the KV cache; the next answer must not be affected by it.
    before = backend.complete(QUESTION, max_tokens=16)
    backend.option_probabilities([ChatMessage("user", "这是一个测试吗？只回答“是”或“否”。")], ["是", "否"])
    assert backend.complete(QUESTION, max_tokens=16) == before
