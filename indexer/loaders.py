"""Read a report file of any supported format into text (``LoadedDocument``).

The text returned is what gets stored and cited: for .txt/.md the decoded file, for HTML the main text
(trafilatura, which drops navigation, scripts and footers; a plain tag-stripper when it finds nothing),
for PDF the text layer, for .docx the paragraphs and table cells, one per line. Heavy parsers are imported
only when a file of their kind is read, so a missing optional dependency breaks that format with an
install hint, not the whole tool. Every failure is a DocumentLoadError naming the file and the reason:
the build reports it and goes on with the next file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from indexer.encoding import decode_bytes
from indexer.errors import DocumentLoadError, UnsupportedFormatError
from indexer.models import LoadedDocument

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950"}


def load_document(path: Path, source: str | None = None) -> LoadedDocument:
    """Load ``path``; ``source`` is how the user named the file (defaults to the path)."""
    path = Path(path)
    source = str(path) if source is None else source
    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFormatError(
            f"{path.name}: unsupported file type {extension or '(no extension)'!r}; "
            f"supported: {', '.join(SUPPORTED_EXTENSIONS)}"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentLoadError(f"{path.name}: cannot read file: {error.strerror or error}") from None
    if not data.strip():
        raise DocumentLoadError(f"{path.name}: the file is empty")
    encoding: str | None = None
    if extension in (".txt", ".md"):
        text, encoding = _decode(data, path)
        kind = "txt"
    elif extension in (".html", ".htm"):
        text, encoding = _load_html(data, path)
        kind = "html"
    elif extension == ".pdf":
        text, kind = _load_pdf(path), "pdf"
    else:
        text, kind = _load_docx(path), "docx"
    if not text.strip():
        raise DocumentLoadError(f"{path.name}: no text found (the file contains only whitespace or markup)")
    return LoadedDocument(source=source, text=text, format=kind, encoding=encoding)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return decode_bytes(data)
    except DocumentLoadError as error:
        raise DocumentLoadError(f"{path.name}: {error}") from None


def _load_html(data: bytes, path: Path) -> tuple[str, str]:
    """Decode (BOM, then the page's declared charset, then detection) and extract the main text."""
    html, encoding = None, None
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower()
        name = _CHARSET_ALIASES.get(name, name)
        try:
            html, encoding = data.decode(name).replace("\r\n", "\n"), name
        except (LookupError, UnicodeDecodeError):
            html = None  # wrong or unknown declaration: detect instead
    if html is None:
        html, encoding = _decode(data, path)
    text = _trafilatura_text(html, path)
    if not text.strip():
        text = strip_tags(html)
    return text, encoding


def _trafilatura_text(html: str, path: Path) -> str:
    try:
        import trafilatura
    except ImportError as error:
        message = f"{path.name}: reading HTML needs trafilatura: pip install trafilatura"
        raise DocumentLoadError(message) from error
    try:
        document = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, with_metadata=True
        )
    except Exception:
        return ""
    if document is None or not (document.text or "").strip():
        return ""
    text, title = document.text.strip(), (document.title or "").strip()
    # trafilatura moves the <h1>/<title> into metadata; the title is part of the report, keep it in the text.
    if title and title not in text[: len(title) + 200]:
        text = f"{title}\n{text}"
    return text


class _TextCollector(HTMLParser):
    """Collects visible text, breaking lines at block elements; skips script/style/nav/header/footer."""

    _SKIP: ClassVar[frozenset[str]] = frozenset(
        {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "head"}
    )
    _BLOCK: ClassVar[frozenset[str]] = frozenset(
        {"p", "div", "br", "li", "tr", "td", "th", "ul", "ol", "table", "section", "article", "pre"}
        | {"blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "title"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_tags(html: str) -> str:
    """Plain fallback extraction: visible text, one block element per line, blank lines collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _load_pdf(path: Path) -> str:
    try:
        import pypdf
        from pypdf.errors import PdfReadError
    except ImportError as error:
        raise DocumentLoadError(f"{path.name}: reading PDF needs pypdf: pip install pypdf") from error
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentLoadError(f"{path.name}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentLoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as error:
        reason = str(error) or type(error).__name__
        raise DocumentLoadError(f"{path.name}: not a readable PDF ({reason})") from None
    text = "\n".join(page.strip("\n") for page in pages).replace("\r\n", "\n")
    if not text.strip():
        raise DocumentLoadError(
            f"{path.name}: no text layer (scanned PDF?); run OCR on it first "
            "(e.g. ocrmypdf -l chi_sim) and index the result"
        )
    return text


def _load_docx(path: Path) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph
    except ImportError as error:
        message = f"{path.name}: reading .docx needs python-docx: pip install python-docx"
        raise DocumentLoadError(message) from error
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(DocxParagraph(block, document).text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    seen: list[str] = []
                    for cell in row.cells:  # merged cells repeat: keep each once per row
                        if cell.text not in seen:
                            seen.append(cell.text)
                    lines.extend(seen)
    except Exception as error:
        reason = str(error) or type(error).__name__
        raise DocumentLoadError(f"{path.name}: not a readable .docx file ({reason})") from None
    return "\n".join(lines).replace("\r\n", "\n")
