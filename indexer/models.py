"""Data types that cross module boundaries in the indexing pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LoadedDocument:
    """A file turned into text. Every offset in the index refers to ``text``."""

    source: str  # the file path exactly as given to the build
    text: str  # the document as stored: decoded (txt) or extracted (html/pdf/docx)
    format: str  # "txt" | "html" | "pdf" | "docx" | "image"
    encoding: str | None = None  # detected byte encoding, for text formats
    warnings: tuple[str, ...] = ()  # worth telling the user but not fatal, e.g. a page's low OCR confidence


@dataclass(frozen=True)
class Paragraph:
    """A span of report content in ``LoadedDocument.text``: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about a report beyond its text."""

    title: str
    region: str | None = None  # e.g. 广元市朝天区, 仲恺高新区 (Simplified script)
    year: int | None = None  # the year the report covers
    publish_date: str | None = None  # ISO date (YYYY-MM-DD) when the page states one


@dataclass(frozen=True)
class Chunk:
    """A passage: ``document.text[start:end]`` plus its heading chain."""

    start: int
    end: int
    text: str
    section: list[str] = field(default_factory=list)  # heading chain, outermost first

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)
