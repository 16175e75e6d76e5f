"""The Milvus backend: passages, vectors, BM25 and document texts in Milvus, shared by any number of servers.

``milvus_uri`` (GOVQA_MILVUS_URI) names the Milvus: a local file path runs milvus-lite in-process (no
server), ``http://host:19530`` a standalone or cluster. A build writes a new version's collections
(indexer/stores/milvus_schema.py), seeded from the current ones, and then switches the alias readers search
(``milvus_collection``) to it: an interrupted build leaves the alias, and so the old version, as it was.
A reader pins the collections the alias named when it opened; the version before the current one is kept
so that readers still on it go on working until they refresh. Older versions are dropped at publication.

The build lock and the embedding checkpoint stay local files under ``index_dir``: one machine builds.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from pymilvus import MilvusClient

from config import IndexerSettings
from indexer.errors import IndexNotFoundError
from indexer.manifest import Manifest
from indexer.models import Chunk
from indexer.store import ChunkRecord, DocumentRecord
from indexer.stores import milvus_schema as schema
from indexer.stores.base import PassageFilter

# milvus-lite keeps no MVCC timestamp for query iterators; pymilvus then warns on every iterator that it uses
# the client's clock instead, which is what a freshly published (immutable) version needs anyway.
logging.getLogger("pymilvus.client.iterator.query_iterator").addFilter(
    lambda record: "mvccTs" not in record.getMessage()
)

_CLIENTS: dict[tuple[str, str], MilvusClient] = {}
_CLIENTS_LOCK = threading.Lock()
_BATCH = 1000
HNSW_EF = 64  # candidates HNSW keeps while it walks the graph, unfiltered (Milvus's usual value)
MAX_EF = 32_768  # the largest ef Milvus accepts


def client_for(uri: str, token: str = "") -> MilvusClient:
    """One client per Milvus per process (a milvus-lite file is served by one embedded server)."""
    with _CLIENTS_LOCK:
        if (uri, token) not in _CLIENTS:
            if "://" not in uri:
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
            _CLIENTS[uri, token] = MilvusClient(uri=uri, token=token)
        return _CLIENTS[uri, token]


def _query_all(client: MilvusClient, collection: str, filter: str, fields: list[str]) -> Iterator[dict]:
    iterator = client.query_iterator(collection, batch_size=_BATCH, filter=filter, output_fields=fields)
    try:
        while batch := iterator.next():
            yield from batch
    finally:
        iterator.close()


def _record(row: dict) -> DocumentRecord:
    return DocumentRecord(
        row["doc_id"], row["source"], row["path"], row["title"], row["region"] or None, row["year"] or None,
        row["publish_date"] or None, row["content_hash"], row["format"], row["encoding"] or None, row["n_chunks"],
    )


def _literal(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a Milvus string literal


class MilvusBackend:
    kind = "milvus"

    def __init__(self, index_dir: Path, settings: IndexerSettings) -> None:
        self.uri = settings.milvus_uri or str(Path(index_dir) / "milvus.db")
        self.client = client_for(self.uri, settings.milvus_token)
        self.alias = settings.milvus_collection
        self.hnsw_threshold = settings.milvus_hnsw_threshold
        self.bm25_tokens = settings.milvus_bm25_tokens
        self.where = str(index_dir)
        self.index_dir = index_dir
        self.command_prefix = "GOVQA_STORE=milvus " + (f"GOVQA_MILVUS_URI={self.uri} " if settings.milvus_uri else "")

    def names(self, vid: str) -> tuple[str, str]:
        """(passages, documents) collection names of version ``vid``."""
        return f"{self.alias}_p_{vid}", f"{self.alias}_d_{vid}"

    def current_vid(self) -> str | None:
        if self.alias not in self.client.list_aliases().get("aliases", []):
            return None
        return self.client.describe_alias(self.alias)["collection_name"].rsplit("_p_", 1)[1]

    def exists(self) -> bool:
        return self.current_vid() is not None

    def _require(self) -> str:
        vid = self.current_vid()
        if vid is None:
            raise IndexNotFoundError(
                f"no index '{self.alias}' in Milvus at {self.uri}; build one with: {self.command_prefix}"
                f"python -m indexer build [PATH ...] --index {self.index_dir}"
            )
        return vid

    def manifest(self) -> Manifest:
        return read_manifest(self.client, self.names(self._require())[1])

    def current_version(self) -> str:
        return self.names(self._require())[0]

    def begin(self, rebuild: bool) -> MilvusVersion:
        self.sweep(keep={self.current_vid()})
        return MilvusVersion(self, None if rebuild else self.current_vid())

    def open(self) -> MilvusPassageStore:
        return MilvusPassageStore(self.client, *self.names(self._require()))

    def versions(self) -> set[str]:
        prefixes = (f"{self.alias}_p_", f"{self.alias}_d_")
        return {name[len(prefixes[0]) :] for name in self.client.list_collections() if name.startswith(prefixes)}

    def sweep(self, keep: set[str | None]) -> None:
        """Drop every version but ``keep`` (unfinished builds, versions two publications old)."""
        for vid in self.versions() - keep:
            for name in self.names(vid):
                self.client.drop_collection(name)


def _version_record(client: MilvusClient, documents: str) -> dict:
    """The version's own row: {"manifest": ..., "bm25_tokens": ...} (see milvus_schema)."""
    client.load_collection(documents)
    rows = client.query(documents, filter=f'key == "{schema.MANIFEST_KEY}#-1"', output_fields=["text"])
    return json.loads(rows[0]["text"])


def read_manifest(client: MilvusClient, documents: str) -> Manifest:
    return Manifest.model_validate(_version_record(client, documents)["manifest"])


def bm25_tokens_of(client: MilvusClient, documents: str) -> str:
    """How this version's BM25 text was made ("jieba" or "project"): queries must be made the same way."""
    return _version_record(client, documents)["bm25_tokens"]


class MilvusVersion:
    """New collections, seeded from version ``seed``; the alias moves to them on ``publish``."""

    def __init__(self, backend: MilvusBackend, seed: str | None) -> None:
        self.backend, self.client = backend, backend.client
        self.vid = f"{time.strftime('%Y%m%dT%H%M%S')}_{uuid.uuid4().hex[:6]}"
        self.passages, self.documents_name = backend.names(self.vid)
        self.seed = seed
        self.dimension: int | None = None
        self.next_id = 1
        self.published = False
        self.bm25_tokens = backend.bm25_tokens
        if seed is not None:
            self.bm25_tokens = bm25_tokens_of(self.client, backend.names(seed)[1])  # an index keeps its tokens
            self._create(read_manifest(self.client, backend.names(seed)[1]).dimension)
            self._copy(*backend.names(seed))

    def _create(self, dimension: int) -> None:
        client = self.client
        client.create_collection(self.passages, schema=schema.passages_schema(client, dimension, self.bm25_tokens),
                                 index_params=schema.passages_indexes(client), consistency_level="Strong")
        client.create_collection(self.documents_name, schema=schema.documents_schema(client),
                                 index_params=schema.documents_indexes(client), consistency_level="Strong")
        self.dimension = dimension

    def _copy(self, passages: str, documents: str) -> None:
        """The seed's rows (vectors included: nothing is re-encoded); Milvus recomputes the BM25 vectors."""
        for source, target, key, exclude in (
            (passages, self.passages, "chunk_id >= 0", "sparse"),  # a function's output cannot be inserted
            (documents, self.documents_name, "piece >= 0", ""),
        ):
            self.client.load_collection(source)
            fields = [f["name"] for f in self.client.describe_collection(source)["fields"] if f["name"] != exclude]
            batch: list[dict] = []
            for row in _query_all(self.client, source, key, fields):
                if "chunk_id" in row:
                    self.next_id = max(self.next_id, row["chunk_id"] + 1)
                batch.append(row)
                if len(batch) == _BATCH:
                    self.client.insert(target, batch)
                    batch = []
            if batch:
                self.client.insert(target, batch)

    def documents(self) -> list[DocumentRecord]:
        if self.dimension is None:
            return []
        rows = _query_all(self.client, self.documents_name, "piece == 0", schema.DOC_FIELDS)
        return sorted((_record(r) for r in rows), key=lambda d: d.source)

    def delete_document(self, doc_id: str) -> bool:
        if self.dimension is None:
            return False
        key = f"key == {_literal(doc_id + '#0')}"
        held = bool(self.client.query(self.documents_name, filter=key, output_fields=["key"]))
        self.client.delete(self.passages, filter=f"doc_id == {_literal(doc_id)}")
        self.client.delete(self.documents_name, filter=f"doc_id == {_literal(doc_id)}")
        return held

    def upsert_document(
        self, record: DocumentRecord, text: str, chunks: list[Chunk], match_texts: list[str], vectors: np.ndarray
    ) -> None:
        if self.dimension is None:
            self._create(int(vectors.shape[1]))
        self.delete_document(record.doc_id)
        region, year = record.region or "", record.year or 0
        passages = [
            {"chunk_id": self.next_id + i, "doc_id": record.doc_id, "ordinal": i, "start": c.start, "end": c.end,
             "section": c.section_path, "region": region, "year": year, "text": text[c.start : c.end],
             "match_text": m, "bm25_text": schema.bm25_text(m, self.bm25_tokens),
             "vector": np.asarray(v, np.float32).tolist()}
            for i, (c, m, v) in enumerate(zip(chunks, match_texts, vectors, strict=True))
        ]
        self.next_id += len(passages)
        meta = {"doc_id": record.doc_id, "source": record.source, "path": record.path, "title": record.title,
                "region": region, "year": year, "publish_date": record.publish_date or "",
                "content_hash": record.content_hash, "format": record.format, "encoding": record.encoding or "",
                "n_chunks": len(chunks), "unused": [1.0, 0.0]}
        pieces = [{**meta, "key": f"{record.doc_id}#{n}", "piece": n, "text": piece}
                  for n, piece in enumerate(schema.text_pieces(text))]
        for begin in range(0, len(passages), _BATCH):
            self.client.insert(self.passages, passages[begin : begin + _BATCH])
        self.client.insert(self.documents_name, pieces)

    def publish(self, manifest: Manifest) -> str:
        if self.dimension is None:
            self._create(manifest.dimension)  # an empty index is still an index
        client = self.client
        n = client.query(self.passages, filter="", output_fields=["count(*)"])[0]["count(*)"]
        kind = "HNSW" if n > self.backend.hnsw_threshold else "FLAT"
        if kind != "FLAT":
            client.release_collection(self.passages)
            client.drop_index(self.passages, "vector")
            client.create_index(self.passages, schema.dense_index(client, n, self.backend.hnsw_threshold))
            client.load_collection(self.passages)
        manifest = manifest.model_copy(update={"vector_store": f"milvus-{kind}", "documents": {}})
        client.insert(self.documents_name, [{
            **{f: 0 if f in ("year", "n_chunks") else "" for f in schema.DOC_FIELDS},
            "key": f"{schema.MANIFEST_KEY}#-1", "piece": -1, "unused": [1.0, 0.0],
            "text": json.dumps({"manifest": manifest.model_dump(mode="json"), "bm25_tokens": self.bm25_tokens}),
        }])
        client.flush(self.passages)
        client.flush(self.documents_name)
        previous = self.backend.current_vid()
        if previous is None:
            client.create_alias(self.passages, self.backend.alias)
        else:
            client.alter_alias(self.passages, self.backend.alias)  # atomic: readers see one version or the other
        self.published = True
        self.backend.sweep(keep={self.vid, previous})
        return manifest.vector_store

    def close(self) -> None:
        if not self.published:  # discarded; the alias still names the previous version
            self.backend.sweep(keep={self.backend.current_vid(), self.seed})


class MilvusPassageStore:
    kind = "milvus"

    def __init__(self, client: MilvusClient, passages: str, documents: str) -> None:
        self.client, self.passages, self.documents_name = client, passages, documents
        self.version = passages
        self.manifest = read_manifest(client, documents)
        self.bm25_tokens = bm25_tokens_of(client, documents)
        client.load_collection(passages)
        self._filter_shares: dict[str, float] = {}  # filter expression -> share of passages it keeps
        rows = _query_all(client, documents, "piece == 0", schema.DOC_FIELDS)
        self._documents = {d.doc_id: d for d in sorted((_record(r) for r in rows), key=lambda d: d.source)}

    def close(self) -> None:
        pass  # the client is shared by the process

    def documents(self) -> list[DocumentRecord]:
        return list(self._documents.values())

    def document(self, doc_id: str) -> DocumentRecord | None:
        return self._documents.get(doc_id)

    def document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._documents:
            return None
        rows = self.client.query(self.documents_name, filter=f"doc_id == {_literal(doc_id)} and piece >= 0",
                                 output_fields=["piece", "text"])
        return "".join(r["text"] for r in sorted(rows, key=lambda r: r["piece"]))

    def chunks(self, chunk_ids: Iterable[int]) -> dict[int, ChunkRecord]:
        ids = [int(i) for i in chunk_ids]
        if not ids:
            return {}
        rows = self.client.query(self.passages, filter=f"chunk_id in {ids}", output_fields=schema.CHUNK_FIELDS)
        return {r["chunk_id"]: ChunkRecord(*(r[f] for f in schema.CHUNK_FIELDS)) for r in rows}

    def chunks_of(self, doc_id: str) -> list[ChunkRecord]:
        rows = _query_all(self.client, self.passages, f"doc_id == {_literal(doc_id)}", schema.CHUNK_FIELDS)
        return sorted((ChunkRecord(*(r[f] for f in schema.CHUNK_FIELDS)) for r in rows), key=lambda c: c.ordinal)

    def dense_search(self, vector: np.ndarray, k: int, where: PassageFilter | None = None) -> np.ndarray:
        query = np.asarray(vector, np.float32).reshape(1, -1)[0].tolist()
        params = {"metric_type": "IP", "params": {"ef": self.search_ef(k, where)}}
        return self._search(query, "vector", k, where, params)

    def search_ef(self, k: int, where: PassageFilter | None) -> int:
        """HNSW's ef, widened by 1/share under a filter (FLAT ignores it).

        A filtered HNSW search walks the same graph but keeps only allowed passages: with ef 64 and a filter
        keeping 3 % of passages it meets ~2 allowed ones, and recall@10 fell to 0.5 (docs/benchmarks.md). With
        ef = 64/share it meets about as many allowed passages as an unfiltered search meets passages.
        """
        ef = max(HNSW_EF, k)
        expression = schema.expression(where)
        if not expression or self.manifest.vector_store != "milvus-HNSW":
            return ef
        if expression not in self._filter_shares:
            if len(self._filter_shares) > 1000:
                self._filter_shares.clear()
            self._filter_shares[expression] = self._count(expression) / max(1, self._count(""))
        share = self._filter_shares[expression]
        return min(MAX_EF, math.ceil(ef / share)) if share > 0 else ef

    def _count(self, expression: str) -> int:
        return self.client.query(self.passages, filter=expression, output_fields=["count(*)"])[0]["count(*)"]

    def lexical_search(self, normalised_query: str, k: int, where: PassageFilter | None = None) -> np.ndarray:
        if not normalised_query.strip():
            return np.zeros(0, np.int64)
        query = schema.bm25_text(normalised_query, self.bm25_tokens)
        if not query:
            return np.zeros(0, np.int64)
        return self._search(query, "sparse", k, where, {"metric_type": "BM25"})

    def _search(self, data: object, field: str, k: int, where: PassageFilter | None, params: dict) -> np.ndarray:
        if k <= 0:
            return np.zeros(0, np.int64)
        hits = self.client.search(self.passages, data=[data], anns_field=field, limit=k, output_fields=["chunk_id"],
                                  filter=schema.expression(where), search_params=params)
        return np.asarray([hit["chunk_id"] for hit in hits[0]], np.int64)

    def match_texts(self) -> tuple[list[int], list[str]]:
        rows = sorted(_query_all(self.client, self.passages, "chunk_id >= 0", ["chunk_id", "match_text"]),
                      key=lambda r: r["chunk_id"])
        return [r["chunk_id"] for r in rows], [r["match_text"] for r in rows]
