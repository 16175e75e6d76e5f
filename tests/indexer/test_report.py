"""Build reports: folder discovery reports what it cannot index, and the summary names each failure."""

from __future__ import annotations

from pathlib import Path

from indexer.errors import ErrorCode
from indexer.report import BuildReport, Failure, discover


def test_discover_reports_unsupported_files_and_passes_over_sidecars(tmp_path: Path) -> None:
    for name in ("a.txt", "b.PDF", "sheet.xlsx", "a.txt.meta.json", ".DS_Store", "sub/c.docx", "sub/noext"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found, failed = discover([str(tmp_path), str(tmp_path / "missing.txt")])
    assert sorted(Path(source).name for source, _ in found) == ["a.txt", "b.PDF", "c.docx"]
    codes = {Path(f.source).name: f.code for f in failed}
    assert codes == {
        "sheet.xlsx": ErrorCode.UNSUPPORTED_TYPE,
        "noext": ErrorCode.UNSUPPORTED_TYPE,
        "missing.txt": ErrorCode.NOT_FOUND,
    }
    assert "'.xlsx'" in next(f.detail for f in failed if f.source.endswith("sheet.xlsx"))


def test_a_file_named_directly_goes_to_its_loader(tmp_path: Path) -> None:
    (tmp_path / "sheet.xlsx").write_bytes(b"x")
    found, failed = discover([str(tmp_path / "sheet.xlsx")])  # the loader reports it, with the same code
    assert len(found) == 1 and not failed


def test_summary_and_json_carry_code_and_detail() -> None:
    report = BuildReport(failed=[Failure("x.xlsx", ErrorCode.UNSUPPORTED_TYPE, "unsupported file type '.xlsx'")])
    assert "failed: x.xlsx (unsupported_type): unsupported file type '.xlsx'" in report.summary()
    assert report.as_json()["failed"] == [
        {"source": "x.xlsx", "code": "unsupported_type", "detail": "unsupported file type '.xlsx'"}
    ]
