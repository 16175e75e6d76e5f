"""Export the materialised e5-small to ONNX at set-up: a fused fp32 graph and its int8 quantisation.

Three steps, all deterministic (same packages → same bytes, checked against recorded SHA-256s):

1. ``torch.onnx.export`` of the BERT encoder (TorchScript exporter, eager attention so that step 2
   recognises the attention pattern), inputs ``input_ids`` and ``attention_mask``, output the last hidden
   state. Pooling and normalisation stay in Python, exactly as sentence-transformers does them.
2. onnxruntime's transformer optimiser fuses embeddings + LayerNorm, attention, bias + GELU and
   skip + LayerNorm (pure graph rewriting, ``opt_level=0``, so the result does not depend on the CPU).
3. ``quantize_dynamic`` with per-channel int8 weights (the issue's measurement: plain per-tensor loses
   more cosine), except the feed-forward output projections, which get block-wise int8 (``MatMulNBits``,
   see ``_quantise``). Activations are quantised at run time, so no calibration data is needed.

Files land in ``<e5 folder>/onnx/`` atomically (staging folder, then rename) with a ``VERIFIED`` marker
that lists their hashes; a folder whose hashes are not the recorded ones (an older export) is exported anew.

``INT8_REVISION`` names the int8 export in the runtime an index records (``onnx-int8-r2``): an index
embedded by an older int8 export is refused with a rebuild message rather than mixed with new vectors.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

ONNX_FOLDER_NAME = "onnx"
FP32_FILE = "model_fp32.onnx"
INT8_FILE = "model_int8.onnx"
# Recorded with torch 2.13.0, transformers 5.23.0, onnx 1.23.2, onnx-ir 1.0.0, onnxruntime 1.31.1 (requirements.txt).
ONNX_SHA256 = {
    FP32_FILE: "aacfc10aa0c58e711a693ccb3a3daabfbe6491ca8bdf062e3364fd41771c5906",
    INT8_FILE: "943239ff2ddd9a24339eb958658256367b1722c976a6fb152c0f84c1c6434fcb",
}
INT8_REVISION = 2  # 1: all but the feed-forward output MatMuls int8, those in fp32; 2: those block-wise int8
_OPSET = 17


def onnx_folder(e5_folder: Path) -> Path:
    return e5_folder / ONNX_FOLDER_NAME


def _export_fp32(e5_folder: Path, destination: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(e5_folder), attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):
        """BertModel returns a ModelOutput; the exporter wants keyword inputs and one plain tensor out."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    example = torch.ones(2, 16, dtype=torch.long)
    dynamic = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            LastHiddenState(model),
            (),
            str(destination),
            kwargs={"input_ids": example, "attention_mask": example},
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "last_hidden_state": dynamic},
            opset_version=_OPSET,
            dynamo=False,  # the TorchScript exporter: no onnxscript dependency, byte-identical output
        )


def _fuse(source: Path, destination: Path, e5_folder: Path) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((e5_folder / "config.json").read_text(encoding="utf-8"))
    fused = optimize_model(
        str(source),
        model_type="bert",
        num_heads=config["num_attention_heads"],
        hidden_size=config["hidden_size"],
        opt_level=0,
    )
    fused.save_model_to_file(str(destination))


def _quantise(source: Path, destination: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    # The feed-forward output projections read GELU outputs, whose heavy tails lose most under int8
    # activations quantised per tensor (quantize_dynamic): all-int8 gives a mean cosine to torch of 0.9970,
    # keeping these 12 MatMuls in fp32 0.9992, but then they take a third of the run time. So they are
    # quantised apart, as MatMulNBits with 8-bit weights in blocks of 32 and accuracy level 4, which
    # quantises the activations per block of 32 too: same cosine as fp32 there, int8 arithmetic (about 10 %
    # faster than keeping them in fp32; docs/benchmarks.md). Per-channel int8 weights elsewhere.
    graph = onnx.load(str(source), load_external_data=False).graph
    gelu_outputs = {name for node in graph.node if "Gelu" in node.op_type for name in node.output}
    ffn_out = [node.name for node in graph.node if node.op_type == "MatMul" and node.input[0] in gelu_outputs]
    dynamic = destination.with_name("dynamic.onnx")
    quantize_dynamic(
        str(source),
        str(dynamic),
        per_channel=True,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=ffn_out,
        # the fused contrib ops (Attention, SkipLayerNormalization…) have no shape inference in onnx itself
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    blockwise = MatMulNBitsQuantizer(
        onnx.load(str(dynamic)), bits=8, block_size=32, is_symmetric=True, accuracy_level=4, nodes_to_include=ffn_out
    )
    blockwise.process()
    blockwise.model.save_model_to_file(str(destination))
    dynamic.unlink()


def _verified(target: Path, expected: dict[str, str] | None) -> bool:
    """An export is there, and it is the one recorded (an older export, e.g. a previous int8, is redone)."""
    marker = target / "VERIFIED"
    if not marker.is_file():
        return False
    if expected is None:
        return True
    recorded = dict(line.split(" sha256 ") for line in marker.read_text(encoding="utf-8").splitlines() if line)
    return recorded == expected


def materialise_onnx(e5_folder: Path, expected: dict[str, str] | None = ONNX_SHA256) -> Path:
    """Write ``<e5_folder>/onnx/`` (fp32 + int8) once, verify the hashes, return the folder; no-op if present."""
    from indexer.model_setup import sha256_of

    target = onnx_folder(e5_folder)
    if _verified(target, expected):
        return target
    staging = Path(tempfile.mkdtemp(prefix=".onnx-", dir=e5_folder))
    try:
        raw = staging / "exported.onnx"
        _export_fp32(e5_folder, raw)
        _fuse(raw, staging / FP32_FILE, e5_folder)
        raw.unlink()
        _quantise(staging / FP32_FILE, staging / INT8_FILE)
        digests = {name: sha256_of(staging / name) for name in (FP32_FILE, INT8_FILE)}
        for name, digest in digests.items():
            if expected is not None and digest != expected[name]:
                raise RuntimeError(
                    f"ONNX export {name} has SHA-256 {digest}, expected {expected[name]}: torch, transformers, "
                    "onnx or onnxruntime differ from the versions pinned in requirements.txt"
                )
        lines = [f"{name} sha256 {digest}" for name, digest in digests.items()]
        (staging / "VERIFIED").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
