"""The document library: files added as bytes, failures rolled back, documents removed (real builds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import ErrorCode, IndexerError
from indexer.library import Library, NamedBytes, safe_name
from indexer.pipeline import IndexBuilder
from tests.paths import SEEDS

REPORT = (SEEDS / "003_2bfe8e35bc84f18f.txt").read_bytes()
OTHER = (SEEDS / "004_41299f4c39ff3f2b.txt").read_bytes()


@pytest.fixture()
def library(tmp_path: Path, indexer_settings, embedder) -> Library:
    settings = indexer_settings.model_copy(update={"index_dir": tmp_path / "index", "library_dir": tmp_path / "lib"})
    return Library(settings, builder=IndexBuilder(settings, embedder))


def test_safe_name_stays_in_the_folder() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\reports\\a:b.txt") == "a_b.txt"
    assert safe_name(".hidden") == "hidden" and safe_name("") == "upload.txt"


def test_add_keeps_good_files_and_rolls_back_bad_ones(library: Library) -> None:
    outcome = library.add([
        NamedBytes("报告.txt", REPORT), NamedBytes("empty.txt", b""), NamedBytes("sheet.xlsx", b"PK\x03\x04"),
    ])
    assert outcome.added == ["报告.txt"]
    assert {f.source: f.code for f in outcome.failed} == {
        "empty.txt": ErrorCode.EMPTY, "sheet.xlsx": ErrorCode.UNSUPPORTED_TYPE,
    }
    assert sorted(p.name for p in library.folder.iterdir()) == ["报告.txt"]  # nothing the index lacks
    assert outcome.report is not None and outcome.report.n_documents == 1


def test_a_failed_replacement_keeps_the_previous_file_and_its_index(library: Library) -> None:
    library.add([NamedBytes("报告.txt", REPORT)])
    outcome = library.add([NamedBytes("报告.txt", b"   ")])
    assert [f.code for f in outcome.failed] == [ErrorCode.EMPTY]
    assert (library.folder / "报告.txt").read_bytes() == REPORT
    assert outcome.report is not None and outcome.report.n_documents == 1


def test_unchanged_and_updated_are_told_apart(library: Library) -> None:
    library.add([NamedBytes("报告.txt", REPORT)])
    assert library.add([NamedBytes("报告.txt", REPORT)]).unchanged == ["报告.txt"]
    assert library.add([NamedBytes("报告.txt", OTHER)]).updated == ["报告.txt"]


def test_remove_deletes_a_library_file_but_not_a_file_elsewhere(library: Library, tmp_path: Path) -> None:
    library.add([NamedBytes("报告.txt", REPORT)])
    outside = tmp_path / "seeds" / "other.txt"
    outside.parent.mkdir()
    outside.write_bytes(OTHER)
    library.index([str(outside)])
    ids = {Path(record.path).name: record.doc_id for record in _records(library)}
    library.remove(ids["报告.txt"])
    library.remove(ids["other.txt"])
    assert not (library.folder / "报告.txt").exists() and outside.exists()
    assert _records(library) == []
    with pytest.raises(IndexerError, match="no document") as raised:
        library.remove(ids["other.txt"])
    assert raised.value.code is ErrorCode.NOT_IN_INDEX


def _records(library: Library):
    from contextlib import closing

    from indexer.layout import STORE_FILE, IndexLayout
    from indexer.store import DocumentStore

    with closing(DocumentStore(IndexLayout(library.settings.index_dir).current() / STORE_FILE)) as store:
        return store.documents()
