"""Retrieval's errors (a bad query, a document or span the index does not hold). Not indexer errors:
both derive from the project's ``GovqaError`` (config.errors)."""

from config.errors import ErrorCode, GovqaError


class RetrievalError(GovqaError):
    """Base class: anything search, similar search or the cross-region finders report to the user."""

    code = ErrorCode.BAD_QUERY


__all__ = ["ErrorCode", "GovqaError", "RetrievalError"]
