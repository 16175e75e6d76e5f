"""Errors with messages meant for the person running the tool."""


class IndexerError(Exception):
    """Base class: anything the indexer reports to the user."""


class DocumentLoadError(IndexerError):
    """A file could not be read or turned into text (the build skips it and goes on)."""


class UnsupportedFormatError(DocumentLoadError):
    """The file's extension is not one we can read."""


class IndexMismatchError(IndexerError):
    """The index on disk was built with another model or format version."""


class IndexNotFoundError(IndexerError):
    """There is no index at the given folder."""
