"""What every settings section shares: the project root, the cache folder and the sources (env, then TOML).

Precedence: explicit arguments > environment > ``govqa.toml`` (or the file named by ``GOVQA_CONFIG``)
> defaults. Each section reads its own TOML table.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, TomlConfigSettingsSource

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "govqa"


def config_file() -> Path:
    return Path(os.environ.get("GOVQA_CONFIG", PROJECT_ROOT / "govqa.toml"))


class TomlBackedSettings(BaseSettings):
    """Base class of a section: env vars first, then the section's table of the project's TOML file."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        section = settings_cls.model_config.get("toml_table_header", ())
        path = config_file()
        if section and section[0] not in _tables(path):
            path = None  # a file without this section's table configures the other sections only
        toml = TomlConfigSettingsSource(settings_cls, toml_file=path, toml_table_header=section if path else ())
        return init_settings, env_settings, toml


def _tables(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    with path.open("rb") as handle:
        return {key for key, value in tomllib.load(handle).items() if isinstance(value, dict)}
