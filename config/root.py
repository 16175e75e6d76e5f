"""The one settings root: a section per component, loaded once per process.

    from config import settings
    Embedder(settings().indexer); Answerer(retrieval, backend, settings().answer)

Each section reads its own environment variables (``GOVQA_*``, ``GOVQA_ANSWER_*``, ``GOVQA_LLM_*`` …) and
its own table of ``govqa.toml``. ``settings()`` is cached: a process reads env and TOML once; tests that
change the environment call ``reload_settings()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field

from config.answer import AnswerSettings
from config.crossregion import CompareSettings, ElsewhereSettings
from config.indexer import IndexerSettings
from config.llm import LLMSettings
from config.retrieval import RetrievalSettings


class Settings(BaseModel):
    indexer: IndexerSettings = Field(
        default_factory=IndexerSettings, description="Reading, chunking, embedding and storing reports."
    )
    retrieval: RetrievalSettings = Field(
        default_factory=RetrievalSettings, description="Hybrid search: candidates, fusion weights, boosts."
    )
    answer: AnswerSettings = Field(
        default_factory=AnswerSettings, description="Grounded answers: evidence, prompt size, citation checks."
    )
    llm: LLMSettings = Field(default_factory=LLMSettings, description="The answer generator and how it generates.")
    compare: CompareSettings = Field(
        default_factory=CompareSettings, description="Figures of several regions side by side."
    )
    elsewhere: ElsewhereSettings = Field(
        default_factory=ElsewhereSettings, description="Which other regions run a named initiative."
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read once from env and TOML."""
    return Settings()


def reload_settings() -> Settings:
    """Forget the cached settings (after the environment or the TOML file changed) and read them again."""
    settings.cache_clear()
    return settings()


def describe(root: Settings) -> Iterator[tuple[str, str, Any, str]]:
    """(section, field, current value, description) for every field of every section, deprecated names (fields
    excluded from dumps) left out."""
    for section in Settings.model_fields:
        values = getattr(root, section)
        for name, info in type(values).model_fields.items():
            if not info.exclude:
                yield section, name, getattr(values, name), info.description or ""
