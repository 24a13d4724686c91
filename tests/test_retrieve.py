"""Retrieval over the real seed index (real e5 + USE encoders)."""

from __future__ import annotations

import json
from pathlib import Path

from qa.api import get_retriever
from qa.evaluate import article_matches
from qa.text.cjk import language as query_language

ROOT = Path(__file__).resolve().parents[1]


def _questions():
    rows = [json.loads(x) for x in (ROOT / "seeds/questions.jsonl").read_text("utf-8").splitlines()]
    return [r for r in rows if r["articles"]]


def _hit1(r, q, signals=None) -> bool:
    hits = r.search(q["question"], 5, signals=signals)
    top = hits[0].passage.article_id
    return any(article_matches(e, r.articles[top], top) for e in q["articles"])


def test_language_routing():
    assert query_language("谁主持了会议？") == "zh"
    assert query_language("Who chaired the meeting?") == "en"
    assert query_language("What did 林毅夫 present?") == "zh"


def test_offsets_and_metadata_of_hits(seed_index):
    r = get_retriever(seed_index)
    for h in r.search("二七区与中交投资的合作规模是多少？", 5):
        art = r.articles[h.passage.article_id]
        assert art.text[h.passage.start : h.passage.end] == h.passage.text
        assert h.passage.title == art.title and h.passage.source == art.source


def test_english_names_reach_chinese_bm25(seed_index):
    r = get_retriever(seed_index)
    q = r.bm25_query("What did Lin Yifu present?", "en")
    assert "林毅夫" in q
    top = r.search("What did Lin Yifu present?", 1, signals=["bm25"])[0]
    assert "林毅夫" in top.passage.text


def test_fusion_not_worse_than_its_best_input_on_seed_questions(seed_index):
    r = get_retriever(seed_index)
    qs = _questions()
    score = {}
    for name, sig in {"bm25": ["bm25"], "e5": ["e5"], "use": ["use"], "fused": None}.items():
        score[name] = sum(_hit1(r, q, sig) for q in qs) / len(qs)
    best_single = max(score["bm25"], score["e5"], score["use"])
    assert score["fused"] >= best_single, score
    assert score["fused"] >= 0.95, score


def test_bm25_is_dropped_when_no_english_word_reaches_chinese(seed_index):
    r = get_retriever(seed_index)
    hits = r.search("Xyzzy plugh?", 3)
    assert hits  # the dense signals still rank passages
    assert all("bm25" not in h.signals for h in hits)  # a flat BM25 list has no say
    zh = r.search("谁陪同虎荣鑫督导安全生产工作？", 3)
    assert "bm25" in zh[0].signals and "陪同" in zh[0].passage.text
