"""The project's base error and the codes that say what went wrong, for every layer.

Each layer has its own base (``indexer.errors.IndexerError``, ``retrieval.errors.RetrievalError``,
``retrieval.llm.base.LLMUnavailableError``); all derive from ``GovqaError``, so the app can catch one type.
The message (``detail``) is written for whoever runs the tool; the ``code`` is what a program (or the
app's Chinese wording, ui/messages.py) decides on. It lives here, beside the settings, because this is
the one package every layer may import.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # A file that cannot be indexed (a build reports it and goes on).
    EMPTY = "empty"  # no bytes, or only whitespace
    NO_TEXT = "no_text"  # only markup, no text
    NO_REPORT_TEXT = "no_report_text"  # only page chrome (navigation, footers) once cleaned
    BINARY = "binary"  # not text in any known encoding
    ENCODING = "encoding"  # a byte-order mark that the bytes contradict
    NO_TEXT_LAYER = "no_text_layer"  # a scan, and OCR is off
    OCR_NO_TEXT = "ocr_no_text"  # a scan on which OCR found nothing
    CORRUPT = "corrupt"  # a PDF, .docx or image its library cannot parse
    ENCRYPTED = "encrypted"  # a password-protected PDF
    UNSUPPORTED_TYPE = "unsupported_type"  # an extension no loader reads
    TOO_LARGE = "too_large"  # over max_file_mb
    NOT_FOUND = "not_found"  # no such file or folder
    UNREADABLE = "unreadable"  # the operating system refused to read it
    BAD_METADATA = "bad_metadata"  # a .meta.json sidecar that is not valid
    # The index and the tools around it.
    INDEX_NOT_FOUND = "index_not_found"
    INDEX_MISMATCH = "index_mismatch"  # built with another model, runtime or format: rebuild
    BUILD_RUNNING = "build_running"
    MISSING_DEPENDENCY = "missing_dependency"  # a package or model that set-up installs
    # Questions and searches.
    BAD_QUERY = "bad_query"  # empty, or naming nothing the index knows
    NOT_IN_INDEX = "not_in_index"  # a document or span the index does not hold
    LLM_UNAVAILABLE = "llm_unavailable"
    OTHER = "other"


class GovqaError(Exception):
    """Anything the tool reports to its user: a message (``detail``) and a ``code``."""

    code: ErrorCode = ErrorCode.OTHER

    def __init__(self, detail: str, code: ErrorCode | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
