"""The document view of a scanned report: the OCR text beside the page images, for checking by eye."""

from __future__ import annotations

import html
from pathlib import Path

from bench.scans import make_scans, report_paragraphs
from indexer.pipeline import IndexBuilder, doc_id_for
from tests.paths import SEEDS
from tests.ui.conftest import AppEnv
from tests.ui.test_app import open_document, page_html, seed_doc


def test_scanned_report_shows_its_page_images_beside_the_text(
    app_env: AppEnv, tmp_path: Path, indexer_settings, embedder, retrieval
) -> None:
    paragraphs = report_paragraphs(SEEDS / "003_2bfe8e35bc84f18f.txt", limit_chars=250)
    scan = tmp_path / "scan.png"
    make_scans(paragraphs, 150, "simplified", max_pages=1)[0].image.save(scan)
    settings = indexer_settings.model_copy(update={"index_dir": app_env.index_dir})
    report = IndexBuilder(settings, embedder).run([str(scan)], index_dir=app_env.index_dir)
    assert not report.failed, report.failed

    at = open_document(app_env.app().run(), doc_id_for(scan.resolve()))
    assert [caption for image in at.get("image") for caption in image.captions] == ["扫描原件 第 1 页"]
    assert html.escape("通城县") in page_html(at)  # the recognised text is there too

    at = open_document(at, seed_doc(retrieval, "朝天").doc_id)  # a born-digital report: text only
    assert not at.get("image")
