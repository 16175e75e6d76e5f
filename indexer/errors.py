"""The indexer's errors: messages for the person running the tool, codes for programs (config.errors)."""

from config.errors import ErrorCode, GovqaError


class IndexerError(GovqaError):
    """Base class: anything the indexer reports to the user."""


class DocumentLoadError(IndexerError):
    """A file could not be read or turned into text (the build skips it and goes on)."""

    code = ErrorCode.CORRUPT


class UnsupportedFormatError(DocumentLoadError):
    """The file's extension is not one we can read."""

    code = ErrorCode.UNSUPPORTED_TYPE


class IndexMismatchError(IndexerError):
    """The index on disk was built with another model or format version."""

    code = ErrorCode.INDEX_MISMATCH


class IndexNotFoundError(IndexerError):
    """There is no index at the given folder."""

    code = ErrorCode.INDEX_NOT_FOUND


__all__ = [
    "DocumentLoadError",
    "ErrorCode",
    "GovqaError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexerError",
    "UnsupportedFormatError",
]
