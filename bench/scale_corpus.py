"""A synthetic corpus of any size made from the real reports, for the scale benchmark (issue 11).

Encoding 10⁵–10⁶ passages on this machine would take from hours to about a day, so nothing is encoded:

- **texts**: the first passages are the real ones (normalised match texts of the bench index); every later
  passage recombines sentences: it takes a real passage's sentences and replaces one of them with a sentence
  drawn from anywhere in the 50 reports. Passages are grouped into documents of ``passages_per_doc``, each
  with an assigned region (the real regions, cycled) and year (2015–2024);
- **vectors**: a real passage keeps its stored vector; a derived passage gets its seed passage's vector plus
  Gaussian noise (``noise`` per dimension), re-normalised. With the default 0.01 a copy is at cosine ≈ 0.98
  from its seed, so ~N/3,889 near-duplicates share each neighbourhood: a harder case for an ANN index than
  real text, never an easier one.

Deterministic for a given ``seed``: the benchmark regenerates nothing, the test checks this.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.layout import STORE_FILE, IndexLayout
from indexer.models import Chunk
from indexer.store import DocumentRecord

FIRST_YEAR, N_YEARS = 2015, 10
_SENTENCE_END = re.compile(r"(?<=[。！？；])")


@dataclass(frozen=True)
class SourceCorpus:
    """The real passages a synthetic corpus is made from."""

    texts: list[str]  # normalised match texts
    vectors: np.ndarray  # [n, dim] float32, normalised, as stored
    regions: list[str]


@dataclass(frozen=True)
class SyntheticDocument:
    record: DocumentRecord
    text: str
    chunks: list[Chunk]
    match_texts: list[str]
    vectors: np.ndarray


def load_sources(index_dir: Path) -> SourceCorpus:
    """The published passages of a built FAISS index, read-only."""
    path = IndexLayout(index_dir).current() / STORE_FILE
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT match_text, embedding FROM chunks ORDER BY chunk_id").fetchall()
        regions = sorted({r for (r,) in db.execute("SELECT region FROM documents WHERE region IS NOT NULL")})
    finally:
        db.close()
    vectors = np.stack([np.frombuffer(blob, np.float32) for _, blob in rows])
    return SourceCorpus([text for text, _ in rows], vectors, regions or ["合成区"])


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def region_and_year(doc_number: int, regions: list[str]) -> tuple[str, int]:
    return regions[doc_number % len(regions)], FIRST_YEAR + (doc_number // len(regions)) % N_YEARS


def generate(
    sources: SourceCorpus, n_passages: int, passages_per_doc: int = 80, noise: float = 0.01, seed: int = 0
) -> Iterator[SyntheticDocument]:
    """``n_passages`` passages in documents of ``passages_per_doc`` (the last one may be shorter)."""
    if n_passages < 1 or passages_per_doc < 1:
        raise ValueError("n_passages and passages_per_doc must be at least 1")
    rng = np.random.default_rng(seed)
    pool = [s for text in sources.texts for s in sentences(text)]
    n_real = len(sources.texts)
    for doc_number, first in enumerate(range(0, n_passages, passages_per_doc)):
        positions = range(first, min(first + passages_per_doc, n_passages))
        texts, vectors = [], []
        for position in positions:
            source = position % n_real
            if position < n_real:
                texts.append(sources.texts[source])
                vectors.append(sources.vectors[source])
                continue
            parts = sentences(sources.texts[source]) or [sources.texts[source]]
            parts[int(rng.integers(len(parts)))] = pool[int(rng.integers(len(pool)))]
            texts.append("".join(parts))
            vector = sources.vectors[source] + rng.normal(0.0, noise, sources.vectors.shape[1]).astype(np.float32)
            vectors.append(vector / np.linalg.norm(vector))
        yield _document(doc_number, texts, np.stack(vectors).astype(np.float32), sources.regions)


def _document(doc_number: int, texts: list[str], vectors: np.ndarray, regions: list[str]) -> SyntheticDocument:
    region, year = region_and_year(doc_number, regions)
    chunks, offset = [], 0
    for text in texts:
        chunks.append(Chunk(offset, offset + len(text), text, []))
        offset += len(text) + 1  # passages are separated by a newline in the document text
    doc_id = f"syn{doc_number:07d}"
    record = DocumentRecord(
        doc_id, f"synthetic/{doc_id}.txt", f"/synthetic/{doc_id}.txt", f"{region}{year}年政府工作报告（合成）",
        region, year, None, doc_id, "txt", "utf-8", len(chunks),
    )
    return SyntheticDocument(record, "\n".join(texts), chunks, texts, vectors)
