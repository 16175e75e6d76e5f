"""Title, region, covered year and publish date of the real reports, and user overrides."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from indexer.cleaning import extract_paragraphs
from indexer.errors import IndexerError
from indexer.loaders import load_document
from indexer.metadata import (
    extract_metadata,
    extract_publish_date,
    extract_region,
    extract_year,
    load_overrides,
    merge_overrides,
)
from indexer.models import DocumentMeta, LoadedDocument

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "gov-reports"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (shared test corpus) is absent")


def _meta(path: Path) -> DocumentMeta:
    document = load_document(path)
    return extract_metadata(document, extract_paragraphs(document.text))


@pytest.mark.parametrize(
    ("prefix", "title", "region", "year", "publish_date"),
    [
        ("000", "广元市朝天区2024年法治政府建设情况", "广元市朝天区", 2024, None),
        ("001", "殷都区2021年度法治政府建设工作报告", "殷都区", 2021, "2022-02-23"),
        ("002", "仲愷高新區2023年度法治政府建設工作情況和2024年工作設想", "仲恺高新区", 2023, None),
        ("003", "2023年度通城县法治政府建设工作报告", "通城县", 2023, "2024-02-26"),
        ("004", "积法治之势 强发展之路", "长治市", 2023, "2023-11-28"),  # date of the issue label
    ],
)
def test_seed_metadata(prefix: str, title: str, region: str, year: int, publish_date: str | None) -> None:
    meta = _meta(next(SEEDS.glob(f"{prefix}_*.txt")))
    assert meta == DocumentMeta(title=title, region=region, year=year, publish_date=publish_date)


def _index_rows() -> list[dict[str, str]]:
    if not (CORPUS / "INDEX.tsv").is_file():
        return []
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@needs_shared
@pytest.mark.parametrize("row", _index_rows(), ids=lambda row: row["file"][:3])
def test_corpus_metadata_matches_index(row: dict[str, str]) -> None:
    path = CORPUS / row["file"]
    meta = _meta(path)
    assert meta.region == row["region"].split(" ")[0]  # "全国 (国务院)" → 全国
    assert meta.year == int(row["covers_year"][:4])
    assert meta.title == path.read_text(encoding="utf-8").split("\n")[1].strip()


@needs_shared
def test_corpus_publish_dates_from_page_lines() -> None:
    assert _meta(CORPUS / "001.txt").publish_date == "2026-02-02"  # 时间：2026-02-02
    assert _meta(CORPUS / "030.txt").publish_date == "2026-02-09"  # 发表时间： / value on the next line
    assert _meta(CORPUS / "023.txt").publish_date == "2026-02-10"  # 2026年02月10日 07时41分
    assert _meta(CORPUS / "044.txt").publish_date == "2018-03-23"  # 《 人民日报 》（ 2018年03月23日 01 版）
    assert _meta(CORPUS / "032.txt").publish_date is None


@pytest.mark.parametrize(
    ("title", "body", "region"),
    [
        ("四川省广元市朝天区2024年法治政府建设情况", "", "广元市朝天区"),  # most specific unit + parent
        ("2026年内蒙古自治区政府工作报告", "", "内蒙古自治区"),
        ("香港特別行政區政府一九九七年施政報告", "", "香港特别行政区"),  # always Simplified
        ("2019年国务院政府工作报告", "", "全国"),
        ("", "各位代表：\n现在，我代表国务院，向大会报告政府工作。", "全国"),
        (
            "政府工作报告",
            "——2026年1月28日在云南省第十四届人民代表大会第四次会议上\n云南要闻。云南省坚持……",
            "云南省",
        ),
        (
            "",
            "2023年,仲愷高新區堅持依法行政。\n仲愷高新區共收到行政复议案件179宗。\n惠州市要求……",
            "仲恺高新区",
        ),
        ("工作总结", "今年以来，我们坚持依法行政。", None),
    ],
)
def test_region_rules(title: str, body: str, region: str | None) -> None:
    assert extract_region(title, body) == region


@pytest.mark.parametrize(
    ("title", "body", "year"),
    [
        ("2023年度通城县法治政府建设工作报告", [], 2023),
        ("广元市朝天区2024年法治政府建设情况", [], 2024),
        ("2026年北京市政府工作报告", [], 2025),  # a 政府工作报告 titled N reviews N-1
        ("香港特別行政區政府一九九八年施政報告", [], 1998),
        ("二零零零年施政報告 以民為本 同心同德", [], 2000),
        ("——二〇二六年一月", [], 2026),
        ("政府工作报告", ["各位代表：", "一、2025年工作回顾"], 2025),
        ("", ["2023年,在市委、市政府的正確領導下"], 2023),
        ("", ["出台2023年行动计划。", "2023年行动计划", "2022年成立"], 2023),
        ("", ["没有年份"], None),
    ],
)
def test_year_rules(title: str, body: list[str], year: int | None) -> None:
    assert extract_year(title, body, None) == year


def test_year_falls_back_to_publish_date() -> None:
    assert extract_year("", ["没有年份"], "2024-02-26") == 2024


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n发布日期:2022-02-23 09:59 来源:\n正文", "2022-02-23"),
        ("标题\n发表时间：\n2026-02-09 09:45:30\n正文", "2026-02-09"),
        ("标题\n2026年02月10日 07时41分\n正文", "2026-02-10"),
        ("标题\n正文\n过往期刊\n  • 第2023-11-28期\n  • 第2023-11-27期", "2023-11-28"),
        ("标题\n时间：2024/3/5\n正文", "2024-03-05"),
        ("标题\n正文写于2024年3月5日。", None),  # a date inside the text is not a publish date
        ("标题\n日期:2024-02-30", None),  # not a real date
    ],
)
def test_publish_date(text: str, expected: str | None) -> None:
    assert extract_publish_date(text) == expected


def test_sidecar_overrides_extraction(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    shutil.copy(next(SEEDS.glob("000_*.txt")), path)
    sidecar = {
        "title": "朝天区法治政府建设报告",
        "region": "廣元市",
        "year": "2023",
        "publish_date": "2025年1月5日",
        "unknown": "ignored",
    }
    path.with_name("report.txt.meta.json").write_text(
        json.dumps(sidecar, ensure_ascii=False), encoding="utf-8"
    )
    meta = _meta(path)
    assert meta == DocumentMeta(
        title="朝天区法治政府建设报告", region="广元市", year=2023, publish_date="2025-01-05"
    )


def test_front_matter_overrides_and_is_not_content(tmp_path: Path) -> None:
    body = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    path = tmp_path / "report.md"
    path.write_text(
        "---\ntitle: 通城县2023年度报告\nregion: 通城县\nyear: 2022\n# a comment\n---\n" + body,
        encoding="utf-8",
    )
    document = load_document(path)
    paragraphs = extract_paragraphs(document.text)
    kept = [document.text[p.start : p.end] for p in paragraphs]
    assert not any(p.startswith(("---", "title:", "region:", "year:")) for p in kept)
    meta = extract_metadata(document, paragraphs)
    assert (meta.title, meta.region, meta.year, meta.publish_date) == (
        "通城县2023年度报告",
        "通城县",
        2022,
        "2024-02-26",
    )
    assert load_overrides(path) == {"title": "通城县2023年度报告", "region": "通城县", "year": "2022"}

    path.with_name("report.md.meta.json").write_text('{"year": 2023}', encoding="utf-8")  # the sidecar wins
    assert load_overrides(path)["year"] == 2023
    assert _meta(path).year == 2023


def test_bad_sidecar_and_bad_values_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("2024年法治政府建设情况\n正文。", encoding="utf-8")
    sidecar = path.with_name("report.txt.meta.json")
    sidecar.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexerError, match=r"report\.txt\.meta\.json: cannot read metadata sidecar"):
        load_overrides(path)
    sidecar.write_text("[2024]", encoding="utf-8")
    with pytest.raises(IndexerError, match="must be a JSON object"):
        _meta(path)
    meta = DocumentMeta(title="t")
    with pytest.raises(IndexerError, match="publish_date"):
        merge_overrides(meta, {"publish_date": "下个月"})
    with pytest.raises(IndexerError, match="year"):
        merge_overrides(meta, {"year": "去年"})


def test_merge_keeps_extracted_values_not_overridden() -> None:
    meta = DocumentMeta(title="原标题", region="殷都区", year=2021, publish_date="2022-02-23")
    assert merge_overrides(meta, {"year": 2020, "region": "", "title": None}) == DocumentMeta(
        title="原标题", region="殷都区", year=2020, publish_date="2022-02-23"
    )


def test_document_without_source_file_uses_its_name() -> None:
    document = LoadedDocument(
        source="uploads/报告.txt", text="一、工作情况\n今年以来我们坚持依法行政。", format="txt"
    )
    assert extract_metadata(document, extract_paragraphs(document.text)).title == "报告"
