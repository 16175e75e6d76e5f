"""Search settings (env GOVQA_*, TOML table [retrieval]); every weight here was chosen by measurement."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from config.base import TomlBackedSettings


class RetrievalSettings(TomlBackedSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_", toml_table_header=("retrieval",), extra="ignore")

    top_k: int = Field(5, description="Passages returned by a search.")
    candidates: int = Field(60, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(10, description="Reciprocal-rank-fusion constant: larger flattens the rank curve.")
    dense_weight: float = Field(1.0, description="Weight of the dense (embedding) ranking in the fusion.")
    bm25_weight: float = Field(2.0, description="Weight of the BM25 ranking in the fusion.")
    region_boost: float = Field(
        0.5, description="Relative boost for passages of a region the query names (0 disables)."
    )
    year_boost: float = Field(0.15, description="Relative boost for passages of a year the query names.")
