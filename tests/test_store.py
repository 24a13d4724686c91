"""Index plumbing with the hash encoder: incremental, idempotent, atomic, checked on load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa.errors import IndexFormatError, IndexMissingError
from qa.index.build import build_index
from qa.index.store import current_generation, load_index, read_manifest
from qa.ingest.files import read_corpus
from qa.retrieval.search import Retriever

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def corpus():
    arts, _ = read_corpus(DATA / "xquad_zh_sample.jsonl")
    return arts


def test_build_incremental_and_idempotent(tmp_path, corpus):
    root = tmp_path / "ix"
    r1 = build_index(root, corpus[:20], encoders=["hash"])
    assert r1.added_articles == 20 and r1.total_passages > 20
    r2 = build_index(root, corpus[:30], encoders=["hash"])  # 10 new, 20 known
    assert (r2.added_articles, r2.skipped_articles) == (10, 20)
    r3 = build_index(root, corpus[:30], encoders=["hash"])
    assert r3.added_articles == 0 and r3.total_articles == 30
    data = load_index(root)
    assert len(data.articles) == 30 and len({a.id for a in data.articles}) == 30
    assert data.dense["hash"].ntotal == len(data.passages)
    by_id = {a.id: a for a in data.articles}
    for p in data.passages:
        assert by_id[p.article_id].text[p.start : p.end] == p.text
    m = read_manifest(root)
    assert m["counts"] == {"articles": 30, "passages": len(data.passages), "sources": 1}
    assert m["encoders"][0]["name"] == "hash" and m["encoders"][0]["index"] == "flat"


def test_incremental_vectors_equal_a_fresh_build(tmp_path, corpus):
    build_index(tmp_path / "a", corpus[:10], encoders=["hash"])
    build_index(tmp_path / "a", corpus[10:20], encoders=["hash"])
    build_index(tmp_path / "b", corpus[:20], encoders=["hash"])
    va = load_index(tmp_path / "a").dense["hash"]
    vb = load_index(tmp_path / "b").dense["hash"]
    assert np.allclose(va.reconstruct_n(0, va.ntotal), vb.reconstruct_n(0, vb.ntotal))
    # BM25 appended (or rebuilt when new names changed the dictionary) scores as a fresh build
    ra, rb = Retriever(load_index(tmp_path / "a")), Retriever(load_index(tmp_path / "b"))
    for q in ("超级碗的比赛在哪里举行？", "诺曼人"):
        sa = ra.data.bm25.scores(ra.bm25_query(q, "zh"))
        sb = rb.data.bm25.scores(rb.bm25_query(q, "zh"))
        assert np.allclose(sa, sb)


def test_crash_during_write_leaves_previous_index(tmp_path, corpus, monkeypatch):
    root = tmp_path / "ix"
    build_index(root, corpus[:10], encoders=["hash"])
    before = current_generation(root)
    import embeddings.faiss_index as fi

    def boom(*a, **k):
        raise RuntimeError("simulated crash while writing")

    monkeypatch.setattr(fi, "save", boom)
    with pytest.raises(RuntimeError, match="simulated"):
        build_index(root, corpus[10:20], encoders=["hash"])
    monkeypatch.undo()
    assert current_generation(root) == before
    assert len(load_index(root).articles) == 10
    # the next build works and cleans up the unfinished generation
    build_index(root, corpus[10:20], encoders=["hash"])
    assert len(load_index(root).articles) == 20
    assert not [p for p in root.iterdir() if p.name.startswith(".gen-")]


def test_manifest_checks(tmp_path, corpus):
    with pytest.raises(IndexMissingError, match="qa ingest"):
        read_manifest(tmp_path / "nothing")
    root = tmp_path / "ix"
    build_index(root, corpus[:5], encoders=["hash"])
    with pytest.raises(IndexFormatError, match="encoders"):
        build_index(root, corpus[5:8], encoders=["use"])
    man = current_generation(root) / "manifest.json"
    d = json.loads(man.read_text())
    d["format_version"] = 999
    man.write_text(json.dumps(d))
    with pytest.raises(IndexFormatError, match="format"):
        load_index(root)


def test_search_never_returns_missing_labels(tmp_path, corpus):
    root = tmp_path / "ix"
    build_index(root, corpus[:3], encoders=["hash"])
    r = Retriever(load_index(root))
    hits = r.search("超级碗", k=500)
    assert 0 < len(hits) <= len(r.passages)
    assert len({h.passage.id for h in hits}) == len(hits)
