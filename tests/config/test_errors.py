"""The project's base error: a detail for people, a code for programs, and a base per layer under it."""

from __future__ import annotations

import pytest

from config.errors import ErrorCode, GovqaError
from indexer.errors import (
    DocumentLoadError,
    IndexerError,
    IndexMismatchError,
    IndexNotFoundError,
    UnsupportedFormatError,
)
from retrieval.errors import RetrievalError
from retrieval.llm.base import LLMUnavailableError


def test_detail_and_code_travel_together() -> None:
    error = GovqaError("a.txt: the file is empty", ErrorCode.EMPTY)
    assert (str(error), error.detail, error.code) == ("a.txt: the file is empty", "a.txt: the file is empty", "empty")
    assert GovqaError("boom").code is ErrorCode.OTHER


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DocumentLoadError("x"), ErrorCode.CORRUPT),
        (UnsupportedFormatError("x"), ErrorCode.UNSUPPORTED_TYPE),
        (IndexMismatchError("x"), ErrorCode.INDEX_MISMATCH),
        (IndexNotFoundError("x"), ErrorCode.INDEX_NOT_FOUND),
        (RetrievalError("x"), ErrorCode.BAD_QUERY),
        (LLMUnavailableError("x"), ErrorCode.LLM_UNAVAILABLE),
        (DocumentLoadError("x", ErrorCode.TOO_LARGE), ErrorCode.TOO_LARGE),  # a load failure says which one
        (RetrievalError("x", ErrorCode.NOT_IN_INDEX), ErrorCode.NOT_IN_INDEX),
    ],
)
def test_each_error_carries_its_code(error: GovqaError, code: ErrorCode) -> None:
    assert error.code is code


def test_each_layer_has_its_own_base_under_the_project_one() -> None:
    assert issubclass(IndexerError, GovqaError) and issubclass(RetrievalError, GovqaError)
    assert not issubclass(RetrievalError, IndexerError)  # a bad query is not an indexer failure
    assert issubclass(LLMUnavailableError, GovqaError) and not issubclass(LLMUnavailableError, IndexerError)
    assert DocumentLoadError.code is ErrorCode.CORRUPT  # the class default is untouched by an instance's code
    DocumentLoadError("x", ErrorCode.EMPTY)
    assert DocumentLoadError.code is ErrorCode.CORRUPT


def test_codes_are_stable_strings() -> None:
    # programs (and the CLI's build summary) read these values: renaming one breaks them
    assert {c.value for c in ErrorCode} >= {
        "empty", "binary", "encoding", "no_text_layer", "corrupt", "unsupported_type", "too_large",
    }
    assert len({c.value for c in ErrorCode}) == len(ErrorCode)
