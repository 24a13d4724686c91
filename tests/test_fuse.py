from __future__ import annotations

import numpy as np

from qa.retrieval.fuse import FusionWeights, fuse


def test_flat_signal_gets_no_weight():
    scores = {"bm25": np.zeros(4, np.float32), "use": np.array([0.9, 0.2, 0.1, 0.3], np.float32)}
    refs = {"bm25": np.zeros(10, np.float32), "use": np.array([0.9, 0.3, 0.2, 0.1], np.float32)}
    fused, zs = fuse(scores, refs, {"bm25": 1.0, "use": 1.0})
    assert "bm25" not in zs
    assert int(np.argmax(fused)) == 0


def test_z_scores_put_signals_on_one_scale():
    # bm25 in the tens, cosine in [0, 1]: raw sums would be dominated by bm25
    scores = {"bm25": np.array([30.0, 29.0, 5.0]), "e5": np.array([0.60, 0.95, 0.60])}
    refs = {"bm25": np.array([30.0, 29.0, 5.0, 4.0]), "e5": np.array([0.95, 0.60, 0.60, 0.59])}
    fused, _ = fuse(scores, refs, {"bm25": 1.0, "e5": 1.0})
    assert int(np.argmax(fused)) == 1  # best on e5, nearly best on bm25


def test_language_routing_decides_who_wins():
    """BM25 prefers passage 0, the encoders passage 1: a Chinese question follows BM25, an
    English one (whose BM25 terms are dictionary guesses) follows the encoders."""
    rng = np.random.default_rng(0)
    scores = {
        "bm25": np.array([9.0, 5.0, 1.0]),
        "e5": np.array([0.80, 0.86, 0.70]),
        "use": np.array([0.50, 0.58, 0.40]),
    }
    refs = {
        k: np.concatenate([v, rng.normal(v.mean(), v.std() / 3, 50)]) for k, v in scores.items()
    }
    w = FusionWeights()
    zh, _ = fuse(scores, refs, w.for_lang("zh"))
    en, _ = fuse(scores, refs, w.for_lang("en"))
    assert int(np.argmax(zh)) == 0 and int(np.argmax(en)) == 1
