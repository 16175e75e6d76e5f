"""Milvus collections of one index version, and the typed filter as a Milvus boolean expression.

Each version ``<vid>`` is two collections; readers reach the current one through the alias ``<name>``:

- ``<name>_p_<vid>`` (the alias points here), one row per passage: ``chunk_id`` (primary key), ``doc_id``,
  ``ordinal``, ``start``, ``end``, ``section``, ``region``, ``year`` (copied from the document, so filters
  are evaluated by Milvus), ``text`` (the stored span), ``match_text`` (normalised), ``bm25_text`` (what
  Milvus's BM25 function turns into the sparse vector ``sparse``; see ``bm25_text``) and ``vector``.
- ``<name>_d_<vid>``: document texts cut into ``piece``s (VARCHAR holds at most 65,535 bytes) with the
  document's metadata on every piece; piece -1 of the document ``MANIFEST_KEY`` holds the version's own record,
  ``{"manifest": <the manifest>, "bm25_tokens": "project" | "jieba"}``.

A missing region is stored as "" and a missing year as 0 (never asked for by a filter).
"""

from __future__ import annotations

import hashlib
import json

from pymilvus import DataType, Function, FunctionType, MilvusClient

from indexer.bm25_index import tokenize
from indexer.stores.base import PassageFilter

VARCHAR_MAX = 65_535
TEXT_PIECE_CHARS = 16_000  # ≤ 4 bytes a character in UTF-8: a piece always fits a VARCHAR
MANIFEST_KEY = "__manifest__"
# How BM25 sees a passage (setting milvus_bm25_tokens, recorded in the version's record):
# "jieba": the normalised text through Milvus's jieba analyzer (search mode: words and their sub-words);
# "project": the project's own tokens (bm25_index.tokenize: jieba search-mode words + CJK character bigrams,
# the tokens FAISS's bm25s uses), each written as a short hash so that Milvus's standard tokenizer keeps it whole.
ANALYZERS = {
    "jieba": {"tokenizer": {"type": "jieba", "mode": "search", "hmm": True}},
    "project": {"tokenizer": "standard"},
}
BM25_PARAMS = {"bm25_k1": 1.5, "bm25_b": 0.75}  # bm25s's defaults, so both stores score alike
DOC_FIELDS = ["doc_id", "source", "path", "title", "region", "year", "publish_date", "content_hash", "format",
              "encoding", "n_chunks"]
CHUNK_FIELDS = ["chunk_id", "doc_id", "ordinal", "start", "end", "section", "text"]


def bm25_text(normalised: str, tokens: str) -> str:
    """What the BM25 function indexes (or is queried with) for normalised text, by ``tokens`` kind."""
    if tokens == "jieba":
        return normalised
    return " ".join("t" + hashlib.blake2b(t.encode(), digest_size=6).hexdigest() for t in tokenize(normalised))


def passages_schema(client: MilvusClient, dimension: int, tokens: str):
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("chunk_id", DataType.INT64, is_primary=True)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=64)
    schema.add_field("ordinal", DataType.INT64)
    schema.add_field("start", DataType.INT64)
    schema.add_field("end", DataType.INT64)
    schema.add_field("section", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("region", DataType.VARCHAR, max_length=512)
    schema.add_field("year", DataType.INT64)
    schema.add_field("text", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("match_text", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("bm25_text", DataType.VARCHAR, max_length=VARCHAR_MAX, enable_analyzer=True,
                     analyzer_params=ANALYZERS[tokens])
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
    schema.add_function(Function(name="match_text_bm25", function_type=FunctionType.BM25,
                                 input_field_names=["bm25_text"], output_field_names=["sparse"]))
    return schema


def documents_schema(client: MilvusClient):
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=128)  # "<doc_id>#<piece>"
    schema.add_field("piece", DataType.INT64)
    for name in DOC_FIELDS:
        kind = DataType.INT64 if name in ("year", "n_chunks") else DataType.VARCHAR
        schema.add_field(name, kind, **({} if kind == DataType.INT64 else {"max_length": 4096}))
    schema.add_field("text", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
    return schema


def dense_index(client: MilvusClient, n_passages: int, hnsw_threshold: int):
    """FLAT (exact) while small; HNSW above the threshold, where exact search stops being cheap."""
    params = client.prepare_index_params()
    if n_passages > hnsw_threshold:
        params.add_index("vector", index_type="HNSW", metric_type="IP", params={"M": 16, "efConstruction": 200})
    else:
        params.add_index("vector", index_type="FLAT", metric_type="IP")
    return params


def passages_indexes(client: MilvusClient):
    params = dense_index(client, 0, 1)
    params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25_PARAMS)
    params.add_index("doc_id", index_type="INVERTED")
    return params


def documents_indexes(client: MilvusClient):
    params = client.prepare_index_params()
    params.add_index("unused", index_type="FLAT", metric_type="L2")
    return params


def _strings(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)  # a JSON list of strings is a Milvus list literal


def expression(where: PassageFilter | None) -> str:
    """The filter as a Milvus boolean expression over the passage fields ("" = no filter)."""
    if not where:
        return ""
    clauses = []
    if where.regions:
        clauses.append(f"region in {_strings(where.regions)}")
    if where.years:
        clauses.append(f"year in {[int(y) for y in where.years]}")
    if where.doc_ids:
        clauses.append(f"doc_id in {_strings(where.doc_ids)}")
    if where.exclude_doc_ids:
        clauses.append(f"doc_id not in {_strings(where.exclude_doc_ids)}")
    return " and ".join(clauses)


def text_pieces(text: str) -> list[str]:
    return [text[i : i + TEXT_PIECE_CHARS] for i in range(0, len(text), TEXT_PIECE_CHARS)] or [""]
