"""The pipeline a practitioner writes first, kept as the baseline every table is compared against.

RecursiveCharacterTextSplitter(500, 50) on the raw file text → the same embedding model → FAISS flat.
No cleaning, no structure, no BM25, no normalisation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from indexer.embedding import Embedder
from indexer.vector_store import FaissVectorStore
from retrieval.types import Hit, Passage


class NaiveBaseline:
    def __init__(self, embedder: Embedder, files: list[Path], chunk_size: int = 500, overlap: int = 50) -> None:
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap, add_start_index=True)
        self.embedder = embedder
        self.passages: list[Hit] = []
        for path in files:
            text = path.read_text(encoding="utf-8")
            for piece in splitter.create_documents([text]):
                start = piece.metadata["start_index"]
                self.passages.append(
                    Hit(
                        Passage(
                            path.name, str(path), path.name, None, None, "", piece.page_content,
                            start, start + len(piece.page_content),
                        ),
                        0,
                        0.0,
                    )
                )
        model = embedder.model  # raw text, with the model's own passage/query prompts
        texts = [p.passage.text for p in self.passages]
        vectors = model.encode_document(texts, batch_size=16, normalize_embeddings=True)
        ids = np.arange(len(self.passages), dtype=np.int64)
        self.store = FaissVectorStore.build(ids, np.asarray(vectors, np.float32), ivf_threshold=10**9)

    def search(self, query: str, top_k: int = 10) -> list[Hit]:
        vector = self.embedder.model.encode_query([query], normalize_embeddings=True)
        _, ids = self.store.search(np.asarray(vector, np.float32), top_k)
        return [self.passages[i] for i in ids[0] if i >= 0]
