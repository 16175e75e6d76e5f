"""Read a report file of any supported format into text (``LoadedDocument``).

The text returned is what gets stored and cited: for .txt/.md the decoded file, for HTML the main text
(trafilatura, which drops navigation, scripts and footers; a plain tag-stripper when it finds nothing),
for PDF the text layer (OCR for pages without one), for pictures (.png/.jpg/.tif) the OCR text, for .docx
the paragraphs; tables (PDF and DOCX) become one line per row that carries its column headers
(``indexer/tables.py``). OCR is ``indexer/ocr.py``; its warnings (low confidence) travel with the document.
Heavy parsers are imported
only when a file of their kind is read, so a missing optional dependency breaks that format with an
install hint, not the whole tool. Every failure is a DocumentLoadError naming the file and the reason:
the build reports it and goes on with the next file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from indexer.encoding import decode_bytes
from indexer.errors import DocumentLoadError, ErrorCode, UnsupportedFormatError
from indexer.models import LoadedDocument
from indexer.ocr import OcrReader, PageProgress
from indexer.ocr_layout import PageLayout, join_pages
from indexer.tables import docx_table_lines, pdf_table_pages

if TYPE_CHECKING:
    from PIL.Image import Image

IMAGE_EXTENSIONS: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", *IMAGE_EXTENSIONS)
MIN_TEXT_LAYER_CHARS = 20  # a PDF page with less text than this (a stamp, a page number) is read by OCR
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950"}


def load_document(
    path: Path, source: str | None = None, ocr: OcrReader | None = None, progress: PageProgress | None = None
) -> LoadedDocument:
    """Load ``path``; ``source`` is how the user named the file (defaults to the path).

    ``ocr`` reads scanned pages (default: as configured, ``GOVQA_OCR``); ``progress`` hears of each OCR page.
    """
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
        raise DocumentLoadError(
            f"{path.name}: cannot read file: {error.strerror or error}",
            ErrorCode.UNREADABLE,
        ) from None
    if not data.strip():
        raise DocumentLoadError(f"{path.name}: the file is empty", ErrorCode.EMPTY)
    encoding: str | None = None
    warnings: list[str] = []
    if extension in (".txt", ".md"):
        text, encoding = _decode(data, path)
        kind = "txt"
    elif extension in (".html", ".htm"):
        text, encoding = _load_html(data, path)
        kind = "html"
    elif extension == ".pdf":
        text, kind = _load_pdf(path, ocr or OcrReader.configured(), progress, warnings), "pdf"
    elif extension in IMAGE_EXTENSIONS:
        text, kind = _load_image(path, ocr or OcrReader.configured(), progress, warnings), "image"
    else:
        text, kind = _load_docx(path), "docx"
    if not text.strip():
        raise DocumentLoadError(
            f"{path.name}: no text found (the file contains only whitespace or markup)",
            ErrorCode.NO_TEXT,
        )
    return LoadedDocument(source=source, text=text, format=kind, encoding=encoding, warnings=tuple(warnings))


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return decode_bytes(data)
    except DocumentLoadError as error:
        raise DocumentLoadError(f"{path.name}: {error}", error.code) from None


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
        raise DocumentLoadError(message, ErrorCode.MISSING_DEPENDENCY) from error
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


def _load_pdf(path: Path, ocr: OcrReader, progress: PageProgress | None, warnings: list[str]) -> str:
    """Each page's text layer; pages without one are rendered and OCRed; pages with tables get rows."""
    try:
        import pypdf
        from pypdf.errors import PdfReadError
    except ImportError as error:
        raise DocumentLoadError(
            f"{path.name}: reading PDF needs pypdf: pip install pypdf",
            ErrorCode.MISSING_DEPENDENCY,
        ) from error
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentLoadError(f"{path.name}: the PDF is password-protected", ErrorCode.ENCRYPTED)
        pages = [(page.extract_text() or "").replace("\r\n", "\n").strip("\n") for page in reader.pages]
    except DocumentLoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as error:
        reason = str(error) or type(error).__name__
        raise DocumentLoadError(f"{path.name}: not a readable PDF ({reason})") from None
    scanned = [i for i, text in enumerate(pages) if len("".join(text.split())) < MIN_TEXT_LAYER_CHARS]
    if not ocr.enabled:
        scanned = [i for i in scanned if not pages[i].strip()]
        if len(scanned) == len(pages):
            raise DocumentLoadError(
                f"{path.name}: no text layer (scanned PDF?) and OCR is off (GOVQA_OCR=off); "
                "set GOVQA_OCR=auto to read it",
                ErrorCode.NO_TEXT_LAYER,
            )
    with_text = [i for i in range(len(pages)) if i not in scanned]
    try:
        tables = pdf_table_pages(path, with_text)
    except DocumentLoadError:
        raise
    except Exception as error:  # pdfminer's errors have no common base; a table problem must not lose the text
        warnings.append(f"tables not read ({str(error) or type(error).__name__})")
        tables = {}
    layouts = {i: PageLayout(tables.get(i, pages[i]), False, False) for i in with_text}
    if scanned and ocr.enabled:
        layouts |= _ocr_pdf_pages(path, scanned, ocr, progress, warnings)
    text = join_pages([layouts[i] for i in sorted(layouts)])
    if not text.strip() and len(scanned) == len(pages):
        raise DocumentLoadError(
            f"{path.name}: no text layer (scanned PDF?), and OCR found no text on its pages",
            ErrorCode.OCR_NO_TEXT,
        )
    return text


def _ocr_pdf_pages(
    path: Path, numbers: list[int], ocr: OcrReader, progress: PageProgress | None, warnings: list[str]
) -> dict[int, PageLayout]:
    try:
        import pypdfium2
    except ImportError as error:
        raise DocumentLoadError(f"{path.name}: OCR of PDF pages needs pypdfium2: pip install pypdfium2",
                                 ErrorCode.MISSING_DEPENDENCY) from error
    layouts: dict[int, PageLayout] = {}
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise DocumentLoadError(f"{path.name}: not a readable PDF ({error})") from None
    try:
        for done, number in enumerate(numbers):
            if progress:
                progress(done, len(numbers))
            image = document[number].render(scale=ocr.dpi / 72, grayscale=True).to_pil()
            page = ocr.read_page(image)
            warnings.extend(f"page {number + 1}: {warning}" for warning in ocr.warnings(page))
            layouts[number] = page.layout
    finally:
        document.close()
    if progress:
        progress(len(numbers), len(numbers))
    return layouts


def _load_image(path: Path, ocr: OcrReader, progress: PageProgress | None, warnings: list[str]) -> str:
    """A picture of a page (a multi-page TIFF: each frame a page), read by OCR."""
    if not ocr.enabled:
        raise DocumentLoadError(f"{path.name}: a picture can only be read by OCR, which is off (GOVQA_OCR=off)",
                                 ErrorCode.NO_TEXT_LAYER)
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            frames = [frame.convert("L") for frame in ImageSequence.Iterator(picture)]
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise DocumentLoadError(f"{path.name}: not a readable image ({error})") from None
    layouts = []
    for done, frame in enumerate(frames):
        if progress:
            progress(done, len(frames))
        page = ocr.read_page(frame)
        prefix = f"page {done + 1}: " if len(frames) > 1 else ""
        warnings.extend(prefix + warning for warning in ocr.warnings(page))
        layouts.append(page.layout)
    if progress:
        progress(len(frames), len(frames))
    return join_pages(layouts)


def scanned_page_images(path: Path, dpi: int = 100) -> list[tuple[int, Image]]:
    """(page number from 1, picture) of each page of ``path`` that was read by OCR, for checking its text
    beside the scan: every frame of a picture, the PDF pages without a text layer; [] for other files."""
    from PIL import Image as PILImage
    from PIL import ImageSequence

    path = Path(path)
    extension = path.suffix.lower()
    if extension in IMAGE_EXTENSIONS:
        with PILImage.open(path) as picture:
            frames = [frame.convert("L") for frame in ImageSequence.Iterator(picture)]
        return [(k + 1, frame) for k, frame in enumerate(frames)]
    if extension != ".pdf":
        return []
    import pypdf
    import pypdfium2

    pages = [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]
    document = pypdfium2.PdfDocument(path)
    try:
        return [
            (k + 1, document[k].render(scale=dpi / 72, grayscale=True).to_pil())
            for k, text in enumerate(pages)
            if len("".join(text.split())) < MIN_TEXT_LAYER_CHARS
        ]
    finally:
        document.close()


def _load_docx(path: Path) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph as DocxParagraph
    except ImportError as error:
        message = f"{path.name}: reading .docx needs python-docx: pip install python-docx"
        raise DocumentLoadError(message, ErrorCode.MISSING_DEPENDENCY) from error
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(DocxParagraph(block, document).text)
            elif tag == "tbl":
                lines.extend(docx_table_lines(Table(block, document)))
    except Exception as error:
        reason = str(error) or type(error).__name__
        raise DocumentLoadError(f"{path.name}: not a readable .docx file ({reason})") from None
    return "\n".join(lines).replace("\r\n", "\n")
