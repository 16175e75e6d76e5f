"""Settings of the whole project: one root (``Settings``) with a section per component.

Only models live here, so every layer (indexer, retrieval, ui, app) may import it.
"""

from config.answer import AnswerSettings
from config.base import DEFAULT_CACHE, PROJECT_ROOT, TomlBackedSettings, config_file
from config.crossregion import CompareSettings, ElsewhereSettings
from config.indexer import IndexerSettings
from config.llm import LLMSettings
from config.retrieval import RetrievalSettings
from config.root import Settings, describe, reload_settings, settings

__all__ = [
    "DEFAULT_CACHE",
    "PROJECT_ROOT",
    "AnswerSettings",
    "CompareSettings",
    "ElsewhereSettings",
    "IndexerSettings",
    "LLMSettings",
    "RetrievalSettings",
    "Settings",
    "TomlBackedSettings",
    "config_file",
    "describe",
    "reload_settings",
    "settings",
]
