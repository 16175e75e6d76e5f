"""Where the ONNX encoder's time goes, per operator, against what this CPU's matrix kernels can do at best.

    python -m bench.encoder_profile [--passages 128] [--onnx NAME=FILE ...]

For each export (the set-up's fp32 and int8, plus any ``--onnx``), onnxruntime's profiler times every
kernel while the real passages of the 50 reports (as the builder embeds them) are encoded in token-sorted
batches of ``embedding_batch_size``, with the session options the product uses. Per operator type: time,
share, and for the matrix products the work done (multiply-adds × 2, from the shapes) and the rate reached.

The roofs are measured, not quoted: one large fp32 ``MatMul`` and one large u8×s8 ``MatMulInteger`` through
the same onnxruntime and threads (2048 × 384 by 384 × 1536: the shape of e5's feed-forward input projection
at a batch of ~2,048 tokens). They say how fast the model's matrix products could go on these two cores.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.encoder_bench import report_passages
from config import IndexerSettings
from indexer.embedding import Embedder
from indexer.onnx_export import FP32_FILE, INT8_FILE

HIDDEN = 384
MATRIX_OPS = {"MatMul", "FusedMatMul", "MatMulInteger", "DynamicQuantizeMatMul", "MatMulNBits", "Gemm"}
ATTENTION_OPS = {"Attention", "QAttention"}


def session(file: Path, profile_prefix: str | None = None):
    """An inference session with the product's options (indexer/onnx_encoder.py)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if profile_prefix:
        options.enable_profiling = True
        options.profile_file_prefix = profile_prefix
    return onnxruntime.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])


def flops(op: str, inputs: list[list[int]], outputs: list[list[int]]) -> float:
    """Multiply-adds × 2 of a matrix product or a fused attention node, from its profiled shapes."""
    if op in MATRIX_OPS:
        return 2.0 * float(np.prod(outputs[0])) * inputs[0][-1]
    if op in ATTENTION_OPS:  # Q, K, V projections, then Q·Kᵀ and scores·V over all heads
        batch, length, hidden = inputs[0]
        return 2.0 * batch * length * hidden * 3 * hidden + 4.0 * batch * length * length * hidden
    return 0.0


def profile(file: Path, batches: list[dict[str, np.ndarray]]) -> tuple[dict[str, tuple[float, float]], float]:
    """Per op type: (kernel seconds, flops); and the wall seconds of all batches (after one warm-up)."""
    with tempfile.TemporaryDirectory() as folder:
        run = session(file, str(Path(folder) / "profile"))
        run.run(None, batches[-1])  # warm-up (the shortest batch), left out below
        started = time.perf_counter()
        for batch in batches:
            run.run(None, batch)
        wall = time.perf_counter() - started
        events = json.loads(Path(run.end_profiling()).read_text())
    runs = sorted((event["ts"], event["dur"]) for event in events if event["name"] == "model_run")
    warm_end_us = runs[0][0] + runs[0][1]
    per_op: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0])
    for event in events:
        if event.get("cat") != "Node" or not event["name"].endswith("_kernel_time") or event["ts"] < warm_end_us:
            continue
        args = event["args"]
        shapes = [next(iter(item.values())) for item in args.get("input_type_shape", [])]
        outputs = [next(iter(item.values())) for item in args.get("output_type_shape", [])]
        per_op[args["op_name"]][0] += event["dur"] / 1e6
        per_op[args["op_name"]][1] += flops(args["op_name"], shapes, outputs)
    return {op: (seconds, work) for op, (seconds, work) in per_op.items()}, wall


def roofs(repeats: int = 20) -> dict[str, float]:
    """GFLOP/s (GOP/s for int8) of one large matrix product through onnxruntime, fp32 and u8×s8."""
    import onnx
    from onnx import TensorProto, helper

    rows, inner, cols = 2048, HIDDEN, 4 * HIDDEN
    rng = np.random.default_rng(0)
    rates = {}
    cases = (
        ("fp32 MatMul", "MatMul", TensorProto.FLOAT, TensorProto.FLOAT, np.float32, np.float32),
        ("int8 MatMulInteger (u8×s8)", "MatMulInteger", TensorProto.UINT8, TensorProto.INT32, np.uint8, np.int8),
    )
    for name, op, a_type, out_type, a_dtype, b_dtype in cases:
        if a_dtype is np.float32:
            a, b = rng.standard_normal((rows, inner), np.float32), rng.standard_normal((inner, cols), np.float32)
        else:
            a, b = rng.integers(0, 255, (rows, inner), a_dtype), rng.integers(-127, 127, (inner, cols), b_dtype)
        inputs = [helper.make_tensor_value_info("a", a_type, [rows, inner])]
        outputs = [helper.make_tensor_value_info("c", out_type, None)]
        weights = [onnx.numpy_helper.from_array(b, "b")]
        graph = helper.make_graph([helper.make_node(op, ["a", "b"], ["c"])], "roof", inputs, outputs, weights)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "roof.onnx"
            onnx.save(model, str(path))
            run = session(path)
            run.run(None, {"a": a})
            started = time.perf_counter()
            for _ in range(repeats):
                run.run(None, {"a": a})
            rates[name] = 2.0 * rows * inner * cols * repeats / (time.perf_counter() - started) / 1e9
    return rates


def token_batches(embedder: Embedder, texts: list[str], batch_size: int) -> list[dict[str, np.ndarray]]:
    """The encoder's own inputs: texts tokenised with the passage prompt, sorted by tokens, padded per batch."""
    encoder = embedder.onnx
    ids = encoder._token_ids(texts, "document")
    order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
    batches = []
    for begin in range(0, len(order), batch_size):
        rows = [ids[i] for i in order[begin : begin + batch_size]]
        width = max(len(row) for row in rows)
        input_ids = np.full((len(rows), width), encoder.tokenizer.pad_token_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for row, tokens in enumerate(rows):
            input_ids[row, : len(tokens)], mask[row, : len(tokens)] = tokens, 1
        batches.append({"input_ids": input_ids, "attention_mask": mask})
    return batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=128)
    parser.add_argument("--onnx", nargs="*", default=[], metavar="NAME=FILE", help="other exports to profile")
    args = parser.parse_args()
    settings = IndexerSettings().model_copy(update={"embedding_runtime": "onnx"})
    embedder = Embedder(settings)
    folder = embedder.resolved.onnx_folder
    exports = {"ONNX fp32": folder / FP32_FILE, "ONNX int8": folder / INT8_FILE}
    exports |= {item.split("=", 1)[0]: Path(item.split("=", 1)[1]) for item in args.onnx}
    texts = report_passages(settings, args.passages)
    batches = token_batches(embedder, texts, settings.embedding_batch_size)
    tokens = sum(int(batch["attention_mask"].sum()) for batch in batches)
    padded = sum(batch["attention_mask"].size for batch in batches)
    print(
        f"# Encoder profile — {time.strftime('%Y-%m-%d %H:%M')} UTC — {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; {len(texts)} passages, {tokens / len(texts):.0f} tokens each on average "
        f"({padded / tokens - 1:.1%} more with padding), batch {settings.embedding_batch_size}\n"
    )
    for name, rate in roofs().items():
        print(f"- roof, {name} 2048×384·384×1536: {rate:.0f} G(FL)OP/s")
    for name, file in exports.items():
        per_op, wall = profile(file, batches)
        total = sum(seconds for seconds, _ in per_op.values())
        work = sum(flops_ for _, flops_ in per_op.values())
        print(
            f"\n## {name} ({file.name}): {len(texts) / wall:.1f} passages/s; {work / len(texts) / 1e9:.2f} GFLOP "
            f"per passage in matrix products and attention, {work / total / 1e9:.0f} GFLOP/s over all kernel time\n"
        )
        print("| operator | seconds | share | GFLOP | GFLOP/s |\n|---|---|---|---|---|")
        for op, (seconds, work_) in sorted(per_op.items(), key=lambda item: -item[1][0]):
            if seconds / total < 0.005:
                continue
            rate = f"{work_ / seconds / 1e9:.0f}" if work_ else ""
            gflop = f"{work_ / 1e9:.0f}" if work_ else ""
            print(f"| {op} | {seconds:.2f} | {seconds / total:.1%} | {gflop} | {rate} |")


if __name__ == "__main__":
    main()
