"""Decoding real report text written in every encoding Chinese reports arrive in."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from indexer.encoding import decode_bytes, is_plausible
from indexer.errors import DocumentLoadError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SIMPLIFIED = (SEEDS / "001_cabebfb8727e5438.txt").read_text(encoding="utf-8")


def _encodable(text: str, codec: str) -> str:
    """``text`` without the few characters ``codec`` cannot represent."""
    return "".join(c for c in text if c.encode(codec, "ignore"))


# Seed 002 is Traditional with some Simplified characters mixed in: keep what Big5 can represent.
TRADITIONAL = _encodable((SEEDS / "002_59c7d4ea9493623a.txt").read_text(encoding="utf-8"), "big5")
SHORT = SIMPLIFIED.split("\n")[2]  # the title line alone: detection must not need a whole page


def _samples() -> list[tuple[str, str]]:
    return [("full", SIMPLIFIED), ("short", SHORT)]


@pytest.mark.parametrize(("label", "text"), _samples())
@pytest.mark.parametrize(
    ("codec", "expected"),
    [("gbk", "gb18030"), ("gb2312", "gb18030"), ("gb18030", "gb18030"), ("utf-8", "utf-8")],
)
def test_mainland_encodings_round_trip(label: str, text: str, codec: str, expected: str) -> None:
    text = _encodable(text, codec)  # e.g. GBK has no U+00A0 (seed 001 has one)
    decoded, encoding = decode_bytes(text.encode(codec))
    assert decoded == text
    assert encoding == expected


@pytest.mark.parametrize("codec", ["big5", "cp950"])
def test_big5_round_trips_traditional_text(codec: str) -> None:
    decoded, encoding = decode_bytes(TRADITIONAL.encode(codec))
    assert decoded == TRADITIONAL
    assert encoding in ("big5", "cp950")
    assert "仲愷高新區" in decoded


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED.encode("utf-16"), "utf-16-le"),  # Python writes the native (LE) BOM
    ],
    ids=["utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-16"],
)
def test_byte_order_marks_win_and_are_removed(data: bytes, expected: str) -> None:
    decoded, encoding = decode_bytes(data)
    assert decoded == SIMPLIFIED
    assert encoding == expected
    assert not decoded.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(("label", "text"), [*_samples(), ("traditional", TRADITIONAL)])
def test_utf16_without_bom_is_detected(label: str, text: str, codec: str) -> None:
    decoded, encoding = decode_bytes(text.encode(codec))
    assert decoded == text
    assert encoding == codec


def test_crlf_becomes_lf_and_nothing_else_changes() -> None:
    text = "2023年度通城县法治政府建设工作报告\r\n\r\n日期:2024-02-26\u3000\u3000正文\r独立回车保留\n"
    for codec in ("utf-8", "gbk", "utf-16"):
        decoded, _ = decode_bytes(text.encode(codec))
        assert decoded == text.replace("\r\n", "\n")
        assert "\r独立回车保留" in decoded


def test_empty_input_is_empty_text() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,  # binary
        b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
        "Grüße aus München, Ärger über Öl".encode("latin-1"),  # would be "valid" GBK: must not pass
    ],
    ids=["binary", "png", "latin-1"],
)
def test_undecodable_bytes_raise_a_clear_error_never_latin1(data: bytes) -> None:
    with pytest.raises(DocumentLoadError, match="cannot determine the text encoding"):
        decode_bytes(data)


def test_broken_bom_file_is_an_error() -> None:
    with pytest.raises(DocumentLoadError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + _encodable(SIMPLIFIED, "gbk").encode("gbk"))


def test_plausibility_check() -> None:
    assert is_plausible(SIMPLIFIED)
    assert is_plausible("隨\ue12e香港回歸")  # a Hong Kong PUA character is tolerated
    assert not is_plausible("\x00\x01\x02\x03 abc")
    assert not is_plausible("Gr黶e aus M黱chen")
