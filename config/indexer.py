"""Indexing settings (env GOVQA_*, TOML table [indexer])."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from config.base import DEFAULT_CACHE, PROJECT_ROOT, TomlBackedSettings


class IndexerSettings(TomlBackedSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_", toml_table_header=("indexer",), extra="ignore")

    index_dir: Path = Field(
        PROJECT_ROOT / "var" / "index",
        description="Folder holding the built index (FAISS, SQLite, BM25); with the Milvus store, the build lock "
        "and the embedding checkpoint (and milvus-lite's file when milvus_uri is empty).",
    )
    library_dir: Path = Field(
        PROJECT_ROOT / "var" / "library", description="Where files uploaded in the app are kept (then indexed)."
    )
    model_cache_dir: Path = Field(
        DEFAULT_CACHE / "models", description="Where set-up materialises bundled models (outside git)."
    )
    embedding_model: str = Field(
        "multilingual-e5-small",
        description="Embedding model: 'multilingual-e5-small' or 'm3e-small' (bundled, offline), "
        "a local sentence-transformers folder, or a hub id already in the local HF cache.",
    )
    embedding_runtime: Literal["auto", "torch", "onnx"] = Field(
        "auto",
        description="What runs the embedding model: 'onnx' (onnxruntime on the export made at set-up), 'torch' "
        "(sentence-transformers), or 'auto': onnx for the bundled multilingual-e5-small, torch for other models. "
        "An index is searched with the runtime it was built with.",
    )
    onnx_precision: Literal["int8", "fp32"] = Field(
        "fp32",
        description="Which ONNX export the onnx runtime loads. fp32 (default): torch's vectors (cosine 1.0000), "
        "1.2x (run with priority) to 1.7x (loaded machine) torch's speed on 2 cores; int8: 1.9x to 2.5x, dense MRR "
        "within 0.004, hybrid MRR -0.004 "
        "(user-worded questions) to -0.010 (dev set), outside the 0.005 allowed (docs/benchmarks.md).",
    )
    embedding_batch_size: int = Field(16, description="Passages per encode call while indexing.")
    embedding_pool_size: int = Field(
        512,
        description="Passages read ahead, across files, before they are sorted by token count and cut into "
        "batches: a batch pads to its longest passage, and a larger pool pads less (on the 50 reports: 16 % extra "
        "tokens per file sorted by characters, 2 % with pools of 512). A pool's documents wait in memory.",
    )
    max_file_mb: float = Field(
        50.0, description="Files larger than this many megabytes are refused (reported, not indexed)."
    )
    max_seq_length: int = Field(512, description="Token limit per passage for the embedding model.")
    chunk_size: int = Field(360, description="Target passage length in characters (measured: see docs).")
    chunk_overlap: int = Field(60, description="Characters shared by consecutive pieces of a long paragraph.")
    min_chunk_chars: int = Field(80, description="Short paragraphs are merged with their neighbours up to this.")
    ivf_threshold: int = Field(
        50_000, description="Above this many vectors FAISS switches from exact (Flat) to approximate (IVF)."
    )
    faiss_large_index: Literal["ivf_sq8", "ivf_flat"] = Field(
        "ivf_sq8",
        description="What FAISS's IVF lists hold above ivf_threshold (GOVQA_FAISS_LARGE_INDEX): 'ivf_sq8' = 8-bit "
        "scalar-quantised vectors (384 B a passage; at 10^6 passages recall@10 see docs/benchmarks.md) or "
        "'ivf_flat' = fp32 vectors (1,536 B a passage, 4x the memory). Applies at the next build.",
    )
    store: Literal["faiss", "milvus"] = Field(
        "faiss",
        description="Where the index lives (GOVQA_STORE): 'faiss' (embedded FAISS + SQLite + bm25s under index_dir, "
        "no server) or 'milvus' (one Milvus collection that any number of app servers share; see milvus_uri).",
    )
    milvus_uri: str = Field(
        "",
        description="Milvus to use when store is 'milvus' (GOVQA_MILVUS_URI): a local file path runs milvus-lite "
        "embedded, http://host:19530 a Milvus standalone or cluster; empty = index_dir/milvus.db (milvus-lite).",
    )
    milvus_token: str = Field(
        "", description="Credentials for a Milvus server ('user:password' or an API key); empty for milvus-lite."
    )
    milvus_collection: str = Field(
        "govqa",
        description="Name of the Milvus alias readers search; each build writes new collections under it.",
    )
    milvus_hnsw_threshold: int = Field(
        100_000,
        description="Above this many passages the Milvus dense index is HNSW (approximate) instead of FLAT (exact).",
    )
    milvus_bm25_tokens: Literal["project", "jieba"] = Field(
        "project",
        description="What Milvus's BM25 indexes: 'project' = the tokens FAISS's BM25 uses (jieba words + CJK "
        "bigrams, hashed for Milvus's standard tokenizer), 'jieba' = Milvus's own jieba analyzer on the text. "
        "Fixed when an index is first built (docs/benchmarks.md, Store backends).",
    )
    ocr: Literal["auto", "off"] = Field(
        "auto",
        description="OCR for scanned pages: 'auto' reads image-only PDF pages and .png/.jpg/.tif files; "
        "'off' refuses them (a page with a text layer always uses its text layer).",
    )
    ocr_engine: Literal["rapidocr", "tesseract"] = Field(
        "rapidocr",
        description="OCR engine: 'rapidocr' (bundled PP-OCRv4 models; Traditional pages are re-read with "
        "tesseract chi_tra when installed) or 'tesseract' (Debian tesseract-ocr-chi-sim/chi-tra). See docs.",
    )
    ocr_dpi: int = Field(300, description="Resolution at which image-only PDF pages are rendered for OCR.")
    ocr_min_confidence: float = Field(
        0.85,
        description="Pages read with a lower mean OCR confidence (0..1) are listed in the build summary (their "
        "text is still indexed). Clean test scans measure ~0.97-0.99 with RapidOCR, ~0.89 with tesseract.",
    )
