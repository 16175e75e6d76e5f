"""The one table from error codes to Chinese."""

from __future__ import annotations

from config.errors import ErrorCode
from indexer.errors import IndexMismatchError
from ui import messages


def test_every_code_has_chinese_text() -> None:
    missing = [code for code in ErrorCode if code is not ErrorCode.OTHER and code not in messages.CHINESE]
    assert not missing


def test_detail_follows_the_chinese_text() -> None:
    text = messages.explain(ErrorCode.EMPTY, "a.txt: the file is empty")
    assert text == "文件是空的。详细原因:a.txt: the file is empty"
    assert messages.explain(ErrorCode.OTHER, "boom").startswith("无法建立索引")


def test_errors_are_worded_by_their_code() -> None:
    assert "make clean-index" in messages.explain_error(IndexMismatchError("other model"))
