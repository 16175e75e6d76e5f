"""Data types returned by retrieval: the JSON contract of the CLI is built from these."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Hit:
    """One retrieved passage, exactly as it stands in the stored document.

    ``text == document_text[start:end]`` (original script, original characters).
    """

    rank: int
    score: float
    doc_id: str
    source: str  # the file path as given to the build
    title: str
    region: str | None
    year: int | None
    section: str  # heading chain joined with " > "
    text: str
    start: int
    end: int
    chunk_id: int = -1  # row id in the chunk store; not part of the JSON contract

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("chunk_id")
        return data
