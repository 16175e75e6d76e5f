"""Builds with the real model, FAISS and files on disk: incremental, interrupted, bad input, mismatch."""

from __future__ import annotations

import itertools
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from indexer.errors import ErrorCode, IndexMismatchError, IndexNotFoundError
from indexer.layout import IndexLayout
from indexer.manifest import Manifest
from indexer.pipeline import IndexBuilder
from indexer.store import DocumentStore
from retrieval.service import Retrieval
from tests.indexer.conftest import SMALL
from tests.paths import ROOT, SEEDS, process_env


@pytest.fixture()
def builder(indexer_settings, embedder) -> IndexBuilder:
    return IndexBuilder(indexer_settings, embedder)


def _store(index_dir: Path) -> DocumentStore:
    return DocumentStore(IndexLayout(index_dir).current() / "store.sqlite")


def test_every_passage_is_an_exact_span_of_the_stored_document(seed_index: Path) -> None:
    store = _store(seed_index)
    for document in store.documents():
        text = store.document_text(document.doc_id)
        chunks = store.chunks_of(document.doc_id)
        assert chunks, document.source
        for chunk in chunks:
            assert text[chunk.start : chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip() and chunk.text
        # stored text is the file as received (UTF-8 seeds decode to exactly their bytes)
        assert text == Path(document.path).read_text(encoding="utf-8")


def test_incremental_build_embeds_only_changes(builder: IndexBuilder, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = builder.run([str(corpus)], index_dir=index)
    assert sorted(Path(s).name for s in first.added) == SMALL and not first.failed

    again = builder.run([str(corpus)], index_dir=index)
    assert again.n_embedded_chunks == 0 and len(again.unchanged) == 2

    changed = corpus / SMALL[0]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n新增一段：全年办理行政复议案件12件。\n", encoding="utf-8"
    )
    shutil.copy(SEEDS / "000_7d2528075ee80db9.txt", corpus / "000.txt")
    (corpus / SMALL[1]).unlink()
    third = builder.run([str(corpus)], index_dir=index)
    assert [Path(s).name for s in third.updated] == [SMALL[0]]
    assert [Path(s).name for s in third.added] == ["000.txt"]
    assert [Path(s).name for s in third.removed] == [SMALL[1]]
    store = _store(index)
    embedded_now = sum(d.n_chunks for d in store.documents())
    assert third.n_embedded_chunks == embedded_now  # both remaining files were (re)embedded, nothing else
    assert {Path(d.source).name for d in store.documents()} == {SMALL[0], "000.txt"}
    assert Manifest.read(IndexLayout(index).current()).n_chunks == embedded_now


def test_bad_files_are_reported_and_nothing_is_lost(builder: IndexBuilder, corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    builder.run([str(corpus)], index_dir=index)
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 this is not a real docx")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "notes.xyz").write_text("not a supported extension", encoding="utf-8")
    (corpus / "table.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (corpus / "absent.txt.meta.json").write_text('{"region": "朝天区"}', encoding="utf-8")  # a sidecar, not a report
    (corpus / ".hidden.txt").write_text("an editor's backup", encoding="utf-8")
    report = builder.run([str(corpus), str(corpus / "missing.txt")], index_dir=index)
    codes = {Path(failure.source).name: failure.code for failure in report.failed}
    assert codes == {
        "broken.docx": ErrorCode.CORRUPT, "empty.txt": ErrorCode.EMPTY, "missing.txt": ErrorCode.NOT_FOUND,
        "notes.xyz": ErrorCode.UNSUPPORTED_TYPE, "table.xlsx": ErrorCode.UNSUPPORTED_TYPE,
    }
    assert all(failure.detail for failure in report.failed)
    assert "failed: " in report.summary() and "(unsupported_type): table.xlsx" in report.summary()
    assert len(report.unchanged) == 2 and report.n_documents == 2


def test_interrupted_build_leaves_previous_index_loadable(
    builder: IndexBuilder, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indexer_settings, embedder
) -> None:
    index = tmp_path / "index"
    builder.run([str(corpus)], index_dir=index)
    before = Retrieval.open(index, indexer_settings, embedder=embedder).search("行政执法", top_k=3)

    shutil.copy(SEEDS / "000_7d2528075ee80db9.txt", corpus / "000.txt")

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt  # what Ctrl-C or a killed process looks like mid-embedding

    monkeypatch.setattr(builder.embedder, "encode_documents", crash)
    with pytest.raises(KeyboardInterrupt):
        builder.run([str(corpus)], index_dir=index)
    monkeypatch.undo()

    after = Retrieval.open(index, indexer_settings, embedder=embedder)
    assert [h.passage.text for h in after.search("行政执法", top_k=3)] == [h.passage.text for h in before]
    assert len(after.documents()) == 2
    report = builder.run([str(corpus)], index_dir=index)  # the next build recovers and sweeps the leftovers
    assert [Path(s).name for s in report.added] == ["000.txt"]
    assert len(list((index / "versions").iterdir())) == 1


def test_index_built_with_another_model_is_refused_with_rebuild_hint(
    builder: IndexBuilder, corpus: Path, tmp_path: Path, indexer_settings, embedder
) -> None:
    index = tmp_path / "index"
    builder.run([str(corpus)], index_dir=index)
    folder = IndexLayout(index).current()
    manifest = Manifest.read(folder)
    manifest.model_copy(update={"model_id": "BAAI/bge-base-zh-v1.5"}).write(folder)
    with pytest.raises(IndexMismatchError, match=r"bge-base-zh-v1\.5.*python -m indexer build .*--rebuild"):
        Retrieval.open(index, indexer_settings, embedder=embedder)
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        builder.run([str(corpus)], index_dir=index)
    report = builder.run([str(corpus)], index_dir=index, rebuild=True)
    assert len(report.added) == 2
    Retrieval.open(index, indexer_settings, embedder=embedder)  # loads again


def test_format_version_mismatch_is_refused(
    builder: IndexBuilder, corpus: Path, tmp_path: Path, indexer_settings, embedder
) -> None:
    index = tmp_path / "index"
    builder.run([str(corpus)], index_dir=index)
    folder = IndexLayout(index).current()
    Manifest.read(folder).model_copy(update={"format_version": 99}).write(folder)
    with pytest.raises(IndexMismatchError, match="format version 99"):
        Retrieval.open(index, indexer_settings, embedder=embedder)


def test_missing_index_says_how_to_build(tmp_path: Path, indexer_settings, embedder) -> None:
    with pytest.raises(IndexNotFoundError, match="python -m indexer build"):
        Retrieval.open(tmp_path / "nothing", indexer_settings, embedder=embedder)


def test_files_over_the_size_limit_are_refused_naming_the_setting(
    indexer_settings, embedder, corpus: Path, tmp_path: Path
) -> None:
    small_limit = IndexBuilder(indexer_settings.model_copy(update={"max_file_mb": 0.001}), embedder)
    report = small_limit.run([str(corpus)], index_dir=tmp_path / "index")
    assert len(report.failed) == 2 and report.n_encoded == 0
    assert all(f.code is ErrorCode.TOO_LARGE and "GOVQA_MAX_FILE_MB" in f.detail for f in report.failed)


def test_identical_passages_are_embedded_once(builder: IndexBuilder, tmp_path: Path) -> None:
    paragraph = (
        "本区坚持以习近平法治思想为指导，全面推进严格规范公正文明执法，落实行政执法公示、执法全过程记录、"
        "重大执法决定法制审核三项制度，全年开展执法检查二百余次，办理行政复议案件十二件，依法纠正违法行为。"
    )
    text = "某区2023年法治政府建设年度报告\n\n" + "".join(f"一、推进依法行政\n{paragraph}\n\n" for _ in range(30))
    folder = tmp_path / "repeated"
    folder.mkdir()
    (folder / "repeated.txt").write_text(text, encoding="utf-8")
    report = builder.run([str(folder)], index_dir=tmp_path / "index")
    _, texts = _store(tmp_path / "index").match_texts()
    assert report.n_chunks == len(texts) >= 20
    assert report.n_encoded == len(set(texts)) < len(texts) / 5


def _checkpoint_rows(index: Path) -> int:
    path = index / "embedding-checkpoint.sqlite"
    if not path.is_file():
        return 0
    with closing(sqlite3.connect(str(path), timeout=10)) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
        except sqlite3.OperationalError:  # the table is being created
            return 0


def test_build_killed_mid_embedding_resumes_where_it_stopped(indexer_settings, embedder, tmp_path: Path) -> None:
    """kill -9 a real build subprocess mid-embedding: the next build encodes only what was not committed."""
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    index, batch = tmp_path / "index", 8
    stderr = tmp_path / "build.err"
    environment = process_env(GOVQA_EMBEDDING_BATCH_SIZE=str(batch))
    command = [sys.executable, "-m", "indexer", "build", str(corpus), "--index", str(index)]
    with stderr.open("w") as err:
        build = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=err)
        kill_after = random.Random().randint(batch, 4 * batch)  # a different point each run
        deadline = time.monotonic() + 600
        while _checkpoint_rows(index) < kill_after and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert build.poll() is None, "the build finished (or failed) before it could be killed"
        build.send_signal(signal.SIGKILL)
        build.wait()
    reported = [int(n) for n in re.findall(r"files, (\d+) passages", stderr.read_text(encoding="utf-8"))]
    committed = _checkpoint_rows(index)
    assert not IndexLayout(index).exists()  # nothing was published
    assert reported and 0 < reported[-1] <= committed

    settings = indexer_settings.model_copy(update={"embedding_batch_size": batch})
    resumed = IndexBuilder(settings, embedder).run([str(corpus)], index_dir=index)
    _, texts = _store(index).match_texts()
    unique = len(set(texts))
    assert len(resumed.added) == 5 and resumed.n_chunks == len(texts)
    assert resumed.n_encoded == unique - committed  # every committed vector was reused
    # the bound: at most what had not been embedded when killed, plus the batch in flight
    assert resumed.n_encoded <= unique - reported[-1]
    assert _checkpoint_rows(index) == 0  # published: the next --rebuild starts cold


def _texts_by_document(index: Path) -> dict[str, set[str]]:
    with closing(sqlite3.connect(str(IndexLayout(index).current() / "store.sqlite"))) as db:
        rows = db.execute("SELECT doc_id, match_text FROM chunks").fetchall()
    by_document: dict[str, set[str]] = {}
    for doc_id, text in rows:
        by_document.setdefault(doc_id, set()).add(text)
    return by_document


@pytest.mark.parametrize("pool_size", [10_000, 1])
def test_passages_are_batched_by_token_count_across_the_files_of_a_pool(
    pool_size: int, indexer_settings, embedder, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files in one pool share batches, cut by token count over both; a pool of one file batches alone."""
    batches: list[list[str]] = []
    encode = embedder.encode_documents

    def spy(batch: list[str], show_progress: bool = False):
        batches.append(batch)
        return encode(batch)

    monkeypatch.setattr(embedder, "encode_documents", spy)
    settings = indexer_settings.model_copy(update={"embedding_batch_size": 8, "embedding_pool_size": pool_size})
    report = IndexBuilder(settings, embedder).run([str(corpus)], index_dir=tmp_path / "index")
    assert len(report.added) == 2 and report.n_encoded == sum(len(batch) for batch in batches)

    files = list(_texts_by_document(tmp_path / "index").values())
    spans_both = [batch for batch in batches if all(set(batch) & texts for texts in files)]
    counts = [embedder.document_token_counts(batch) for batch in batches]
    in_order = [min(a) >= max(b) for a, b in itertools.pairwise(counts)]
    if pool_size > report.n_chunks:  # one pool: one token-sorted sequence of full batches over both files
        assert spans_both and all(in_order)
        assert all(len(batch) == 8 for batch in batches[:-1])
    else:  # a pool per file: each file sorted on its own, so the order restarts once
        assert not spans_both and in_order.count(False) == 1
