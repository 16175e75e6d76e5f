"""An opened index: checked against the configured model, refreshed when a build publishes, documents found
by the source given to the build or by their path (real builds with the real model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.errors import IndexMismatchError, IndexNotFoundError
from indexer.pipeline import IndexBuilder
from retrieval.index import SearchIndex

REPORT = "通城县2023年法治政府建设工作报告\n全年共办理行政复议案件62件，府院联动机制运行良好。\n"
LATER = "通城县2024年法治政府建设工作报告\n全年共办理行政复议案件70件，推行柔性执法。\n"


@pytest.fixture()
def built(tmp_path: Path, indexer_settings, embedder) -> tuple[Path, Path, IndexBuilder]:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "2023.txt").write_text(REPORT, encoding="utf-8")
    builder = IndexBuilder(indexer_settings, embedder)
    report = builder.run([str(corpus)], index_dir=tmp_path / "index")
    assert not report.failed, report.failed
    return corpus, tmp_path / "index", builder


def test_opens_what_the_build_stored(built, indexer_settings, embedder) -> None:
    _, index_dir, _ = built
    index = SearchIndex(index_dir, indexer_settings, embedder)
    (document,) = index.documents.values()
    assert document.region == "通城县" and document.year == 2023
    assert index.regions.regions_in("通城县的行政复议") == {"通城县"}
    assert index.manifest.model_id == embedder.model_id


def test_a_document_is_found_by_its_source_or_its_path(built, indexer_settings, embedder) -> None:
    corpus, index_dir, _ = built
    index = SearchIndex(index_dir, indexer_settings, embedder)
    (document,) = index.documents.values()
    assert index.document_by_source(document.source) == document
    assert index.document_by_source(str((corpus / "2023.txt").resolve())) == document
    assert index.document_by_source("elsewhere/2023.txt") is None


def test_refresh_picks_up_a_newer_build_only(built, indexer_settings, embedder) -> None:
    corpus, index_dir, builder = built
    index = SearchIndex(index_dir, indexer_settings, embedder)
    assert index.refresh() is False  # nothing published since it was opened
    (corpus / "2024.txt").write_text(LATER, encoding="utf-8")
    assert not builder.run([str(corpus)], index_dir=index_dir).failed
    assert index.refresh() is True
    assert sorted(d.year for d in index.documents.values()) == [2023, 2024]
    assert index.refresh() is False


def test_an_index_built_with_another_model_is_refused_with_the_rebuild_command(
    built, indexer_settings, embedder
) -> None:
    _, index_dir, _ = built
    manifest = (index_dir / "current").resolve() / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "model_id": "some-other-model"}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="some-other-model") as refused:
        SearchIndex(index_dir, indexer_settings, embedder)
    assert "--rebuild" in str(refused.value)


def test_no_index_is_explained(tmp_path: Path, indexer_settings, embedder) -> None:
    with pytest.raises(IndexNotFoundError, match="python -m indexer build"):
        SearchIndex(tmp_path / "nothing-here", indexer_settings, embedder)


def test_values_read_from_the_index_are_kept_with_the_version_they_were_read_from(
    built, indexer_settings, embedder
) -> None:
    corpus, index_dir, builder = built
    index = SearchIndex(index_dir, indexer_settings, embedder)
    reads: list[int] = []

    def count_documents() -> int:
        reads.append(len(index.documents))
        return reads[-1]

    assert index.derived("documents", count_documents) == 1
    assert index.derived("documents", count_documents) == 1 and reads == [1]  # read once, then kept
    (corpus / "2024.txt").write_text(LATER, encoding="utf-8")
    assert not builder.run([str(corpus)], index_dir=index_dir).failed
    assert index.refresh() is True
    assert index.derived("documents", count_documents) == 2 and reads == [1, 2]  # a new version reads anew
