"""The index manifest: what an index was built with, checked before it is used or extended."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from indexer.errors import IndexMismatchError

FORMAT_VERSION = 1
# Bump when cleaning, chunking or normalisation change what passages are made of: content hashes cannot
# notice a code change, so an index made by older text processing must be rebuilt, not extended.
PIPELINE_VERSION = 2  # 2: BM25 tokens include CJK character bigrams
FILE_NAME = "manifest.json"


class Manifest(BaseModel):
    format_version: int = Field(FORMAT_VERSION, description="On-disk layout version of this index.")
    pipeline_version: int = Field(PIPELINE_VERSION, description="Text-processing version the passages come from.")
    model_id: str = Field(description="Embedding model the vectors were made with.")
    # indexes from before the ONNX runtime have no such field: they were all made by torch
    runtime: str = Field("torch", description="What ran the model: torch, onnx-fp32 or onnx-int8-r<revision>.")
    dimension: int = Field(description="Vector dimension.")
    chunking: dict[str, int] = Field(description="Chunking settings the passages were cut with.")
    vector_store: str = Field(
        description="Dense index actually built: FAISS IndexFlatIP, IndexIVFScalarQuantizer or IndexIVFFlat, or "
        "milvus-FLAT or milvus-HNSW."
    )
    documents: dict[str, str] = Field(default_factory=dict, description="doc_id -> content hash.")
    n_chunks: int = Field(0, description="Number of passages.")
    built_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        return cls.model_validate_json((folder / FILE_NAME).read_text(encoding="utf-8"))

    def write(self, folder: Path) -> None:
        (folder / FILE_NAME).write_text(self.model_dump_json(indent=2), encoding="utf-8")

    def check_compatible(
        self,
        model_id: str,
        chunking: dict[str, int] | None,
        index_dir: Path | str,
        runtime: str | None = None,
        command_prefix: str = "",
    ) -> None:
        """Refuse an index made with another model, runtime, format or chunking, saying how to rebuild it.

        ``runtime`` is the encoding runtime queries or new passages would use (``Embedder.runtime``); None
        means the one the current settings choose. ``command_prefix`` goes before the rebuild command (the
        environment that selects a store other than the default one).
        """
        rebuild = f"rebuild it with: {command_prefix}python -m indexer build PATH ... --index {index_dir} --rebuild"
        if self.format_version != FORMAT_VERSION:
            raise IndexMismatchError(
                f"the index at {index_dir} has format version {self.format_version}, this program reads "
                f"version {FORMAT_VERSION}; {rebuild}"
            )
        if self.pipeline_version != PIPELINE_VERSION:
            raise IndexMismatchError(
                f"the index at {index_dir} was made by text-processing version {self.pipeline_version}, this "
                f"program makes version {PIPELINE_VERSION} (cleaning or chunking changed); {rebuild}"
            )
        if self.model_id != model_id:
            raise IndexMismatchError(
                f"the index at {index_dir} was built with embedding model '{self.model_id}', but the "
                f"configured model is '{model_id}'. Set GOVQA_EMBEDDING_MODEL={self.model_id} to use it, or {rebuild}"
            )
        runtime = runtime or _configured_runtime()
        if self.runtime != runtime:
            wanted = "torch" if self.runtime == "torch" else "onnx"
            precision = self.runtime.split("-")[1] if wanted == "onnx" else ""
            if precision and runtime.startswith(f"onnx-{precision}"):  # same precision, another export of it
                raise IndexMismatchError(
                    f"the index at {index_dir} was embedded by an older {precision} ONNX export ({self.runtime}); "
                    f"set-up has since made a new one ({runtime}), whose vectors do not mix with it: {rebuild}"
                )
            precision = f" GOVQA_ONNX_PRECISION={precision}" if precision else ""
            raise IndexMismatchError(
                f"the index at {index_dir} was embedded with the {self.runtime} runtime, but queries would be "
                f"encoded with {runtime}: vectors from different runtimes do not mix. Set "
                f"GOVQA_EMBEDDING_RUNTIME={wanted}{precision} to use it, or {rebuild}"
            )
        if chunking is not None and chunking != self.chunking:
            raise IndexMismatchError(
                f"the index at {index_dir} was chunked with {self.chunking}, settings now say {chunking}; {rebuild}"
            )


def _configured_runtime() -> str:
    from indexer.embedding import Embedder

    return Embedder().runtime
