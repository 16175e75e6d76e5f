"""Static (calibrated) int8 candidates of the e5-small ONNX export, to compare with the shipped dynamic int8.

    python -m bench.static_int8 --out /tmp/static-int8 [--calibration 128] [--method minmax|percentile|entropy]

Writes candidate files for ``python -m bench.encoder_bench --onnx NAME=FILE``:

- ``qdq_fused.onnx``: ``quantize_static`` (QuantFormat.QDQ, per-channel int8 weights, uint8 activations
  with scales fixed by calibration) of the set-up's fused fp32 graph. The fused Attention op has no QDQ
  form, so attention stays fp32; the 48 MatMuls outside it are int8 with precomputed activation scales.
- ``qdq_unfused.onnx``: the same on the export before fusion, where attention is plain MatMul/Softmax, so
  its Q·Kᵀ and weights·V products are quantised too.
- ``qdq_matmul_qattention.onnx``: the fused graph's MatMuls static QDQ as above, then the fused Attention
  ops quantised dynamically (QAttention, as in the shipped int8): static where it may help, dynamic where
  there is no static form.

Calibration passages come only from the reports of the **train** split of the user-worded questions
(bench/data/user_questions_*.jsonl: the gold sources of train questions), embedded as the builder embeds them
(title + heading chain + text, "passage: " prompt), so the test split's reports are never seen.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from bench.devset import SHARED
from bench.encoder_bench import report_passages
from config import IndexerSettings
from indexer.embedding import Embedder
from indexer.onnx_export import FP32_FILE, _export_fp32

USER_QUESTIONS = [Path(__file__).resolve().parent / "data" / f"user_questions_{part}.jsonl" for part in "ab"]


def train_report_files() -> list[Path]:
    """Reports that only train questions point to (the user-worded sets are split by file)."""
    splits: dict[str, set[str]] = {}
    for path in USER_QUESTIONS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                for gold in item.get("gold", []):
                    splits.setdefault(gold["source"], set()).add(item["split"])
    return [SHARED / source for source, seen in sorted(splits.items()) if seen == {"train"}]


def calibration_passages(settings: IndexerSettings, count: int) -> list[str]:
    """Passages of the train split's reports only: calibration must not see the test split."""
    files = [(str(path.relative_to(SHARED)), path) for path in train_report_files()]
    return report_passages(settings, count, files, seed=1)


class PassageReader:
    """onnxruntime's CalibrationDataReader protocol: one tokenised batch of passages per call."""

    def __init__(self, folder: Path, passages: list[str], batch_size: int = 16) -> None:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(folder))
        prompt = json.loads((folder / "config_sentence_transformers.json").read_text())["prompts"]["document"]
        self.batches = []
        for begin in range(0, len(passages), batch_size):
            tokens = tokenizer(
                [prompt + text for text in passages[begin : begin + batch_size]],
                padding=True,
                truncation=True,
                max_length=512,
                return_tensors="np",
            )
            self.batches.append(
                {
                    "input_ids": tokens["input_ids"].astype(np.int64),
                    "attention_mask": tokens["attention_mask"].astype(np.int64),
                }
            )
        self.position = 0

    def get_next(self) -> dict | None:
        if self.position >= len(self.batches):
            return None
        self.position += 1
        return self.batches[self.position - 1]

    def rewind(self) -> None:
        self.position = 0


def quantise_static(source: Path, destination: Path, reader: PassageReader, method: str, op_types: list[str]) -> None:
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static

    reader.rewind()
    methods = {
        "minmax": CalibrationMethod.MinMax,
        "percentile": CalibrationMethod.Percentile,
        "entropy": CalibrationMethod.Entropy,
    }
    quantize_static(
        str(source),
        str(destination),
        reader,
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=op_types,
        calibrate_method=methods[method],
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT, "CalibMovingAverage": method == "minmax"},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--calibration", type=int, default=128, help="calibration passages (train-split reports)")
    parser.add_argument("--method", default="minmax", choices=["minmax", "percentile", "entropy"])
    parser.add_argument("--only", nargs="*", default=None, help="candidate names to write (default: all)")
    args = parser.parse_args()
    settings = IndexerSettings()
    embedder = Embedder(settings.model_copy(update={"embedding_runtime": "onnx"}))
    folder = Path(embedder.resolved.location)
    fused = embedder.resolved.onnx_folder / FP32_FILE
    passages = calibration_passages(settings, args.calibration)
    print(f"{len(passages)} calibration passages from {len(train_report_files())} train-split reports")
    reader = PassageReader(folder, passages)
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only or ["qdq_fused", "qdq_unfused", "qdq_matmul_qattention"])
    suffix = "" if args.method == "minmax" else f"_{args.method}"
    if "qdq_fused" in wanted:
        quantise_static(fused, args.out / f"qdq_fused{suffix}.onnx", reader, args.method, ["MatMul"])
    if "qdq_unfused" in wanted:
        with tempfile.TemporaryDirectory() as scratch:
            raw = Path(scratch) / "unfused.onnx"
            _export_fp32(folder, raw)
            quantise_static(raw, args.out / f"qdq_unfused{suffix}.onnx", reader, args.method, ["MatMul"])
    if "qdq_matmul_qattention" in wanted:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        static = args.out / "static_matmul.onnx"
        quantise_static(fused, static, reader, args.method, ["MatMul"])
        quantize_dynamic(
            str(static),
            str(args.out / f"qdq_matmul_qattention{suffix}.onnx"),
            per_channel=True,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["Attention"],
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        static.unlink()
    print("written:", sorted(p.name for p in args.out.glob("*.onnx")))


if __name__ == "__main__":
    main()
