"""The FAISS backend's in-memory filter columns against SQL, the reference (real SQLite, no model)."""

from __future__ import annotations

import itertools
from contextlib import closing
from pathlib import Path

import numpy as np

from indexer.models import Chunk
from indexer.store import DocumentRecord, DocumentStore
from indexer.stores.base import PassageFilter
from indexer.stores.faiss_store import FilterColumns

REGIONS = ("广元市朝天区", "通城县", "安阳市殷都区", None)
YEARS = (2022, 2023, 2024, None)


def _add(store: DocumentStore, number: int) -> None:
    region, year = REGIONS[number % 4], YEARS[(number // 4) % 4]
    text = "。".join(f"第{number}号报告第{i}段" for i in range(1 + number % 3)) + "。"
    pieces = [p + "。" for p in text.split("。") if p]
    chunks, start = [], 0
    for piece in pieces:
        chunks.append(Chunk(start, start + len(piece), piece, []))
        start += len(piece)
    record = DocumentRecord(f"d{number}", f"r/{number}.txt", f"/r/{number}.txt", f"报告{number}", region, year, None,
                            f"h{number}", "txt", "utf-8")
    store.upsert_document(record, text, chunks, pieces, np.ones((len(chunks), 4), np.float32))


def _sql_chunk_ids(store: DocumentStore, regions: tuple, years: tuple, doc_ids: tuple) -> set[int]:
    """The reference: passages whose document has one of the regions, years and ids (empty: any), in SQL."""
    clauses, params = [], []
    for column, values in (("d.region", regions), ("d.year", years), ("d.doc_id", doc_ids)):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    sql = f"SELECT c.chunk_id FROM chunks c JOIN documents d USING (doc_id) WHERE {' AND '.join(clauses) or '1'}"
    return {row[0] for row in store.db.execute(sql, params)}


def test_filter_columns_keep_the_passages_sql_selects(tmp_path: Path) -> None:
    with closing(DocumentStore(tmp_path / "store.sqlite")) as store:
        for number in range(24):
            _add(store, number)
        store.delete_document("d5")  # gaps in row numbers and passage ids, as incremental builds leave them
        _add(store, 7)  # replaced: new row, new passage ids
        columns = FilterColumns.read(store)
        doc_sets = ((), ("d1", "d7", "d9"), ("d2",))
        for regions, years, doc_ids, exclude in itertools.product(
            ((), ("通城县",), ("广元市朝天区", "安阳市殷都区")), ((), (2023,), (2022, 2024)), doc_sets, doc_sets
        ):
            where = PassageFilter(regions, years, doc_ids, exclude)
            expected = _sql_chunk_ids(store, regions, years, doc_ids)
            excluded = _sql_chunk_ids(store, (), (), exclude) if exclude else set()
            assert set(columns.allowed(where).tolist()) == expected - excluded, where
