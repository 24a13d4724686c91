"""The span features, the ranker file format, which candidates the model may choose, and the
packaged model (trained by ``make train-reader``; see docs/BENCHMARKS.md)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_answering import ARTICLES

from qa.answering.candidates import generate
from qa.answering.ranker import Ranker, eligible, load_ranker, read_model
from qa.answering.terms import key_terms
from qa.index.build import build_index
from qa.index.store import load_index
from qa.query import make_query
from qa.retrieval import Retriever


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    root = tmp_path_factory.mktemp("ix") / "r"
    build_index(root, ARTICLES, encoders=["hash"])
    r = Retriever(load_index(root))
    q = make_query("远帆物流园项目总投资多少？", r)
    return generate(q, r.search(q, 10), r.articles, key_terms(q), min_coverage=0.6, wide=True)


def test_wide_candidates_add_ngrams_and_clauses_with_features(wide):
    spans = {c.hit.passage.article_id: [] for c in wide}
    for c in wide:
        spans[c.hit.passage.article_id].append(c)
    texts = {ARTICLES[1].text[c.span_start : c.span_end] for c in spans["a2"]}
    assert "8.6亿元" in texts  # the typed span
    assert any(len(t) > 8 and "，" not in t for t in texts)  # a clause or long n-gram
    typed = next(c for c in wide if ARTICLES[1].text[c.span_start : c.span_end] == "8.6亿元")
    f = typed.features
    assert f["typed"] == 1.0 and f["number:typed"] == 1.0 and f["qtype:number"] == 1.0
    assert f["digit"] == 1.0 and 0.0 < f["near"] <= 1.0 and f["cov_sent"] > 0.0
    untyped = [c for c in wide if c.features["typed"] == 0.0]
    assert untyped and all(c.score < typed.score for c in untyped[:5])  # rule score kept


def test_ranker_round_trip_and_deterministic_scores(wide, tmp_path):
    names = sorted({n for c in wide for n in c.features})
    rng = np.random.default_rng(3)
    model = Ranker(
        "t",
        tuple(names),
        np.zeros(len(names)),
        np.ones(len(names)),
        rng.normal(size=len(names)),
        0.1,
        0.2,
        ("number",),
    )
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_dict()))
    loaded = read_model(path)
    p1, p2 = model.probabilities(wide), loaded.probabilities(wide)
    assert np.array_equal(p1, p2) and np.all((p1 > 0) & (p1 < 1))
    assert loaded.threshold == 0.2 and loaded.types == ("number",)


def test_a_file_that_is_not_a_model_is_named(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text(
        json.dumps(
            {
                "version": "x",
                "features": ["a", "b"],
                "mean": [0],
                "scale": [1, 1],
                "weights": [1, 1],
                "bias": 0,
            }
        )
    )
    with pytest.raises(ValueError, match="m.json: not a ranker model"):
        read_model(bad)


def test_typed_question_chooses_among_typed_spans_only(wide):
    ok = eligible("number", wide)
    assert ok and all(wide[i].features["typed"] == 1.0 for i in ok)
    assert len(eligible("what", wide)) == len(wide)  # free phrases compete for what/why/how
    untyped = [c for c in wide if c.features["typed"] == 0.0]
    assert eligible("who", untyped) == list(range(len(untyped)))  # no name found: all compete


def test_no_date_or_amount_found_is_no_answer(wide):
    untyped = [c for c in wide if c.features["typed"] == 0.0]
    assert eligible("number", untyped) == [] and eligible("when", untyped) == []


def test_the_packaged_model_loads_and_knows_every_feature(wide):
    load_ranker.cache_clear()
    model = load_ranker()
    assert model is not None and model.version.startswith("lr-")
    assert {n for c in wide for n in c.features} <= set(model.features)
    p = model.probabilities(wide)
    assert np.array_equal(p, model.probabilities(wide)) and np.all((p > 0) & (p < 1))
    ok = eligible("number", wide)
    best = wide[ok[int(np.argmax(p[ok]))]]
    assert ARTICLES[1].text[best.span_start : best.span_end] == "8.6亿元"
