"""OCR of scanned reports with the real engines: pages of real reports typeset with the Noto CJK font, printed
at 150 and 300 dpi with a slight skew and mild noise (bench/scans.py), saved as image-only PDFs or pictures.

Pages are kept short (OCR costs seconds per page on 2 cores); the full measurements are bench/ocr_bench.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from bench.ocr_bench import cer
from bench.scans import make_scans, report_paragraphs, save_image_pdf
from config import IndexerSettings, reload_settings
from indexer.errors import DocumentLoadError
from indexer.loaders import load_document, scanned_page_images
from indexer.ocr import OcrPage, OcrReader, script_of
from indexer.ocr_layout import PageLayout
from indexer.pipeline import IndexBuilder
from retrieval.service import Retrieval
from tests.conftest import SEEDS, require_shared

SIMPLIFIED = SEEDS / "000_7d2528075ee80db9.txt"  # 广元市朝天区2024年法治政府建设情况


def traditional_source() -> Path:
    return require_shared() / "corpus" / "gov-reports" / "037.txt"  # 2017 Hong Kong policy address


def scan_of(source: Path, dpi: int, script: str, chars: int, skip: int = 0):
    """One short scanned page of ``source`` (its first ``chars`` characters after ``skip`` paragraphs)."""
    paragraphs = report_paragraphs(source)[skip:]
    kept, total = [], 0
    for paragraph in paragraphs:
        kept.append(paragraph[: max(0, chars - total)] if total + len(paragraph) > chars else paragraph)
        total += len(kept[-1])
        if total >= chars:
            break
    return make_scans(kept, dpi, script, max_pages=1)[0]


@pytest.fixture(scope="module")
def reader() -> OcrReader:
    return OcrReader()  # the default: RapidOCR, Traditional pages re-read with tesseract chi_tra


def test_scanned_pdf_at_300_dpi_is_read_with_headings_on_their_own_line(tmp_path: Path, reader: OcrReader) -> None:
    page = scan_of(SIMPLIFIED, 300, "simplified", chars=700)
    path = save_image_pdf([page], tmp_path / "scan.pdf", 300)
    calls: list[tuple[int, int]] = []
    document = load_document(path, ocr=reader, progress=lambda done, total: calls.append((done, total)))
    assert document.format == "pdf" and document.warnings == ()
    assert cer(page.text, document.text) <= 0.02, document.text
    assert "一、工作开展情况" in document.text.split("\n")
    assert document.text.split("\n")[0] == "广元市朝天区2024年法治政府建设情况"
    assert calls == [(0, 1), (1, 1)]


def test_png_at_150_dpi(tmp_path: Path, reader: OcrReader) -> None:
    page = scan_of(SIMPLIFIED, 150, "simplified", chars=500, skip=3)
    page.image.save(tmp_path / "page.png")
    document = load_document(tmp_path / "page.png", ocr=reader)
    assert document.format == "image"
    assert cer(page.text, document.text) <= 0.05, document.text


@pytest.mark.parametrize(("dpi", "target", "suffix"), [(300, 0.02, ".tif"), (150, 0.05, ".pdf")])
def test_traditional_scan(tmp_path: Path, reader: OcrReader, dpi: int, target: float, suffix: str) -> None:
    page = scan_of(traditional_source(), dpi, "traditional", chars=400, skip=1)
    path = tmp_path / f"page{suffix}"
    if suffix == ".pdf":
        save_image_pdf([page], path, dpi)
    else:
        page.image.save(path, dpi=(dpi, dpi))
    document = load_document(path, ocr=reader)
    assert cer(page.text, document.text) <= target, document.text
    assert script_of(document.text) == "traditional"
    assert "施政報告" in document.text  # Traditional stays Traditional


def _text_page_pdf(path: Path, lines: list[str]) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("STSong-Light", 12)
    for k, line in enumerate(lines):
        pdf.drawString(72, 770 - 20 * k, line)
    pdf.save()
    return path


def test_pdf_page_with_a_text_layer_uses_it_and_only_the_scanned_page_is_ocred(
    tmp_path: Path, reader: OcrReader
) -> None:
    from pypdf import PdfWriter

    lines = ["广元市朝天区2024年法治政府建设情况", "2024年，朝天区坚持以习近平新时代中国特色社会主义思想为指导。"]
    born_digital = _text_page_pdf(tmp_path / "text.pdf", lines)
    scanned_page = scan_of(SIMPLIFIED, 300, "simplified", chars=300, skip=4)
    scanned = save_image_pdf([scanned_page], tmp_path / "scan.pdf", 300)
    writer = PdfWriter()
    writer.append(str(born_digital))
    writer.append(str(scanned))
    writer.write(tmp_path / "mixed.pdf")
    calls: list[tuple[int, int]] = []
    text = load_document(tmp_path / "mixed.pdf", ocr=reader, progress=lambda d, t: calls.append((d, t))).text
    assert text.startswith("\n".join(lines) + "\n")  # the text layer, exactly
    assert cer(scanned_page.text, text[len("\n".join(lines)) :]) <= 0.02
    assert calls == [(0, 1), (1, 1)]  # one page needed OCR


def test_ocr_off_refuses_scans_with_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = scan_of(SIMPLIFIED, 150, "simplified", chars=100)
    save_image_pdf([page], tmp_path / "scan.pdf", 150)
    page.image.save(tmp_path / "scan.jpg")
    off = OcrReader(enabled=False)
    with pytest.raises(DocumentLoadError, match=r"scan\.pdf: no text layer \(scanned PDF\?\) and OCR is off"):
        load_document(tmp_path / "scan.pdf", ocr=off)
    with pytest.raises(DocumentLoadError, match=r"scan\.jpg: a picture can only be read by OCR, which is off"):
        load_document(tmp_path / "scan.jpg", ocr=off)
    monkeypatch.setenv("GOVQA_OCR", "off")
    reload_settings()
    assert not OcrReader.configured().enabled
    with pytest.raises(DocumentLoadError, match="OCR is off"):
        load_document(tmp_path / "scan.pdf")  # no reader given: the settings decide


def test_page_images_for_checking_are_the_pages_ocr_read(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    text_pdf = _text_page_pdf(tmp_path / "text.pdf", ["广元市朝天区2024年法治政府建设情况，全文共三部分。"])
    page = scan_of(SIMPLIFIED, 72, "simplified", chars=50)
    scan_pdf = save_image_pdf([page, page], tmp_path / "scan.pdf", 72)
    writer = PdfWriter()
    for part in (text_pdf, scan_pdf):
        writer.append(str(part))
    writer.write(tmp_path / "mixed.pdf")
    assert [number for number, _ in scanned_page_images(tmp_path / "mixed.pdf", dpi=36)] == [2, 3]
    assert scanned_page_images(text_pdf) == []
    page.image.save(tmp_path / "page.png")
    assert [(n, image.size) for n, image in scanned_page_images(tmp_path / "page.png")] == [(1, page.image.size)]
    assert scanned_page_images(SIMPLIFIED) == []


def test_bad_images_and_settings_fail_clearly(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really an image")
    with pytest.raises(DocumentLoadError, match=r"broken\.png: not a readable image"):
        load_document(tmp_path / "broken.png", ocr=OcrReader())
    with pytest.raises(ValueError, match="unknown OCR engine 'paddle'"):
        OcrReader("paddle")
    with pytest.raises(ValueError, match="out of range"):
        OcrReader(dpi=2400)


def test_script_detection_and_page_warnings() -> None:
    assert script_of("行政長官向立法會發表施政報告的發言") == "traditional"
    assert script_of("行政长官向立法会发表施政报告的发言") == "simplified"
    assert script_of("2024 - 3 -") == "simplified"
    reader = OcrReader(min_confidence=0.9)
    page = PageLayout("文字", False, False)
    assert reader.warnings(OcrPage(page, 0.95, "simplified", "rapidocr")) == []
    low = reader.warnings(OcrPage(page, 0.62, "simplified", "rapidocr"))
    assert low == ["OCR confidence 0.62 is below 0.90; check the text"]
    assert "tesseract-ocr-chi-tra" in reader.warnings(OcrPage(page, 0.95, "traditional", "rapidocr"))[0]


def test_scanned_report_is_indexed_searchable_with_offsets_and_warnings_in_the_summary(
    tmp_path: Path, indexer_settings: IndexerSettings, embedder
) -> None:
    page = scan_of(SIMPLIFIED, 300, "simplified", chars=900)
    corpus = tmp_path / "scans"
    corpus.mkdir()
    save_image_pdf([page], corpus / "chaotian-2024.pdf", 300)
    # a threshold no page reaches: the warning path of a real build
    settings = indexer_settings.model_copy(update={"ocr_min_confidence": 0.9999})
    progress: list[str] = []
    report = IndexBuilder(settings, embedder).run(
        [str(corpus)], index_dir=tmp_path / "index", progress=lambda d, t, source: progress.append(source)
    )
    assert not report.failed, report.failed
    assert any("(OCR page 1 of 1)" in source for source in progress)
    assert report.warnings and "OCR confidence" in report.warnings[0][1]
    assert "warning: " in report.summary() and "chaotian-2024.pdf" in report.summary()
    service = Retrieval.open(tmp_path / "index", settings, embedder=embedder)
    hits = service.search("朝天区法治政府建设工作开展情况", top_k=3)
    assert hits and hits[0].passage.region and "朝天区" in hits[0].passage.region
    for hit in hits:
        assert service.document_text(hit.passage.doc_id)[hit.passage.start : hit.passage.end] == hit.passage.text
