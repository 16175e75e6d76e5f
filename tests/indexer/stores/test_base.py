"""The store contract, on every backend (FAISS and Milvus via milvus-lite): builds with the real model,
incremental by content hash, deletes, filtered dense and BM25 search, document lookups, an interrupted
build and a mismatched model."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from config import IndexerSettings
from indexer.errors import IndexMismatchError, IndexNotFoundError
from indexer.normalize import normalize_for_matching
from indexer.pipeline import IndexBuilder
from indexer.stores import PassageFilter, open_backend
from retrieval.index import SearchIndex
from tests.indexer.conftest import SMALL, copy_small
from tests.paths import SEEDS


@pytest.fixture()
def builder(store_settings: IndexerSettings, embedder) -> IndexBuilder:
    return IndexBuilder(store_settings, embedder)


def _sources(store) -> set[str]:
    return {Path(d.source).name for d in store.documents()}


def test_incremental_build_adds_updates_and_deletes(builder: IndexBuilder, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = builder.run([str(corpus)], index_dir=index)
    assert sorted(Path(s).name for s in first.added) == SMALL and not first.failed
    again = builder.run([str(corpus)], index_dir=index)
    assert again.n_embedded_chunks == 0 and len(again.unchanged) == 2

    changed = corpus / SMALL[0]
    added = "\n新增一段：全年办理行政复议案件12件。\n"
    changed.write_text(changed.read_text(encoding="utf-8") + added, encoding="utf-8")
    shutil.copy(SEEDS / "000_7d2528075ee80db9.txt", corpus / "000.txt")
    third = builder.run([str(corpus)], index_dir=index)
    assert [Path(s).name for s in third.updated] == [SMALL[0]] and [Path(s).name for s in third.added] == ["000.txt"]

    backend = open_backend(builder.settings, index)
    with closing(backend.open()) as store:
        assert _sources(store) == {*SMALL, "000.txt"}
        assert third.n_embedded_chunks == sum(d.n_chunks for d in store.documents() if Path(d.source).name != SMALL[1])
        updated = next(d for d in store.documents() if d.source.endswith(SMALL[0]))
        assert "全年办理行政复议案件12件" in store.document_text(updated.doc_id)
        ids, _ = store.match_texts()
        assert len(ids) == len(set(ids)) == third.n_chunks == backend.manifest().n_chunks

    fourth = builder.run([], index_dir=index, remove_doc_ids=[updated.doc_id])  # as Library.remove does
    assert [Path(s).name for s in fourth.removed] == [SMALL[0]]
    with closing(backend.open()) as store:
        assert _sources(store) == {SMALL[1], "000.txt"} and store.document(updated.doc_id) is None
        assert not len(store.lexical_search(normalize_for_matching("全年办理行政复议案件12件"), 50,
                                            PassageFilter(doc_ids=(updated.doc_id,))))


@pytest.fixture()
def small_index(builder: IndexBuilder, corpus: Path, tmp_path: Path) -> Path:
    """A fresh index of the two small reports, for the tests that change it."""
    builder.run([str(corpus)], index_dir=tmp_path / "index")
    return tmp_path / "index"


@pytest.fixture(scope="module")
def read_only_index(store_settings: IndexerSettings, embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of the two small reports per backend, shared by the tests that only read it (a build takes 5-7 s)."""
    folder = tmp_path_factory.mktemp(f"small-{store_settings.store}")
    IndexBuilder(store_settings, embedder).run([str(copy_small(folder / "reports"))], index_dir=folder / "index")
    return folder / "index"


def test_documents_and_passages_are_exact_spans(builder: IndexBuilder, read_only_index: Path) -> None:
    with closing(open_backend(builder.settings, read_only_index).open()) as store:
        documents = store.documents()
        assert [Path(d.source).name for d in documents] == SMALL  # in source order
        for document in documents:
            assert store.document(document.doc_id) == document
            text = store.document_text(document.doc_id)
            assert text == Path(document.path).read_text(encoding="utf-8")
            chunks = store.chunks_of(document.doc_id)
            assert len(chunks) == document.n_chunks and [c.ordinal for c in chunks] == list(range(len(chunks)))
            assert all(text[c.start : c.end] == c.text for c in chunks)
            assert store.chunks([chunks[0].chunk_id]) == {chunks[0].chunk_id: chunks[0]}
        assert store.document("no-such-doc") is None and store.document_text("no-such-doc") is None


def test_filters_restrict_dense_and_lexical_search(builder: IndexBuilder, read_only_index: Path, embedder) -> None:
    query = normalize_for_matching("行政复议案件")
    vector = embedder.encode_queries([query])
    with closing(open_backend(builder.settings, read_only_index).open()) as store:
        by_id = {d.doc_id: d for d in store.documents()}
        tongcheng = next(d.doc_id for d in by_id.values() if d.region == "通城县")
        other = next(d for d in by_id if d != tongcheng)
        year = by_id[tongcheng].year
        for where, allowed in (
            (None, set(by_id)),
            (PassageFilter(regions=("通城县",)), {tongcheng}),
            (PassageFilter(years=(by_id[tongcheng].year, 1999)), {d for d in by_id if by_id[d].year == year}),
            (PassageFilter(years=(1999,)), set()),
            (PassageFilter(doc_ids=(tongcheng,)), {tongcheng}),
            (PassageFilter(exclude_doc_ids=(tongcheng,)), {other}),
            (PassageFilter(regions=("通城县",), doc_ids=(other,)), set()),
            (PassageFilter(exclude_doc_ids=tuple(by_id)), set()),
        ):
            for ids in (store.dense_search(vector, 20, where), store.lexical_search(query, 20, where)):
                found = {c.doc_id for c in store.chunks(ids).values()}
                assert found == allowed, (where, found)
                assert len(ids) == len(set(ids)) <= 20
        dense = store.dense_search(vector, 5)
        assert len(dense) == 5 and store.lexical_search(normalize_for_matching("zzyzx qwfp"), 5).size == 0


def test_interrupted_build_keeps_the_old_version_searchable(
    builder: IndexBuilder, small_index: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, embedder
) -> None:
    backend = open_backend(builder.settings, small_index)
    version_before = backend.current_version()
    shutil.copy(SEEDS / "000_7d2528075ee80db9.txt", corpus / "000.txt")

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt  # Ctrl-C or a killed process, mid-embedding

    monkeypatch.setattr(builder.embedder, "encode_documents", crash)
    with pytest.raises(KeyboardInterrupt):
        builder.run([str(corpus)], index_dir=small_index)
    monkeypatch.undo()

    assert backend.current_version() == version_before
    index = SearchIndex(small_index, builder.settings, embedder)
    assert sorted(Path(d.source).name for d in index.documents.values()) == SMALL
    assert len(index.store.lexical_search(normalize_for_matching("行政复议"), 5)) > 0
    report = builder.run([str(corpus)], index_dir=small_index)  # the next build recovers
    assert [Path(s).name for s in report.added] == ["000.txt"]
    assert index.refresh() and len(index.documents) == 3


def test_half_written_version_is_invisible_until_published(builder: IndexBuilder, small_index: Path) -> None:
    backend = open_backend(builder.settings, small_index)
    with closing(backend.open()) as store:
        record = store.documents()[0]
    version = backend.begin(rebuild=False)
    try:
        assert version.delete_document(record.doc_id)
        assert record.doc_id not in {d.doc_id for d in version.documents()}
        with closing(backend.open()) as store:
            assert store.document(record.doc_id) == record  # readers still see the published version
    finally:
        version.close()
    with closing(backend.open()) as store:
        assert len(store.documents()) == 2


def test_another_model_is_refused_with_the_rebuild_command(builder: IndexBuilder, read_only_index: Path) -> None:
    other = SimpleNamespace(model_id="another-model", runtime=builder.embedder.runtime)
    with pytest.raises(IndexMismatchError) as refused:
        SearchIndex(read_only_index, builder.settings, other)
    message = str(refused.value)
    assert "another-model" in message and f"--index {read_only_index} --rebuild" in message
    assert ("GOVQA_STORE=milvus " in message) == (builder.settings.store == "milvus")


def test_missing_index_says_how_to_build(store_settings: IndexerSettings, tmp_path: Path, embedder) -> None:
    backend = open_backend(store_settings, tmp_path / "nothing")
    assert not backend.exists()
    with pytest.raises(IndexNotFoundError, match="python -m indexer build"):
        backend.manifest()
    with pytest.raises(IndexNotFoundError):
        SearchIndex(tmp_path / "nothing", store_settings, embedder)


def test_vectors_are_stored_as_given(builder: IndexBuilder, read_only_index: Path, embedder) -> None:
    """A passage's own embedding finds it first: vectors reach the dense index unchanged."""
    with closing(open_backend(builder.settings, read_only_index).open()) as store:
        ids, texts = store.match_texts()
        vector = embedder.encode_documents([texts[3]])
        assert store.dense_search(np.asarray(vector), 1)[0] == ids[3]
