"""The matching form: script, width and stray spaces must not decide whether a question matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import normalize
from indexer.normalize import normalize_for_matching

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (shared test corpus) is absent")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("香港特別行政區政府一九九七年施政報告", "香港特别行政区政府一九九七年施政报告"),  # t2s
        ("仲愷高新區堅持以習近平法治思想為指導", "仲恺高新区坚持以习近平法治思想为指导"),
        ("第１２３條", "第123条"),  # NFKC full-width digits
        ("ＧＤＰ增长５％", "GDP增长5%"),
        ("香港特別 行政區", "香港特别行政区"),  # ASCII space between CJK (HK PDF line breaks)
        ("國務院總理\u3000李克強", "国务院总理李克强"),  # U+3000
        ("香港\u00a0市民", "香港市民"),  # nbsp
        ("歷史； 而且", "历史;而且"),  # CJK punctuation counts as CJK
        ("隨\ue12e香港回歸", "随香港回归"),  # private-use (HKSCS) dropped
        ("法治\u200b政府\ufeff建设", "法治政府建设"),  # zero-width dropped
        ("Policy Address 2017", "Policy Address 2017"),  # spaces outside CJK kept
        ("2024年 GDP 增长", "2024年 GDP 增长"),
        ("一、工作开展情况\n(一)强化统筹", "一、工作开展情况\n(一)强化统筹"),  # newlines kept
    ],
)
def test_normalize_for_matching(raw: str, expected: str) -> None:
    assert normalize_for_matching(raw) == expected


def test_traditional_and_simplified_reports_meet() -> None:
    assert normalize_for_matching("法治政府建設工作報告") == normalize_for_matching("法治政府建设工作报告")


def test_converter_is_built_once() -> None:
    normalize_for_matching("報告")
    assert normalize._converter() is normalize._converter()
    assert normalize._converter.cache_info().currsize == 1


@needs_shared
def test_hong_kong_sentence_with_stray_spaces_and_private_use() -> None:
    text = (SHARED / "corpus" / "gov-reports" / "032.txt").read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if line.startswith("9. "))
    assert " 市民" in line and "\ue12e" in line  # the raw file really has both defects
    matched = normalize_for_matching(line)
    assert "香港市民在实际的生活当中" in matched
    assert "\ue12e" not in matched
    assert normalize_for_matching("1. 現在，我向各位議員").startswith("1. 现在,我向各位议员")
