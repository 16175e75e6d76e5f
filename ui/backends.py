"""Which answer generator a question uses, and what the user is told about it.

The configured backend (GOVQA_LLM_BACKEND / govqa.toml) is the default; the sidebar can switch. A backend
that cannot work here (no local model assembled, llama_cpp missing) never breaks the page: the answer
falls back to extractive and a plain-Chinese notice says why and how to get the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from config import settings
from retrieval.llm import LLMBackend, LLMUnavailableError, make_backend
from retrieval.llm.settings import local_model_path, setup_hint

LABELS: dict[str, str] = {
    "auto": "自动(有本地大模型就用)",
    "local": "本地大模型(llama.cpp)",
    "openai": "OpenAI 兼容接口",
    "extractive": "抽取式(摘录原文,不用大模型)",
}

NO_LLM_NOTICE = (
    "本机未安装大模型,答案由原文中最相关的句子摘录而成(抽取式),每句都标有出处。"
    "安装本地大模型后可得到归纳式的回答。"
)


@dataclass(frozen=True)
class BackendChoice:
    backend: LLMBackend | None  # None: extractive answers
    notice: str | None = None  # plain Chinese, shown with the answer
    detail: str | None = None  # the technical reason and the fix, for whoever maintains the machine


def configured_backend() -> str:
    return settings().llm.backend


def backend_for(choice: str) -> BackendChoice:
    """One backend object per choice (and settings) and process: a local model is loaded once and shared
    by all sessions (its own lock serialises generations)."""
    chosen = settings().llm.model_copy(update={"backend": choice})
    return _backend_for(choice, chosen.model_dump_json())


@st.cache_resource(show_spinner=False)
def _backend_for(choice: str, fingerprint: str) -> BackendChoice:
    # ``fingerprint`` (the effective settings) is part of the cache key: changing the model path or the
    # endpoint in the environment must not serve a backend made from the old values. The settings are read
    # again rather than parsed from it: the dump masks the API key.
    chosen = settings().llm.model_copy(update={"backend": choice})
    try:
        backend = make_backend(chosen)
    except LLMUnavailableError as error:
        return BackendChoice(None, f"所选的回答方式({LABELS.get(choice, choice)})暂不可用,已改用抽取式回答。",
                             str(error))
    if backend is None and choice != "extractive":
        hint = (
            f"local model file: {local_model_path(chosen)} ({setup_hint(chosen)}); "
            "llama_cpp: pip install llama-cpp-python"
        )
        return BackendChoice(None, NO_LLM_NOTICE, hint)
    return BackendChoice(backend)


def backend_label(backend: LLMBackend | None) -> str:
    return "抽取式" if backend is None else f"大模型 {backend.name}"
