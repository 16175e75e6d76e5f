"""Data types returned by retrieval: the JSON contract of the CLI is built from these.

One ``Passage`` type carries a stretch of a stored document; a search ``Hit`` and an answer's ``Citation``
(retrieval/answer/types.py) contain it, and the app shows it as it is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Passage:
    """A passage exactly as it stands in the stored document: ``text == document_text[start:end]``
    (original script, original characters)."""

    doc_id: str
    source: str  # the file path as given to the build
    title: str
    region: str | None
    year: int | None
    section: str  # heading chain joined with " > "
    text: str
    start: int
    end: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Hit:
    """One retrieved passage, its rank (1 = best) and its fused score."""

    passage: Passage
    rank: int
    score: float
    chunk_id: int = -1  # row id in the chunk store; not part of the JSON contract

    def to_json(self) -> dict:
        return {"rank": self.rank, "score": self.score, **self.passage.to_json()}


@dataclass(frozen=True)
class DocumentInfo:
    """What the index knows of one document (its text is ``Retrieval.document_text``)."""

    doc_id: str
    source: str  # as given to the build
    path: str  # absolute path of the file
    title: str
    region: str | None
    year: int | None
    publish_date: str | None
    format: str  # "txt" | "html" | "pdf" | "docx" | "image"
    n_chunks: int
