"""Encode with the ONNX export of e5-small (onnxruntime), exactly as sentence-transformers does with torch.

Why not sentence-transformers' own ``backend="onnx"``: it loads through optimum-onnx, which requires
transformers < 4.58 while this project pins transformers 5.23 (pip refuses the combination). What it
would do is small, so it is done here: the folder's tokenizer (same class, same truncation), the
prompts from ``config_sentence_transformers.json`` ("query: " / "passage: "), mean pooling over the
attention mask, L2 normalisation.

Every text is tokenised once, up front, and batches are cut from the texts sorted by their token count
(longest first), so a batch pads to its own longest text rather than to the longest of the call: padding
costs compute on every layer. Sorting by token count rather than by characters matters: on the report
passages it cuts the padded tokens from 11 % to 1 % of the real ones (docs/benchmarks.md, issue 12).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from indexer.errors import ErrorCode, IndexerError


class OnnxEncoder:
    def __init__(self, model_folder: Path, onnx_file: Path, max_seq_length: int) -> None:
        try:
            import onnxruntime
        except ImportError as error:
            raise IndexerError(
                "the ONNX runtime is not installed: pip install onnxruntime==1.31.1 (or set "
                "GOVQA_EMBEDDING_RUNTIME=torch)",
                ErrorCode.MISSING_DEPENDENCY,
            ) from error
        from transformers import AutoTokenizer

        if not onnx_file.is_file():
            raise IndexerError(
                f"{onnx_file} is missing; run `make model` (python -m indexer.model_setup)",
                ErrorCode.MISSING_DEPENDENCY,
            )
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # idle worker threads sleep instead of spinning: on 2 cores shared with the app and the LLM, spinning
        # threads steal the CPU the other work needs (on this shared machine: 7.1 vs 6.2 passages/s under load)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_folder))
        self.max_seq_length = max_seq_length
        config = json.loads((model_folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        self.prompts: dict[str, str] = config.get("prompts", {})
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], prompt_name: str, batch_size: int) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text, in the order given."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        ids = self._token_ids(texts, prompt_name)
        order = sorted(range(len(texts)), key=lambda i: -len(ids[i]))
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            vectors[rows] = self._encode_batch([ids[i] for i in rows])
        return vectors

    def token_counts(self, texts: list[str], prompt_name: str) -> list[int]:
        """Tokens per text as encoded (prompt included, truncated): what a batch pads to its longest of."""
        return [len(row) for row in self._token_ids(texts, prompt_name)] if texts else []

    def _token_ids(self, texts: list[str], prompt_name: str) -> list[list[int]]:
        # the same truncation as sentence-transformers; padding comes per batch
        prompt = self.prompts.get(prompt_name, "")
        return self.tokenizer([prompt + text for text in texts], truncation=True, max_length=self.max_seq_length)[
            "input_ids"
        ]

    def _encode_batch(self, token_ids: list[list[int]]) -> np.ndarray:
        width = max(len(row) for row in token_ids)
        input_ids = np.full((len(token_ids), width), self.tokenizer.pad_token_id, dtype=np.int64)
        mask = np.zeros((len(token_ids), width), dtype=np.int64)
        for row, tokens in enumerate(token_ids):
            input_ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        (hidden,) = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
