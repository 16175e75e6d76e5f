"""Kept for one release so that older imports work: the indexer's settings are ``config.IndexerSettings``."""

from config import DEFAULT_CACHE, PROJECT_ROOT, IndexerSettings, TomlBackedSettings, config_file

__all__ = ["DEFAULT_CACHE", "PROJECT_ROOT", "IndexerSettings", "TomlBackedSettings", "config_file"]
