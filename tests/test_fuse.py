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


def test_language_routing_defaults():
    w = FusionWeights()
    assert w.for_lang("zh")["bm25"] > w.for_lang("en")["bm25"]
    assert w.for_lang("en")["use"] > w.for_lang("zh")["use"]
