from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.index.chunk import chunk_article, sentence_spans
from qa.records import Article
from qa.settings import Settings

DATA = Path(__file__).parent / "data"


def _articles(n: int = 40) -> list[Article]:
    rows = []
    with open(DATA / "xquad_zh_sample.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            rows.append(Article(id=d["id"], title=d["title"], text=d["text"], source="x"))
    return rows[:n]


def test_sentences_keep_closing_quotes():
    text = "虎荣鑫表示：“今天的签约意义重大。”会议要求，各单位要落实！\n下一段？"
    spans = sentence_spans(text)
    parts = [text[s:e] for s, e in spans]
    assert parts == ["虎荣鑫表示：“今天的签约意义重大。”", "会议要求，各单位要落实！", "下一段？"]


@pytest.mark.parametrize("target,lo,hi", [(200, 150, 250), (100, 60, 140)])
def test_offsets_exact_and_sizes(target, lo, hi):
    st = Settings(passage_target=target, passage_min=lo, passage_max=hi)
    pairs = overlapping = 0
    for a in _articles():
        ps = chunk_article(a, st)
        assert ps, a.id
        for p in ps:
            assert a.text[p.start : p.end] == p.text
            assert len(p.text) <= hi
        # every sentence of the article is covered by some passage
        covered = set()
        for p in ps:
            covered.update(range(p.start, p.end))
        for s, e in sentence_spans(a.text):
            assert s in covered and e - 1 in covered
        # consecutive passages overlap by a sentence, or abut when one sentence fills a passage
        for p, q in zip(ps, ps[1:], strict=False):
            assert q.start <= p.end
        pairs += len(ps) - 1
        overlapping += sum(q.start < p.end for p, q in zip(ps, ps[1:], strict=False))
    assert overlapping >= pairs // 2


def test_passage_sizes_near_target():
    ps = [p for a in _articles() for p in chunk_article(a)]
    multi = [len(p.text) for p in ps]
    mean = sum(multi) / len(multi)
    assert 120 <= mean <= 250, mean
